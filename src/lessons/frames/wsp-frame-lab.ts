import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { SettingsController } from '../../controllers/settings-controller.ts';
import { describeCloseCode, buildFrame, readReaction, fromHex, opcodeName, encodeUtf8 } from '../../protocol/index.ts';
import { ConnectionMode } from '../../transport/mode.ts';
import { sendToLab, type LabOutcome } from './frame-lab-run.ts';
import { spacedHex } from '../../components/frame-fields.ts';
import { controlStyles, demoCardStyles } from '../../components/styles/shared-styles.ts';
import '../../components/wsp-frame-bytes.ts';
import '../../components/wsp-mode-switch.ts';

/** The builder's fields, as the reader typed them. */
interface Draft {
  readonly fin: boolean;
  readonly rsv1: boolean;
  readonly rsv2: boolean;
  readonly rsv3: boolean;
  readonly opcode: number;
  readonly masked: boolean;
  readonly key: string;
  readonly payload: string;
  readonly payloadAs: 'text' | 'hex';
  readonly lengthForm: 'shortest' | '7' | '16' | '64';
  /** Empty: the payload's real length. */
  readonly declared: string;
}

/** The masking key of RFC 6455 §5.7's examples. */
const RFC_KEY = '37 fa 21 3d';

const HELLO: Draft = {
  fin: true,
  rsv1: false,
  rsv2: false,
  rsv3: false,
  opcode: 1,
  masked: true,
  key: RFC_KEY,
  payload: 'Hello',
  payloadAs: 'text',
  lengthForm: 'shortest',
  declared: '',
};

/** Ready-made frames, good and broken, each with what it tries. */
export const LAB_PRESETS: readonly { readonly id: string; readonly label: string; readonly draft: Draft }[] = [
  { id: 'hello', label: '“Hello”, masked (§5.7)', draft: HELLO },
  { id: 'ping', label: 'a ping', draft: { ...HELLO, opcode: 9, payload: 'are you there?' } },
  {
    id: 'close',
    label: 'close 1000 “bye”',
    draft: { ...HELLO, opcode: 8, payloadAs: 'hex', payload: '03 e8 62 79 65' },
  },
  { id: 'unmasked', label: 'unmasked', draft: { ...HELLO, masked: false } },
  { id: 'reserved-opcode', label: 'opcode 0x3', draft: { ...HELLO, opcode: 3 } },
  { id: 'long-ping', label: 'a ping of 126 bytes', draft: { ...HELLO, opcode: 9, payload: 'p'.repeat(126) } },
  {
    id: 'bad-utf8',
    label: 'text that is not UTF-8',
    draft: { ...HELLO, payloadAs: 'hex', payload: 'ce bb ed a0 80' },
  },
  { id: 'rsv1', label: 'RSV1 set', draft: { ...HELLO, rsv1: true } },
  { id: 'non-minimal', label: '16-bit length for 5 bytes', draft: { ...HELLO, lengthForm: '16' } },
  { id: 'short', label: 'claims 10 bytes, has 5', draft: { ...HELLO, declared: '10' } },
];

const OPCODES = Array.from({ length: 16 }, (_, code) => code);

function randomKey(): string {
  return spacedHex(crypto.getRandomValues(new Uint8Array(4)));
}

/** The draft's bytes, or a sentence saying which field is wrong. */
export function draftBytes(draft: Draft): { bytes: Uint8Array } | { problem: string } {
  let maskingKey: Uint8Array | null = null;
  if (draft.masked) {
    maskingKey = fromHex(draft.key);
    if (!maskingKey || maskingKey.length !== 4) {
      return { problem: 'The masking key must be 4 bytes of hex, like 37 fa 21 3d.' };
    }
  }
  const payload = draft.payloadAs === 'text' ? encodeUtf8(draft.payload) : fromHex(draft.payload);
  if (!payload) return { problem: 'The payload is not hex: write pairs of 0-9 and a-f, spaces allowed.' };
  let declaredLength: number | undefined;
  if (draft.declared.trim() !== '') {
    declaredLength = Number(draft.declared.trim());
    if (!Number.isSafeInteger(declaredLength) || declaredLength < 0) {
      return { problem: `The claimed length must be a whole number from 0 to 2^53 - 1, not “${draft.declared}”.` };
    }
  }
  try {
    const lengthForm = draft.lengthForm === 'shortest' ? 'shortest' : (Number(draft.lengthForm) as 7 | 16 | 64);
    return {
      bytes: buildFrame({ ...draft, maskingKey, payload, lengthForm, declaredLength }),
    };
  } catch (error) {
    if (error instanceof RangeError) return { problem: error.message };
    throw error;
  }
}

