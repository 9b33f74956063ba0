import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { Opcode, Side, toHex, type FrameEvent } from '../../protocol/index.ts';
import type { PageTraceEvent } from '../../transport/trace-stream.ts';
import './wsp-close-payload.ts';
import '../../components/wsp-frame-bytes.ts';

/** How many of a frame's bytes its summary line shows. */
const SUMMARY_BYTES = 12;

function spaced(bytes: Uint8Array): string {
  return toHex(bytes).replace(/(..)(?!$)/g, '$1 ');
}

/** The close frames of a trace, in wire order. */
export function closeFrames(events: readonly PageTraceEvent[]): FrameEvent[] {
  return events.filter((event): event is FrameEvent => event.type === 'frame' && event.frame.opcode === Opcode.close);
}

/**
 * Every close frame of a connection's trace, each with its bytes exactly as
 * they crossed the wire (`wsp-frame-bytes`) and its payload split into code
 * and reason. A
 * client's frame is masked (§5.3), so its payload bytes on the wire look
 * nothing like the code; the payload table shows them unmasked.
 */
@customElement('wsp-close-frames')
export class WspCloseFrames extends LitElement {
  static override styles = css`
    :host {
      display: grid;
      gap: 1rem;
    }
    section {
      display: grid;
      gap: 0.5rem;
      min-width: 0;
    }
    h4 {
      margin: 0;
      font-size: 1rem;
    }
    summary {
      cursor: pointer;
    }
    summary code {
      font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
      overflow-wrap: anywhere;
    }
    details[open] summary {
      margin-bottom: 0.5rem;
    }
    .waiting {
      margin: 0;
      color: var(--wsp-muted, #5b6478);
    }
  `;

  /** The connection's trace; only its close frames are shown. */
  @property({ attribute: false }) events: readonly PageTraceEvent[] = [];
  /** Shown while the trace holds no close frame. */
  @property() empty = 'No close frame has crossed the wire yet.';

  protected override render() {
    const frames = closeFrames(this.events);
    if (frames.length === 0) return html`<p class="waiting">${this.empty}</p>`;
    return frames.map((event, index) => {
      const fromClient = event.from === Side.client;
      const who = fromClient ? 'browser' : 'server';
      const role = index === 0 ? 'it starts the closing handshake' : 'the answer';
      const title = `Close frame ${index + 1}, from the ${who}: ${role}`;
      const masked = event.frame.masked ? ', masked' : '';
      return html`<section data-from=${event.from} aria-label=${title}>
        <h4>${title}</h4>
        <wsp-close-payload
          .payload=${event.frame.payload}
          label=${event.frame.masked ? 'Its payload, unmasked' : 'Its payload'}
        ></wsp-close-payload>
        <details>
          <summary>
            The whole frame, ${event.bytes.length} bytes${masked}, field by field:
            <code
              >${spaced(event.bytes.subarray(0, SUMMARY_BYTES))}${event.bytes.length > SUMMARY_BYTES ? ' …' : ''}</code
            >
          </summary>
          <wsp-frame-bytes .bytes=${event.bytes} label="Close frame ${index + 1}"></wsp-frame-bytes>
        </details>
      </section>`;
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-close-frames': WspCloseFrames;
  }
}
