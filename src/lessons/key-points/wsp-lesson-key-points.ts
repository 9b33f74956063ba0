import { css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { lessonStyles } from '../../components/styles/lesson-styles.ts';
import { LessonPage } from '../../components/lesson-page.ts';
import type { SelfCheckOption } from '../../components/wsp-self-check.ts';
import '../../components/wsp-self-check.ts';

/** A place in the course that shows a point: `#/slug/section-id`, the section being an h2 of that lesson. */
export interface CourseLink {
  readonly href: string;
  readonly text: string;
}

/** One of the course's four key points, with where to see it happen. */
export interface KeyPoint {
  readonly heading: string;
  readonly links: readonly CourseLink[];
}

/** The four points, each linked to the lessons and demos that show it. The lesson's test checks every link. */
export const KEY_POINTS: readonly KeyPoint[] = [
  {
    heading: 'The client always opens the connection',
    links: [
      { href: '#/handshake/three-phases', text: 'The handshake: run the three phases and watch who speaks first' },
      { href: '#/cors/try-it-an-allowlist-you-write', text: 'CORS and Origin: the server may only accept or refuse' },
      { href: '#/use-cases/notifications', text: 'Use cases: alerts ride connections the clients opened' },
    ],
  },
  {
    heading: 'Once open, both sides speak whenever they like',
    links: [
      { href: '#/what-are-websockets/try-it-an-echo-server', text: 'What are WebSockets: the echo demo' },
      { href: '#/use-cases/live-scores-and-prices', text: 'Use cases: a ticker the server pushes unasked' },
      { href: '#/use-cases/chat', text: 'Use cases: a chat where anyone speaks at any time' },
      { href: '#/closing/the-closing-handshake', text: 'Closing: until a close frame goes each way' },
    ],
  },
  {
    heading: 'The browser does the upgrade for you',
    links: [
      { href: '#/handshake/reading-the-request', text: 'The handshake: the headers no script wrote' },
      { href: '#/handshake/where-sec-websocket-accept-comes-from', text: 'The handshake: what the key is for' },
      { href: '#/handshake/break-it', text: 'The handshake: break the answer and see what the page learns' },
      {
        href: '#/security/the-browser-will-not-send-your-header',
        text: 'Who may connect: the browser writes the headers, so a page proves who it is another way',
      },
      {
        href: '#/handshake/over-http-2-and-http-3-a-connect-not-a-get',
        text: 'The handshake: over HTTP/2 the opening is a CONNECT, not a GET',
      },
      {
        href: '#/compression/the-offer-and-the-answer',
        text: 'Compression: the browser offers permessage-deflate itself; the server only answers',
      },
      { href: '#/client/opening-a-connection', text: 'The browser client: one line of JavaScript' },
    ],
  },
  {
    heading: 'Real two-way traffic, not polling',
    links: [
      {
        href: '#/what-are-websockets/four-ways-to-hear-from-the-server-a-race',
        text: 'What are WebSockets: polling, long polling, Server-Sent Events and a WebSocket in a race',
      },
      { href: '#/frames/a-frame-field-by-field', text: 'Frames: 2 to 14 bytes of header per frame' },
      { href: '#/use-cases/a-multiplayer-game', text: 'Use cases: a game with inputs up and ticks down' },
    ],
  },
];

const WHO_OPENS: readonly SelfCheckOption[] = [
  {
    text: 'Either side: a server can connect to a browser that has the page open.',
    correct: false,
    explanation:
      'A browser listens for no incoming connections. Every WebSocket starts with the page calling new WebSocket(url).',
  },
  {
    text: 'Only the client. A server that has news waits until the page has connected, then sends on that connection.',
    correct: true,
    explanation:
      'That is how the notifications demo works: the alert travels on the connection the recipient’s page opened when it loaded.',
  },
  {
    text: 'Only the server, once the page has asked for a WebSocket with an HTTP request.',
    correct: false,
    explanation:
      'The HTTP request is the opening: the same TCP connection becomes the WebSocket once the server answers 101.',
  },
];

const WHO_SPEAKS: readonly SelfCheckOption[] = [
  {
    text: 'For the page’s next message, so that it can answer it.',
    correct: false,
    explanation: 'That is HTTP’s rule, request then response. On an open WebSocket neither side waits for the other.',
  },
  {
    text: 'Nothing: it sends a frame now.',
    correct: true,
    explanation:
      'Once the handshake is done, either side sends whenever it likes, even at the same moment as the other (RFC 6455 §1.2: each side can send data at will).',
  },
  {
    text: 'For the next ping, which gives it a turn to speak.',
    correct: false,
    explanation: 'Pings check that the connection is alive; they hand out no turns.',
  },
];

const WHO_WRITES: readonly SelfCheckOption[] = [
  {
    text: 'The Origin, so the server knows which site is asking.',
    correct: false,
    explanation: 'The browser writes Origin itself, and no script can change it. That is why a server can rely on it.',
  },
  {
    text: 'The URL, and optionally the subprotocols to offer. The browser writes everything else.',
    correct: true,
    explanation:
      'new WebSocket(url, protocols) takes nothing more. Upgrade, Connection, the key, the version and Origin are the browser’s.',
  },
  {
    text: 'Sec-WebSocket-Key, which the page must make random.',
    correct: false,
    explanation: 'The browser picks a fresh random key for every connection; scripts may not set any Sec- header.',
  },
];

const KEY_PURPOSE: readonly SelfCheckOption[] = [
  {
    text: 'It stops caching proxies from interfering, and that is all.',
    correct: false,
    explanation:
      'A fresh key does expose a cached, replayed answer, but its main job is to prove the server understood a WebSocket handshake (§1.3, §4.2.2).',
  },
  {
    text: 'It proves the server understood a WebSocket request: only such a server derives the right Sec-WebSocket-Accept.',
    correct: true,
    explanation:
      'The Accept is base64(SHA-1(key + a fixed GUID)). It is no security measure: the key is not secret and anyone can compute the answer.',
  },
  {
    text: 'It authenticates the page to the server.',
    correct: false,
    explanation: 'Anyone can send any key. Who may connect is the job of the Origin check, cookies or tokens.',
  },
];

const FILE_PAGE: readonly SelfCheckOption[] = [
  {
    text: 'It connects: a file on your own disk is trusted.',
    correct: false,
    explanation:
      'A page opened from file:// has no real origin, and its handshake says Origin: null, a value every page from disk and every sandboxed frame shares.',
  },
  {
    text: 'The server refuses the handshake, and the page sees an error event and close code 1006.',
    correct: true,
    explanation:
      'A server with an Origin allowlist refuses Origin: null, and the browser hides the reason from the page. Serve the page over HTTP instead.',
  },
  {
    text: 'The browser refuses to open any WebSocket from a file:// page.',
    correct: false,
    explanation: 'The browser sends the handshake; it is the server that decides, from the Origin it receives.',
  },
];

const VERSUS_POLLING: readonly SelfCheckOption[] = [
  {
    text: 'Nothing much: polling every second is just as fast and as cheap.',
    correct: false,
    explanation:
      'A poll may wait up to a second for news, and every poll is a full HTTP request with its headers, even when nothing changed.',
  },
  {
    text: 'The wait for the next poll, and a request with all its headers for every update.',
    correct: true,
    explanation:
      'On an open WebSocket the server sends as soon as it has news, in a frame whose header is 2 to 14 bytes, and the page can answer on the same connection.',
  },
  {
    text: 'The TCP connection: WebSocket messages need none.',
    correct: false,
    explanation: 'A WebSocket is one long-lived TCP connection; it saves opening (or reusing) one per request.',
  },
];

/**
 * Lesson 9: the course in four points, each linked to where it happens, and a self-check over everything.
 *
 * @fires wsp-lesson-sections - once rendered: its sections, for the site's "on this page" links
 */
@customElement('wsp-lesson-key-points')
export class WspLessonKeyPoints extends LessonPage {
  static override styles = [
    lessonStyles,
    css`
      .see {
        margin: 0.75rem 0 0;
        font-weight: 600;
      }
      .links {
        margin: 0.25rem 0 0;
        padding-left: 1.25rem;
      }
      .links li {
        margin: 0.25rem 0;
      }
      .aside {
        border-left: 4px solid var(--wsp-accent, #2456c7);
        background: var(--wsp-hover, #eef1f6);
        padding: 0.5rem 1rem;
        border-radius: 0 var(--wsp-radius, 6px) var(--wsp-radius, 6px) 0;
      }
    `,
  ];

  protected override render() {
    const [opens, speaks, upgrade, twoWay] = KEY_POINTS;
    return html`<article>
      <h1>Key points</h1>
      <p class="lead">
        The whole course comes down to four sentences. Each is linked to the lessons and demos where you can watch it
        happen; then a short self-check covers everything.
      </p>

      <h2>${opens!.heading}</h2>
      <p>
        A WebSocket starts with the page calling <code>new WebSocket(url)</code>. A browser accepts no incoming
        connections, so a server that has news for a page waits until the page has connected and then uses that
        connection. The server’s part in the opening is to accept or refuse, and the Origin check is where it decides.
      </p>
      ${this.#links(opens!)}

      <h2>${speaks!.heading}</h2>
      <p>
        After the handshake there are no requests and no responses, only messages. The server sends a tick without being
        asked; the page sends a chat line while ticks are arriving; both may send at the same moment (RFC 6455 §1.2).
        That lasts until one side sends a close frame: after that it sends no more data, and the connection ends once
        the other side has answered with its own.
      </p>
      ${this.#links(speaks!)}

      <h2>${upgrade!.heading}</h2>
      <p>
        <code>new WebSocket(url, protocols)</code> is all a page writes. Over HTTP/1.1, as to this course’s server, the
        browser sends a GET with <code>Upgrade: websocket</code>, <code>Connection: Upgrade</code>, a fresh
        <code>Sec-WebSocket-Key</code>, <code>Sec-WebSocket-Version: 13</code> and the page’s <code>Origin</code>,
        checks the server’s 101 answer, and fails the connection if anything in it is wrong. (Over HTTP/2 it sends an
        extended CONNECT instead, with <code>:protocol = websocket</code> and no key, and the yes is a 200: RFC 8441.)
        Scripts cannot set those headers, which is why a server can rely on Origin from a browser.
      </p>
      <div class="aside">
        <p>
          <strong>What the key is for.</strong> It does not exist to keep caching proxies out of the way; that is at
          most a side effect. Its job is to prove the server understood a WebSocket request: the server hashes it with a
          fixed GUID into <code>Sec-WebSocket-Accept</code> (§1.3, §4.2.2), and the browser checks the result. It is no
          security measure: the key is not secret and anyone can compute the answer. And open your pages over HTTP: a
          page opened from <code>file://</code> sends <code>Origin: null</code>, which a server with an Origin allowlist
          refuses.
        </p>
      </div>
      ${this.#links(upgrade!)}

      <h2>${twoWay!.heading}</h2>
      <p>
        Polling sends a request and hopes for news; a WebSocket is one TCP connection that either side writes to when it
        has something to say. An update costs a frame with a header of 2 to 14 bytes instead of a request with its
        headers, and it arrives when it happens, not at the next poll. That is the difference the race between polling
        and a WebSocket measures.
      </p>
      ${this.#links(twoWay!)}
      <p>
        To run the course’s server yourself, see <a href="#/server/run-it">A Node server: Run it</a>. Two things to know
        there: <code>npm install</code> installs dependencies but creates no project (<code>npm init</code> does), and
        Node 20 runs TypeScript with <code>node --import tsx server.ts</code> or <code>npx tsx server.ts</code>, or
        after compiling with <code>tsc</code>.
      </p>

      <h2>Check yourself</h2>
      <wsp-self-check question="Who can open a WebSocket connection?" .options=${WHO_OPENS}></wsp-self-check>
      <wsp-self-check
        question="A server has news for a page whose WebSocket is open. What must it wait for?"
        .options=${WHO_SPEAKS}
      ></wsp-self-check>
      <wsp-self-check
        question="Which part of the opening handshake does the page’s script choose?"
        .options=${WHO_WRITES}
      ></wsp-self-check>
      <wsp-self-check question="What is Sec-WebSocket-Key for?" .options=${KEY_PURPOSE}></wsp-self-check>
      <wsp-self-check
        question="You open a page straight from your disk (file://), and it connects to a server with an Origin allowlist. What happens?"
        .options=${FILE_PAGE}
      ></wsp-self-check>
      <wsp-self-check
        question="Compared with asking the server every second, what does an open WebSocket save?"
        .options=${VERSUS_POLLING}
      ></wsp-self-check>
    </article>`;
  }

  #links(point: KeyPoint) {
    const id = `see-${KEY_POINTS.indexOf(point) + 1}`;
    return html`<p class="see" id=${id}>See it happen:</p>
      <ul class="links" aria-labelledby=${id}>
        ${point.links.map((link) => html`<li><a href=${link.href}>${link.text}</a></li>`)}
      </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-lesson-key-points': WspLessonKeyPoints;
  }
}
