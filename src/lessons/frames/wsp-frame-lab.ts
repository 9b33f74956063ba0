import { html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { SettingsController } from '../../controllers/settings-controller.ts';
import { ConnectionMode } from '../../transport/mode.ts';
import { FrameLabController } from './frame-lab-controller.ts';
import { renderBuilder } from './frame-lab-builder.ts';
import { DraftSource, FrameLabDraft, type DraftBytes, type DraftFields } from './frame-lab-draft.ts';
import { HELLO, LAB_PRESETS } from './frame-lab-presets.ts';
import { renderReaction } from './frame-lab-reaction.ts';
import { frameLabStyles } from './wsp-frame-lab.styles.ts';
import { spacedHex } from '../../components/frame-fields.ts';
import { controlStyles, demoCardStyles } from '../../components/styles/shared-styles.ts';
import '../../components/wsp-frame-bytes.ts';
import '../../components/wsp-mode-switch.ts';
import { PagePart } from '../../components/page-part.ts';

/** Bytes shown inline above the frame view; the rest are counted. */
const INLINE_BYTES = 64;

/**
 * The frame lab: build a frame field by field or paste its hex, read it in
 * the frame view, then send it to a server after a real handshake and see
 * what the server did: the frames it answered with, its close code, its own
 * error, and whether it closed TCP. Simulated mode asks the page's server
 * parser; Live mode a real ws server behind the live server's /frame-lab.
 */
@customElement('wsp-frame-lab')
export class WspFrameLab extends PagePart {
  static override styles = [controlStyles, demoCardStyles, frameLabStyles];

  readonly #settings = new SettingsController(this);
  readonly #lab = new FrameLabController(this, this.#settings.settings);
  @state() private draft = new FrameLabDraft(HELLO);

  /**
   * The frame being written. The last reaction was to the bytes then in the
   * editor: once they change, or are no frame at all, it goes.
   */
  #setDraft(next: FrameLabDraft): void {
    const hexOf = (draft: FrameLabDraft): string | undefined =>
      'bytes' in draft.bytes ? spacedHex(draft.bytes.bytes) : undefined;
    const before = hexOf(this.draft);
    this.draft = next;
    if (before === undefined || hexOf(next) !== before) this.#lab.clear();
  }

  /** The bytes the lab would send now, or why there are none. */
  get current(): DraftBytes {
    return this.draft.bytes;
  }

  protected override render() {
    const current = this.current;
    const bytes = 'bytes' in current ? current.bytes : undefined;
    const live = this.#settings.settings.mode === ConnectionMode.live;
    const source = this.draft.source;
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      <fieldset>
        <legend>Start from</legend>
        <div class="row presets" role="group" aria-label="Ready-made frames">
          ${LAB_PRESETS.map(
            (preset) =>
              html`<button class="secondary" id="preset-${preset.id}" @click=${() => this.#usePreset(preset.fields)}>
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
              value=${DraftSource.build}
              .checked=${source === DraftSource.build}
              @change=${() => this.#setDraft(this.draft.toBuilder())}
            />Field by field</label
          >
          <label class="check"
            ><input
              type="radio"
              name="source"
              value=${DraftSource.hex}
              id="source-hex"
              .checked=${source === DraftSource.hex}
              @change=${() => this.#setDraft(this.draft.toHex())}
            />Paste hex</label
          >
        </div>
        ${source === DraftSource.build ? renderBuilder(this.draft.fields, this.#edit) : this.#hexEditor()}
      </fieldset>
      ${
        'problem' in current
          ? html`<p class="problem" id="problem" role="alert">${current.problem}</p>`
          : html`<p class="wire" id="wire">
                <span class="hint">Bytes: </span
                >${spacedHex(current.bytes.subarray(0, INLINE_BYTES))}${current.bytes.length > INLINE_BYTES ? ` … ${current.bytes.length - INLINE_BYTES} more bytes` : ''}
              </p>
              <wsp-frame-bytes .bytes=${current.bytes} label="Your frame"></wsp-frame-bytes>`
      }
      <div class="row">
        <button id="send" ?disabled=${!bytes || this.#lab.pending} @click=${() => bytes && this.#lab.send(bytes)}>
          Send to the ${live ? 'live ws server' : 'simulated server'}
        </button>
        <span class="hint"
          >${live ? 'After a real handshake, over a real TCP connection.' : 'The server parser running in this page.'}</span
        >
      </div>
      <div id="reaction" role="status" aria-live="polite">${renderReaction(this.#lab.value, this.#lab.pending)}</div>
    `;
  }

  #hexEditor() {
    return html`<div class="field">
      <label for="hex">The frame's bytes in hex (spaces allowed)</label>
      <textarea
        id="hex"
        rows="3"
        spellcheck="false"
        .value=${this.draft.hex}
        @input=${(event: Event) => this.#setDraft(this.draft.withHex((event.target as HTMLTextAreaElement).value))}
      ></textarea>
    </div>`;
  }

  readonly #edit = (change: Partial<DraftFields>): void => {
    this.#setDraft(this.draft.edit(change));
  };

  #usePreset(fields: DraftFields): void {
    this.#setDraft(this.draft.usePreset(fields));
    this.#lab.clear();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-frame-lab': WspFrameLab;
  }
}
