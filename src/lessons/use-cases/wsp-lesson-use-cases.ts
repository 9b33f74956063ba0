import { css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { lessonStyles } from '../../components/styles/lesson-styles.ts';
import { LessonPage } from '../../components/lesson-page.ts';
import type { SelfCheckOption } from '../../components/wsp-self-check.ts';
import '../../components/wsp-key-points.ts';
import '../../components/wsp-on-approach.ts';
import '../../components/wsp-self-check.ts';

/** The lesson's demos, loaded together when the reader first nears one. */
const loadDemos = (): Promise<unknown> => import('./wsp-use-cases-demos.ts');

const FIT_QUESTION: readonly SelfCheckOption[] = [
  {
    text: 'A WebSocket: the headlines are pushed the moment they change.',
    correct: false,
    explanation:
      'It would work, but nothing here needs a channel from the reader to the server. A WebSocket also needs a server that keeps a connection per reader and code to reconnect.',
  },
  {
    text: 'Server-Sent Events, or even a request every minute or so.',
    correct: true,
    explanation:
      'The traffic goes one way and rarely. Server-Sent Events push it over plain HTTP and reconnect by themselves; at a few changes an hour, a plain request now and then is simpler still.',
  },
  {
    text: 'Neither: HTTP cannot tell a page about a change.',
    correct: false,
    explanation:
      'Server-Sent Events are exactly that: an HTTP response that stays open and carries events as they happen. Polling gets there too, only later.',
  },
];

const PUSH_QUESTION: readonly SelfCheckOption[] = [
  {
    text: 'The server opens a WebSocket to Bob’s browser when it has an alert for him.',
    correct: false,
    explanation:
      'A server cannot open a connection to a browser. It can only use a connection the page opened, and Bob’s page opened one when it connected.',
  },
  {
    text: 'On the WebSocket Bob’s page opened earlier: the server sends a frame on it whenever it likes.',
    correct: true,
    explanation:
      'The client always opens the connection; once it is open, either side sends at any moment. Bob’s page asked for nothing after connecting.',
  },
  {
    text: 'Bob’s page asks the server every second whether an alert is waiting.',
    correct: false,
    explanation:
      'That is polling. Bob’s page sends nothing after connecting; look at his trace: only frames from the server.',
  },
];

const DELAY_QUESTION: readonly SelfCheckOption[] = [
  {
    text: 'The tick reached the page before the server sent it: the measurement is broken.',
    correct: false,
    explanation:
      'The two ends of the measurement are read from two clocks. When the page’s clock is behind the server’s, the difference comes out too small, even below zero.',
  },
  {
    text: 'This computer’s clock is behind the server’s; the delay’s changes from tick to tick still mean something.',
    correct: true,
    explanation:
      'sentAt is the server’s clock, the paint time the page’s. Their offset is the same for every tick, so a tick 40 ms above the lowest did wait 40 ms longer than the quickest.',
  },
  {
    text: 'The ticks are coming faster than the rate that was set.',
    correct: false,
    explanation: 'The rate is the time between ticks; the delay is how long one tick took to reach the screen.',
  },
];

/**
 * Lesson 8: small real applications on WebSockets, each in both modes, each saying when something simpler would do.
 *
 * @fires wsp-lesson-sections - once rendered: its sections, for the site's "on this page" links
 */
@customElement('wsp-lesson-use-cases')
export class WspLessonUseCases extends LessonPage {
  static override styles = [
    lessonStyles,
    css`
      /*
       * The demos put several clients side by side: they get the full width, the prose keeps its measure. Each
       * waits in a wsp-on-approach, which takes the place.
       */
      :host {
        max-width: 72rem;
      }
      article > wsp-on-approach {
        max-width: none;
        margin: 1rem 0;
      }
      li {
        margin: 0.3rem 0;
      }
      .fit {
        border-left: 4px solid var(--wsp-accent, #2456c7);
        padding-left: 0.9rem;
      }
    `,
  ];

  protected override render() {
    return html`<article>
      <h1>Use cases</h1>
      <p class="lead">
        WebSockets fit wherever the server has news a page should see at once, or many people act on the same state:
        chat, live scores and prices, shared editing, games and notifications. Here is a small working version of each.
        Every one runs in both modes, and each shows what crossed the wire one click away.
      </p>
      <p>
        Each also says when something simpler would do. Two simpler tools come up again and again.
        <strong>Polling</strong> is an ordinary request sent again every few seconds.
        <strong>Server-Sent Events</strong> (<code>new EventSource(url)</code>) keep one HTTP response open and let the
        server write events into it; the browser reconnects by itself, but the traffic goes one way only, from server to
        page.
      </p>

      <h2>Chat</h2>
      <p>
        Three people, each in a pane with their own WebSocket to <code>/chat?room=…&amp;name=…</code>. Joining is
        connecting with the room in the URL; leaving is closing the connection. The server greets a newcomer with the
        name it got, who is here and the room’s last messages; everyone else hears <code>joined</code> and
        <code>left</code>; anything said goes to everyone in that room and nobody else.
      </p>
      <ul>
        <li>Join all three: Ann and Bob meet in <em>lobby</em>, Cy sits alone in <em>kitchen</em>.</li>
        <li>Say something as Ann: Bob sees it, Cy does not. Then have Cy leave, pick <em>lobby</em> and join again.</li>
        <li>
          Type <code>&lt;img src=x onerror=alert(1)&gt;</code>. It shows as those characters: the page puts what people
          type into the page as text, never as markup, so a message cannot run code in someone else’s browser.
        </li>
        <li>Give two panes the same name in the same room: the server renames the second one.</li>
      </ul>
      <wsp-on-approach .load=${loadDemos}><wsp-chat-demo section="#/use-cases/chat"></wsp-chat-demo></wsp-on-approach>
      <p class="fit">
        <strong>Why a WebSocket fits:</strong> anyone may speak at any moment, and every line must reach the others at
        once, so traffic goes both ways all the time. Server-Sent Events could carry the room to each page, with a POST
        request for each line said; that works for a quiet support chat. Polling leaves everyone waiting for the next
        poll and costs a request per reader even when the room is silent.
      </p>

      <h2>Live scores and prices</h2>
      <p>
        One WebSocket to <code>/ticker</code>, and the server sends a tick at a steady rate without being asked. The
        page talks only to steer it: <code>{"type":"pause"}</code>, <code>{"type":"resume"}</code> and
        <code>{"type":"rate","every":250}</code>, each answered with the ticker’s state. Each tick carries a
        <code>seq</code> and a <code>sentAt</code> stamp from the server’s clock.
      </p>
      <p>
        The delay is the time from <code>sentAt</code> to the frame that paints the tick, read as
        <code>Date.now() - sentAt</code> once the page has rendered. In Simulated mode both numbers come from the same
        clock, so it is the true delay. In Live mode they come from two clocks, the server’s and this computer’s. If
        they disagree by half a second, every delay is off by half a second, and may even come out negative. The offset
        is the same for every tick, though, so the spread between ticks is real: “above the lowest” shows how much
        longer a tick waited than the quickest one. To measure the offset itself, a page asks the server for the time
        and halves the round trip, as NTP does.
      </p>
      <wsp-on-approach .load=${loadDemos}><wsp-ticker-demo></wsp-ticker-demo></wsp-on-approach>
      <p class="fit">
        <strong>Why a WebSocket fits:</strong> the server pushes many small updates as they happen, with no request per
        update, and the same connection takes the page’s pause and rate messages. Honestly, Server-Sent Events would be
        enough for most tickers: the data flows one way, and the rare pause or rate change can be a plain request.
        Polling is fine when a value a minute old is good enough, such as an end-of-day price.
      </p>

      <h2>Notifications</h2>
      <p>
        Three clients connect to <code>/notify</code> and then ask for nothing. The sender control makes one of them ask
        the server to push an alert to one named client, or to everyone in the room. The alert reaches the others on the
        connections they opened earlier; the sender gets a receipt saying how many connections it went to.
      </p>
      <wsp-on-approach .load=${loadDemos}><wsp-notify-demo></wsp-notify-demo></wsp-on-approach>
      <p class="fit">
        <strong>Why a WebSocket fits:</strong> a server cannot open a connection to a browser, but it can speak at any
        time on one the page opened, so an alert arrives the moment it is sent. Since the alerts only flow from the
        server, Server-Sent Events do this job just as well, and polling every minute is enough for an unread count. A
        WebSocket lives only while the page is open: to reach someone whose tab is closed, a site needs the Push API and
        a service worker.
      </p>

      <h2>Collaborative editing</h2>
      <p>
        A shared list that several people edit at once, over <code>/collab</code>. Concurrent edits need a stated rule,
        and this one is simple: the server puts every change in one order, and for each item the last write in that
        order wins. Every change it applies carries a revision, one more than the change before it, and goes to every
        editor, the author included. A page that applies the changes in that order holds the same list as every other
        page, and a gap in the revisions would show that one went missing. Each editor also sees where the others’
        carets are.
      </p>
      <wsp-on-approach .load=${loadDemos}><wsp-collab-demo></wsp-collab-demo></wsp-on-approach>
      <p class="fit">
        <strong>Why a WebSocket fits:</strong> small edits and caret moves flow both ways many times a second, and the
        server’s order has to reach everyone quickly. Server-Sent Events plus a POST for each edit also work, at the
        price of one request per keystroke. Polling makes others’ changes and carets arrive late and jump.
      </p>

      <h2>A multiplayer game</h2>
      <p>
        A small playfield over <code>/game</code>. The server owns the state: it applies the players’ moves and sends
        everyone the whole field at a steady tick. Waiting for the tick would make your own piece feel sluggish, so each
        page <em>predicts</em>: it moves its piece at once, then <em>reconciles</em> when a tick says which of its moves
        the server has applied, replaying the ones still on their way. Add latency in Simulated mode to see why.
      </p>
      <wsp-on-approach .load=${loadDemos}><wsp-game-demo></wsp-game-demo></wsp-on-approach>
      <p class="fit">
        <strong>Why a WebSocket fits:</strong> many tiny messages go both ways all the time, and a frame’s header is 2
        to 14 bytes where an HTTP request carries hundreds. A turn-based game does fine with plain requests or
        Server-Sent Events. Fast action games sometimes outgrow WebSockets: TCP delivers in order, so one lost packet
        holds up every tick behind it, and WebRTC data channels or WebTransport can skip it instead.
      </p>

      <wsp-key-points>
        <ul>
          <li>
            WebSockets earn their keep when traffic goes both ways, often and without warning: chat, shared editing,
            games.
          </li>
          <li>
            When the news flows only from the server (tickers, notifications), Server-Sent Events are often enough; when
            a minute’s delay is fine, so is polling.
          </li>
          <li>
            The server can only push on a connection the page opened. Rooms, presence and history are the server’s own
            bookkeeping on top of those connections.
          </li>
          <li>
            Show what people type as text, never as markup. Shared state needs a stated rule for concurrent changes, and
            a clock read on two machines measures their offset as well as the delay.
          </li>
        </ul>
      </wsp-key-points>

      <h2>Check yourself</h2>
      <wsp-self-check
        question="A news site’s headlines change a few times an hour, and readers never send anything back. What fits best?"
        .options=${FIT_QUESTION}
      ></wsp-self-check>
      <wsp-self-check
        question="Ann sends Bob an alert. How does it reach Bob’s page?"
        .options=${PUSH_QUESTION}
      ></wsp-self-check>
      <wsp-self-check
        question="In Live mode the ticker shows a delay of −180 ms. What does that mean?"
        .options=${DELAY_QUESTION}
      ></wsp-self-check>
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-lesson-use-cases': WspLessonUseCases;
  }
}
