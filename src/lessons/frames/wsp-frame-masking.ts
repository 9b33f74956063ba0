import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { frameLayout } from '../../protocol/index.ts';
import { groupDigits } from '../../protocol/group-digits.ts';

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}

function bits(byte: number): string {
  return byte.toString(2).padStart(8, '0');
}

/** A byte as a character when it is printable ASCII, for the "as text" row. */
function printable(byte: number): string {
  return byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '·';
}

/**
 * Masking made visible (RFC 6455 §5.3): for a masked frame, each payload byte
 * as sent, the key byte it was XORed with (byte i takes key byte i mod 4),
 * and the plain byte that XOR gives back. Shows the first `columns` bytes.
 *
 * @cssprop --wsp-frame-key - background of the key row
 */
@customElement('wsp-frame-masking')
export class WspFrameMasking extends LitElement {
  static override styles = css`
    :host {
      display: block;
      min-width: 0;
      font-size: 0.9rem;
    }
    .scroller {
      /* Contains its absolutely placed visually-hidden text, so that text cannot widen the page. */
      position: relative;
      overflow: auto;
      border: 1px solid var(--wsp-border, #d5d9e2);
      border-radius: var(--wsp-radius, 6px);
      background: var(--wsp-surface, #fff);
    }
    table {
      border-collapse: collapse;
    }
    caption {
      text-align: left;
      font-weight: 600;
      padding: 0.4rem 0.6rem;
    }
    th,
    td {
      padding: 0.2rem 0.35rem;
      text-align: center;
      font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
      border-top: 1px solid var(--wsp-border, #d5d9e2);
    }
    th[scope='row'] {
      text-align: left;
      font-family: inherit;
      font-weight: 600;
      white-space: nowrap;
    }
    thead th {
      color: var(--wsp-muted, #5b6478);
      font-weight: 400;
      font-size: 0.75rem;
    }
    tr.key td {
      background: var(--wsp-frame-key, #f1dcfa);
    }
    tr.plain td {
      background: var(--wsp-frame-payload, #dcf2e2);
      font-weight: 600;
    }
    .note,
    .worked {
      margin: 0.5rem 0 0;
    }
    .worked code {
      font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
      overflow-wrap: anywhere;
    }
  `;

  /** The frame as on the wire. */
  @property({ attribute: false }) bytes: Uint8Array | undefined;

  /** Payload bytes shown; the rest are counted. */
  @property({ type: Number }) columns = 16;

  protected override render() {
    const bytes = this.bytes;
    if (!bytes || bytes.length === 0) return html`<p class="note">Pick a frame the client sent to see its masking.</p>`;
    const layout = frameLayout(bytes);
    const key = layout.maskingKey;
    if (!layout.masked || !key || layout.headerLength === undefined) {
      return html`<p class="note" id="unmasked">
        This frame is not masked: a server never masks what it sends (§5.1). Pick a frame from the client to see its key
        at work.
      </p>`;
    }
    const masked = bytes.subarray(layout.headerLength, layout.headerLength + (layout.payloadLength ?? 0));
    if (masked.length === 0) {
      return html`<p class="note">
        This frame has a key (${[...key].map(hex).join(' ')}) but an empty payload: there is nothing to mask.
      </p>`;
    }
    const shown = masked.subarray(0, this.columns);
    const plain = Array.from(shown, (byte, i) => byte ^ key[i & 3]!);
    const first = shown[0]!;
    return html`<div class="scroller" tabindex="0" role="region" aria-label="Unmasking the payload">
        <table>
          <caption>
            Key ${[...key].map(hex).join(' ')}: payload byte i XOR key byte (i mod 4)
          </caption>
          <thead>
            <tr>
              <th scope="col">byte i</th>
              ${plain.map((_, i) => html`<th scope="col">${i}</th>`)}
            </tr>
          </thead>
          <tbody>
            <tr class="masked">
              <th scope="row">masked, on the wire</th>
              ${Array.from(shown, (byte) => html`<td>${hex(byte)}</td>`)}
            </tr>
            <tr class="key">
              <th scope="row">XOR key byte</th>
              ${plain.map((_, i) => html`<td>${hex(key[i & 3]!)}</td>`)}
            </tr>
            <tr class="plain">
              <th scope="row">= plain byte</th>
              ${plain.map((byte) => html`<td>${hex(byte)}</td>`)}
            </tr>
            <tr class="text">
              <th scope="row">as ASCII</th>
              ${plain.map((byte) => html`<td>${printable(byte)}</td>`)}
            </tr>
          </tbody>
        </table>
      </div>
      ${
        masked.length > shown.length
          ? html`<p class="note" id="more">
              … and ${groupDigits(masked.length - shown.length)} more payload bytes, unmasked the same way.
            </p>`
          : ''
      }
      <p class="worked" id="worked">
        Byte 0, bit by bit: <code>${bits(first)}</code> (${hex(first)}) XOR
        <code>${bits(key[0]!)}</code> (${hex(key[0]!)}) = <code>${bits(plain[0]!)}</code> (${hex(plain[0]!)}). XOR with
        the same key byte again gives back what was sent: masking and unmasking are one operation.
      </p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-frame-masking': WspFrameMasking;
  }
}
