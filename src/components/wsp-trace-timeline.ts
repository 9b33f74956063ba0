import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { toHex, opcodeName, type Frame } from '../protocol/index.ts';
import { TraceClock, type PageTraceEvent, type TimelineEvent } from '../transport/trace-stream.ts';
import { controlStyles } from './styles/shared-styles.ts';
import { wireTableStyles } from './styles/table-styles.ts';
import { direction, kind, payloadPreview, sender, summary } from './trace-summary.ts';

/** An event as the timeline takes it: a stream's, with its clock, or a bare one (on the page's clock). */
type ShownEvent = PageTraceEvent & Partial<Pick<TimelineEvent, 'clock' | 'clockError'>>;

/** Rows rendered beyond each edge of the box, so a quick scroll does not show a gap. */
const OVERSCAN = 8;
/** Rows rendered before the box has been measured. */
const FIRST_ROWS = 40;

function lengthForm(frame: Frame): string {
  if (frame.payloadLength < 126) return '7-bit length';
  return frame.payloadLength < 0x10000 ? '16-bit extended length (126)' : '64-bit extended length (127)';
}

function spacedHex(bytes: Uint8Array): string {
  return toHex(bytes).replace(/(..)(?!$)/g, '$1 ');
}

/** The same event, though the stream may have replaced its object to move its estimated time. */
function sameEvent(a: ShownEvent, b: ShownEvent): boolean {
  if (a === b) return true;
  if (a.type === 'frame' && b.type === 'frame') return a.bytes === b.bytes;
  if (a.type === 'handshake-request' && b.type === 'handshake-request') return a.headers === b.headers;
  if (a.type === 'handshake-response' && b.type === 'handshake-response') return a.headers === b.headers;
  return false;
}

function timeLabel(event: ShownEvent): string {
  return event.clock === TraceClock.server ? `≈${event.at}` : String(event.at);
}

