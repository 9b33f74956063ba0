import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { SettingsController } from '../../controllers/settings-controller.ts';
import { endpointUrl } from '../../transport/endpoint-url.ts';
import { sendTooEarly, sendWhenOpen } from './recipes/mistakes.ts';
import { READY_STATE_NAMES, wireWebSocket } from './wire.ts';
import { controlStyles, demoCardStyles } from '../../components/styles/shared-styles.ts';
import '../../components/wsp-mode-switch.ts';
import { paragraphStyles, rowStyles } from '../../components/styles/layout-styles.ts';
import { PagePart } from '../../components/page-part.ts';

/**
 * Mistake one, sending before the connection is open: `sendTooEarly` shows
 * the real exception the socket throws; `sendWhenOpen` waits for `open` and
 * the echo comes back. Runs both from recipes/mistakes.ts.
 */
@customElement('wsp-client-send-early-demo')
export class WspClientSendEarlyDemo extends PagePart {
  static override styles = [
    controlStyles,
    demoCardStyles,
    paragraphStyles,
    rowStyles,
    css`
      output {
        display: block;
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
        font-size: 0.9em;
        overflow-wrap: anywhere;
        padding: 0.4rem 0.6rem;
        border-radius: var(--wsp-radius, 6px);
        background: var(--wsp-code-bg, #f6f7f9);
        border: 1px solid var(--wsp-border, #d5d9e2);
      }
      .thrown {
        border-left: 4px solid var(--wsp-error, #b42318);
      }
      .fine {
        border-left: 4px solid var(--wsp-received, #1d7437);
      }
    `,
  ];

  readonly #settings = new SettingsController(this);
  readonly #sockets = new Set<WebSocket>();

  @state() private early: { readyState: number; outcome: string } | undefined;
  @state() private fixed: string | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const socket of this.#sockets) if (socket.readyState <= 1) socket.close(1000, 'demo left');
  }

  get #url(): string {
    return endpointUrl(this.#settings.settings.serverUrl, '/echo');
  }

  protected override render() {
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      <div class="row">
        <button id="send-early" @click=${this.#sendEarly}>Send straight after new WebSocket</button>
        <button id="send-when-open" class="secondary" @click=${this.#sendLater}>Send when open</button>
      </div>
      <div role="status">
        ${
          this.early
            ? html`<p>
                  <code>send</code> was called with readyState ${this.early.readyState}
                  (${READY_STATE_NAMES[this.early.readyState]}). It threw:
                </p>
                <output id="early-outcome" class="thrown">${this.early.outcome}</output>`
            : nothing
        }
        ${this.fixed ? html`<output id="fixed-outcome" class="fine">${this.fixed}</output>` : nothing}
      </div>
    `;
  }

  #socketClass(): typeof WebSocket {
    return wireWebSocket(this.#settings.settings);
  }

  #keep(socket: WebSocket): void {
    this.#sockets.add(socket);
    socket.addEventListener('close', () => this.#sockets.delete(socket));
  }

  #sendEarly(): void {
    this.fixed = undefined;
    const { socket, outcome } = sendTooEarly(this.#url, this.#socketClass());
    this.#keep(socket);
    this.early = { readyState: socket.readyState, outcome };
    // Tidy up: this socket was only needed to show the exception.
    socket.addEventListener('open', () => socket.close(1000, 'done'));
  }

  #sendLater(): void {
    this.early = undefined;
    const WebSocket = this.#socketClass();
    const socket = new WebSocket(this.#url);
    this.#keep(socket);
    this.fixed = `Waiting for open (readyState ${socket.readyState}, ${READY_STATE_NAMES[socket.readyState]})…`;
    sendWhenOpen(socket, 'hello');
    socket.addEventListener('message', (event) => {
      this.fixed = `No exception: "hello" went out once the socket was open, and the echo brought back "${event.data}".`;
      socket.close(1000, 'done');
    });
    socket.addEventListener('close', (event) => {
      if (!event.wasClean) this.fixed = `The connection failed (close code ${event.code}); nothing was sent.`;
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-client-send-early-demo': WspClientSendEarlyDemo;
  }
}
