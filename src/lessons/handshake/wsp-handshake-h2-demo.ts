import { LitElement, css, html, nothing } from 'lit';
import { customElement, query } from 'lit/decorators.js';
import {
  CHROMIUM_DEFLATE_OFFER,
  type HandshakeRequestEvent,
  type HandshakeResponseEvent,
  type HeaderList,
} from '../../protocol/index.ts';
import { HTTP2_VERSION } from '../../protocol/extended-connect.ts';
import { ConnectionMode } from '../../transport/mode.ts';
import { AttemptStatus, HandshakeAttemptController } from './connection.ts';
import { REQUEST_ROWS, RESPONSE_ROWS, type OpeningRow } from './h2-opening.ts';
import { H2PlayController } from './h2-play-controller.ts';
import { findRequest, findResponse, requestLine, statusLine } from './trace.ts';
import { inlineCodeStyles, rowStyles } from '../../components/styles/layout-styles.ts';
import { controlStyles, demoCardStyles } from '../../components/styles/shared-styles.ts';
import '../../components/wsp-mode-switch.ts';
import '../../components/wsp-trace-timeline.ts';

/** The endpoint both halves use: the played stream names it, the live attempt opens it. */
const TARGET = '/echo';

/**
 * WebSockets over HTTP/2 and HTTP/3 (RFC 8441, RFC 9220): the HTTP/1.1
 * opening and the extended CONNECT side by side, header by header, each
 * difference with its rule. In Simulated mode the page plays a WebSocket on
 * an HTTP/2 stream into the trace view (the fields of its HEADERS frames,
 * then real RFC 6455 frames); in Live mode it opens a WebSocket to the live
 * server and shows, from the server's own report, that it opened over HTTP/1.1.
 */
@customElement('wsp-handshake-h2-demo')
export class WspHandshakeH2Demo extends LitElement {
  static override styles = [
    controlStyles,
    demoCardStyles,
    rowStyles,
    inlineCodeStyles,
    css`
      :host {
        margin: 1rem 0;
      }
      h3,
      h4 {
        margin: 0.25rem 0 0;
        font-size: 1rem;
      }
      h4 {
        font-size: 0.9rem;
      }
      p {
        margin: 0;
        line-height: 1.5;
      }
      table {
        width: 100%;
        table-layout: fixed;
        border-collapse: collapse;
        font-size: 0.85rem;
      }
      caption {
        text-align: left;
        font-weight: 600;
        padding-bottom: 0.3rem;
      }
      th {
        text-align: left;
        color: var(--wsp-muted, #5b6478);
        font-weight: 600;
        padding: 0.2rem 0.4rem;
      }
      td {
        vertical-align: top;
        padding: 0.3rem 0.4rem;
      }
      tbody {
        border-top: 1px solid var(--wsp-border, #d5d9e2);
      }
      td code {
        display: block;
        overflow-wrap: anywhere;
      }
      .rule td {
        padding-top: 0;
        color: var(--wsp-muted, #5b6478);
        line-height: 1.45;
      }
      .absent {
        font-style: italic;
        color: var(--wsp-muted, #5b6478);
      }
      form input {
        flex: 1 1 8rem;
      }
      .frames {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 16rem), 1fr));
        gap: 0.75rem;
      }
      .frames section {
        border: 1px solid var(--wsp-border, #d5d9e2);
        border-radius: var(--wsp-radius, 6px);
        padding: 0.4rem 0.6rem;
        min-width: 0;
      }
      ul {
        margin: 0.3rem 0 0;
        padding: 0;
        list-style: none;
        font-size: 0.85rem;
      }
      dl {
        display: grid;
        grid-template-columns: minmax(0, max-content) minmax(0, 1fr);
        gap: 0.3rem 1rem;
        margin: 0;
      }
      dt {
        color: var(--wsp-muted, #5b6478);
      }
      dd {
        margin: 0;
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
        overflow-wrap: anywhere;
      }
      @media (max-width: 30rem) {
        dl {
          grid-template-columns: minmax(0, 1fr);
        }
      }
      .failed {
        color: var(--wsp-error, #b42318);
      }
      a {
        color: var(--wsp-accent-text, #1d47a8);
      }
    `,
  ];

  readonly #play = new H2PlayController(this);
  readonly #live = new HandshakeAttemptController(this, TARGET);
  @query('#h2-message') private messageInput!: HTMLInputElement;

