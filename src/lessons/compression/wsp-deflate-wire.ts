import { html } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { FocusKeeper } from '../../components/focus-keeper.ts';
import { connectionStatusLine } from '../../components/connection-status.ts';
import { Side } from '../../protocol/index.ts';
import '../../components/wsp-event-log.ts';
import '../../components/wsp-mode-switch.ts';
import '../../components/wsp-trace-timeline.ts';
import { ConnectionStatus, DeflateConnection } from './deflate-connection.ts';
import { DEFAULT_ACCEPT, ServerAnswer, deflateTarget } from './deflate-target.ts';
import { deflateDemoStyles } from './styles.ts';
import './wsp-deflate-frames.ts';
import { PagePart } from '../../components/page-part.ts';
import { groupDigits } from '../../protocol/group-digits.ts';

/** The endpoint's own limit on the threshold (docs/endpoints.md). */
const MAX_THRESHOLD = 65_536;
export const DEFAULT_THRESHOLD = 16;
/** Under any sensible threshold: the server sends it as it is. */
export const SHORT_MESSAGE = 'Hi!';
/** Over it, and repetitive: the server compresses it. */
export const LONG_MESSAGE = JSON.stringify({
  type: 'chat',
  room: 'general',
  text: 'Compression pays off on messages that repeat themselves, and this one repeats itself.',
});

/**
 * On the wire: an echo over `/deflate` with the server's threshold. The
 * browser compresses everything it sends (Chromium always does); the server
 * sends a message under the threshold uncompressed, RSV1 clear, on the same
 * connection. Each frame opens with its payload, the tail and the inflated
 * message.
 */
@customElement('wsp-deflate-wire')
export class WspDeflateWire extends PagePart {
  static override styles = deflateDemoStyles;

  /** Keeps a keyboard reader's focus in the demo when the control they pressed is disabled. */
  readonly focusKeeper = new FocusKeeper(this);

  readonly #connection = new DeflateConnection(this);
  @state() private threshold = DEFAULT_THRESHOLD;
  /** What was wrong with the threshold the reader typed; empty when it was taken. */
  @state() private thresholdProblem = '';
  @query('#message') private messageInput!: HTMLInputElement;

  /** ws applies its threshold only when the server keeps no window between messages (server_no_context_takeover). */
  get target(): string {
    return deflateTarget(ServerAnswer.accept, {
      ...DEFAULT_ACCEPT,
      serverNoContextTakeover: true,
      threshold: this.threshold,
    });
  }

  protected override render() {
    const connection = this.#connection;
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      <div class="row">
        <label for="threshold">The server compresses messages of at least</label>
        <input
          id="threshold"
          type="number"
          min="0"
          max=${MAX_THRESHOLD}
          .value=${String(this.threshold)}
          aria-describedby="threshold-note"
          @change=${this.#setThreshold}
        />
        <span>bytes</span>
        <button
          id="connect"
          ?disabled=${connection.status === ConnectionStatus.connecting}
          @click=${() => connection.connect(this.target)}
        >
          Connect
        </button>
      </div>
      <p id="threshold-note" class="hint">
        ${
          this.thresholdProblem
            ? html`<span role="alert">${this.thresholdProblem}</span>`
            : 'A new threshold takes effect on the next connection: it is part of the URL.'
        }
      </p>
      ${connectionStatusLine(connection.status, connection.urlFor(this.target), connection.settings.mode)}
      <form class="row" @submit=${this.#sendTyped}>
        <label for="message">Message</label>
        <input id="message" type="text" autocomplete="off" .value=${LONG_MESSAGE} />
        <button id="send" type="submit" ?disabled=${!connection.isOpen}>Send</button>
      </form>
      <div class="row" role="group" aria-label="Send a prepared message">
        <button
          id="send-short"
          class="secondary"
          ?disabled=${!connection.isOpen}
          @click=${() => connection.send(SHORT_MESSAGE)}
        >
          Send “${SHORT_MESSAGE}” (${new TextEncoder().encode(SHORT_MESSAGE).length} bytes)
        </button>
        <button
          id="send-long"
          class="secondary"
          ?disabled=${!connection.isOpen}
          @click=${() => connection.send(LONG_MESSAGE)}
        >
          Send the long one (${new TextEncoder().encode(LONG_MESSAGE).length} bytes)
        </button>
      </div>
      <wsp-deflate-frames
        .events=${connection.trace}
        .follow=${Side.server}
        label="Frames of the echo"
      ></wsp-deflate-frames>
      <wsp-event-log .entries=${connection.entries} label="On the wire: what the page saw"></wsp-event-log>
      <details>
        <summary>Every event of the trace</summary>
        <wsp-trace-timeline .events=${connection.trace} label="Trace of the echo"></wsp-trace-timeline>
      </details>
    `;
  }

  /** Takes a whole number within the endpoint's range; anything else is refused, saying the range. */
  readonly #setThreshold = (event: Event): void => {
    const field = event.target as HTMLInputElement;
    const value = Number(field.value);
    if (field.value.trim() !== '' && Number.isInteger(value) && value >= 0 && value <= MAX_THRESHOLD) {
      this.threshold = value;
      this.thresholdProblem = '';
    } else {
      this.thresholdProblem = `${field.value || 'Nothing'} is not a whole number of bytes from 0 to ${groupDigits(MAX_THRESHOLD)}: still ${this.threshold}.`;
      field.value = String(this.threshold);
    }
  };

  #sendTyped(event: SubmitEvent): void {
    event.preventDefault();
    this.#connection.send(this.messageInput.value);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-deflate-wire': WspDeflateWire;
  }
}
