import { css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import {
  describeCloseCode,
  FrameError,
  decodeFrame,
  FramePart,
  frameLayout,
  type FrameLayout,
  opcodeName,
} from '../protocol/index.ts';
import { PART_MARKS, describeFields, type DeflateContext, type MessageContext } from './frame-fields.ts';
import { controlStyles } from './styles/shared-styles.ts';
import { PagePart } from './page-part.ts';
import { groupDigits } from '../protocol/group-digits.ts';

/** Bytes per grid row: 8 fit a 360 px phone. */
const COLUMNS = 8;

function plural(count: number, word: string): string {
  return `${groupDigits(count)} ${word}${count === 1 ? '' : 's'}`;
}

/** What the bytes are, in one sentence: a valid frame, a broken one, or not yet a whole one. */
function verdict(bytes: Uint8Array, layout: FrameLayout, allowRsv1: boolean): { ok: boolean; text: string } {
  let decoded;
  try {
    decoded = decodeFrame(bytes, { allowRsv1 });
  } catch (error) {
    if (!(error instanceof FrameError)) throw error;
    const name = describeCloseCode(error.closeCode)?.name ?? '';
    return {
      ok: false,
      text: `Not a valid frame: ${error.message} A server fails the connection with close code ${error.closeCode} (${name}).`,
    };
  }
  if (!decoded) {
    return {
      ok: false,
      text: `Incomplete: the header announces ${plural(layout.missing, 'more byte')} than are here.`,
    };
  }
  const { frame, size } = decoded;
  const parts = [
    `A ${frame.rsv1 ? 'compressed ' : ''}${opcodeName(frame.opcode)} frame${frame.fin ? '' : ' (not the last of its message)'}`,
    `${plural(size, 'byte')}: ${frame.headerLength} of header, ${plural(frame.payloadLength, 'byte')} of payload`,
    frame.masked ? 'masked' : 'not masked',
  ];
  const extra = size < bytes.length ? ` Then ${plural(bytes.length - size, 'more byte')} after it.` : '';
  return { ok: true, text: `${parts.join(', ')}.${extra}` };
}

/**
 * One frame's bytes as a grid, every field marked and explained (RFC 6455
 * §5.2): FIN, RSV1–3, opcode, MASK, the payload length in its 7, 16 or 64-bit
 * form, the masking key, the payload as sent and unmasked. Broken and partial
 * frames are laid out as far as their bytes go, with the error a server would
 * answer. Long frames show their first `maxCells` bytes only.
 *
 * @cssprop --wsp-frame-flags - background of byte 0 (FIN, RSV, opcode)
 * @cssprop --wsp-frame-length - background of byte 1 and the extended length
 * @cssprop --wsp-frame-key - background of the masking key
 * @cssprop --wsp-frame-payload - background of the payload
 */
@customElement('wsp-frame-bytes')
export class WspFrameBytes extends PagePart {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
        min-width: 0;
        font-size: 0.9rem;
      }
      .verdict {
        margin: 0 0 0.5rem;
        padding: 0.4rem 0.6rem;
        border-radius: var(--wsp-radius, 6px);
        border-left: 4px solid var(--wsp-received, #1d7437);
        background: var(--wsp-code-bg, #f6f7f9);
      }
      .verdict[data-ok='false'] {
        border-left-color: var(--wsp-error, #b42318);
      }
      .scroller {
        /* Contains its absolutely placed visually-hidden text, so that text cannot widen the page. */
        position: relative;
        overflow: auto;
        max-width: 100%;
        border: 1px solid var(--wsp-border, #d5d9e2);
        border-radius: var(--wsp-radius, 6px);
        background: var(--wsp-surface, #fff);
      }
      .scroller + .scroller,
      .legend + .scroller {
        margin-top: 0.5rem;
      }
      table {
        border-collapse: collapse;
      }
      caption {
        text-align: left;
        font-weight: 600;
        padding: 0.4rem 0.6rem;
      }
      .grid th,
      .grid td {
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
        text-align: center;
        padding: 0.15rem 0.1rem;
        min-width: 1.75rem;
      }
      .grid thead th,
      .grid tbody th {
        color: var(--wsp-muted, #5b6478);
        font-weight: 400;
        font-size: 0.75rem;
      }
      .grid td {
        border: 2px solid var(--wsp-surface, #fff);
        line-height: 1.15;
      }
      .grid .hex {
        display: block;
        font-size: 0.95rem;
      }
      .grid .mark {
        display: block;
        font-size: 0.62rem;
        color: var(--wsp-muted, #5b6478);
      }
      [data-part='flags'] {
        background: var(--wsp-frame-flags, #dbe6ff);
      }
      [data-part='mask-length'],
      [data-part='extended-length'] {
        background: var(--wsp-frame-length, #ffe6c2);
      }
      [data-part='masking-key'] {
        background: var(--wsp-frame-key, #f1dcfa);
      }
      [data-part='payload'] {
        background: var(--wsp-frame-payload, #dcf2e2);
      }
      [data-part='extra'] {
        background: var(--wsp-frame-extra, #eceef2);
      }
      /* The border style tells the parts apart too: colour is never the only signal. */
      td[data-part='masking-key'] {
        border-style: dashed;
        border-color: var(--wsp-border-strong, #8a93a6);
      }
      td[data-part='extra'] {
        border-style: dotted;
        border-color: var(--wsp-border-strong, #8a93a6);
      }
      .more {
        margin: 0;
        padding: 0.3rem 0.6rem 0.5rem;
        color: var(--wsp-muted, #5b6478);
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1rem;
        list-style: none;
        padding: 0;
        margin: 0.5rem 0 0;
        font-size: 0.8rem;
      }
      .legend li {
        display: flex;
        gap: 0.35rem;
        align-items: baseline;
      }
      .legend .swatch {
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
        padding: 0 0.3rem;
        border-radius: 3px;
      }
      .fields {
        width: 100%;
        /* Fixed columns share a phone's width instead of growing past it. */
        table-layout: fixed;
      }
      .fields col.field {
        width: 28%;
      }
      .fields col.wire {
        width: 26%;
      }
      .fields th,
      .fields td {
        text-align: left;
        vertical-align: top;
        padding: 0.3rem 0.5rem;
        border-top: 1px solid var(--wsp-border, #d5d9e2);
      }
      .fields thead th {
        color: var(--wsp-muted, #5b6478);
        font-weight: 600;
        font-size: 0.8rem;
      }
      .fields tbody th {
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      .where {
        display: block;
        font-weight: 400;
        font-size: 0.75rem;
        color: var(--wsp-muted, #5b6478);
      }
      .wire {
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
        overflow-wrap: anywhere;
      }
      .value {
        font-weight: 600;
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
        overflow-wrap: anywhere;
      }
      .meaning p {
        margin: 0;
        /* A payload quoted as text may hold no space (60 "a"s): it breaks inside its cell, never past the table. */
        overflow-wrap: anywhere;
      }
      .empty {
        color: var(--wsp-muted, #5b6478);
        margin: 0;
      }
    `,
  ];

  /** The frame exactly as on the wire (header, masking key, payload). Bytes after the frame are shown as extra. */
  @property({ attribute: false }) bytes: Uint8Array | undefined;

  /** Names the frame: the grid's caption starts with it. */
  @property() label = 'Frame';

  /**
   * What the frames before this one tell about its message (`messageContextAt`):
   * lets a continuation frame's payload be read as part of a text message.
   */
  @property({ attribute: false }) messageContext: MessageContext | undefined;

  /**
   * Given when permessage-deflate was agreed on the frame's connection: RSV1
   * may then mark a compressed message (RFC 7692 §6), whose payload is read
   * as DEFLATE data, not text.
   */
  @property({ attribute: false }) deflate: DeflateContext | undefined;

  /** Most bytes the grid shows; the rest are counted, never rendered. */
  @property({ type: Number, attribute: 'max-cells' }) maxCells = 64;

  protected override render() {
    const bytes = this.bytes;
    if (!bytes || bytes.length === 0) {
      return html`<p class="empty">No frame to show yet.</p>`;
    }
    const layout = frameLayout(bytes);
    const { ok, text } = verdict(bytes, layout, this.deflate !== undefined);
    return html`<p class="verdict" data-ok=${ok ? 'true' : 'false'} role="status" aria-live="polite">${text}</p>
      ${this.#grid(bytes, layout)}
      <ul class="legend" aria-label="What the marks in the grid mean">
        ${layout.parts.map(({ part }, index, all) =>
          all.findIndex((other) => other.part === part) === index
            ? html`<li>
                <span class="swatch" data-part=${part}>${PART_MARKS[part].mark}</span>${PART_MARKS[part].legend}
              </li>`
            : nothing,
        )}
      </ul>
      ${this.#fields(bytes, layout)}`;
  }

  #grid(bytes: Uint8Array, layout: FrameLayout) {
    const shown = Math.min(bytes.length, Math.max(COLUMNS, this.maxCells));
    const partOf = (index: number): FramePart =>
      layout.parts.find(({ start, end }) => index >= start && index < end)?.part ?? FramePart.extra;
    const rows: number[] = [];
    for (let offset = 0; offset < shown; offset += COLUMNS) rows.push(offset);
    const hidden = bytes.length - shown;
    return html`<div class="scroller" tabindex="0" role="region" aria-label="${this.label}: the bytes">
      <table class="grid" part="grid">
        <caption>
          ${this.label}: ${plural(bytes.length, 'byte')}
        </caption>
        <thead>
          <tr>
            <th scope="col">offset</th>
            ${Array.from({ length: COLUMNS }, (_, column) => html`<th scope="col">+${column}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (offset) =>
              html`<tr>
                <th scope="row">${offset}</th>
                ${Array.from({ length: COLUMNS }, (_, column) => {
                  const index = offset + column;
                  if (index >= shown) return html`<td></td>`;
                  const part = partOf(index);
                  const byte = bytes[index]!;
                  return html`<td data-part=${part} data-index=${index} title=${PART_MARKS[part].legend}>
                    <span class="hex">${byte.toString(16).padStart(2, '0')}</span
                    ><span class="mark">${PART_MARKS[part].mark}</span>
                  </td>`;
                })}
              </tr>`,
          )}
        </tbody>
      </table>
      ${hidden > 0 ? html`<p class="more" id="more">… ${plural(hidden, 'more byte')}, not shown.</p>` : nothing}
    </div>`;
  }

  #fields(bytes: Uint8Array, layout: FrameLayout) {
    const rows = describeFields(bytes, layout, 16, this.messageContext, this.deflate);
    return html`<div class="scroller" tabindex="0" role="region" aria-label="${this.label}: the fields">
      <table class="fields" part="fields">
        <colgroup>
          <col class="field" />
          <col class="wire" />
          <col />
        </colgroup>
        <caption>
          ${this.label}: every field
        </caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">On the wire</th>
            <th scope="col">Value and meaning</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (row) =>
              html`<tr data-field=${row.id}>
                <th scope="row" data-part=${row.part}>${row.name}<span class="where">${row.where}</span></th>
                <td class="wire">${row.wire}</td>
                <td class="meaning">
                  ${row.value !== row.wire ? html`<span class="value">${row.value}</span>` : nothing}
                  <p>${row.meaning}</p>
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-frame-bytes': WspFrameBytes;
  }
}
