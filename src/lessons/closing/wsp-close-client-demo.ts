import { html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { FocusKeeper } from '../../components/focus-keeper.ts';
import { MAX_CLOSE_REASON_BYTES, utf8Length } from '../../protocol/index.ts';
import { ClosingConnection } from './connection.ts';
import { closeArguments, closeCall, forecastClose } from './call.ts';
import { closingDemoStyles } from './styles.ts';
import { closingHandshakeViews } from './views.ts';
import { connectionStatusLine } from '../../components/connection-status.ts';
import { controlStyles, demoCardStyles } from '../../components/styles/shared-styles.ts';
import './wsp-close-frames.ts';
import '../../components/wsp-event-log.ts';
import '../../components/wsp-mode-switch.ts';
import '../../components/wsp-sequence-diagram.ts';
import '../../components/wsp-trace-timeline.ts';
import { PagePart } from '../../components/page-part.ts';

const TARGET = '/echo';

/** Arguments worth trying, each teaching one rule. */
const PRESETS: readonly {
  readonly id: string;
  readonly label: string;
  readonly code: string;
  readonly reason: string;
}[] = [
  { id: 'normal', label: '1000, "bye"', code: '1000', reason: 'bye' },
  { id: 'private', label: '4000, "done reading"', code: '4000', reason: 'done reading' },
  { id: 'none', label: 'no arguments', code: '', reason: '' },
  { id: 'going-away', label: '1001', code: '1001', reason: 'leaving' },
  { id: 'long', label: 'a 124-byte reason', code: '1000', reason: 'é'.repeat(62) },
];

/**
 * The page closes the connection: the reader picks the code and reason of
 * `close()`, and sees either the exception the browser's rules throw or the
 * closing handshake on a sequence diagram with both close frames' bytes.
 * In Live mode the exception and the frames come from the reader's own
 * browser and the real server.
 */
@customElement('wsp-close-client-demo')
export class WspCloseClientDemo extends PagePart {
  static override styles = [controlStyles, demoCardStyles, closingDemoStyles];

  /** Keeps a keyboard reader's focus in the demo when the control they pressed is disabled. */
  readonly focusKeeper = new FocusKeeper(this);

  readonly #connection = new ClosingConnection(this);
  @state() private code = '4000';
  @state() private reason = 'done reading';

  protected override render() {
    const connection = this.#connection;
    const args = closeArguments(this.code, this.reason);
    const forecast = forecastClose(args);
    const bytes = utf8Length(this.reason);
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      ${connectionStatusLine(connection.status, connection.url ?? connection.urlFor(TARGET), connection.settings.mode)}
      <div class="row">
        <button id="connect" ?disabled=${!connection.canConnect} @click=${() => connection.connect(TARGET)}>
          1. Connect
        </button>
      </div>
      <form class="row" @submit=${this.#close}>
        <label class="field narrow"
          >Code
          <input
            id="code"
            type="text"
            inputmode="numeric"
            autocomplete="off"
            .value=${this.code}
            @input=${(event: Event) => (this.code = (event.target as HTMLInputElement).value)}
          />
        </label>
        <label class="field"
          >Reason
          <input
            id="reason"
            type="text"
            autocomplete="off"
            aria-describedby="reason-bytes"
            .value=${this.reason}
            @input=${(event: Event) => (this.reason = (event.target as HTMLInputElement).value)}
          />
        </label>
        <button id="close" type="submit" aria-describedby="forecast" ?disabled=${!connection.isOpen}>
          2. Call <code>${closeCall(args)}</code>
        </button>
      </form>
      <p class="hint under-form">
        The reason: <span id="reason-bytes">${bytes} of ${MAX_CLOSE_REASON_BYTES} bytes of UTF-8</span>
      </p>
      <div class="row" role="group" aria-label="Try these arguments">
        <span class="hint">Try:</span>
        ${PRESETS.map(
          (preset) =>
            html`<button
              type="button"
              class="secondary"
              data-preset=${preset.id}
              @click=${() => {
                this.code = preset.code;
                this.reason = preset.reason;
              }}
            >
              ${preset.label}
            </button>`,
        )}
      </div>
      <p class="hint" id="forecast" data-kind=${forecast.kind}>
        The browser’s rules:
        ${forecast.kind === 'ok' ? html`accepted. ` : html`throws <strong>${forecast.name}</strong>. `}${forecast.text}
      </p>
      ${closingHandshakeViews(connection, 'Connect, then call close(): the outcome appears here.')}
    `;
  }

  #close(event: SubmitEvent): void {
    event.preventDefault();
    this.#connection.close(closeArguments(this.code, this.reason));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-close-client-demo': WspCloseClientDemo;
  }
}
