import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { describeCloseCode, closePayloadFields, toHex } from '../../protocol/index.ts';

/** Bytes as the reader reads them: `0f a0`. */
function spaced(bytes: Uint8Array): string {
  return toHex(bytes).replace(/(..)(?!$)/g, '$1 ');
}

/**
 * The body of one Close frame, unmasked, split into its two fields (§5.5.1):
 * the status code as two bytes in network byte order, with the arithmetic
 * that turns them into a number, then the reason as UTF-8. An empty body, a
 * 1-byte body or a reason that is not UTF-8 is shown with what a receiver
 * makes of it.
 */
@customElement('wsp-close-payload')
export class WspClosePayload extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    table {
      border-collapse: collapse;
      width: 100%;
    }
    caption {
      text-align: left;
      font-weight: 600;
      padding-bottom: 0.25rem;
    }
    th,
    td {
      border: 1px solid var(--wsp-border, #d5d9e2);
      padding: 0.3rem 0.5rem;
      text-align: left;
      vertical-align: top;
    }
    thead th {
      background: var(--wsp-code-bg, #f6f7f9);
    }
    .bytes {
      font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
      overflow-wrap: anywhere;
      min-width: 5.5rem;
      width: 40%;
    }
    .sub {
      display: block;
      font-weight: 400;
      font-size: 0.85em;
      color: var(--wsp-muted, #5b6478);
    }
    .note {
      margin: 0.25rem 0 0;
      color: var(--wsp-muted, #5b6478);
    }
    .problem {
      color: var(--wsp-error, #b42318);
    }
    code {
      font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
    }
  `;

  /** The Close frame's payload, already unmasked. */
  @property({ attribute: false }) payload: Uint8Array = new Uint8Array(0);
  /** The table's caption. */
  @property() label = 'The close frame’s payload';

  protected override render() {
    const fields = closePayloadFields(this.payload);
    if (this.payload.length === 0) {
      return html`<p class="note" data-empty>
        <strong>${this.label}:</strong> empty, 0 bytes. A close frame may carry no body at all; the receiver then
        reports code 1005, “No Status Received” (§7.1.5).
      </p>`;
    }
    const { codeBytes, code, reasonBytes, reason, verdict } = fields;
    const info = code === undefined ? undefined : describeCloseCode(code);
    return html`<table>
        <caption>
          ${this.label}: ${this.payload.length} bytes
        </caption>
        <thead>
          <tr>
            <th scope="col">Bytes</th>
            <th scope="col">Field</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          ${
            codeBytes && code !== undefined
              ? html`<tr data-field="code">
                  <td class="bytes">${spaced(codeBytes)}</td>
                  <th scope="row">Code <span class="sub">2 bytes, high byte first</span></th>
                  <td>
                    <strong>${code}</strong>${info ? html`, ${info.name}` : nothing}<br />
                    <code>0x${spaced(codeBytes).replace(' ', '')}</code> = ${codeBytes[0]} × 256 + ${codeBytes[1]}
                  </td>
                </tr>`
              : html`<tr data-field="code">
                  <td class="bytes">${spaced(this.payload)}</td>
                  <th scope="row">Status code</th>
                  <td class="problem">One byte is not a code: a body holds 0 bytes, or 2 and more.</td>
                </tr>`
          }
          ${
            codeBytes
              ? html`<tr data-field="reason">
                  <td class="bytes">${reasonBytes.length === 0 ? '(none)' : spaced(reasonBytes)}</td>
                  <th scope="row">Reason <span class="sub">UTF-8, ${reasonBytes.length} of 123 bytes</span></th>
                  <td>
                    ${
                      reasonBytes.length === 0
                        ? 'no reason'
                        : reason === null
                          ? html`<span class="problem">not valid UTF-8</span>`
                          : html`“${reason}”`
                    }
                  </td>
                </tr>`
              : nothing
          }
        </tbody>
      </table>
      ${
        verdict.ok
          ? nothing
          : html`<p class="note problem" data-problem>
              A receiver fails the connection with ${verdict.error.closeCode}: ${verdict.error.message}
            </p>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-close-payload': WspClosePayload;
  }
}
