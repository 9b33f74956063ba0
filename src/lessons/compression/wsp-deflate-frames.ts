import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { hexPreview } from '../../components/frame-fields.ts';
import { DEFLATE_TAIL, Opcode, Side, opcodeName, type FrameEvent } from '../../protocol/index.ts';
import type { PageTraceEvent } from '../../transport/trace-stream.ts';
import '../../components/wsp-frame-bytes.ts';
import { DeflateMessages, type DeflateMessage } from './deflate-messages.ts';
import { messageText, way } from './message-text.ts';
import { deflateDemoStyles } from './styles.ts';
import { bytesText } from './wire-size.ts';

/** Frames listed at most; older ones scroll out of the list. */
const LIST_LIMIT = 100;
/** Payload bytes the steps show in hex. */
const HEX_SHOWN = 48;
/** The payload's last bytes shown before the tail added back. */
const TAIL_CONTEXT = 8;

function isFrame(event: PageTraceEvent): event is FrameEvent {
  return event.type === 'frame';
}

/**
 * The data frames of a connection that may compress, one per row: RSV1,
 * size on the wire, what each message inflates to. The frame the reader
 * picks (or the newest from `follow`) opens in the frame view, and under it
 * the steps of RFC 7692 §7.2.2: the payload as sent, the tail 00 00 ff ff
 * added back, the message inflated.
 */
@customElement('wsp-deflate-frames')
export class WspDeflateFrames extends LitElement {
  static override styles = [
    deflateDemoStyles,
    css`
      :host {
        display: grid;
        gap: 0.6rem;
        padding: 0;
        border: none;
      }
      .scroller {
        position: relative;
        max-height: 14rem;
        overflow: auto;
        border: 1px solid var(--wsp-border, #d5d9e2);
        border-radius: var(--wsp-radius, 6px);
      }
      .scroller th,
      .scroller td {
        white-space: nowrap;
      }
      thead th {
        position: sticky;
        top: 0;
        background: var(--wsp-surface, #fff);
      }
      tr[aria-selected='true'] {
        background: var(--wsp-hover, #eef1f6);
        font-weight: 600;
      }
      .empty {
        padding: 0.4rem 0.6rem;
        color: var(--wsp-muted, #5b6478);
      }
      dl.steps {
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        gap: 0.2rem;
        margin: 0;
      }
      dl.steps dt {
        font-weight: 600;
        font-size: 0.9rem;
      }
      dl.steps dd {
        margin: 0 0 0.4rem;
      }
      mark.tail {
        background: var(--wsp-frame-length, #ffe6c2);
        color: inherit;
        border: 1px dashed var(--wsp-border-strong, #8a93a6);
        border-radius: 3px;
        padding: 0 0.15em;
      }
    `,
  ];

  /** The connection's trace. */
  @property({ attribute: false }) events: readonly PageTraceEvent[] = [];
  /** Whose newest frame is shown until the reader picks one. */
  @property() follow: Side = Side.server;
  /** Names the list for assistive technology. */
  @property() label = 'Frames';

  @state() private picked: number | undefined;

