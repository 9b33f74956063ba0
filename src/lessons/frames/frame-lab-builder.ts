/**
 * The frame lab's builder: every field of a frame header (§5.2), the
 * masking key and the payload, as form controls. A render helper, so its
 * controls sit in the lab's own shadow root, under the lab's styles.
 */
import { html } from 'lit';
import { opcodeName } from '../../protocol/index.ts';
import { LengthChoice, PayloadAs, randomKey, type DraftFields } from './frame-lab-draft.ts';

/** Every value the 4-bit opcode can hold, reserved ones too: the lab lets the reader send them. */
const OPCODES = Array.from({ length: 16 }, (_, code) => code);

const LENGTH_CHOICES: readonly (readonly [LengthChoice, string])[] = [
  [LengthChoice.shortest, 'shortest (as §5.2 requires)'],
  [LengthChoice.bits7, '7-bit'],
  [LengthChoice.bits16, '16-bit (126 + 2 bytes)'],
  [LengthChoice.bits64, '64-bit (127 + 8 bytes)'],
];

type Flag = 'fin' | 'rsv1' | 'rsv2' | 'rsv3' | 'masked';

/** The fields as controls; each change goes to `edit`. */
export function renderBuilder(fields: DraftFields, edit: (change: Partial<DraftFields>) => void) {
  const check = (name: Flag, label: string) =>
    html`<label class="check"
      ><input
        type="checkbox"
        id="field-${name}"
        .checked=${fields[name]}
        @change=${(event: Event) => edit({ [name]: (event.target as HTMLInputElement).checked })}
      />${label}</label
    >`;
  return html`<div class="row">
      ${check('fin', 'FIN')} ${check('rsv1', 'RSV1')} ${check('rsv2', 'RSV2')} ${check('rsv3', 'RSV3')}
      <span class="field">
        <label for="field-opcode">opcode</label>
        <select
          id="field-opcode"
          @change=${(event: Event) => edit({ opcode: Number((event.target as HTMLSelectElement).value) })}
        >
          ${OPCODES.map(
            (code) =>
              html`<option value=${code} ?selected=${code === fields.opcode}>
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
          .value=${fields.key}
          ?disabled=${!fields.masked}
          @input=${(event: Event) => edit({ key: (event.target as HTMLInputElement).value })}
        />
      </span>
      <button class="secondary" id="new-key" ?disabled=${!fields.masked} @click=${() => edit({ key: randomKey() })}>
        New random key
      </button>
    </div>
    <div class="row">
      <span class="field">
        <label for="field-length-form">length form</label>
        <select
          id="field-length-form"
          @change=${(event: Event) => edit({ lengthForm: (event.target as HTMLSelectElement).value as LengthChoice })}
        >
          ${LENGTH_CHOICES.map(
            ([value, text]) => html`<option value=${value} ?selected=${fields.lengthForm === value}>${text}</option>`,
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
          .value=${fields.declared}
          @input=${(event: Event) => edit({ declared: (event.target as HTMLInputElement).value })}
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
          .value=${fields.payload}
          @input=${(event: Event) => edit({ payload: (event.target as HTMLTextAreaElement).value })}
        ></textarea>
      </span>
      <span class="field">
        <label for="field-payload-as">payload is</label>
        <select
          id="field-payload-as"
          @change=${(event: Event) => edit({ payloadAs: (event.target as HTMLSelectElement).value as PayloadAs })}
        >
          <option value=${PayloadAs.text} ?selected=${fields.payloadAs === PayloadAs.text}>text (UTF-8)</option>
          <option value=${PayloadAs.hex} ?selected=${fields.payloadAs === PayloadAs.hex}>hex bytes</option>
        </select>
      </span>
    </div>
    <p class="hint">The payload is written unmasked; with MASK on, the lab masks it with the key (§5.3).</p>`;
}
