import { css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { lessonStyles } from '../../components/styles/lesson-styles.ts';
import { LessonPage } from '../../components/lesson-page.ts';
import type { HandshakeCapturedEvent } from './handshake-captured-event.ts';
import type { SelfCheckOption } from '../../components/wsp-self-check.ts';
import { WEBSOCKET_GUID } from '../../protocol/index.ts';
import './wsp-accept-calculator.ts';
import './wsp-handshake-break-it.ts';
import './wsp-handshake-demo.ts';
import './wsp-handshake-subprotocols.ts';
import '../../components/wsp-key-points.ts';
import '../../components/wsp-self-check.ts';

const KEY_QUESTION: readonly SelfCheckOption[] = [
  {
    text: 'It keeps strangers out: only a client that knows the key can connect.',
    correct: false,
    explanation:
      'The key travels in the clear and anyone can compute the matching Accept. Who may connect is decided by other means: the Origin check, cookies or a token.',
  },
  {
    text: 'It lets the client check that the server understood a WebSocket request.',
    correct: true,
    explanation:
      'The server can only send the right Sec-WebSocket-Accept if it read the key and knows the rule of §4.2.2. A fresh key per connection also exposes an old answer replayed by a cache.',
  },
  {
    text: 'It is the key that encrypts the frames that follow.',
    correct: false,
    explanation:
      'Nothing in the handshake encrypts anything. Privacy comes from TLS (wss:); the masking of client frames (§5.3) uses a new random key per frame and is not encryption either.',
  },
];

const REFUSAL_QUESTION: readonly SelfCheckOption[] = [
  {
    text: 'A message event whose data is the body of the 403.',
    correct: false,
    explanation: 'Messages only flow once a connection is open, and this one never opens.',
  },
  {
    text: 'An error event, then a close event with code 1006.',
    correct: true,
    explanation:
      'A browser fails the connection on any answer but 101. It keeps the status and the reason from the page on purpose; the developer tools show them.',
  },
  {
    text: 'A close event with code 403 and the server’s reason.',
    correct: false,
    explanation:
      'HTTP status codes are not close codes, and close codes come from close frames, which need an open connection. The page sees 1006: closed without a close frame.',
  },
];

const PROTOCOL_QUESTION: readonly SelfCheckOption[] = [
  {
    text: '"chat.v2"',
    correct: true,
    explanation:
      'The server names the one subprotocol it picked in its Sec-WebSocket-Protocol answer, and ws.protocol reports it. The page’s order is only a preference.',
  },
  {
    text: '"chat.v1, chat.v2"',
    correct: false,
    explanation: 'That is the offer the request carried. The answer names exactly one subprotocol, or none.',
  },
  {
    text: 'The empty string.',
    correct: false,
    explanation:
      'ws.protocol is empty when nothing was offered. Had the server picked none of the offered names, the browser would have failed the connection.',
  },
];

/**
 * Lesson 2: the opening handshake, its headers, the Accept calculation, broken handshakes and subprotocols.
 *
 * @fires wsp-lesson-sections - once rendered: its sections, for the site's "on this page" links
 */
@customElement('wsp-lesson-handshake')
export class WspLessonHandshake extends LessonPage {
  static override styles = [
    lessonStyles,
    css`
      wsp-handshake-demo,
      wsp-accept-calculator,
      wsp-handshake-break-it,
      wsp-handshake-subprotocols {
        margin: 1rem 0;
      }
      ol li,
      ul li {
        margin: 0.3rem 0;
      }
    `,
  ];

  /** The key and Accept of the demo's latest handshake, for the calculator. */
  @state() private captured: { readonly key: string | undefined; readonly accept: string | undefined } = {
    key: undefined,
    accept: undefined,
  };

  protected override render() {
    return html`<article>
      <h1>The handshake and its headers</h1>
      <p class="lead">
        Every WebSocket begins as an ordinary HTTP request. The browser asks the server to switch protocols; a server
        that agrees answers <code>101 Switching Protocols</code>, and from then on the same TCP connection carries
        WebSocket frames instead of HTTP (RFC 6455 §4).
      </p>

      <h2>Three phases</h2>
      <ol>
        <li>
          <strong>Opening handshake.</strong> When a page calls <code>new WebSocket(url)</code>, the browser sends an
          HTTP/1.1 <code>GET</code> with a few extra headers asking for the switch. The server checks them and answers
          101 (§1.3, §4). The page writes none of this; the browser does it all.
        </li>
        <li>
          <strong>Data transfer.</strong> The connection now carries frames: small headers with a payload, each marked
          by an <em>opcode</em> (1 for text, 2 for binary, 8 for close…). Either side may send at any moment; nobody
          waits for a request (§5, §6).
        </li>
        <li>
          <strong>Closing.</strong> One side sends a close frame, usually carrying a code and a reason; the other
          answers with a close frame of its own, and then the TCP connection is shut (§1.4, §7).
        </li>
      </ol>
      <p>
        Run the three phases yourself against the echo endpoint: press Connect, send a message, then Close. The diagram
        draws one arrow for each thing that crosses the wire, as it crosses.
      </p>
      <wsp-handshake-demo @wsp-handshake-captured=${this.#onCaptured}></wsp-handshake-demo>

      <h2>Reading the request</h2>
      <p>
        Only a few of the request's headers belong to WebSocket. <code>Upgrade: websocket</code> and
        <code>Connection: Upgrade</code> ask for the switch, <code>Sec-WebSocket-Key</code> and
        <code>Sec-WebSocket-Version</code> are the protocol's own, and <code>Origin</code> names the page that is
        asking. Pragma, Cache-Control, User-Agent, Accept-Encoding and Accept-Language are what a browser sends with any
        request; RFC 6455 ignores them.
      </p>
      <p>
        No script chose any of these values. <code>new WebSocket()</code> takes only a URL and an optional list of
        subprotocols, and the Fetch standard forbids scripts to set headers such as Origin, Connection or Upgrade, or
        any whose name starts with <code>Sec-</code>. That is why the server can trust that a request carrying
        <code>Sec-WebSocket-Key</code> was written by a browser's WebSocket code (or by a program that is not a browser
        at all), never by a page's <code>fetch</code>.
      </p>
      <p>
        The answer is short: the status line, Upgrade, Connection and Sec-WebSocket-Accept. There is no
        Sec-WebSocket-Extensions: the browser offered <code>permessage-deflate</code> compression, this server declined
        by not mentioning it (§9.1), and so the frames you sent crossed uncompressed.
      </p>

      <h2>Where Sec-WebSocket-Accept comes from</h2>
      <p>
        The key is 16 random bytes, fresh for each connection, written in base64: 24 characters ending in
        <code>==</code>. The server appends a fixed string, the GUID <code>${WEBSOCKET_GUID}</code> that RFC 6455 chose
        because programs that do not speak WebSocket are most unlikely to use it (§1.3), hashes the result with SHA-1
        and sends the 20-byte digest in base64 as <code>Sec-WebSocket-Accept</code> (§4.2.2). The browser does the same
        sum and fails the connection if the answers differ (§4.1).
      </p>
      <p>
        This is proof that the server understood the request as a WebSocket handshake. A web server that ignored the
        upgrade headers and answered as for any GET cannot produce the value by accident. It is not a security measure:
        the key is not secret, anyone can compute the answer, and it says nothing about who is connecting. Deciding who
        may connect is the job of the Origin check and of cookies or tokens; keeping the traffic private is the job of
        TLS (<code>wss:</code>). Because the key is new each time, a cache or proxy that replayed an old answer would
        also be caught: its Accept would belong to another key.
      </p>
      <p>
        The calculator starts from the key of the demo's latest handshake (connect above first); it also takes the
        worked example of §1.3, or any key you type.
      </p>
      <wsp-accept-calculator .key=${this.captured.key} .accept=${this.captured.accept}></wsp-accept-calculator>

      <h2>Break it</h2>
      <p>
        The handshake must be exactly right. A browser fails the connection on any status but 101 (RFC 6455 §4.1 leaves
        other statuses to ordinary HTTP; the Fetch standard, which browsers follow, fails them all, redirects included).
        It also fails a 101 whose Accept is wrong, whose Upgrade or Connection header is missing, or that picks a
        subprotocol or an extension the browser never offered (§4.1). The page learns almost nothing: an
        <code>error</code> event, then a <code>close</code> event with code 1006, which means the connection ended
        without a close frame. Browsers hide the status and the reason on purpose, so that a script cannot use failed
        connections to map the servers and ports around the reader; the developer tools' console and network panel show
        them.
      </p>
      <p>
        The demo below sends a broken handshake for real. A page cannot do it itself: the browser writes the upgrade
        request and no script may change those headers. So in Live mode the page tells the live server which switches
        are on, and the server writes the request to its own port over TCP, as any program may; its own upgrade code
        answers, and you see the request as written and the bytes that came back. In Simulated mode the page's simulated
        server answers the same request with the same code. A wrong GUID is the server's mistake, not the request's: for
        that switch the server answers its own request with an Accept computed from the key and the GUID in lower case,
        and only that connection gets it. Leaving out Upgrade has a surprise in store: without it the request is no
        upgrade at all (an HTTP server takes a request for an upgrade only when it carries Upgrade and names it in
        Connection, RFC 9110 §7.8), so the server's plain HTTP side answers it, as it answers any GET of a WebSocket
        path. What the browser would do is then worked out from the bytes received, with the checks of §4.1.
      </p>
      <wsp-handshake-break-it></wsp-handshake-break-it>

      <h2>Choosing a subprotocol</h2>
      <p>
        WebSocket moves messages but says nothing about what is in them. A <em>subprotocol</em> is an agreement about
        that: a chat format, MQTT or STOMP carried over WebSocket, a GraphQL transport. The page offers names as the
        second argument of <code>new WebSocket(url, protocols)</code>; the browser sends them in
        <code>Sec-WebSocket-Protocol</code>; the server picks at most one and names it in the same header of its answer;
        the page reads the choice in <code>ws.protocol</code> (§1.9, §4.2.2).
      </p>
      <p>
        When several names would do, RFC 6455 lets the server decide. The <code>/echo</code> endpoint speaks
        <code>v2.echo.playground</code> and <code>v1.echo.playground</code> and prefers v2, whatever order the page
        offers them in (the ws library, by default, takes the client's first instead). If the page offers names and the
        server picks none, the browser fails the connection, as the Fetch standard requires. If the page offers nothing,
        the connection opens with <code>ws.protocol</code> set to the empty string.
      </p>
      <wsp-handshake-subprotocols></wsp-handshake-subprotocols>

      <wsp-key-points>
        <ul>
          <li>
            A WebSocket opens with one HTTP/1.1 GET carrying <code>Upgrade: websocket</code>,
            <code>Connection: Upgrade</code>, a fresh <code>Sec-WebSocket-Key</code> and
            <code>Sec-WebSocket-Version: 13</code>. A server that agrees answers 101; then frames flow both ways until a
            close frame each way ends the connection.
          </li>
          <li>
            <code>Sec-WebSocket-Accept</code> is base64(SHA-1(key + ${WEBSOCKET_GUID})). It proves the server understood
            the request; it is neither authentication nor encryption.
          </li>
          <li>
            Any other answer, or a wrong Accept, fails the connection, and the page only sees <code>error</code> and
            close code 1006. The reason is in the developer tools and the server's log.
          </li>
          <li>
            The browser writes the handshake itself, Origin included. The server picks at most one offered subprotocol;
            this one declines the compression extension the browser offers.
          </li>
        </ul>
      </wsp-key-points>

      <h2>Check yourself</h2>
      <wsp-self-check question="What is Sec-WebSocket-Key for?" .options=${KEY_QUESTION}></wsp-self-check>
      <wsp-self-check
        question="A server answers an upgrade request with 403 Forbidden. What does the page's WebSocket report?"
        .options=${REFUSAL_QUESTION}
      ></wsp-self-check>
      <wsp-self-check
        question="A page calls new WebSocket(url, ['chat.v1', 'chat.v2']) and the server speaks only chat.v2. What is ws.protocol once the connection is open?"
        .options=${PROTOCOL_QUESTION}
      ></wsp-self-check>
    </article>`;
  }

  #onCaptured(event: HandshakeCapturedEvent): void {
    this.captured = { key: event.key, accept: event.accept };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-lesson-handshake': WspLessonHandshake;
  }
}
