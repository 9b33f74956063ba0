import { css, html } from 'lit';
import { customElement, query } from 'lit/decorators.js';
import { FocusKeeper } from './focus-keeper.ts';
import { ConnectionController } from '../controllers/connection-controller.ts';
import { STATUS_TEXT, connectionStatusLine, connectionStatusStyles, disconnectButton } from './connection-status.ts';
import { controlStyles, demoCardStyles } from './styles/shared-styles.ts';
import './wsp-mode-switch.ts';
import './wsp-event-log.ts';
import './wsp-trace-timeline.ts';
import { rowStyles } from './styles/layout-styles.ts';
import { PagePart } from './page-part.ts';

/**
 * The echo demo: connect to `/echo`, send text or binary, watch each message
 * come back unchanged, disconnect. Works the same in both connection modes;
 * in Live mode it reconnects by itself when the server restarts, as an app
 * that keeps a connection would.
 *
 * @cssprop --wsp-log-height - the height of the log before it scrolls
 */
@customElement('wsp-echo-demo')
export class WspEchoDemo extends PagePart {
  static override styles = [
    controlStyles,
    demoCardStyles,
    rowStyles,
    connectionStatusStyles,
    css`
      form input {
        flex: 1 1 12rem;
      }
      .status strong[data-status='open'] {
        color: var(--wsp-received, #1d7437);
      }
    `,
  ];

  /** Keeps a keyboard reader's focus in the demo when the control they pressed is disabled. */
  readonly focusKeeper = new FocusKeeper(this);

  readonly #connection = new ConnectionController(this, { target: '/echo', reconnect: true });
  @query('#message') private messageInput!: HTMLInputElement;

  protected override render() {
    const connection = this.#connection;
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      ${connectionStatusLine(connection.status, connection.url, connection.settings.mode, this.#statusText())}
      <div class="row">
        <button id="connect" ?disabled=${!connection.canConnect} @click=${() => connection.connect()}>Connect</button>
        ${disconnectButton(connection)}
        <button id="clear" class="secondary" @click=${() => connection.clearLog()}>Clear log</button>
      </div>
      <form class="row" @submit=${this.#sendText}>
        <label for="message">Message</label>
        <input id="message" type="text" value="Hello, WebSocket!" autocomplete="off" />
        <button id="send-text" type="submit" ?disabled=${!connection.isOpen}>Send text</button>
        <button id="send-binary" type="button" ?disabled=${!connection.isOpen} @click=${this.#sendBinary}>
          Send as binary
        </button>
      </form>
      <wsp-event-log .entries=${connection.entries} label="Echo log"></wsp-event-log>
      <details>
        <summary>What crossed the wire</summary>
        <wsp-trace-timeline .events=${connection.trace} label="Trace of the echo connection"></wsp-trace-timeline>
      </details>
    `;
  }

  /** While it reconnects by itself, "connecting" says which attempt it waits for or makes. */
  #statusText(): typeof STATUS_TEXT {
    const reconnecting = this.#connection.reconnecting;
    if (!reconnecting) return STATUS_TEXT;
    return {
      ...STATUS_TEXT,
      connecting: `reconnecting (attempt ${reconnecting.attempt} of ${reconnecting.attempts})…`,
    };
  }

  #sendText(event: SubmitEvent): void {
    event.preventDefault();
    this.#connection.send(this.messageInput.value);
  }

  /** The same text as UTF-8 bytes in a binary frame: it comes back as bytes, not text. */
  #sendBinary(): void {
    this.#connection.send(new TextEncoder().encode(this.messageInput.value));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-echo-demo': WspEchoDemo;
  }
}
