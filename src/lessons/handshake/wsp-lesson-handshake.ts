import { css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { lessonStyles } from '../../components/styles/lesson-styles.ts';
import { LessonPage } from '../../components/lesson-page.ts';
import type { HandshakeCapturedEvent } from './handshake-captured-event.ts';
import type { SelfCheckOption } from '../../components/wsp-self-check.ts';
import { WEBSOCKET_GUID } from '../../protocol/index.ts';
import '../../components/wsp-key-points.ts';
import '../../components/wsp-on-approach.ts';
import '../../components/wsp-self-check.ts';

/** The lesson's demos, loaded together when the reader first nears one. */
const loadDemos = (): Promise<unknown> => import('./wsp-handshake-demos.ts');

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

const HTTP2_QUESTION: readonly SelfCheckOption[] = [
  {
    text: 'The server refused the upgrade, and the browser fell back to plain HTTP requests.',
    correct: false,
    explanation:
      'A WebSocket never turns into plain HTTP requests by itself: a refused one fails with an error event and close code 1006. A 200 to an extended CONNECT is a yes.',
  },
  {
    text: 'The browser opened the WebSocket as a stream of its HTTP/2 connection, and 200 is the server’s yes.',
    correct: true,
    explanation:
      'That is RFC 8441’s extended CONNECT: :protocol names websocket, there is no Upgrade, Connection, key or Accept, and the server agrees with a 200 (RFC 8441 §4, §5). It may do so only after the server has sent SETTINGS_ENABLE_CONNECT_PROTOCOL = 1 (§3).',
  },
  {
    text: 'A proxy rewrote the handshake; without a 101 the page’s WebSocket cannot open.',
    correct: false,
    explanation:
      '101 belongs to the HTTP/1.1 opening only. Over HTTP/2 there is no protocol switch: the stream itself carries the frames once the server has answered 200.',
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
      /* The two openings side by side where there is room (the wide measure), one above the other on a phone. */
      .openings {
        max-width: var(--wsp-wide-measure, 64rem);
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 20rem), 1fr));
        gap: 1rem;
        margin: 1rem 0;
      }
      .openings figure {
        margin: 0;
        border: 1px solid var(--wsp-border, #d5d9e2);
        border-radius: var(--wsp-radius, 6px);
        background: var(--wsp-code-bg, #f6f7f9);
      }
      .openings figcaption {
        padding: 0.35rem 0.75rem;
        font-size: 0.9rem;
        font-weight: 600;
        border-bottom: 1px solid var(--wsp-border, #d5d9e2);
      }
      .openings pre {
        margin: 0;
        padding: 0.5rem 0.75rem;
        font-family: var(--wsp-mono, ui-monospace, 'Cascadia Mono', Menlo, Consolas, monospace);
        font-size: 0.8rem;
        line-height: 1.5;
        /* A long header wraps inside the block rather than widening the page. */
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      /* Which HTTP/2 frame carries the lines below it: not a header itself. */
      .openings .frame {
        color: var(--wsp-muted, #5b6478);
        font-style: italic;
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
        Every WebSocket begins as an ordinary HTTP request. Over HTTP/1.1, which this course's server speaks, the
        browser asks the server to switch protocols; a server that agrees answers <code>101 Switching Protocols</code>,
        and from then on the same TCP connection carries WebSocket frames instead of HTTP (RFC 6455 §4). Over HTTP/2 and
        HTTP/3 the request looks different, as the end of the lesson shows.
      </p>

      <h2>Three phases</h2>
      <ol>
        <li>
          <strong>Opening handshake.</strong> When a page calls <code>new WebSocket(url)</code>, the browser sends a
          <code>GET</code> with a few extra headers asking for the switch; to this course's server it is an HTTP/1.1
          request. The server checks them and answers 101 (§1.3, §4). The page writes none of this; the browser does it
          all.
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
      <wsp-on-approach .load=${loadDemos}
        ><wsp-handshake-demo @wsp-handshake-captured=${this.#onCaptured}></wsp-handshake-demo
      ></wsp-on-approach>

      <h2>Reading the request</h2>
      <p>
        Most of the request's headers belong to WebSocket (§4.1). <code>Host</code> names the server, as in any HTTP/1.1
        request, and RFC 6455 requires it too. <code>Upgrade: websocket</code> and <code>Connection: Upgrade</code> ask
        for the switch, <code>Sec-WebSocket-Key</code> and <code>Sec-WebSocket-Version</code> are the protocol's own,
        <code>Sec-WebSocket-Extensions</code> offers compression (§9.1, RFC 7692), and <code>Origin</code> names the
        page that is asking; <code>Sec-WebSocket-Protocol</code> joins them when the page offers subprotocols.
        <code>Pragma: no-cache</code> and <code>Cache-Control: no-cache</code> are not in RFC 6455, but they are there
        because this is a WebSocket handshake: the WHATWG WebSockets Standard fetches it with the cache mode
        <code>no-store</code> (§2.2), and for that mode the Fetch standard adds both headers (“HTTP-network-or-cache
        fetch”), so that no cache answers in the server's place. User-Agent, Accept-Encoding and Accept-Language are
        what Chromium sends with most requests; RFC 6455 ignores them.
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
        by not mentioning it (§9.1), and so the frames you sent crossed uncompressed. The
        <a href="#/compression">Compression</a> lesson shows a server that accepts.
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
      <wsp-on-approach .load=${loadDemos}
        ><wsp-accept-calculator .key=${this.captured.key} .accept=${this.captured.accept}></wsp-accept-calculator
      ></wsp-on-approach>

      <h2>Break it</h2>
      <p>
        The handshake must be exactly right. A browser fails the connection on any status but 101 (RFC 6455 §4.1 leaves
        other statuses to ordinary HTTP; the WHATWG WebSockets Standard, which browsers follow, fails them all,
        redirects included: §2.2, “establish a WebSocket connection”). It also fails a 101 whose Accept is wrong, whose
        Upgrade or Connection header is missing, or that picks a subprotocol or an extension the browser never offered
        (§4.1). The page learns almost nothing: an
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
      <wsp-on-approach .load=${loadDemos}><wsp-handshake-break-it></wsp-handshake-break-it></wsp-on-approach>

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
        server picks none, the browser fails the connection, as the WHATWG WebSockets Standard requires (§2.2; RFC 6455
        only forbids a pick that was not offered, §4.1). If the page offers nothing, the connection opens with
        <code>ws.protocol</code> set to the empty string.
      </p>
      <wsp-on-approach .load=${loadDemos}><wsp-handshake-subprotocols></wsp-handshake-subprotocols></wsp-on-approach>

      <h2>Over HTTP/2 and HTTP/3: a CONNECT, not a GET</h2>
      <p>
        Everything above is the HTTP/1.1 opening of RFC 6455, and it is the one this course's server speaks: the live
        server is Node's <code>http</code> server, which speaks only HTTP/1.1, with the ws library answering its upgrade
        requests, and ws does not implement RFC 8441. It also suits a course: every step (the switch, the key, the
        Accept, the 101) is a line of text you can read. And browsers speak HTTP/2 only over TLS, so a
        <code>ws:</code> URL always opens this way.
      </p>
      <p>
        On a site served over HTTP/2 the developer tools may show something else. RFC 8441 runs a WebSocket on one
        stream of an HTTP/2 connection, beside the other requests to the same server. The server first says in its
        SETTINGS that it accepts an
        <em>extended CONNECT</em> (<code>SETTINGS_ENABLE_CONNECT_PROTOCOL = 1</code>); until it has, a client may not
        send one (§3), and the browser opens its WebSocket the HTTP/1.1 way, on a connection of its own. Once it has,
        Chrome and Firefox open the WebSocket with a <code>CONNECT</code> that carries a new pseudo-header,
        <code>:protocol = websocket</code> (§4, §5). The same WebSocket opened both ways, after the examples of RFC 6455
        §1.2 and RFC 8441 §5.1:
      </p>
      <div class="openings">
        <figure id="opening-http1">
          <figcaption>HTTP/1.1: a GET and a 101 (RFC 6455 §1.2, §4.1)</figcaption>
          <pre>
GET /chat HTTP/1.1
Host: server.example.com
Upgrade: websocket
Connection: Upgrade
Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==
Sec-WebSocket-Version: 13
Sec-WebSocket-Protocol: chat, superchat
Origin: http://example.com

HTTP/1.1 101 Switching Protocols
Upgrade: websocket
Connection: Upgrade
Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=
Sec-WebSocket-Protocol: chat</pre>
        </figure>
        <figure id="opening-http2">
          <figcaption>HTTP/2: a CONNECT and a 200 (RFC 8441 §4, §5)</figcaption>
          <pre>
<span class="frame">[HEADERS frame, new stream, to the server]</span>
:method = CONNECT
:protocol = websocket
:scheme = https
:path = /chat
:authority = server.example.com
sec-websocket-version = 13
sec-websocket-protocol = chat, superchat
origin = http://example.com

<span class="frame">[HEADERS frame, same stream, to the client]</span>
:status = 200
sec-websocket-protocol = chat</pre>
        </figure>
      </div>
      <ul>
        <li>
          No <code>Upgrade</code> and no <code>Connection</code>: HTTP/2 has no such headers, and the request must not
          carry them (RFC 8441 §5). Nothing switches protocols; the stream carries the WebSocket frames in DATA frames
          while the connection goes on carrying other requests.
        </li>
        <li>
          No <code>Sec-WebSocket-Key</code> and no <code>Sec-WebSocket-Accept</code>: <code>:protocol</code> replaces
          them (§5). A server that did not understand a WebSocket request would never have announced the setting.
        </li>
        <li>
          <code>:authority</code> takes the place of Host and <code>:path</code> that of the request line (§4, §5);
          Origin, Sec-WebSocket-Version, Sec-WebSocket-Protocol and Sec-WebSocket-Extensions keep their meaning, in
          lower case as every HTTP/2 header name (§5).
        </li>
        <li>
          The server's yes is <code>200</code>, not <code>101</code>. From then on the frames, the masking and the
          closing handshake are those of RFC 6455.
        </li>
      </ul>
      <p>
        RFC 9220 does the same over HTTP/3: the same pseudo-headers and the same setting, on a stream of an HTTP/3
        connection (RFC 9220 §3). The page's code does not change: <code>new WebSocket(url)</code>, the events and
        <code>ws.protocol</code> are the same whichever opening the browser chose.
      </p>
      <p>
        Below, the two openings header by header, each difference with its rule, and when a browser uses which; then a
        WebSocket played on an HTTP/2 stream, or in Live mode the opening your own browser used with this course's
        server.
      </p>
      <wsp-on-approach .load=${() => import('./wsp-handshake-h2-demo.ts')}
        ><wsp-handshake-h2-demo></wsp-handshake-h2-demo
      ></wsp-on-approach>

      <wsp-key-points>
        <ul>
          <li>
            Over HTTP/1.1, as here, a WebSocket opens with one GET carrying <code>Upgrade: websocket</code>,
            <code>Connection: Upgrade</code>, a fresh <code>Sec-WebSocket-Key</code> and
            <code>Sec-WebSocket-Version: 13</code>. A server that agrees answers 101; then frames flow both ways until a
            close frame each way ends the connection.
          </li>
          <li>
            Over HTTP/2 (RFC 8441) and HTTP/3 (RFC 9220) the opening is an extended CONNECT with
            <code>:protocol = websocket</code> on a stream of its own, with no Upgrade, key or Accept, and the yes is
            200.
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
            this path declines the compression extension the browser offers (<code>/deflate</code> accepts it).
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
      <wsp-self-check
        question="The developer tools of a site served over HTTP/2 show a WebSocket whose request has :method CONNECT and :protocol websocket, answered with status 200. What happened?"
        .options=${HTTP2_QUESTION}
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