  protected override render() {
    const live = this.#live.settings.mode === ConnectionMode.live;
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      <h3>Header by header</h3>
      <p>
        The same WebSocket, <code>wss://server.example.com/chat</code> with two subprotocols and the compression offer,
        opened both ways. The HTTP/2 column is what the played stream below sends; HTTP/2 writes every field name in
        lower case, and its own pseudo-header fields start with a colon and come first (RFC 9113 §8.2, §8.3).
      </p>
      ${this.#table('request-comparison', 'The request', REQUEST_ROWS)}
      ${this.#table('response-comparison', 'The answer', RESPONSE_ROWS)}
      <h3>When a browser opens it this way</h3>
      <p>
        Only on an HTTP/2 connection to that server on which the server has sent
        <code>SETTINGS_ENABLE_CONNECT_PROTOCOL = 1</code>: before that an extended CONNECT is not allowed (RFC 8441 §3).
        Chromium uses an HTTP/2 connection it already has open; without one, it opens a connection of its own and sends
        the HTTP/1.1 GET. Chromium shipped it (“Intent to Ship: WebSockets over HTTP/2”, blink-dev, 2018; chromestatus
        feature 6251293127475200); its network code tries it only for a <code>wss:</code> URL with no proxy in between,
        and Chromium speaks HTTP/2 only over TLS, so a <code>ws:</code> URL never opens this way. Firefox implements it
        as well; its switch, <code>network.http.http2.websockets</code>, is reported on by default
        (dotnet/AspNetCore.Docs#36204, 2025). Over HTTP/3 (RFC 9220), as of this writing, no browser we know of ships
        it: Chromium's is a prototype, and web-platform-tests agreed in 2026 to add a test server for it
        (web-platform-tests/rfcs#238). Developers still report both openings against servers that announce the setting
        (immich-app/immich#31156, vercel-labs/portless#363), so the network panel, not the spec, says what a given page
        did.
      </p>
      ${live ? this.#liveHalf() : this.#simulatedHalf()}
    `;
  }

  #table(id: string, caption: string, rows: readonly OpeningRow[]) {
    const lines = (values: readonly string[]) =>
      values.length === 0
        ? html`<span class="absent">not sent</span>`
        : values.map((value) => html`<code>${value}</code>`);
    return html`<table id=${id}>
      <caption>
        ${caption}
      </caption>
      <thead>
        <tr>
          <th scope="col">HTTP/1.1 (RFC 6455)</th>
          <th scope="col">HTTP/2 (RFC 8441)</th>
        </tr>
      </thead>
      ${rows.map(
        (row) =>
          html`<tbody data-row=${row.id}>
            <tr>
              <td class="http1">${lines(row.http1)}</td>
              <td class="http2">${lines(row.http2)}</td>
            </tr>
            <tr class="rule">
              <td colspan="2">${row.rule}</td>
            </tr>
          </tbody>`,
      )}
    </table>`;
  }

  #simulatedHalf() {
    const events = this.#play.events;
    const request = findRequest(events);
    const response = findResponse(events);
    return html`
      <h3>Inside the stream, the same frames</h3>
      <p>
        Once the server has answered 200, both sides speak RFC 6455 on the stream “as if it were the TCP connection”
        (RFC 8441 §5): the stream's DATA frames carry the very frame bytes the rest of this course shows, client frames
        masked with a fresh key each (RFC 6455 §5.3), and RFC 6455's security rules keep applying, all but the one about
        the handshake (RFC 8441 §8). The closing handshake is RFC 6455's too; then each side ends the stream with
        END_STREAM where TCP would close, or resets it with RST_STREAM (CANCEL) where TCP would break (RFC 8441 §5; over
        HTTP/3 a FIN on the stream, or H3_REQUEST_CANCELLED, RFC 9220 §3).
      </p>
      <p>
        Played in this page: no page can choose HTTP/2 for its WebSocket (the browser does), and the simulated wire,
        like the live server, speaks HTTP/1.1. The play stands for <code>wss://</code> and this page's server, whose
        host it uses. HTTP/2 compresses header fields with HPACK (RFC 9113 §4.3), so the trace shows the fields of each
        HEADERS frame, not bytes; the WebSocket frames are built by the course's own frame code and shown byte for byte.
      </p>
      <form class="row" @submit=${this.#onPlay}>
        <label for="h2-message">Message</label>
        <input id="h2-message" type="text" value="Hello over HTTP/2" maxlength="200" autocomplete="off" />
        <button id="play" type="submit">Play the HTTP/2 opening</button>
      </form>
      ${
        request && response
          ? html`<div class="frames">
              ${this.#fields('played-request', 'HEADERS frame, stream 1, browser → server', request.headers)}
              ${this.#fields('played-response', 'HEADERS frame, stream 1, server → browser', response.headers)}
            </div>`
          : nothing
      }
      <p id="play-status" role="status">
        ${
          this.#play.done
            ? html`Played over ${HTTP2_VERSION}: a CONNECT answered 200, a text frame each way (the browser's masked),
              then the closing handshake and END_STREAM. Open any row of the trace for its fields or its bytes.`
            : events.length > 0
              ? 'Playing…'
              : nothing
        }
      </p>
      <wsp-trace-timeline .events=${events} label="Trace of the played HTTP/2 stream"></wsp-trace-timeline>
    `;
  }

  #fields(id: string, title: string, headers: HeaderList) {
    return html`<section id=${id} aria-label=${title}>
      <h4>${title}</h4>
      <ul>
        ${headers.map(([name, value]) => html`<li><code>${name} = ${value}</code></li>`)}
      </ul>
    </section>`;
  }

  #liveHalf() {
    const attempt = this.#live.attempt;
    const request = findRequest(this.#live.trace);
    const response = findResponse(this.#live.trace);
    return html`
      <h3>What the live server speaks: HTTP/1.1</h3>
      <p>
        The live server is Node's <code>http</code> server, which speaks HTTP/1.1, with the ws library answering the
        upgrade, and ws implements only RFC 6455's opening: its <code>handleUpgrade</code> answers any method but GET
        with 405, and WebSocket over HTTP/2 is an open request (websockets/ws#1458). With a <code>ws:</code> URL, as
        when it runs beside you, there is no TLS, and Chromium speaks HTTP/2 only over TLS. Deployed behind nginx
        (<code>deploy/nginx.conf</code>), the browser talks TLS to nginx, yet that file leaves HTTP/2 off (nginx's
        <code>http2</code> directive is off unless turned on), and nginx, as of this writing, has no extended CONNECT:
        its WebSocket proxying is HTTP/1.1's protocol switch (nginx.org, “WebSocket proxying”), and RFC 8441 support is
        an open pull request (nginx/nginx#1683, 2026). So this course's WebSockets open with a GET and a 101 from end to
        end. See it: open one, and read the request line as the live server received it (its <code>trace=</code> is this
        playground's own).
      </p>
      <div>
        <button id="open-live" ?disabled=${this.#live.busy} @click=${() => this.#live.connect([])}>
          Open a WebSocket to the live server
        </button>
      </div>
      ${
        attempt
          ? html`<dl>
                <dt>Request line, as the live server received it</dt>
                <dd id="live-request-line">${request ? requestLine(request) : 'waiting for the server’s report…'}</dd>
                <dt>The live server's answer</dt>
                <dd id="live-status-line">${response ? statusLine(response) : 'waiting…'}</dd>
              </dl>
              <p id="live-verdict" role="status">${this.#verdict(request, response)}</p>`
          : nothing
      }
    `;
  }

  #verdict(request: HandshakeRequestEvent | undefined, response: HandshakeResponseEvent | undefined) {
    const attempt = this.#live.attempt;
    if (request && response) {
      const http1 = request.httpVersion.startsWith('HTTP/1');
      return html`Over ${request.httpVersion}: your browser sent a ${request.method} and the live server answered
      ${response.status}${http1 ? html`, with no CONNECT, no <code>:protocol</code> and no 200` : nothing}.`;
    }
    if (attempt?.problem) return html`<span class="failed">${attempt.problem}</span>`;
    if (attempt?.status === AttemptStatus.closed && attempt.protocol === undefined) {
      return html`<span class="failed">The connection failed (close code ${attempt.close?.code ?? 1006}).</span>`;
    }
    return 'Connecting…';
  }

  #onPlay(event: SubmitEvent): void {
    event.preventDefault();
    const { host } = new URL(this.#live.settings.serverUrl);
    this.#play.play(
      {
        secure: true,
        authority: host,
        path: TARGET,
        origin: window.location.origin,
        extensions: CHROMIUM_DEFLATE_OFFER,
      },
      this.messageInput.value,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-handshake-h2-demo': WspHandshakeH2Demo;
  }
}
