import { css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { lessonStyles } from '../../components/styles/lesson-styles.ts';
import { LessonPage } from '../../components/lesson-page.ts';
import '../../components/wsp-key-points.ts';
import '../../components/wsp-on-approach.ts';
import '../../components/wsp-self-check.ts';

/** The lesson's demos, loaded together when the reader first nears one. */
const loadDemos = (): Promise<unknown> => import('./wsp-what-are-websockets-demos.ts');

/**
 * Lesson 1: what a WebSocket is, with the echo demo and the race of four ways to hear from a server.
 *
 * @fires wsp-lesson-sections - once rendered: its sections, for the site's "on this page" links
 */
@customElement('wsp-lesson-what-are-websockets')
export class WspLessonWhatAreWebsockets extends LessonPage {
  static override styles = [
    lessonStyles,
    css`
      h3 {
        font-size: 1.05rem;
        margin: 1.5rem 0 0.25rem;
      }
      li + li {
        margin-top: 0.35rem;
      }
    `,
  ];

  protected override render() {
    return html`<article>
      <h1>What are WebSockets?</h1>
      <p class="lead">
        A WebSocket is one long-lived connection between a browser and a server on which either side can send a message
        at any moment, without waiting to be asked.
      </p>
      <p>
        Plain HTTP works like letters: the browser writes a request, the server writes back one response, and that
        exchange is over. If the server learns something new a second later, it has no way to say so until the browser
        writes again. A WebSocket works like a phone call: once the line is open, both people can talk whenever they
        like, and the line stays open until one of them hangs up. Engineers call this <em>full-duplex</em>: traffic in
        both directions, at the same time, over one connection. And it is <em>persistent</em>: opened once and kept for
        as long as both sides want it, rather than made anew for every question.
      </p>
      <p>
        The client always places the call. A browser opens the connection with an ordinary HTTP request that asks to
        switch protocols (RFC 6455 §1.3 and §4); the server cannot open a WebSocket to a browser. But once the
        connection is open, the server may speak first, and often does: a new chat message, a price that moved, a goal
        that was scored. From then on the connection carries no more HTTP, only WebSocket <em>frames</em>: each has a
        small header of 2 to 14 bytes in front (§5.2), and a message travels in one frame or, split up, in several
        (§5.4).
      </p>

      <section id="how-this-site-works" aria-labelledby="how-heading">
        <h2 id="how-heading">How this site works</h2>
        <p>
          Every demo talks to one of two servers, and the <strong>Connection mode</strong> switch on any demo picks
          which, for all of them at once. <strong>Simulated</strong>: the server runs inside this page; nothing leaves
          your browser and nothing needs installing. It writes the same handshake, frames and close codes as the real
          one, from the same code. <strong>Live</strong>: a real WebSocket from your browser to the ws server in
          <code>server/</code>, which <code>npm start</code> runs. A demo's status line says which one it is using.
        </p>
        <p>
          Under a demo, <strong>What crossed the wire</strong> opens the trace of its connection: one row per event, in
          order. <strong>ms</strong> is the time since the connection began; <strong>Way</strong> says who sent it
          (client → server, server → client, or page for what the page's WebSocket object reported);
          <strong>What</strong> names it (the upgrade request, the 101 response, a text frame, a ping);
          <strong>Details</strong> sums it up, and <em>show details</em> opens a frame to its bytes and fields. In Live
          mode the rows come from the server itself, which reports the bytes it really received and sent.
        </p>
      </section>

      <h2>Try it: an echo server</h2>
      <p>
        The echo endpoint sends every message straight back. Connect, send some text, then send the same text as binary:
        text comes back as text, bytes come back as bytes. Flip <strong>Connection mode</strong> to talk to the real
        server in <code>server/</code> instead of the simulated one inside this page; the demo reconnects and the story
        stays the same.
      </p>
      <wsp-on-approach .load=${loadDemos}><wsp-echo-demo></wsp-echo-demo></wsp-on-approach>

      <h2>Four ways to hear from the server: a race</h2>
      <p>
        Without a WebSocket, a page that wants fresh data has to ask for it. The simplest way is <em>polling</em>: send
        a request every so often ("anything new since update 41?") and show whatever comes back. Every answer is a whole
        HTTP response with all its headers, even when it says "nothing new". And news waits: an update that happens just
        after a poll sits on the server until the next one, so it reaches the page half an interval late on average, and
        a whole interval late at worst.
      </p>
      <p>
        Two better ways to wait are older than WebSockets and still everywhere. <em>Long polling</em>: the server holds
        each request until it has news, and the page asks again as soon as an answer comes. Here the server answers
        after 25 seconds at the latest, news or not, well inside the 60 seconds nginx waits by default for a proxied
        server to say something (its <code>proxy_read_timeout</code>). <em>Server-Sent Events</em>: one response the
        server never finishes, into which it writes each update as a small text event, and which the browser's
        <code>EventSource</code> reads (WHATWG HTML §9.2).
      </p>
      <p>
        The race below runs all four side by side on the same feed of price updates: short polling on
        <code>/poll</code> at the interval you choose, long polling on <code>/poll?wait=1</code>, an
        <code>EventSource</code> on <code>/sse</code>, and one WebSocket to <code>/ticker</code>. Each lane counts its
        requests, the bytes on the wire in each direction with every header included, the <em>delay</em> from the moment
        an update happened on the server to the moment the page had it, and the <em>overhead</em> of its last delivery:
        the bytes it took beside the updates' own JSON. Tick <strong>Cut the event stream</strong> to have the server
        end each event-stream response after five updates, as a proxy that cuts long responses would, and watch the
        <code>EventSource</code> come back by itself and carry on where it stopped. (The three HTTP lanes share one
        feed, running since the server started, so they number their updates alike; <code>/ticker</code> starts a fresh
        series for each connection. The rate and the size of the updates are the same.)
      </p>
      <wsp-on-approach .load=${loadDemos}><wsp-race-demo></wsp-race-demo></wsp-on-approach>

      <h3>Where the numbers come from</h3>
      <ul>
        <li>
          <strong>WebSocket, both modes:</strong> the upgrade request and the <code>101</code> response from the
          connection's trace, written out as HTTP text and counted, then the exact bytes of every frame. In Live mode
          the trace is the server's own record of what it received and sent (its URL carries this site's trace id, about
          40 bytes a real application would not send), and the server's keep-alive pings, every 30 seconds, count too
          with the browser's pongs. So do the close frames when you stop.
        </li>
        <li>
          <strong>Short and long polling, Live mode: measured.</strong> The server reports the size of the request it
          received in <code>X-Request-Bytes</code> and of the response it wrote in <code>X-Response-Bytes</code>. A page
          cannot read the headers its browser sent, and the Resource Timing API does not help here: its
          <code>transferSize</code> is the body plus a flat 300 bytes, so that real header sizes stay hidden.
        </li>
        <li>
          <strong>Short and long polling, Simulated mode: computed</strong> from the real header sets: the request
          Chromium writes for such a <code>fetch</code> from this page (Host, User-Agent, Accept, the
          <code>Sec-Fetch-*</code> headers, Referer and the rest) and the response exactly as the live server writes it,
          from the same code. Open "The last short poll, byte for byte" to read both.
        </li>
        <li>
          <strong>Server-Sent Events, both modes:</strong> an <code>EventSource</code> shows the page none of the
          headers, neither those it sent nor those that came back. So the first event of every response, a named
          <code>stream</code> event, carries the size of the request as the server received it and of the response head
          as the server wrote it (in Simulated mode the request is the one Chromium's <code>EventSource</code> sends
          from this page). Every event after it is rebuilt from what the <code>EventSource</code> delivers, with the
          server's own code, and counted as it crossed: one chunk of HTTP/1.1's chunked coding (RFC 9112 §7.1), its size
          in hex and two line ends around the event. The server's tests hold that rebuilding to the bytes the server
          really writes. Open "The event stream, byte for byte".
        </li>
        <li>
          <strong>Not counted in any lane:</strong> what TCP, IP and TLS add to every packet. Polling sends more
          packets, so counting it would widen the gap.
        </li>
        <li>
          <strong>Delay</strong> is the page's clock when the update arrives minus the <code>sentAt</code> time the
          server stamped on it. In the usual setup the page and the live server run on one machine (and in Simulated
          mode the page is the server), so they read one clock. Across two machines the delay would be off by however
          far apart their clocks are, which can be more than the delay itself.
        </li>
      </ul>

      <h3>Reading the result</h3>
      <p>
        Short polling's bill grows with time whether or not anything happens. Each poll costs a few hundred bytes of
        request headers and a few hundred of response headers, often to carry a body like
        <code>{"ticks":[],"last":41}</code>. The WebSocket pays for its handshake once, some 600 to 700 bytes in all,
        most of them the browser's request headers. After that each update costs its own JSON plus a frame header of 2
        bytes (4 once a message passes 125 bytes, §5.2). Frames from the server are sent as they are; only the client's
        are masked, with 4 more bytes for the key (§5.3).
      </p>
      <p>
        Long polling brings the delay down to what the network takes, as the event stream and the WebSocket do, but
        every update still costs a whole request and a whole response: its overhead line reads several hundred bytes,
        like short polling's, only without the empty answers. The event stream pays for one request and one response
        head, then each update costs its JSON plus an <code>id:</code> line, a <code>data:</code> prefix, two line ends
        and its chunk's framing: about twenty bytes, which its overhead line counts exactly.
      </p>
      <p>
        Short polling makes you choose: poll faster and the delay shrinks while the bytes pile up; poll slower and you
        save bytes while updates wait. The other three have no such dial: the delay is what the network takes, and a
        quiet moment costs nothing (a long poll, one exchange every 25 seconds).
      </p>
      <p>
        In this race the updates come like clockwork, and so do the polls, so every update waits about as long as the
        one before: how long depends on where the ticks happen to fall between polls when you press Start. Restart a few
        times and the polling delay lands anywhere from almost nothing to a whole interval, around half of it on
        average, as it would for updates that come at random.
      </p>
      <p>
        One thing makes the real contest closer than this race: HTTP/2 and HTTP/3 compress headers that repeat from one
        request to the next (HPACK and QPACK), which cuts the polling lanes' cost per request hard. This race speaks
        HTTP/1.1, as the live server does.
      </p>

      <h3>What the race cannot show</h3>
      <p>
        Bytes and delays are not the whole choice. The table puts the four side by side on the rest; where the race
        shows a row, it says so, and the rest cite the standard or the source that says it.
      </p>
      <wsp-on-approach .load=${loadDemos}><wsp-ways-compared></wsp-ways-compared></wsp-on-approach>

      <h3>The one not raced: WebTransport</h3>
      <p>
        WebTransport gives a page several streams on one session, each one way or both, and <em>datagrams</em>: messages
        sent once that may arrive out of order or not at all, as UDP's do. The W3C's WebTransport specification puts it
        as "reliable as well as unreliable transport" (§1); datagrams suit state where only the newest value matters,
        such as positions in a game. Browsers run it over HTTP/3, on QUIC, and only from secure (HTTPS) pages. It is not
        in the race because the playground cannot serve it: the live server runs on Node 20, which has no QUIC or HTTP/3
        server, and this site's pages may be served over plain HTTP. As of this writing (December 2026), the WebDX
        Community Group's web-features data lists it in Chrome and Edge since version 97, Firefox since 114 and Safari
        since 26.4 (March 2026), which made it Baseline "newly available".
      </p>

      <wsp-key-points>
        <ul>
          <li>
            A WebSocket is one connection, opened with an HTTP upgrade and then kept open, on which either side can send
            a message at any time: full-duplex.
          </li>
          <li>The client always opens it. Once it is open, the server may speak first, without being asked.</li>
          <li>
            Polling pays for a full request and response, headers included, every time it asks, even for "nothing new".
            A WebSocket pays for its handshake once, then 2 to 14 bytes of header per frame; a small message is one
            frame.
          </li>
          <li>
            With polling, an update waits for the next poll: half an interval on average, a whole one at worst. Over a
            WebSocket it is sent as soon as it happens.
          </li>
          <li>
            Long polling and Server-Sent Events deliver as promptly as a WebSocket. A long poll still pays a whole
            request and response per update; an event stream pays about twenty bytes per event but only carries text,
            only from server to page, and over HTTP/1.1 holds one of the six connections Chromium opens to a host.
          </li>
        </ul>
      </wsp-key-points>

      <h2>Check yourself</h2>
      <wsp-self-check
        question="A page polls every 2 seconds, and updates happen at random moments. How long does an update wait before the page has it?"
        .options=${[
          {
            text: 'About 1 second on average, and up to 2 seconds',
            correct: true,
            explanation:
              'An update lands somewhere between two polls and waits for the next one: on average half the interval, at worst all of it, plus the trip itself.',
          },
          {
            text: 'Always 2 seconds',
            correct: false,
            explanation: 'Only an update that happens just after a poll waits the whole interval; most wait less.',
          },
          {
            text: 'No time at all: the server sends it as soon as it happens',
            correct: false,
            explanation:
              'That is what a WebSocket allows. With polling the server can only answer a request, so the update waits for the next one.',
          },
        ]}
      ></wsp-self-check>
      <wsp-self-check
        question="A WebSocket to a price feed has just opened. Who may send the first message?"
        .options=${[
          {
            text: 'Only the browser, because it opened the connection',
            correct: false,
            explanation:
              'The browser has to open the connection, but after that the two sides are equals: the server may send first.',
          },
          {
            text: 'Either side; a feed like /ticker sends updates without ever being asked',
            correct: true,
            explanation:
              'Once the handshake is done, either side may send a message at any time (RFC 6455 §1.2: each side can send data at will, independently of the other). In the race, the server sends every update on its own.',
          },
          {
            text: 'Only the server, until the browser has replied once',
            correct: false,
            explanation:
              'There is no turn-taking on a WebSocket: both sides may send whenever they like, even at once.',
          },
        ]}
      ></wsp-self-check>
      <wsp-self-check
        question="Polling every 250 ms with one update a second, where do most of polling's bytes go?"
        .options=${[
          {
            text: 'The updates themselves',
            correct: false,
            explanation:
              'Three polls in four bring nothing new, and even the fourth carries one small JSON update of about 120 bytes.',
          },
          {
            text: 'The HTTP headers of every request and response',
            correct: true,
            explanation:
              'Each poll sends several hundred bytes of request headers and gets a few hundred bytes of response headers back, news or not. Open "The last short poll, byte for byte" to see them.',
          },
          {
            text: 'The TCP connection each poll opens',
            correct: false,
            explanation:
              'The browser keeps the connection open between polls (HTTP/1.1 persistent connections), and the race does not count TCP at all.',
          },
        ]}
      ></wsp-self-check>
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-lesson-what-are-websockets': WspLessonWhatAreWebsockets;
  }
}
