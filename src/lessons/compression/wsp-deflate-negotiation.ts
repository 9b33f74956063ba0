import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { FocusKeeper } from '../../components/focus-keeper.ts';
import { connectionStatusLine } from '../../components/connection-status.ts';
import type { HandshakeRequestEvent, HandshakeResponseEvent } from '../../protocol/index.ts';
import { Side } from '../../protocol/index.ts';
import '../../components/wsp-mode-switch.ts';
import '../../components/wsp-trace-timeline.ts';
import { ConnectionStatus, DeflateConnection } from './deflate-connection.ts';
import { breakable } from './breakable.ts';
import { header } from './deflate-messages.ts';
import { DEFAULT_ACCEPT, ServerAnswer, WINDOW_BITS, deflateTarget, type AcceptParams } from './deflate-target.ts';
import { deflateDemoStyles } from './styles.ts';
import './wsp-deflate-frames.ts';
import './wsp-deflate-notes.ts';
import { PagePart } from '../../components/page-part.ts';

/** The message the demo sends once open, and again on request: short, and repeated, to show a window at work. */
export const NEGOTIATION_MESSAGE = 'Hello';
/** How long the demo waits for the connection to open before it gives up sending. */
const OPEN_WAIT_MS = 10_000;

const FLAGS = [
  ['serverNoContextTakeover', 'server_no_context_takeover'],
  ['clientNoContextTakeover', 'client_no_context_takeover'],
] as const;
const WINDOWS = [
  ['serverMaxWindowBits', 'server_max_window_bits'],
  ['clientMaxWindowBits', 'client_max_window_bits'],
] as const;

/**
 * Negotiation: the reader chooses what the server answers to the browser's
 * offer (accept with parameters, decline, or an extension never offered),
 * connects to `/deflate`, and sees the offer and the answer explained
 * parameter by parameter, what `ws.extensions` says, and the frames of a
 * "Hello" sent twice. The same in both connection modes.
 */
@customElement('wsp-deflate-negotiation')
export class WspDeflateNegotiation extends PagePart {
  static override styles = deflateDemoStyles;

  /** Keeps a keyboard reader's focus in the demo when the control they pressed is disabled. */
  readonly focusKeeper = new FocusKeeper(this);

  readonly #connection = new DeflateConnection(this);
  @state() private answer: ServerAnswer = ServerAnswer.accept;
  @state() private params: AcceptParams = DEFAULT_ACCEPT;
  #attempt = 0;

  get target(): string {
    return deflateTarget(this.answer, this.params);
  }

