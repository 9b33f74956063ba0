import { css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { lessonStyles } from '../../components/styles/lesson-styles.ts';
import { LessonPage } from '../../components/lesson-page.ts';
import type { SelfCheckOption } from '../../components/wsp-self-check.ts';
import './wsp-cors-allowlist-demo.ts';
import './wsp-cors-forged-demo.ts';
import './wsp-cors-hijack-demo.ts';
import '../../components/wsp-key-points.ts';
import '../../components/wsp-self-check.ts';

const CHECKS: readonly { question: string; options: readonly SelfCheckOption[] }[] = [
  {
    question: 'A page on https://evil.example opens a WebSocket to wss://bank.example/feed. What does the browser do?',
    options: [
      {
        text: 'It sends a preflight OPTIONS request first, and goes no further unless bank.example allows evil.example.',
        correct: false,
        explanation: 'Preflights belong to CORS for fetch and XMLHttpRequest. A WebSocket handshake never has one.',
      },
      {
        text: 'It sends the handshake with Origin: https://evil.example and its cookies for bank.example; the server decides.',
        correct: true,
        explanation:
          'Right. Any page may try to connect anywhere. The browser only reports the truth about where the page comes from, and the server is the one that must say no (RFC 6455 §4.2.2, §10.2).',
      },
      {
        text: 'It refuses to connect: the same-origin policy forbids it.',
        correct: false,
        explanation:
          'The same-origin policy does not cover WebSockets: neither the handshake nor, once open, the messages.',
      },
    ],
  },
  {
    question:
      'A server refuses a handshake with 403 and the reason “origin not allowed”. What does the page’s code learn?',
    options: [
      {
        text: 'The status 403 and the reason, in the close event.',
        correct: false,
        explanation: 'The browser keeps both from the page. Only the server’s log (and this site’s trace) show them.',
      },
      {
        text: 'An error event, then a close event with code 1006 and wasClean false.',
        correct: true,
        explanation:
          'Right. 1006 is never sent on the wire: the browser reports it when a connection ended without a closing handshake (§7.1.5, §7.4.1), and a refused handshake is such an ending.',
      },
      {
        text: 'Nothing: the socket stays in CONNECTING.',
        correct: false,
        explanation: 'The attempt fails at once, and readyState becomes CLOSED.',
      },
    ],
  },
  {
    question: 'A server checks Origin against an allowlist. What does that stop?',
    options: [
      {
        text: 'A Node script that claims to be a page from the server’s own site.',
        correct: false,
        explanation: 'A program that is not a browser writes any Origin it likes. The check cannot tell.',
      },
      {
        text: 'A page on another site opening a connection from a signed-in visitor’s browser.',
        correct: true,
        explanation:
          'Right. In a browser the page cannot change Origin, so another site’s page cannot pass for yours, even though the visitor’s cookies go along.',
      },
      {
        text: 'Both of them.',
        correct: false,
        explanation:
          'Only the browser case. Origin says where a page comes from; it does not say who is calling. Authenticate for that.',
      },
    ],
  },
];

/**
 * Lesson: CORS and Origin, with a live allowlist, a hijacking attempt and a forged Origin.
 *
 * @fires wsp-lesson-sections - once rendered: its sections, for the site's "on this page" links
 */
@customElement('wsp-lesson-cors')
export class WspLessonCors extends LessonPage {
  static override styles = [
    lessonStyles,
    css`
      .table-scroll {
        overflow-x: auto;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-size: 0.95rem;
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
    `,
  ];

  protected override render() {
    return html`<article>
      <h1>CORS and Origin</h1>
      <p class="lead">
        CORS does not apply to WebSockets. There is no preflight, and once a connection is open nothing checks its
        messages. The browser sends one header, <code>Origin</code>, with the handshake, and the server alone decides
        whether to accept it (RFC 6455 §4.2.2, §10.2).
      </p>

      <h2>What CORS does, and what a WebSocket does instead</h2>
      <p>
        An <em>origin</em> is a page’s scheme, host and port, such as <code>http://localhost:8080</code>. The browser’s
        <em>same-origin policy</em> keeps a page from reading what another origin sends back. CORS (Cross-Origin
        Resource Sharing) is how a server relaxes that for <code>fetch</code>: the browser makes the request, first
        asking permission with an <code>OPTIONS</code> request (a <em>preflight</em>) when it is more than a plain GET
        or form POST, and hands the answer to the page only if the server’s
        <code>Access-Control-Allow-Origin</code> names the page’s origin. The browser enforces; the server opts in.
      </p>
      <p>
        A WebSocket skips all of it. Any page may run <code>new WebSocket(url)</code> for any server. The browser sends
        the handshake straight away and includes <code>Origin</code>, which every browser must send with it (§4.1). A
        server that does not want that origin answers with an error status, such as <code>403 Forbidden</code>, and the
        handshake ends there (§4.2.2). After a <code>101</code>, nothing checks anything: every message in either
        direction reaches the page that opened the connection. The server’s look at <code>Origin</code>, once, during
        the handshake, is the only gate.
      </p>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Question</th>
              <th scope="col"><code>fetch</code> with CORS</th>
              <th scope="col">WebSocket</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Who enforces</th>
              <td>the browser, by the server’s headers</td>
              <td>the server, by the Origin it receives</td>
            </tr>
            <tr>
              <th scope="row">Preflight</th>
              <td>for anything beyond simple requests</td>
              <td>never</td>
            </tr>
            <tr>
              <th scope="row">When checked</th>
              <td>on every response</td>
              <td>once, in the handshake</td>
            </tr>
            <tr>
              <th scope="row">What a refused page learns</th>
              <td>a network error</td>
              <td>an error event and close code 1006</td>
            </tr>
          </tbody>
        </table>
      </div>

      <h2>Try it: an allowlist you write</h2>
      <p>
        The <code>/cors</code> endpoint echoes like <code>/echo</code>, but only for origins listed in its
        <code>?allow=</code> parameter: a list of exact origins, port wildcards such as <code>http://localhost:*</code>,
        or <code>*</code>. (It is a teaching device. The live server also checks its own allowlist,
        <code>ALLOWED_ORIGINS</code>, on every path first; this page’s origin is on it.) The list starts without this
        page’s origin: connect and watch the refusal. Then add the origin, connect again and send a message.
      </p>
      <wsp-cors-allowlist-demo></wsp-cors-allowlist-demo>
      <p>
        Look at what the page’s own socket learned from the refusal: an <code>error</code> event, then a
        <code>close</code> event with code 1006 and <code>wasClean</code> false. No one ever sends 1006 (§7.4.1); the
        browser reports it when a connection ended without a closing handshake, and a refused handshake is exactly that.
        The 403 and its reason show here only because the trace includes the server’s side: in Live mode the server
        sends its view over a second connection, <code>/inspect</code>. Browsers hide them from the page on purpose, so
        that a page cannot use WebSockets to probe what other servers would say.
      </p>

      <h2>Cross-site WebSocket hijacking</h2>
      <p>
        Why does that check matter so much? Cookies. A browser attaches the cookies it holds for a host to every request
        to that host, a WebSocket handshake included, whichever page started it. Say you are signed in to your bank,
        whose web app talks over a WebSocket and knows you by a session cookie. In another tab you open a page on
        <code>evil.example</code>, which runs <code>new WebSocket("wss://bank.example/live")</code>. Your browser sends
        that handshake to the bank with your session cookie and <code>Origin: https://evil.example</code>. A server that
        looks only at the cookie accepts. Since nothing like the same-origin policy stands between a page and its
        WebSocket, the evil page now reads everything the bank sends you and can send anything as you. This is
        <em>cross-site WebSocket hijacking</em>: cross-site request forgery that ends in a two-way connection.
      </p>
      <wsp-cors-hijack-demo></wsp-cors-hijack-demo>
      <p>What stops it (use the first always, and the others as well where you can):</p>
      <ul>
        <li>
          <strong>An Origin allowlist, checked on every handshake</strong> (§10.2). The browser writes
          <code>Origin</code> and no page can change it, so another site’s page cannot pass for yours. This playground’s
          server checks one on every path; by default it holds the server’s own origin and the local development ones.
        </li>
        <li>
          <strong>A token the other site cannot know</strong>, as with CSRF protection: your page fetches a short-lived
          ticket with an ordinary request (whose answer the same-origin policy keeps from other sites) and puts it in
          the WebSocket URL or the first message. The server refuses any connection without a valid one.
        </li>
        <li>
          <strong>SameSite cookies</strong>: a cookie marked <code>SameSite=Lax</code> or <code>Strict</code> is not
          sent when a page on another <em>site</em> opens the connection. A site is the scheme plus the registrable
          domain, ports ignored. The other site in Live mode differs from this page only by its port, so to the browser
          it is the same site and gets the cookie anyway: there, only the Origin check stops it.
        </li>
      </ul>

      <h2>Origin is not authentication</h2>
      <p>
        The Origin check protects people’s browsers, not the server. A browser tells the truth about
        <code>Origin</code> because pages cannot touch it: it is one of the headers a script may not set. A program that
        is not a browser (curl, a Node script, a Python client) writes whatever headers it likes,
        <code>Origin</code> included, and §10.2 says as much. Such a program has none of your visitors’ cookies, so it
        can impersonate no one; but it does mean <code>Origin</code> tells the server nothing about who is calling. To
        know that, authenticate: a session, a token, a ticket.
      </p>
      <wsp-cors-forged-demo></wsp-cors-forged-demo>
      <p>
        One more value to know: <code>null</code>. A page opened straight from disk (a <code>file://</code> address) or
        inside a sandboxed frame has no real origin, and its handshake says <code>Origin: null</code>. Unrelated pages
        all share that value, so this playground refuses it even when the list is <code>*</code>, as a careful server
        should. A WebSocket page that works from a web server but fails when double-clicked is meeting this rule: serve
        it over HTTP.
      </p>

      <wsp-key-points>
        <ul>
          <li>
            The browser sends <code>Origin</code> with every WebSocket handshake and the server decides. No preflight,
            no <code>Access-Control-*</code> headers.
          </li>
          <li>
            A refusal is an HTTP error (403 here) the page never sees: it gets an error event and close code 1006.
          </li>
          <li>
            Once open, a WebSocket is outside the same-origin policy: every message reaches the page that opened it.
          </li>
          <li>
            Cookies go with the handshake whichever page opens it. Without an Origin check, any site can use a visitor’s
            session. Add a token the other site cannot know and SameSite cookies where you can.
          </li>
          <li>
            Origin is not authentication: other clients send any value. A <code>file://</code> page sends
            <code>Origin: null</code>, which careful servers refuse.
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
    'wsp-lesson-cors': WspLessonCors;
  }
}
