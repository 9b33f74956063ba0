import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { toHex, opcodeName, type Frame } from '../protocol/index.ts';
import type { PageTraceEvent } from '../transport/trace-stream.ts';
import { controlStyles } from './styles/shared-styles.ts';
import { wireTableStyles } from './styles/table-styles.ts';
import { direction, kind, payloadPreview, sender, summary } from './trace-summary.ts';

function lengthForm(frame: Frame): string {
  if (frame.payloadLength < 126) return '7-bit length';
  return frame.payloadLength < 0x10000 ? '16-bit extended length (126)' : '64-bit extended length (127)';
}

function spacedHex(bytes: Uint8Array): string {
  return toHex(bytes).replace(/(..)(?!$)/g, '$1 ');
}

/**
 * The trace of one connection as a table: when, which way, what, and a line
 * about it. A frame row opens to its decoded header fields.
 *
 * @cssprop --wsp-trace-height - the table's height before it scrolls
 */
@customElement('wsp-trace-timeline')
export class WspTraceTimeline extends LitElement {
  static override styles = [
    controlStyles,
    wireTableStyles,
    css`
      :host {
        display: block;
      }
      .scroller {
        max-height: var(--wsp-trace-height, 22rem);
        overflow: auto;
        /* The containing block of the rows' visually hidden text: without it each one sits outside the box, far down the page. */
        position: relative;
        background: var(--wsp-surface, #fff);
      }
      th,
      td {
        padding: 0.25rem 0.6rem;
        vertical-align: top;
      }
      th {
        font-weight: 600;
        color: var(--wsp-muted, #5b6478);
        position: sticky;
        top: 0;
        background: var(--wsp-surface, #fff);
      }
      .at {
        text-align: right;
        white-space: nowrap;
        font-variant-numeric: tabular-nums;
      }
      .way {
        white-space: nowrap;
      }
      .summary {
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
        overflow-wrap: anywhere;
      }
      button.toggle {
        padding: 0 0.4em;
        font-size: 0.8rem;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.15rem 1rem;
        margin: 0.25rem 0 0.5rem;
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
      }
      dt {
        color: var(--wsp-muted, #5b6478);
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      .empty {
        padding: 0.6rem;
      }
    `,
  ];

  /** The events to show, in order. */
  @property({ attribute: false }) events: readonly PageTraceEvent[] = [];

  /** The table's caption. */
  @property() label = 'Trace';

  @state() private open = new Set<number>();

  protected override render() {
    return html`<div class="scroller" tabindex="0" role="region" aria-label=${this.label}>
      <table>
        <caption>
          ${this.label}
        </caption>
        <thead>
          <tr>
            <th scope="col" class="at">ms</th>
            <th scope="col">Way</th>
            <th scope="col">What</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody aria-live="polite" aria-relevant="additions">
          ${this.events.map((event, index) => this.#row(event, index))}
        </tbody>
      </table>
      ${this.events.length === 0 ? html`<p class="empty">Nothing on the wire yet. Connect to start.</p>` : nothing}
    </div>`;
  }

  #row(event: PageTraceEvent, index: number) {
    const from = sender(event);
    const expanded = this.open.has(index);
    return html`<tr data-from=${from}>
        <td class="at">${event.at}</td>
        <td class="way">${direction(event)}</td>
        <td>
          ${kind(event)}
          ${
            event.type === 'frame' || event.type === 'handshake-request' || event.type === 'handshake-response'
              ? html`<button
                  class="toggle secondary"
                  aria-expanded=${expanded ? 'true' : 'false'}
                  @click=${() => this.#toggle(index)}
                >
                  ${expanded ? 'hide' : 'show'}<span class="visually-hidden"> details</span>
                </button>`
              : nothing
          }
        </td>
        <td class="summary">${summary(event)}</td>
      </tr>
      ${
        expanded
          ? html`<tr class="details">
              <td></td>
              <td colspan="3">${this.#details(event)}</td>
            </tr>`
          : nothing
      }`;
  }

  #details(event: PageTraceEvent) {
    if (event.type === 'handshake-request' || event.type === 'handshake-response') {
      return html`<dl>
        ${event.headers.map(
          ([name, value]) =>
            html`<dt>${name}</dt>
              <dd>${value}</dd>`,
        )}
      </dl>`;
    }
    if (event.type !== 'frame') return nothing;
    const { frame } = event;
    const bit = (value: boolean): string => (value ? '1' : '0');
    return html`<dl>
      <dt>bytes</dt>
      <dd>${spacedHex(event.bytes.subarray(0, 64))}${event.bytes.length > 64 ? ' …' : ''}</dd>
      <dt>FIN</dt>
      <dd>${bit(frame.fin)} ${frame.fin ? '(last frame of its message)' : '(more frames follow)'}</dd>
      <dt>RSV1 RSV2 RSV3</dt>
      <dd>${bit(frame.rsv1)} ${bit(frame.rsv2)} ${bit(frame.rsv3)}</dd>
      <dt>opcode</dt>
      <dd>0x${frame.opcode.toString(16)} (${opcodeName(frame.opcode)})</dd>
      <dt>MASK</dt>
      <dd>${bit(frame.masked)}</dd>
      <dt>payload length</dt>
      <dd>${frame.payloadLength} (${lengthForm(frame)})</dd>
      ${
        frame.mask
          ? html`<dt>masking key</dt>
              <dd>${spacedHex(frame.mask)}</dd>`
          : nothing
      }
      <dt>payload</dt>
      <dd>${payloadPreview(frame)}</dd>
    </dl>`;
  }

  #toggle(index: number): void {
    const open = new Set(this.open);
    if (open.has(index)) open.delete(index);
    else open.add(index);
    this.open = open;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-trace-timeline': WspTraceTimeline;
  }
}