  readonly #messages = new DeflateMessages();

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('events')) {
      const before = this.#messages.messages.length;
      this.#messages.update(this.events);
      // A new connection: follow the newest frame again.
      if (this.#messages.messages.length < before) this.picked = undefined;
    }
  }

  protected override render() {
    const frames = this.events.filter(isFrame);
    const shown = this.#shownIndex(frames);
    const first = Math.max(0, frames.length - LIST_LIMIT);
    const agreed = this.#messages.params !== null;
    return html`<div class="scroller" tabindex="0" role="region" aria-label="${this.label}: the frames on the wire">
        <table id="frames">
          <caption class="visually-hidden">
            ${this.label}: pick one to read it
          </caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Way</th>
              <th scope="col">Frame</th>
              <th scope="col" class="num">On the wire</th>
              <th scope="col">The message</th>
            </tr>
          </thead>
          <tbody>
            ${frames.slice(first).map((event, offset) => this.#row(event, first + offset, shown))}
          </tbody>
        </table>
        ${frames.length === 0 ? html`<p class="empty">No frames yet.</p>` : nothing}
      </div>
      ${shown === undefined ? nothing : this.#shown(frames[shown]!, shown, agreed)}`;
  }

  #messageOf(index: number, from: Side): DeflateMessage | undefined {
    return this.#messages.messages.find(
      (message) => message.from === from && message.firstFrame <= index && index <= message.lastFrame,
    );
  }

  #row(event: FrameEvent, index: number, shown: number | undefined) {
    const { frame, from } = event;
    const selected = index === shown;
    const message = this.#messageOf(index, from);
    const ends = message?.lastFrame === index;
    const flags = [opcodeName(frame.opcode), frame.rsv1 ? 'RSV1' : '', frame.fin ? '' : 'FIN 0'].filter(
      (flag) => flag !== '',
    );
    return html`<tr
      data-number=${index + 1}
      data-from=${from}
      data-rsv1=${frame.rsv1 ? '1' : '0'}
      aria-selected=${selected ? 'true' : 'false'}
    >
      <td>
        <button
          class="secondary small"
          id="pick-${index + 1}"
          aria-pressed=${selected ? 'true' : 'false'}
          @click=${() => (this.picked = index)}
        >
          <span class="visually-hidden">Show frame </span>${index + 1}
        </button>
      </td>
      <td class="way" data-from=${from}>${way(from)}</td>
      <td>${flags.join(', ')}</td>
      <td class="num">${bytesText(event.bytes.length)}</td>
      <td class="message">${message && ends ? this.#summary(message) : ''}</td>
    </tr>`;
  }

  #summary(message: DeflateMessage): string {
    if (!message.compressed) return `not compressed, ${bytesText(message.payload.length)}`;
    if (!message.data) return 'does not inflate';
    return `${bytesText(message.payload.length)} inflate to ${bytesText(message.data.length)}`;
  }

  #shown(event: FrameEvent, index: number, agreed: boolean) {
    const message = this.#messageOf(index, event.from);
    const compressed = message?.compressed === true;
    return html`<h3 id="shown-title">Frame #${index + 1}, ${way(event.from)}</h3>
      <p class="hint">
        ${
          this.picked === undefined
            ? `The newest frame from the ${this.follow}; pick another in the list.`
            : html`You picked this frame.
                <button id="follow" class="secondary small" @click=${() => (this.picked = undefined)}>
                  Follow the newest again
                </button>`
        }
      </p>
      <wsp-frame-bytes
        .bytes=${event.bytes}
        .deflate=${agreed ? { compressed } : undefined}
        label="Frame #${index + 1} (${opcodeName(event.frame.opcode)}, ${event.from})"
      ></wsp-frame-bytes>
      ${this.#steps(message, index, agreed)}`;
  }

  #steps(message: DeflateMessage | undefined, index: number, agreed: boolean) {
    if (!message) return nothing;
    if (!message.compressed) {
      return html`<p id="plain" class="outcome">
        RSV1 is clear: ${agreed ? 'this message is not compressed' : 'no compression was agreed'}, so the payload is the
        message itself, ${bytesText(message.payload.length)}: ${messageText(message.opcode, message.payload)}
      </p>`;
    }
    if (message.lastFrame !== index) {
      return html`<p class="outcome">
        This frame carries part of a compressed message: it inflates as a whole once its last frame,
        #${message.lastFrame + 1}, has arrived (RFC 7692 §6).
      </p>`;
    }
    const payload = message.payload;
    return html`<dl class="steps" id="steps">
      <dt>1. The payload, as sent${message.from === Side.client ? ' (unmasked)' : ''}</dt>
      <dd class="mono" id="sent">${hexPreview(payload, HEX_SHOWN)}</dd>
      <dt>2. The tail added back (§7.2.2): the sender removed it (§7.2.1)</dt>
      <dd class="mono" id="with-tail">
        ${payload.length > TAIL_CONTEXT ? '… ' : ''}${hexPreview(payload.subarray(-TAIL_CONTEXT), TAIL_CONTEXT)}
        <mark class="tail">${hexPreview(DEFLATE_TAIL, 4)}</mark>
      </dd>
      <dt>3. Inflated: the message the page receives</dt>
      <dd id="inflated">
        ${
          message.data
            ? html`<span class="mono">${messageText(message.opcode, message.data)}</span>
                <span class="hint"
                  >(${bytesText(message.data.length)}${message.opcode === Opcode.binary ? ', binary' : ''}, from
                  ${bytesText(payload.length)} of payload)</span
                >`
            : html`<strong>Does not inflate:</strong> ${message.error}`
        }
      </dd>
    </dl>`;
  }

  /** The picked frame, or the newest data frame from the side followed, else the newest frame. */
  #shownIndex(frames: readonly FrameEvent[]): number | undefined {
    if (this.picked !== undefined && this.picked < frames.length) return this.picked;
    for (let i = frames.length - 1; i >= 0; i--) {
      const { from, frame } = frames[i]!;
      if (from === this.follow && (frame.opcode === Opcode.text || frame.opcode === Opcode.binary)) return i;
    }
    return frames.length > 0 ? frames.length - 1 : undefined;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-deflate-frames': WspDeflateFrames;
  }
}