/**
 * The trace of one connection as a table: when, which way, what, and a line
 * about it. Only the rows in view are in the page, all one line high, so a
 * trace of ten thousand frames costs what a short one does. A row opens in
 * the panel under the table: its whole line, wrapped, and a frame's fields or
 * a handshake's headers. A trace scrolled to its end follows new rows.
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
        container-type: inline-size;
        --row-height: 1.9rem;
      }
      .scroller {
        max-height: var(--wsp-trace-height, 22rem);
        overflow: auto;
        /* The containing block of the rows' visually hidden text: without it each one sits outside the box, far down the page. */
        position: relative;
        background: var(--wsp-surface, #fff);
        font-size: 0.85rem;
      }
      .caption {
        font-weight: 600;
        padding: 0.4rem 0.6rem;
      }
      .row {
        display: grid;
        grid-template-columns: 4.2rem 8rem minmax(7rem, 8.5rem) 3.6rem minmax(0, 1fr);
        grid-template-areas: 'at way what toggle summary';
        align-items: center;
        height: var(--row-height);
        box-sizing: border-box;
        border-top: 1px solid var(--wsp-border, #d5d9e2);
      }
      .row > * {
        padding: 0 0.6rem;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .head {
        font-weight: 600;
        color: var(--wsp-muted, #5b6478);
      }
      /* The header's group, not its row, is sticky: a sticky box stays inside its parent, and the group's parent is the whole table. */
      .head-group {
        position: sticky;
        top: 0;
        z-index: 1;
        background: var(--wsp-surface, #fff);
      }
      .at {
        grid-area: at;
        text-align: right;
        font-variant-numeric: tabular-nums;
      }
      .way {
        grid-area: way;
      }
      .what {
        grid-area: what;
      }
      .toggle-cell {
        grid-area: toggle;
      }
      .summary {
        grid-area: summary;
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
      }
      /* On a narrow screen the way and the line about an event get a line of their own, whole words and all. */
      @container (max-width: 34rem) {
        :host {
          --row-height: 3.3rem;
        }
        .row {
          grid-template-columns: 3.9rem 7.4rem minmax(0, 1fr) auto;
          grid-template-areas:
            'at what what toggle'
            'at way summary summary';
        }
        .row > * {
          padding: 0 0.3rem;
        }
        .head {
          grid-template-areas: 'at what what toggle';
          height: 1.9rem;
        }
        /* Still named for screen readers, which read the cells of each row in order. */
        .head .way,
        .head .summary {
          position: absolute;
          width: 1px;
          height: 1px;
          overflow: hidden;
          clip-path: inset(50%);
        }
      }
      .row[data-from='client'] .way {
        color: var(--wsp-sent, #1d47a8);
      }
      .row[data-from='server'] .way {
        color: var(--wsp-received, #1d7437);
      }
      .row[data-open] {
        background: var(--wsp-current, #e2e9fb);
      }
      button.toggle {
        padding: 0 0.4em;
        font-size: 0.8rem;
      }
      .details {
        margin-top: 0.5rem;
        padding: 0.5rem 0.6rem;
        border: 1px solid var(--wsp-border, #d5d9e2);
        border-radius: var(--wsp-radius, 6px);
        font-size: 0.85rem;
      }
      .details h4 {
        margin: 0 0 0.3rem;
        font-size: 0.9rem;
      }
      .details .line {
        margin: 0 0 0.4rem;
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
        overflow-wrap: anywhere;
      }
      dl {
        display: grid;
        grid-template-columns: max-content minmax(0, 1fr);
        gap: 0.15rem 1rem;
        margin: 0;
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
      }
      dt {
        color: var(--wsp-muted, #5b6478);
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      .clocks {
        margin: 0.3rem 0 0;
        font-size: 0.8rem;
        color: var(--wsp-muted, #5b6478);
      }
      .empty {
        padding: 0.6rem;
      }
    `,
  ];

  /** The events to show, in order. */
  @property({ attribute: false }) events: readonly ShownEvent[] = [];

  /** The table's caption. */
  @property() label = 'Trace';

  /** The event whose details are open. */
  @state() private selected: ShownEvent | undefined;

  /** The first row in the page, and how many. */
  @state() private window = { first: 0, count: FIRST_ROWS };

  @query('.scroller') private scroller!: HTMLElement;

  #rowHeight = 0;
  #following = true;
  readonly #resize = new ResizeObserver(() => this.#measure());

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize.disconnect();
  }

  protected override firstUpdated(): void {
    this.#resize.observe(this.scroller);
  }

  protected override willUpdate(changed: PropertyValues): void {
    // Scrolled to the end, or never scrolled: the newest rows stay in view.
    if (changed.has('events') && this.hasUpdated && this.#following) {
      this.window = this.#windowAt(Number.MAX_SAFE_INTEGER);
    }
  }

  protected override updated(changed: PropertyValues): void {
    // The first rows in the page give the height of all: measure before the box first scrolls.
    if (this.#rowHeight === 0 && this.events.length > 0) this.#measure();
    // Reading scrollHeight forces a layout of the whole page: an empty trace (every trace when a lesson opens) skips it.
    if (this.#following && this.events.length > 0 && (changed.has('events') || changed.has('window'))) {
      this.scroller.scrollTop = this.scroller.scrollHeight;
    }
  }

  protected override render() {
    const { events } = this;
    const { first, count } = this.window;
    const shown = events.slice(first, first + count);
    const height = this.#rowHeight;
    const above = height * first;
    const below = height * Math.max(0, events.length - first - shown.length);
    return html`<div class="scroller" tabindex="0" role="region" aria-label=${this.label} @scroll=${this.#onScroll}>
        <div class="caption" id="caption">${this.label}</div>
        <div role="table" aria-labelledby="caption" aria-rowcount=${events.length + 1}>
          <div role="rowgroup" class="head-group">
            <div role="row" class="row head" aria-rowindex="1">
              <span role="columnheader" class="at">ms</span>
              <span role="columnheader" class="way">Way</span>
              <span role="columnheader" class="what">What</span>
              <span role="columnheader" class="toggle-cell"><span class="visually-hidden">Open</span></span>
              <span role="columnheader" class="summary">Details</span>
            </div>
          </div>
          <div role="rowgroup" style="padding-top: ${above}px; padding-bottom: ${below}px">
            ${shown.map((event, offset) => this.#row(event, first + offset))}
          </div>
        </div>
        ${events.length === 0 ? html`<p class="empty">Nothing on the wire yet. Connect to start.</p>` : nothing}
      </div>
      ${this.#clocks()} ${this.#detailsPanel()}`;
  }

  #row(event: ShownEvent, index: number) {
    const open = this.selected !== undefined && sameEvent(event, this.selected);
    return html`<div role="row" class="row" data-from=${sender(event)} aria-rowindex=${index + 2} ?data-open=${open}>
      <span role="cell" class="at">${timeLabel(event)}</span>
      <span role="cell" class="way">${direction(event)}</span>
      <span role="cell" class="what">${kind(event)}</span>
      <span role="cell" class="toggle-cell"
        ><button
          class="toggle secondary"
          aria-expanded=${open ? 'true' : 'false'}
          aria-controls="details"
          @click=${() => this.#toggle(event)}
        >
          ${open ? 'hide' : 'show'}<span class="visually-hidden"> details</span>
        </button></span
      >
      <span role="cell" class="summary">${summary(event)}</span>
    </div>`;
  }

  /** Says which clock the times come from, once the trace holds any of the server's. */
  #clocks() {
    const server = this.events.find((event) => event.clock === TraceClock.server);
    if (!server) return nothing;
    const error = server.clockError;
    return html`<p class="clocks">
      Times are ms since the page began connecting, on the page’s clock. ≈ marks the server’s own times, moved onto the
      page’s clock
      ${
        error === undefined
          ? 'from its first event: the offset between the clocks is not measured yet.'
          : `with the offset its clock probes measured (within ±${error.toFixed(1)} ms). Where times are too close to tell, a cause comes before its effect.`
      }
    </p>`;
  }

  #detailsPanel() {
    const event = this.selected;
    if (!event) return nothing;
    return html`<section class="details" id="details" aria-label="Details">
      <h4>${timeLabel(event)} ms · ${direction(event)} · ${kind(event)}</h4>
      <p class="line">${summary(event)}</p>
      ${this.#details(event)}
    </section>`;
  }

  #details(event: ShownEvent) {
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

  #toggle(event: ShownEvent): void {
    this.selected = this.selected && sameEvent(this.selected, event) ? undefined : event;
  }

  readonly #onScroll = (): void => {
    const box = this.scroller;
    this.#following = box.scrollTop + box.clientHeight >= box.scrollHeight - Math.max(1, this.#rowHeight);
    const next = this.#windowAt(box.scrollTop);
    if (next.first !== this.window.first || next.count !== this.window.count) this.window = next;
  };

  /** The rows to render with the box scrolled to `scrollTop`. */
  #windowAt(scrollTop: number): { first: number; count: number } {
    const height = this.#rowHeight;
    if (height === 0) return { first: 0, count: FIRST_ROWS };
    const inView = Math.ceil(this.scroller.clientHeight / height) + 1;
    const top = Math.min(Math.floor(scrollTop / height), Math.max(0, this.events.length - inView));
    const first = Math.max(0, top - OVERSCAN);
    return { first, count: top - first + inView + OVERSCAN };
  }

  /** Reads the height of a row (it changes with the width) and the box's, then renders what is in view. */
  #measure(): void {
    const row = this.renderRoot.querySelector<HTMLElement>('[role=rowgroup] + [role=rowgroup] .row');
    const height = row?.getBoundingClientRect().height ?? 0;
    if (height === 0) return;
    this.#rowHeight = height;
    this.window = this.#following ? this.#windowAt(Number.MAX_SAFE_INTEGER) : this.#windowAt(this.scroller.scrollTop);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-trace-timeline': WspTraceTimeline;
  }
}