  protected override render() {
    const connection = this.#connection;
    const accept = this.answer === ServerAnswer.accept;
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      <fieldset>
        <legend>What the server answers</legend>
        ${this.#answerChoice(ServerAnswer.accept, 'Accept permessage-deflate, with these parameters:')}
        <div class="row" role="group" aria-label="The parameters of the answer">
          ${FLAGS.map(
            ([key, name]) =>
              html`<label class="choice"
                ><input
                  type="checkbox"
                  id=${name}
                  .checked=${this.params[key]}
                  ?disabled=${!accept}
                  @change=${(event: Event) =>
                    (this.params = { ...this.params, [key]: (event.target as HTMLInputElement).checked })}
                /><code>${breakable(name)}</code></label
              >`,
          )}
          ${WINDOWS.map(
            ([key, name]) =>
              html`<label class="choice"
                ><code>${breakable(name)}</code>
                <select
                  id=${name}
                  ?disabled=${!accept}
                  @change=${(event: Event) => {
                    const value = (event.target as HTMLSelectElement).value;
                    this.params = { ...this.params, [key]: value === '' ? undefined : Number(value) };
                  }}
                >
                  <option value="" ?selected=${this.params[key] === undefined}>not named</option>
                  ${WINDOW_BITS.map(
                    (bits) => html`<option value=${bits} ?selected=${this.params[key] === bits}>${bits}</option>`,
                  )}
                </select></label
              >`,
          )}
        </div>
        ${this.#answerChoice(ServerAnswer.decline, 'Decline: no Sec-WebSocket-Extensions in the 101')}
        ${this.#answerChoice(ServerAnswer.unoffered, 'Answer x-webkit-deflate-frame, which the browser never offered')}
      </fieldset>
      <div class="row">
        <button id="connect" ?disabled=${connection.status === ConnectionStatus.connecting} @click=${this.#connect}>
          Connect and send “${NEGOTIATION_MESSAGE}”
        </button>
        <button
          id="send-again"
          class="secondary"
          ?disabled=${!connection.isOpen}
          @click=${() => connection.send(NEGOTIATION_MESSAGE)}
        >
          Send it again
        </button>
      </div>
      ${connectionStatusLine(connection.status, connection.urlFor(this.target), connection.settings.mode)}
      ${connection.trace.length > 0 ? this.#handshake() : nothing}
    `;
  }

  #answerChoice(value: ServerAnswer, text: string) {
    return html`<label class="choice"
      ><input
        type="radio"
        name="answer"
        id="answer-${value}"
        .checked=${this.answer === value}
        @change=${() => (this.answer = value)}
      />${text}</label
    >`;
  }

  #handshake() {
    const connection = this.#connection;
    const trace = connection.trace;
    const request = trace.find((event): event is HandshakeRequestEvent => event.type === 'handshake-request');
    const response = trace.find((event): event is HandshakeResponseEvent => event.type === 'handshake-response');
    const offer = request && header(request.headers, 'Sec-WebSocket-Extensions');
    const answer = response && header(response.headers, 'Sec-WebSocket-Extensions');
    return html`<h3>The offer</h3>
      ${
        offer === undefined
          ? html`<p class="hint">${request ? 'The request offered no extension.' : 'Waiting for the request…'}</p>`
          : html`<wsp-deflate-notes
              id="offer"
              side="offer"
              label="Sec-WebSocket-Extensions:"
              .value=${offer}
            ></wsp-deflate-notes>`
      }
      <h3>The answer</h3>
      ${
        !response
          ? html`<p class="hint">Waiting for the server's answer…</p>`
          : answer !== undefined
            ? html`<wsp-deflate-notes
                id="answer"
                side="answer"
                label="HTTP ${response.status}, Sec-WebSocket-Extensions:"
                .value=${answer}
              ></wsp-deflate-notes>`
            : html`<p id="no-answer">
                HTTP ${response.status} ${response.reason}, with no Sec-WebSocket-Extensions:
                ${
                  response.status === 101
                    ? 'the server declined every extension, so nothing is compressed and RSV1 stays clear.'
                    : 'the server refused the handshake.'
                }
              </p>`
      }
      ${this.#outcome()}
      <h3>The frames</h3>
      <wsp-deflate-frames
        .events=${trace}
        .follow=${Side.client}
        label="Frames of the negotiation demo"
      ></wsp-deflate-frames>
      <details>
        <summary>Every event of the trace</summary>
        <wsp-trace-timeline .events=${trace} label="Trace of the negotiation"></wsp-trace-timeline>
      </details>`;
  }

  #outcome() {
    const connection = this.#connection;
    if (connection.extensions !== undefined) {
      return html`<p class="outcome" id="outcome" data-ok="true" role="status">
        Opened. <code>ws.extensions</code> is <code id="extensions">${JSON.stringify(connection.extensions)}</code>:
        ${connection.extensions === '' ? 'nothing was agreed.' : 'what the browser agreed to, as it reports it to the page.'}
      </p>`;
    }
    if (connection.status === ConnectionStatus.closed && connection.outcome) {
      const { code, wasClean } = connection.outcome;
      return html`<p class="outcome" id="outcome" data-ok="false" role="status">
        ${connection.error ? 'An error event, then ' : 'A '}close event with code
        <strong id="close-code">${code}</strong>, wasClean ${String(wasClean)}.
        <span id="failure">${connection.failure ?? 'Finding out why…'}</span>
      </p>`;
    }
    return nothing;
  }

  async #connect(): Promise<void> {
    const attempt = ++this.#attempt;
    this.#connection.connect(this.target);
    const opened = await this.#connection.until(() => this.#connection.isOpen, OPEN_WAIT_MS);
    if (opened && attempt === this.#attempt) this.#connection.send(NEGOTIATION_MESSAGE);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-deflate-negotiation': WspDeflateNegotiation;
  }
}
