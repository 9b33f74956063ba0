import { css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { lessonStyles } from '../../components/styles/lesson-styles.ts';
import { LessonPage } from '../../components/lesson-page.ts';
import {
  AUTH_DEADLINE_MS,
  BEARER_PROTOCOL,
  CLOSE_CREDENTIALS_EXPIRED,
  SESSION_COOKIE,
} from '../../service/security-messages.ts';
import { TICKET_TTL_MS } from '../../service/tickets.ts';
import type { SelfCheckOption } from '../../components/wsp-self-check.ts';
import '../../components/wsp-key-points.ts';
import '../../components/wsp-on-approach.ts';
import '../../components/wsp-self-check.ts';

/** The lesson's demos, loaded together when the reader first nears one. */
const loadDemos = (): Promise<unknown> => import('./wsp-security-demos.ts');

/** The lesson's self-check questions, each with one right answer. */
const CHECKS: readonly { readonly question: string; readonly options: readonly SelfCheckOption[] }[] = [
  {
    question: 'Your page holds an access token and must open a WebSocket to your API. Which of these can it not do?',
    options: [
      {
        text: 'Put the token in the URL’s query string.',
        correct: false,
        explanation: 'It can: the URL is the page’s to write. The token then lands in every log that records URLs.',
      },
      {
        text: 'Send Authorization: Bearer and the token with the handshake.',
        correct: true,
        explanation:
          'Right. new WebSocket(url, protocols) takes a URL and subprotocols and nothing else (WHATWG WebSockets Standard); the browser writes every other header of the handshake itself.',
      },
      {
        text: 'Offer the token as a subprotocol.',
        correct: false,
        explanation:
          'It can, through the protocols argument: that header is the one the page controls. The server must then answer with another offered value, never the token.',
      },
      {
        text: 'Send the token as the first message.',
        correct: false,
        explanation: 'It can, once the connection is open; the server must give it a deadline.',
      },
    ],
  },
  {
    question:
      'A one-time ticket in a WebSocket URL was written to a proxy’s access log. What can someone who reads that log an hour later do with it?',
    options: [
      {
        text: 'Open a connection as you, for as long as the log keeps it.',
        correct: false,
        explanation: 'A ticket opens one connection: yours, when the page connected. The server refuses it after that.',
      },
      {
        text: 'Nothing: it was used when the page connected, and it expired seconds later anyway.',
        correct: true,
        explanation:
          'Right. That is the point of a ticket: single use and seconds to live make a logged one worthless. A token in the URL would still work.',
      },
      {
        text: 'Trade it for a fresh ticket at POST /ticket.',
        correct: false,
        explanation: 'POST /ticket wants the access token in an Authorization header, never a ticket.',
      },
    ],
  },
  {
    question:
      'A page calls new WebSocket(url, ["wsp.bearer", token]). The server checks the token and answers 101 with no Sec-WebSocket-Protocol header. What happens?',
    options: [
      {
        text: 'The connection opens, and socket.protocol is "".',
        correct: false,
        explanation:
          'Not in a browser: a page that asked for subprotocols must get one of them back, or the connection fails.',
      },
      {
        text: 'The browser fails the connection: it offered subprotocols and none came back.',
        correct: true,
        explanation:
          'Right (WHATWG WebSockets Standard, “establish a WebSocket connection”). The page sees 1006. The server must answer wsp.bearer: one of the offered values (RFC 6455 §4.2.2), and not the token.',
      },
      {
        text: 'The connection opens, and socket.protocol is "wsp.bearer".',
        correct: false,
        explanation: 'The protocol is what the server answered, and it answered nothing.',
      },
    ],
  },
  {
    question:
      'A chat connection has been open for two hours; the token that opened it expired an hour ago. What should have happened?',
    options: [
      {
        text: 'Nothing: the token was checked when the connection opened.',
        correct: false,
        explanation: 'Then a token revoked or expired an hour ago still reads and writes. The handshake is one moment.',
      },
      {
        text: 'The server warned before the expiry, took a fresh token over the open connection, and would have closed it with its own code otherwise.',
        correct: true,
        explanation:
          'Right. No reconnect is needed: a message carries the fresh token. A code from 4000–4999, the applications’ range (RFC 6455 §7.4.2), tells the client why it was closed.',
      },
      {
        text: 'The browser closed the connection when the token expired.',
        correct: false,
        explanation: 'The browser knows nothing of tokens; only the server can act on an expiry.',
      },
    ],
  },
  {
    question: 'A user with a read-only role sends a post on an open connection. What should the server do?',
    options: [
      {
        text: 'Close the connection with 1008.',
        correct: false,
        explanation:
          'The user may still read. Dropping the connection punishes the reading too, and forces a reconnect.',
      },
      {
        text: 'Refuse that message with an error and keep the connection open.',
        correct: true,
        explanation:
          'Right. Each message is checked against what its sender may do; a refused message ends nothing else.',
      },
      {
        text: 'Accept it: the handshake already proved who sent it.',
        correct: false,
        explanation: 'Who someone is says nothing of what they may do. Check the role on every message.',
      },
    ],
  },
  {
    question: 'A wss: connection fails because the server’s certificate expired. What does the page’s code see?',
    options: [
      {
        text: 'A close event with code 1015, TLS Handshake.',
        correct: false,
        explanation:
          'Not in Chromium, which reports 1006 (this lesson’s tests check it): the WHATWG WebSockets Standard (“Feedback from the protocol”) forbids telling a page a TLS failure from any other failure.',
      },
      {
        text: 'An error event, then a close event with code 1006, wasClean false and no reason.',
        correct: true,
        explanation:
          'Right. An unknown host, a refused port and a bad certificate all look so to a page, lest pages probe the network. The browser’s console names the cause.',
      },
      {
        text: 'An exception thrown by new WebSocket().',
        correct: false,
        explanation:
          'The constructor throws only for a URL or subprotocol it cannot accept; the TLS handshake comes later.',
      },
    ],
  },
];

/**
 * Lesson: who may connect, and what they may do. Four ways to authenticate a
 * WebSocket, credentials that expire on an open connection, authorization per
 * message, the limits that protect a server, and what wss: adds; then the
 * OWASP cheat sheet against this project.
 *
 * @fires wsp-lesson-sections - once rendered: its sections, for the site's "on this page" links
 */
@customElement('wsp-lesson-security')
export class WspLessonSecurity extends LessonPage {
  static override styles = [
    lessonStyles,
    css`
      table {
        border-collapse: collapse;
        width: 100%;
        min-width: 44rem;
        font-size: 0.9rem;
      }
      th,
      td {
        text-align: left;
        vertical-align: top;
        padding: 0.35rem 0.6rem;
        border-bottom: 1px solid var(--wsp-border, #d5d9e2);
      }
      thead th {
        border-bottom-width: 2px;
      }
      /* The demos that put two clients side by side, and the checklist, may use the wide measure (each waits in a wsp-on-approach). */
      article > :has(> wsp-security-roles-demo),
      article > :has(> wsp-security-checklist) {
        max-width: none;
      }
    `,
  ];

  protected override render() {
    const deadline = AUTH_DEADLINE_MS / 1000;
    return html`<article>
      <h1>Who may connect, and what they may do</h1>
      <p class="lead">
        The CORS lesson ended on a warning: <code>Origin</code> says which page is calling, not who. This lesson is
        about who. How does a WebSocket server learn who is connecting, when the browser lets a page set no header? What
        happens when that proof expires on a connection that stays open for hours? What may a signed-in user do, and
        what stops one client from exhausting the server? The demos run against <code>/secure</code> and
        <code>/limited</code>, the same code in this page (Simulated) and on the live server.
      </p>

      <h2>The browser will not send your header</h2>
      <p>
        With <code>fetch</code>, a page proves who it is with a header: <code>Authorization: Bearer</code> and a token.
        A WebSocket cannot. <code>new WebSocket(url, protocols)</code> takes a URL and a list of subprotocols, nothing
        else (WHATWG WebSockets Standard, the <code>WebSocket</code> constructor): the browser writes the handshake’s
        headers itself. RFC 6455 leaves authentication to the server and names what any HTTP server may use: cookies,
        HTTP authentication, TLS client certificates (§10.5). A browser does send the cookies it holds for the server’s
        host: the standard fetches the handshake with credentials included.
      </p>
      <p>
        So a page has four places for a credential: a cookie the browser adds, the URL, the
        <code>Sec-WebSocket-Protocol</code> header (the one header the page controls, through <code>protocols</code>),
        and the messages once the connection is open. Before any of them, the page signs in over plain HTTP,
        <code>POST /login</code>, where headers are no problem. The answer sets a cookie,
        <code>${SESSION_COOKIE}</code>, marked <code>HttpOnly; SameSite=Strict</code> (scripts cannot read it, other
        sites’ pages do not get it), and carries an access token in its body. Every secret here is a prefix and 22
        random characters (128 bits); logs and traces keep the prefix and star the rest, so you see which kind travelled
        and never the secret.
      </p>

      <h2>Four ways to prove who you are</h2>
      <div class="table-scroll" tabindex="0" role="region" aria-label="The four ways, compared">
        <table id="ways-table">
          <thead>
            <tr>
              <th scope="col">Way</th>
              <th scope="col">Where the secret travels</th>
              <th scope="col">What logs hold</th>
              <th scope="col">A page on another site</th>
              <th scope="col">Pick it when</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Session cookie</th>
              <td>The <code>Cookie</code> header of every handshake to the host, added by the browser.</td>
              <td>Nothing, unless someone logs request headers. This trace shows <code>[redacted]</code>.</td>
              <td>
                Its handshake carries its own Origin and no <code>SameSite=Strict</code> or <code>Lax</code> cookie:
                refused twice over. A page on your own site (another port or subdomain) gets the cookie; only the Origin
                allowlist stops it.
              </td>
              <td>The page and the server are one site and already share a session. Always with an Origin check.</td>
            </tr>
            <tr>
              <th scope="row">One-time ticket</th>
              <td>
                The URL: <code>POST /ticket</code> trades the token for a ticket, then
                <code>/secure?auth=ticket&amp;ticket=…</code>.
              </td>
              <td>
                The URL, so the ticket: in access logs and proxy logs. Worthless there: it opens one connection and
                lives seconds (${TICKET_TTL_MS / 1000} s by default).
              </td>
              <td>
                Cannot get one: <code>POST /ticket</code> wants the token, and the same-origin policy keeps the answer
                from other sites.
              </td>
              <td>The default for browsers, and the answer when the server is on another site or cookies cannot go.</td>
            </tr>
            <tr>
              <th scope="row">Token as a subprotocol</th>
              <td>
                <code>Sec-WebSocket-Protocol: ${BEARER_PROTOCOL}, wsp_at_…</code>, from
                <code>new WebSocket(url, ["${BEARER_PROTOCOL}", token])</code>.
              </td>
              <td>
                A request header, which some proxies and gateways log, with a token that lives minutes. The server
                answers <code>${BEARER_PROTOCOL}</code>, never the token.
              </td>
              <td>Has no token, and the browser adds none.</td>
              <td>A client library does it already and the handshake must carry the proof. Mind the logs.</td>
            </tr>
            <tr>
              <th scope="row">Token in the first message</th>
              <td>Inside the first frame, after the 101: in no URL and no header.</td>
              <td>Nothing: access logs never see messages.</td>
              <td>Has no token.</td>
              <td>
                The page holds a token and the handshake cannot carry it. The cost: the server admits strangers and
                waits, ${deadline} s here, then closes with 1008.
              </td>
            </tr>
          </tbody>
        </table>
      </div>
      <p>
        Sign in, pick a way and connect. Each way also has its failure on purpose: a ticket used twice, a ticket past
        its life, a token offered alone as a subprotocol, a connection that says nothing.
      </p>
      <wsp-on-approach .load=${loadDemos}><wsp-security-ways-demo id="ways"></wsp-security-ways-demo></wsp-on-approach>
      <p>
        Every refusal reaches the page’s socket the same way: an <code>error</code> event and close code 1006 (§7.1.5).
        The 403 and its reason (“ticket already used”, “ticket expired”) are in the server’s log and in this trace only.
        Chromium’s console prints the URL of a connection that failed, ticket and all: one more log, and harmless for a
        used ticket. The token offered alone is refused with 400: a server may only answer with a value the client
        offered (§4.2.2), here the token, and this one will not echo a token into the 101, where it would be logged
        twice. Answering nothing would not help either: a browser that offered subprotocols fails the connection when
        none comes back (WHATWG WebSockets Standard, “establish a WebSocket connection”). The silent connection is
        closed after ${deadline} s with 1008, the generic code for breaking the endpoint’s policy (§7.4.1).
      </p>
      <p>
        Which to pick: a cookie when the page and the server are one site and share a session, with the Origin check the
        CORS lesson shows. Otherwise a ticket: it is the only way whose secret may be logged without harm. A token in
        the first message keeps it out of every log, at the price of admitting connections that have not proved anything
        yet; give them a short deadline and count them in the connection limits. A token as a subprotocol when a library
        insists.
      </p>

      <h2>When the credential expires on an open connection</h2>
      <p>
        A WebSocket is checked once, at the handshake, and may then live for hours: long after the token that opened it
        expired, or its user was removed. Nothing in RFC 6455 looks again; the server must. <code>/secure</code>
        remembers when each connection’s credential expires, warns a few seconds before with
        <code>{"type":"expiring","inMs":…}</code>, and accepts a fresh token over the open connection,
        <code>{"type":"auth","token":…}</code>, the message that authenticated it the first time. The client gets that
        token as it gets any, over HTTP. No reconnect, nothing in flight lost. A client that does not answer is closed
        with ${CLOSE_CREDENTIALS_EXPIRED}, “credentials expired”.
      </p>
      <wsp-on-approach .load=${loadDemos}
        ><wsp-security-expiry-demo id="expiry"></wsp-security-expiry-demo
      ></wsp-on-approach>
      <p>
        ${CLOSE_CREDENTIALS_EXPIRED} is the application’s own code. RFC 6455 reserves 4000–4999 for private use, by
        agreement between the two ends (§7.4.2); the closing lesson’s table lists them so. 1008 would be true as well,
        but a client that knows ${CLOSE_CREDENTIALS_EXPIRED} knows to sign in again rather than report an error.
      </p>

      <h2>Checked on every message</h2>
      <p>
        Passing the handshake proves who the client is, not that everything it sends is allowed. Each message is a
        request of its own, and the server checks it against what its sender may do (the OWASP cheat sheet calls it
        message-level authorization). <code>/secure</code> knows two roles: a member may post, a reader may only read.
        Connect both and post from each.
      </p>
      <wsp-on-approach .load=${loadDemos}
        ><wsp-security-roles-demo id="roles"></wsp-security-roles-demo
      ></wsp-on-approach>
      <p>
        The reader’s post comes back as <code>{"type":"error"}</code> and the connection stays open: refusing one
        message is no reason to end a connection the user may keep for reading. A message that fits no schema gets the
        same answer: validate every message as you would a request body, and never guess.
      </p>

      <h2>Limits that protect the server</h2>
      <p>
        An open connection is a promise of memory and attention. With no limits, one client can make the server hold a
        huge message, answer thousands of messages a second, open connections until the server runs out, or stop reading
        while the server buffers all it sends. <code>/limited</code> trips each limit at small numbers, the same in the
        page and on the live server; the live server’s other paths enforce the same rules with its settings’ values (the
        checklist below).
      </p>
      <ul>
        <li>
          <strong>Size</strong>: a frame’s header states its length before its payload (§5.2), so a server can refuse a
          message before holding it. 1009, Message Too Big (§7.4.1).
        </li>
        <li><strong>Rate</strong>: messages counted per second; one too many, 1008.</li>
        <li>
          <strong>Connections</strong>: refused at the handshake with 503; the page sees 1006. Count them per user or
          per address as well as in all, or one client takes them all.
        </li>
        <li>
          <strong>A slow reader</strong>: a client may simply stop reading, and TCP then stops the server’s bytes. A
          server that keeps sending holds them all in memory (ws counts them in <code>bufferedAmount</code>); this one
          checks before each send and closes past the limit. In Live mode the page stops reading with Chromium’s
          <code>WebSocketStream</code>, so the kernels’ buffers fill first and it takes megabytes; simulated, there are
          no kernels in between and it trips at the limit.
        </li>
      </ul>
      <wsp-on-approach .load=${loadDemos}
        ><wsp-security-limits-demo id="limits"></wsp-security-limits-demo
      ></wsp-on-approach>
      <p>
        Each trip writes one line to the server’s log: the event and its numbers, never the message. Enough to find an
        abuser, nothing to leak.
      </p>

      <h2>wss: what TLS adds</h2>
      <p>
        <code>ws:</code> sends everything as it is: the request line and headers of the handshake (a ticket in the URL,
        a token in <code>Sec-WebSocket-Protocol</code>, a cookie) and every frame. The masking of the client’s frames is
        no encryption: its key travels in the frame (§5.3). <code>wss:</code> is the same protocol inside TLS (§11.1.2;
        §10.6): the handshake and the frames travel as encrypted records. An observer on the path still sees the
        addresses, the server’s name (in TLS’s Server Name Indication, unless Encrypted Client Hello hides it) and how
        many bytes go each way and when; the compression lesson shows what sizes alone can leak.
      </p>
      <wsp-on-approach .load=${loadDemos}><wsp-security-wss-demo id="wss"></wsp-security-wss-demo></wsp-on-approach>
      <p>
        <code>wss:</code> also gets through where <code>ws:</code> breaks. A browser reaches a proxy it is configured to
        use with <code>CONNECT</code> for both (§4.1). The trouble is the proxies nobody configured: transparent ones on
        company and mobile networks that read plain HTTP on port 80. They may drop <code>Upgrade</code> and
        <code>Connection</code> (hop-by-hop headers, RFC 9110 §7.6.1), or wait for the end of a response that never
        ends. Over TLS on port 443 they see records they cannot read and pass them on. Clients mask their frames because
        of such proxies (§10.3).
      </p>
      <p>
        When TLS fails (a certificate the browser does not trust, an expired one, a server that speaks no TLS), the page
        learns nothing of it: an <code>error</code> event, then close 1006, <code>wasClean</code> false, no reason. The
        WebSockets Standard forbids telling a script why a connection failed (“Feedback from the protocol” lists a
        failed TLS handshake beside an unknown host and a refused port), so that pages cannot probe the network.
        Chromium reports 1006, not 1015, RFC 6455’s code for a TLS failure (the tests of this site check it against a
        server with a self-signed certificate). Only the browser’s console says more.
      </p>

      <h2>A checklist</h2>
      <p>
        The OWASP WebSocket Security Cheat Sheet, item by item: what this project does, the server settings that govern
        it (the README lists them all), and where the course shows it.
      </p>
      <wsp-on-approach .load=${loadDemos}><wsp-security-checklist></wsp-security-checklist></wsp-on-approach>

      <wsp-key-points>
        <ul>
          <li>
            A page sets no header on a WebSocket: it proves who it is with a cookie the browser adds, a ticket in the
            URL, a token in <code>Sec-WebSocket-Protocol</code> or a token in the first message.
          </li>
          <li>
            A cookie needs the Origin check; a ticket (one use, seconds to live) is safe in a log; a subprotocol token
            must never be echoed; a first-message token needs a deadline.
          </li>
          <li>
            The handshake is one moment. Expire credentials on open connections (warn, take a fresh token as a message,
            else close with a 4000–4999 code) and authorize every message.
          </li>
          <li>
            Limit message size (1009), rate (1008), connections (503) and what a slow reader makes you buffer (1008),
            and log each trip without contents or secrets.
          </li>
          <li>
            Use <code>wss:</code>: it hides URLs, headers and frames from the path (not their sizes) and passes proxies
            that break <code>ws:</code>. A TLS failure reaches the page as 1006 and nothing more.
          </li>
        </ul>
      </wsp-key-points>

      <h2>Check yourself</h2>
      ${CHECKS.map(
        (check) => html`<wsp-self-check question=${check.question} .options=${check.options}></wsp-self-check>`,
      )}
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-lesson-security': WspLessonSecurity;
  }
}
