import { css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { lessonStyles } from '../../components/styles/lesson-styles.ts';
import { LessonPage } from '../../components/lesson-page.ts';
import type { SelfCheckOption } from '../../components/wsp-self-check.ts';
import '../../components/wsp-key-points.ts';
import '../../components/wsp-on-approach.ts';
import '../../components/wsp-self-check.ts';

/** The lesson's demos, loaded together when the reader first nears one. */
const loadDemos = (): Promise<unknown> => import('./wsp-cors-demos.ts');

const CHECKS: readonly { question: string; options: readonly SelfCheckOption[] }[] = [
  {
    question:
      'You are signed in to bank.example, whose session cookie has no SameSite attribute. A page on https://evil.example opens a WebSocket to wss://bank.example/feed. What does Chromium do?',
    options: [
      {
        text: 'It sends a preflight OPTIONS request first, and goes no further unless bank.example allows evil.example.',
        correct: false,
        explanation: 'Preflights belong to CORS for fetch and XMLHttpRequest. A WebSocket handshake never has one.',
      },
      {
        text: 'It sends the handshake with Origin: https://evil.example and without your bank.example cookie; the server decides.',
        correct: true,
        explanation:
          'Right. Any page may try to connect anywhere, and the server must say no (RFC 6455 §4.2.2, §10.2). The cookie stays home: evil.example is another site, Chromium treats a cookie without SameSite as Lax, and a Lax cookie goes cross-site only with a top-level navigation, which a handshake never is (RFC 6265bis §5.8.3).',
      },
      {
        text: 'It sends the handshake with Origin: https://evil.example and your bank.example cookie; the server decides.',
        correct: false,
        explanation:
          'That was so until 2020, and still is for a cookie marked SameSite=None in a browser that allows third-party cookies. A cookie without SameSite now counts as Lax in Chromium, and stays home.',
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
      'Your session cookie is SameSite=Lax. A page on http://localhost:8081 opens ws://localhost:8080/live. Does the cookie go along?',
    options: [
      {
        text: 'Yes: another port of the same host is another origin but the same site.',
        correct: true,
        explanation:
          'Right. A site is the scheme and the registrable domain; ports play no part (HTML Standard, “same site”), and a cookie belongs to a host, whatever the port. The request is same-site, so even a Strict cookie goes (RFC 6265bis §5.2). Only the Origin check stops this page.',
      },
      {
        text: 'No: a cookie stays with the origin that set it, port included.',
        correct: false,
        explanation:
          'Cookies never looked at ports: a cookie for localhost goes to every port of localhost (RFC 6265bis §1, §5.8.3).',
      },
      {
        text: 'No: a Lax cookie never goes with a WebSocket handshake.',
        correct: false,
        explanation:
          'It goes with every same-site handshake. Lax only holds it back from cross-site requests that are not top-level navigations.',
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
        text: 'A page on another origin opening a connection from a signed-in visitor’s browser.',
        correct: true,
        explanation:
          'Right. In a browser the page cannot change Origin, so a page on another origin cannot pass for yours: not another site’s, and not one on another port or subdomain of your own site, where SameSite cookies still go along.',
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
      <div class="table-scroll" tabindex="0" role="region" aria-label="fetch with CORS and WebSocket, compared">
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
      <wsp-on-approach .load=${loadDemos}><wsp-cors-allowlist-demo></wsp-cors-allowlist-demo></wsp-on-approach>
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
        Why does that check matter so much? Cookies. A handshake is an HTTP request, and the browser may attach the
        cookies it holds for the server’s host, as with any request to it (§4.1 allows the header). Say you are signed
        in to your bank, whose web app talks over a WebSocket and knows you by a session cookie. In another tab a page
        runs <code>new WebSocket("wss://bank.example/live")</code>. If your browser sends that handshake with your
        session cookie, a server that looks only at the cookie accepts it, and since nothing like the same-origin policy
        stands between a page and its WebSocket, that page now reads everything the bank sends you and can send anything
        as you. This is <em>cross-site WebSocket hijacking</em>: cross-site request forgery that ends in a two-way
        connection. For years browsers attached a host’s cookies to every request to it, whichever page started it, and
        it worked from any site. Since 2020 it depends on where the page is, and on the cookie’s <code>SameSite</code>.
      </p>

      <h2>Origin and site</h2>
      <p>
        An <em>origin</em> is scheme, host and port (RFC 6454). A <em>site</em> is coarser: the scheme and the
        <em>registrable domain</em>, the part of the host its owner registered, such as <code>bank.example</code> for
        <code>live.bank.example</code> (the Public Suffix List says where that part begins), with the port left out
        (HTML Standard, “same site”). For the comparison a <code>ws:</code> URL counts as <code>http:</code> and
        <code>wss:</code> as <code>https:</code>, because the browser fetches the handshake at the http(s) form of the
        URL (WebSockets Standard, “establish a WebSocket connection”). Names are compared, not addresses:
        <code>localhost</code> and <code>127.0.0.1</code> reach the same machine and are two sites. And cookies never
        looked at ports: a cookie for <code>localhost</code> goes to every port of it.
      </p>
      <div class="table-scroll" tabindex="0" role="region" aria-label="Origin and site, compared">
        <table>
          <thead>
            <tr>
              <th scope="col">Page</th>
              <th scope="col">WebSocket</th>
              <th scope="col">Origin</th>
              <th scope="col">Site</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td><code>http://localhost:8081</code></td>
              <td><code>ws://localhost:8080</code></td>
              <td>another</td>
              <td>the same</td>
            </tr>
            <tr>
              <td><code>https://app.bank.example</code></td>
              <td><code>wss://live.bank.example</code></td>
              <td>another</td>
              <td>the same</td>
            </tr>
            <tr>
              <td><code>http://127.0.0.1:8081</code></td>
              <td><code>ws://localhost:8080</code></td>
              <td>another</td>
              <td>another</td>
            </tr>
            <tr>
              <td><code>http://bank.example</code></td>
              <td><code>wss://bank.example</code></td>
              <td>another</td>
              <td>another (the scheme)</td>
            </tr>
            <tr>
              <td><code>https://evil.example</code></td>
              <td><code>wss://bank.example</code></td>
              <td>another</td>
              <td>another</td>
            </tr>
          </tbody>
        </table>
      </div>
      <p>
        A handshake is <em>same-site</em> when the page that opens it, and every page that one sits in, is the same site
        as the server (RFC 6265bis §5.2). Then the cookies for the server’s host go along, whatever their
        <code>SameSite</code>. When it is cross-site, what goes depends on the attribute (RFC 6265bis §5.8.3):
      </p>
      <ul>
        <li>
          <code>SameSite=Strict</code>: never sent. <code>SameSite=Lax</code>: sent cross-site only with a top-level
          navigation by a safe method, such as following a link. A WebSocket handshake is a request a page makes, never
          a navigation, so neither goes with it.
        </li>
        <li>
          No <code>SameSite</code>: Chromium has treated such a cookie as <code>Lax</code> since 2020, and RFC 6265bis
          now describes the same default. Not every browser does: set the attribute yourself.
        </li>
        <li>
          <code>SameSite=None</code>: sent cross-site too, but a browser refuses to store such a cookie unless it is
          also <code>Secure</code> (RFC 6265bis §5.7; Chromium since 2020), and only where the browser still sends
          third-party cookies at all (RFC 6265bis §7.1 leaves that to it). Chrome does by default outside Incognito (in
          2025 Google decided to keep it so); Firefox’s Total Cookie Protection gives every site you visit its own
          cookie jar, so a page on another site never gets the cookies you have on the bank itself; Safari blocks
          third-party cookies outright.
        </li>
      </ul>
      <p>
        So today the attack needs one of two things: a session cookie marked <code>SameSite=None</code> and a browser
        that sends it, or an attacker on <em>the same site</em>: another port, or another subdomain (a forgotten staging
        app, a page of user content, a blog at <code>blog.bank.example</code>). The demo shows both, with the real
        handshake in Live mode.
      </p>
      <wsp-on-approach .load=${loadDemos}><wsp-cors-hijack-demo></wsp-cors-hijack-demo></wsp-on-approach>
      <p>
        Try the same-site attacker with any cookie: the handshake the server receives carries it, because another port
        is the same site. Then the other site with a cookie without <code>SameSite</code>, or <code>Lax</code>, or
        <code>Strict</code>: no Cookie header. <code>SameSite=None; Secure</code> is stored even on a plain
        <code>http://localhost</code> page, because browsers treat loopback hosts as secure; whether it then goes to the
        other site is your browser’s third-party cookie setting. <code>SameSite=None</code> without
        <code>Secure</code> is never stored at all.
      </p>
      <p>What stops it (use the first always, and the others as well where you can):</p>
      <ul>
        <li>
          <strong>An Origin allowlist, checked on every handshake</strong> (§10.2). The browser writes
          <code>Origin</code> and no page can change it, so a page on another origin cannot pass for yours, whether it
          is another site or another port or subdomain of your own, where SameSite does not help. This playground’s
          server checks one on every path; by default it holds the server’s own origin and the local development ones.
        </li>
        <li>
          <strong>A token the other site cannot know</strong>, as with CSRF protection: your page fetches a short-lived
          ticket with an ordinary request (whose answer the same-origin policy keeps from other sites) and puts it in
          the WebSocket URL or the first message. The server refuses any connection without a valid one.
        </li>
        <li>
          <strong>SameSite cookies</strong>: mark the session cookie <code>SameSite=Lax</code> or
          <code>Strict</code> rather than rely on a browser’s default, and a page on another site opens its connection
          without it. That does nothing against a page on your own site, which is one more reason for the first two.
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
      <wsp-on-approach .load=${loadDemos}><wsp-cors-forged-demo></wsp-cors-forged-demo></wsp-on-approach>
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
            Cookies go with a same-site handshake (another port or subdomain is the same site). From another site only a
            <code>SameSite=None; Secure</code> cookie goes, where the browser still sends third-party cookies. Check
            Origin on every handshake, and add a token the other site cannot know.
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
