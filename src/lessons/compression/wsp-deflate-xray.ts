import { css, html, nothing, type PropertyValues } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { FocusKeeper } from '../../components/focus-keeper.ts';
import { connectionStatusLine } from '../../components/connection-status.ts';
import { Side } from '../../protocol/index.ts';
import '../../components/wsp-mode-switch.ts';
import { ConnectionStatus, DeflateConnection } from './deflate-connection.ts';
import { DeflateMessages, type DeflateMessage } from './deflate-messages.ts';
import { DEFAULT_ACCEPT, NO_TAKEOVER, ServerAnswer, deflateTarget } from './deflate-target.ts';
import { deflateDemoStyles } from './styles.ts';
import { way } from './message-text.ts';
import { bytesText } from './wire-size.ts';
import './wsp-xray-drawing.ts';
import { PagePart } from '../../components/page-part.ts';

/** A message with keys and values that repeat, as JSON feeds do. */
export const XRAY_SAMPLE = JSON.stringify({
  type: 'quote',
  symbol: 'ACME',
  exchange: 'XETRA',
  bid: { price: 101.25, size: 300 },
  ask: { price: 101.3, size: 500 },
  currency: 'EUR',
});

/**
 * The X-ray: send JSON over `/deflate`, with context takeover on or off,
 * and read any compressed message's DEFLATE stream part by part, decoded by
 * the lesson's own decoder from the bytes in the trace (in Live mode, the
 * bytes your browser and the server really sent). Sending the same message
 * twice with takeover on shows the second made almost entirely of a copy
 * from the first.
 */
@customElement('wsp-deflate-xray')
export class WspDeflateXray extends PagePart {
  static override styles = [
    deflateDemoStyles,
    css`
      .messages {
        max-height: 12rem;
        overflow: auto;
        border: 1px solid var(--wsp-border, #d5d9e2);
        border-radius: var(--wsp-radius, 6px);
      }
      .messages td,
      .messages th {
        white-space: nowrap;
      }
      tr[aria-selected='true'] {
        background: var(--wsp-hover, #eef1f6);
        font-weight: 600;
      }
    `,
  ];

  /** Keeps a keyboard reader's focus in the demo when the control they pressed is disabled. */
  readonly focusKeeper = new FocusKeeper(this);

  readonly #connection = new DeflateConnection(this);
  readonly #messages = new DeflateMessages();
  @state() private takeover = true;
  /** The message the reader picked (its number), or undefined to follow the newest the browser sent. */
  @state() private picked: number | undefined;
  @query('#json') private jsonInput!: HTMLTextAreaElement;

  get target(): string {
    return deflateTarget(ServerAnswer.accept, this.takeover ? DEFAULT_ACCEPT : NO_TAKEOVER);
  }

  protected override willUpdate(_changed: PropertyValues): void {
    this.#messages.update(this.#connection.trace);
  }

  protected override render() {
    const connection = this.#connection;
    const messages = this.#messages.messages;
    const shown = this.#shown(messages);
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      <div class="row">
        <label class="choice"
          ><input
            type="checkbox"
            id="takeover"
            .checked=${this.takeover}
            @change=${(event: Event) => (this.takeover = (event.target as HTMLInputElement).checked)}
          />Context takeover: each side keeps its window from one message to the next</label
        >
        <button id="connect" ?disabled=${connection.status === ConnectionStatus.connecting} @click=${this.#connect}>
          Connect
        </button>
      </div>
      ${connectionStatusLine(connection.status, connection.urlFor(this.target), connection.settings.mode)}
      <label for="json">Message</label>
      <textarea id="json" rows="3" spellcheck="false" .value=${XRAY_SAMPLE}></textarea>
      <div class="row">
        <button id="send" ?disabled=${!connection.isOpen} @click=${this.#send}>Send</button>
        <span class="hint">Send it twice, then compare the two messages the browser sent.</span>
      </div>
      ${messages.length === 0 ? nothing : this.#list(messages, shown)}
      ${
        shown
          ? html`<h3 id="xray-title">Message #${shown.number}, ${way(shown.from)}</h3>
              <wsp-xray-drawing .message=${shown}></wsp-xray-drawing>`
          : nothing
      }
    `;
  }

  #list(messages: readonly DeflateMessage[], shown: DeflateMessage | undefined) {
    return html`<div class="messages" tabindex="0" role="region" aria-label="The messages of the X-ray connection">
      <table id="messages">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Way</th>
            <th scope="col" class="num">Message</th>
            <th scope="col" class="num">Compressed</th>
          </tr>
        </thead>
        <tbody>
          ${messages.map(
            (message) =>
              html`<tr
                data-from=${message.from}
                data-number=${message.number}
                aria-selected=${message === shown ? 'true' : 'false'}
              >
                <td>
                  <button
                    class="secondary small"
                    id="pick-${message.number}"
                    aria-pressed=${message === shown ? 'true' : 'false'}
                    @click=${() => (this.picked = message.number)}
                  >
                    <span class="visually-hidden">X-ray message </span>${message.number}
                  </button>
                </td>
                <td class="way" data-from=${message.from}>${way(message.from)}</td>
                <td class="num">${message.data ? bytesText(message.data.length) : '?'}</td>
                <td class="num compressed">
                  ${message.compressed ? bytesText(message.payload.length) : 'not compressed'}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  /** The picked message, or the newest the browser sent. */
  #shown(messages: readonly DeflateMessage[]): DeflateMessage | undefined {
    const picked = messages.find((message) => message.number === this.picked);
    if (picked) return picked;
    const sent = messages.filter((message) => message.from === Side.client);
    return sent.at(-1) ?? messages.at(-1);
  }

  #connect(): void {
    this.picked = undefined;
    this.#connection.connect(this.target);
  }

  #send(): void {
    this.picked = undefined;
    this.#connection.send(this.jsonInput.value);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-deflate-xray': WspDeflateXray;
  }
}
