import { css, html, nothing, type PropertyValues } from 'lit';
import { customElement, query } from 'lit/decorators.js';
import { FocusKeeper } from '../../components/focus-keeper.ts';
import { ConnectionController } from '../../controllers/connection-controller.ts';
import { ConnectionMode } from '../../transport/mode.ts';
import { HandshakeCapturedEvent } from './handshake-captured-event.ts';
import { HeaderSide } from './header-notes.ts';
import { headerValue } from '../../protocol/index.ts';
import { findRequest, findResponse, requestLine, statusLine } from './trace.ts';
import { connectionStatusLine } from '../../components/connection-status.ts';
import { controlStyles, demoCardStyles } from '../../components/styles/shared-styles.ts';
import '../../components/wsp-event-log.ts';
import './wsp-handshake-headers.ts';
import '../../components/wsp-mode-switch.ts';
import '../../components/wsp-sequence-diagram.ts';
import '../../components/wsp-trace-timeline.ts';
import { rowStyles } from '../../components/styles/layout-styles.ts';
import { PagePart } from '../../components/page-part.ts';

/**
 * The three phases of a connection to `/echo`, driven by the reader: connect
 * (the handshake), send (data transfer), close (the closing handshake). A
 * sequence diagram fills in from the trace, and the upgrade request and the
 * server's answer are shown header by header as they were captured: in Live
 * mode as the live server received and sent them, in Simulated mode as the
 * simulated wire wrote them.
 *
 * @fires wsp-handshake-captured - when a new key or Accept appears in the trace
 */
@customElement('wsp-handshake-demo')
export class WspHandshakeDemo extends PagePart {
  static override styles = [
    controlStyles,
    demoCardStyles,
    rowStyles,
    css`
      form input {
        flex: 1 1 8rem;
      }
      .status,
      .source {
        margin: 0;
      }
      .status strong[data-status='open'] {
        color: var(--wsp-received, #1d7437);
      }
      .url {
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
        overflow-wrap: anywhere;
      }
      .messages {
        display: grid;
        gap: 1rem;
      }
      .waiting {
        color: var(--wsp-muted, #5b6478);
        margin: 0;
      }
      h3 {
        font-size: 1rem;
        margin: 0.5rem 0 0;
      }
      code {
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
      }
    `,
  ];

  /** Keeps a keyboard reader's focus in the demo when the control they pressed is disabled. */
  readonly focusKeeper = new FocusKeeper(this);

  readonly #connection = new ConnectionController(this, { target: '/echo' });
  @query('#message') private messageInput!: HTMLInputElement;
  #captured: readonly [string | undefined, string | undefined] = [undefined, undefined];

  protected override render() {
    const connection = this.#connection;
    const live = connection.settings.mode === ConnectionMode.live;
    const request = findRequest(connection.trace);
    const response = findResponse(connection.trace);
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      ${connectionStatusLine(connection.status, connection.url, connection.settings.mode)}
      <div class="row">
        <button id="connect" ?disabled=${!connection.canConnect} @click=${() => connection.connect()}>
          1. Connect
        </button>
        <form class="row" @submit=${this.#send}>
          <label for="message">Message</label>
          <input id="message" type="text" value="Hello, handshake!" autocomplete="off" />
          <button id="send" type="submit" ?disabled=${!connection.isOpen}>2. Send</button>
        </form>
        <button
          id="close"
          ?disabled=${!connection.isOpen}
          @click=${() => connection.disconnect(1000, 'reader clicked Close')}
        >
          3. Close
        </button>
      </div>
      <h3>The connection, step by step</h3>
      <wsp-sequence-diagram .events=${connection.trace}></wsp-sequence-diagram>
      <h3>The handshake as captured</h3>
      <p class="source">
        ${
          live
            ? html`As the live server received and sent them, reported on its side channel: the request is exactly what
                your browser wrote. The <code>trace=</code> in the path is this playground's own; it tells the server
                where to report.`
            : html`As the simulated wire wrote them: the headers a Chromium browser sends from this page, in its order.
              Switch to Live server to see your own browser's.`
        }
        Select a header to see what it is for.
      </p>
      <div class="messages">
        ${
          request
            ? html`<wsp-handshake-headers
                id="request"
                label="The upgrade request"
                start-line=${requestLine(request)}
                side=${HeaderSide.request}
                .headers=${request.headers}
              ></wsp-handshake-headers>`
            : html`<p class="waiting">The upgrade request appears here once you connect.</p>`
        }
        ${
          response
            ? html`<wsp-handshake-headers
                id="response"
                label="The server's answer"
                start-line=${statusLine(response)}
                side=${HeaderSide.response}
                .headers=${response.headers}
              ></wsp-handshake-headers>`
            : request
              ? html`<p class="waiting">Waiting for the server's answer…</p>`
              : nothing
        }
      </div>
      <wsp-event-log .entries=${connection.entries} label="Connection log"></wsp-event-log>
      <details>
        <summary>Every event of the trace</summary>
        <wsp-trace-timeline .events=${connection.trace} label="Trace of the connection"></wsp-trace-timeline>
      </details>
    `;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const request = findRequest(this.#connection.trace);
    const response = findResponse(this.#connection.trace);
    const key = request ? headerValue(request.headers, 'Sec-WebSocket-Key') : undefined;
    const accept = response ? headerValue(response.headers, 'Sec-WebSocket-Accept') : undefined;
    if (key === this.#captured[0] && accept === this.#captured[1]) return;
    this.#captured = [key, accept];
    if (key !== undefined) this.dispatchEvent(new HandshakeCapturedEvent(key, accept));
  }

  #send(event: SubmitEvent): void {
    event.preventDefault();
    this.#connection.send(this.messageInput.value);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-handshake-demo': WspHandshakeDemo;
  }
}