/**
 * The frame lab: build a frame field by field or paste its hex, read it in
 * the frame view, then send it to a server after a real handshake and see
 * what the server did: the frames it answered with, its close code, its own
 * error, and whether it closed TCP. Simulated mode asks the page's server
 * parser; Live mode a real ws server behind the live server's /frame-lab.
 */
@customElement('wsp-frame-lab')
export class WspFrameLab extends LitElement {
  static override styles = [
    controlStyles,
    demoCardStyles,
    css`
      :host {
        /* One column that may shrink below its content: wide tables scroll inside, not the page. */
        grid-template-columns: minmax(0, 1fr);
      }
      fieldset {
        border: 1px solid var(--wsp-border, #d5d9e2);
        border-radius: var(--wsp-radius, 6px);
        padding: 0.5rem 0.75rem 0.75rem;
        margin: 0;
        min-width: 0;
      }
      legend {
        font-weight: 600;
        padding: 0 0.25rem;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
      }
      .row + .row {
        margin-top: 0.5rem;
      }
      label.check {
        display: inline-flex;
        gap: 0.3rem;
        align-items: center;
      }
      .field {
        display: flex;
        flex-direction: column;
        gap: 0.2rem;
        min-width: 0;
      }
      .field.grow {
        flex: 1 1 14rem;
      }
      select,
      textarea {
        font: inherit;
        color: inherit;
        padding: 0.35em 0.5em;
        border-radius: var(--wsp-radius, 6px);
        border: 1px solid var(--wsp-border-strong, #8a93a6);
        background: var(--wsp-field, #fff);
        min-width: 0;
      }
      textarea {
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
        width: 100%;
        box-sizing: border-box;
        resize: vertical;
      }
      input.key {
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
        width: 9.5em;
      }
      input.declared {
        width: 7em;
      }
      .presets button {
        font-size: 0.85rem;
        padding: 0.2em 0.6em;
      }
      .problem {
        color: var(--wsp-error, #b42318);
        margin: 0;
      }
      .wire {
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
        overflow-wrap: anywhere;
        margin: 0;
      }
      .reaction {
        border-left: 4px solid var(--wsp-accent, #2456c7);
        padding: 0.25rem 0 0.25rem 0.75rem;
      }
      .reaction p {
        margin: 0.3rem 0;
      }
      .reaction .answer {
        margin-top: 0.5rem;
      }
      .hint {
        color: var(--wsp-muted, #5b6478);
        font-size: 0.85rem;
      }
      h3 {
        font-size: 1rem;
        margin: 0.25rem 0;
      }
    `,
  ];

  readonly #settings = new SettingsController(this);
  @state() private source: 'build' | 'hex' = 'build';
  @state() private draft: Draft = HELLO;
  @state() private hex = '';
  @state() private outcome: (LabOutcome & { readonly mode: ConnectionMode; readonly sent: number }) | undefined;
  @state() private pending = false;

  /** The bytes the lab would send now, or why there are none. */
  get current(): { bytes: Uint8Array } | { problem: string } {
    if (this.source === 'build') return draftBytes(this.draft);
    if (this.hex.trim() === '')
      return { problem: 'Type or paste the hex of a frame, like 81 85 37 fa 21 3d 7f 9f 4d 51 58.' };
    const bytes = fromHex(this.hex);
    return bytes ? { bytes } : { problem: 'That is not hex: write pairs of 0-9 and a-f, spaces allowed.' };
  }

  protected override render() {
    const current = this.current;
    const bytes = 'bytes' in current ? current.bytes : undefined;
    const live = this.#settings.settings.mode === ConnectionMode.live;
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      <fieldset>
        <legend>Start from</legend>
        <div class="row presets" role="group" aria-label="Ready-made frames">
          ${LAB_PRESETS.map(
            (preset) =>
              html`<button class="secondary" id="preset-${preset.id}" @click=${() => this.#usePreset(preset.draft)}>
                ${preset.label}
              </button>`,
          )}
        </div>
      </fieldset>
      <fieldset>
        <legend>Write the frame</legend>
        <div class="row" role="radiogroup" aria-label="How to write the frame">
          <label class="check"
            ><input
              type="radio"
              name="source"
              value="build"
              .checked=${this.source === 'build'}
              @change=${() => (this.source = 'build')}
            />Field by field</label
          >
          <label class="check"
            ><input
              type="radio"
              name="source"
              value="hex"
              id="source-hex"
              .checked=${this.source === 'hex'}
              @change=${this.#toHex}
            />Paste hex</label
          >
        </div>
        ${this.source === 'build' ? this.#builder() : this.#hexEditor()}
      </fieldset>
      ${
        'problem' in current
          ? html`<p class="problem" id="problem" role="alert">${current.problem}</p>`
          : html`<p class="wire" id="wire">
                <span class="hint">Bytes: </span
                >${spacedHex(current.bytes.subarray(0, 64))}${current.bytes.length > 64 ? ` … ${current.bytes.length - 64} more bytes` : ''}
              </p>
              <wsp-frame-bytes .bytes=${current.bytes} label="Your frame"></wsp-frame-bytes>`
      }
      <div class="row">
        <button id="send" ?disabled=${!bytes || this.pending} @click=${() => bytes && this.#send(bytes)}>
          Send to the ${live ? 'live ws server' : 'simulated server'}
        </button>
        <span class="hint"
          >${live ? 'After a real handshake, over a real TCP connection.' : 'The server parser running in this page.'}</span
        >
      </div>
      <div id="reaction" role="status" aria-live="polite">${this.#reaction()}</div>
    `;
  }

  #builder() {
    const draft = this.draft;
    const check = (name: 'fin' | 'rsv1' | 'rsv2' | 'rsv3' | 'masked', label: string) =>
      html`<label class="check"
        ><input
          type="checkbox"
          id="field-${name}"
          .checked=${draft[name]}
          @change=${(event: Event) => this.#edit({ [name]: (event.target as HTMLInputElement).checked })}
        />${label}</label
      >`;
    return html`<div class="row">
        ${check('fin', 'FIN')} ${check('rsv1', 'RSV1')} ${check('rsv2', 'RSV2')} ${check('rsv3', 'RSV3')}
        <span class="field">
          <label for="field-opcode">opcode</label>
          <select
            id="field-opcode"
            @change=${(event: Event) => this.#edit({ opcode: Number((event.target as HTMLSelectElement).value) })}
          >
            ${OPCODES.map(
              (code) =>
                html`<option value=${code} ?selected=${code === draft.opcode}>
                  0x${code.toString(16)} ${opcodeName(code)}
                </option>`,
            )}
          </select>
        </span>
      </div>
      <div class="row">
        ${check('masked', 'MASK')}
        <span class="field">
          <label for="field-key">masking key (hex)</label>
          <input
            id="field-key"
            class="key"
            type="text"
            spellcheck="false"
            autocomplete="off"
            .value=${draft.key}
            ?disabled=${!draft.masked}
            @input=${(event: Event) => this.#edit({ key: (event.target as HTMLInputElement).value })}
          />
        </span>
        <button
          class="secondary"
          id="new-key"
          ?disabled=${!draft.masked}
          @click=${() => this.#edit({ key: randomKey() })}
        >
          New random key
        </button>
      </div>
      <div class="row">
        <span class="field">
          <label for="field-length-form">length form</label>
          <select
            id="field-length-form"
            @change=${(event: Event) =>
              this.#edit({ lengthForm: (event.target as HTMLSelectElement).value as Draft['lengthForm'] })}
          >
            ${(
              [
                ['shortest', 'shortest (as §5.2 requires)'],
                ['7', '7-bit'],
                ['16', '16-bit (126 + 2 bytes)'],
                ['64', '64-bit (127 + 8 bytes)'],
              ] as const
            ).map(
              ([value, text]) => html`<option value=${value} ?selected=${draft.lengthForm === value}>${text}</option>`,
            )}
          </select>
        </span>
        <span class="field">
          <label for="field-declared">claimed length</label>
          <input
            id="field-declared"
            class="declared"
            type="text"
            inputmode="numeric"
            placeholder="real"
            autocomplete="off"
            .value=${draft.declared}
            @input=${(event: Event) => this.#edit({ declared: (event.target as HTMLInputElement).value })}
          />
        </span>
      </div>
      <div class="row">
        <span class="field grow">
          <label for="field-payload">payload</label>
          <textarea
            id="field-payload"
            rows="2"
            spellcheck="false"
            .value=${draft.payload}
            @input=${(event: Event) => this.#edit({ payload: (event.target as HTMLTextAreaElement).value })}
          ></textarea>
        </span>
        <span class="field">
          <label for="field-payload-as">payload is</label>
          <select
            id="field-payload-as"
            @change=${(event: Event) =>
              this.#edit({ payloadAs: (event.target as HTMLSelectElement).value as Draft['payloadAs'] })}
          >
            <option value="text" ?selected=${draft.payloadAs === 'text'}>text (UTF-8)</option>
            <option value="hex" ?selected=${draft.payloadAs === 'hex'}>hex bytes</option>
          </select>
        </span>
      </div>
      <p class="hint">The payload is written unmasked; with MASK on, the lab masks it with the key (§5.3).</p>`;
  }

  #hexEditor() {
    return html`<div class="field">
      <label for="hex">The frame's bytes in hex (spaces allowed)</label>
      <textarea
        id="hex"
        rows="3"
        spellcheck="false"
        .value=${this.hex}
        @input=${(event: Event) => (this.hex = (event.target as HTMLTextAreaElement).value)}
      ></textarea>
    </div>`;
  }

  #reaction() {
    const outcome = this.outcome;
    if (this.pending) return html`<p>Sending…</p>`;
    if (!outcome) return nothing;
    if (!outcome.ok) return html`<p class="problem" id="lab-problem">${outcome.message}</p>`;
    const { answer } = outcome;
    const reaction = readReaction(answer.received);
    const close = reaction.close;
    const closeName = close ? describeCloseCode(close.code)?.name : undefined;
    return html`<div class="reaction">
      <h3>What ${answer.server} did with your ${outcome.sent} bytes</h3>
      ${
        reaction.frames.length === 0
          ? html`<p id="silence">
              It sent nothing back${answer.waitedMs > 0 ? ` within ${answer.waitedMs} ms` : ''}. A server answers only a
              whole frame: an incomplete one leaves it waiting for the rest, a frame with FIN 0 waits for its
              continuation, and a pong needs no answer.
            </p>`
          : html`<p id="answered">
              It answered with ${reaction.frames.map(({ frame }) => opcodeName(frame.opcode)).join(', ')}
              (${reaction.frames.length} frame${reaction.frames.length === 1 ? '' : 's'}, unmasked as a server's must
              be).
            </p>`
      }
      ${
        close
          ? html`<p id="close">
              It sent a close frame: code
              <strong id="close-code">${close.code}</strong>${closeName ? ` (${closeName})` : ''},
              ${close.reason ? html`reason “${close.reason}”` : 'no reason'}.
            </p>`
          : nothing
      }
      ${
        answer.serverError
          ? html`<p id="server-error">
              Its own error: <code>${answer.serverError.code}</code>: ${answer.serverError.message}
            </p>`
          : nothing
      }
      ${reaction.problem ? html`<p class="problem">Its bytes could not all be read: ${reaction.problem}</p>` : nothing}
      <p id="tcp">
        ${
          answer.closedTcp
            ? 'Then it closed the TCP connection.'
            : 'The TCP connection stayed open; the lab hung up after watching.'
        }
      </p>
      ${reaction.frames.slice(0, 4).map(
        ({ bytes, frame }, index) =>
          html`<div class="answer">
            <wsp-frame-bytes
              .bytes=${bytes}
              label="Answer ${index + 1} (${opcodeName(frame.opcode)})"
            ></wsp-frame-bytes>
          </div>`,
      )}
    </div>`;
  }

  #edit(change: Partial<Draft>): void {
    this.draft = { ...this.draft, ...change };
  }

  #usePreset(draft: Draft): void {
    this.source = 'build';
    this.draft = draft;
    this.outcome = undefined;
  }

  /** Switching to hex starts from the frame built so far. */
  #toHex(): void {
    const built = draftBytes(this.draft);
    if ('bytes' in built) this.hex = spacedHex(built.bytes);
    this.source = 'hex';
  }

  async #send(bytes: Uint8Array): Promise<void> {
    const { mode, serverUrl } = this.#settings.settings;
    this.pending = true;
    try {
      const outcome = await sendToLab(bytes, mode, serverUrl);
      this.outcome = { ...outcome, mode, sent: bytes.length };
    } finally {
      this.pending = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-frame-lab': WspFrameLab;
  }
}
