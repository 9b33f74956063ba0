import { LitElement, css, html, svg, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { MarkKind, type RaceMark } from './race-tally.ts';

/** One lane of the timeline: a way of getting updates, and what it did. */
export interface RaceLane {
  readonly name: string;
  /** What this lane's requests are called, written beside them when there are few: "poll", "handshake". */
  readonly exchange: string;
  readonly marks: readonly RaceMark[];
}

const LABEL_WIDTH = 52;
const LANE_HEIGHT = 74;
const TOP = 4;
const AXIS_HEIGHT = 22;
/** Within a lane: the lane's title, then the server's row and the page's row. */
const TITLE_Y = 12;
const SERVER_Y = 28;
const PAGE_Y = 62;

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}

/**
 * A timeline of the race's last seconds, drawn from what each side just
 * did: one lane per side, the server's row above the page's. A vertical
 * stroke between the rows is a request and its response (a poll, or the
 * WebSocket's handshake); a diamond on the server row is an update
 * happening, a dot on the page row the same update arriving, and the line
 * joining them is its delay.
 *
 * @cssprop --wsp-received - updates: diamonds, dots and delay lines
 * @cssprop --wsp-border-strong - requests and their responses
 */
@customElement('wsp-race-timeline')
export class WspRaceTimeline extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    svg {
      display: block;
      width: 100%;
      height: auto;
      overflow: visible;
      font-family: inherit;
    }
    .frame {
      fill: var(--wsp-surface, #fff);
      stroke: var(--wsp-border, #d5d9e2);
    }
    .row {
      stroke: var(--wsp-border, #d5d9e2);
      stroke-dasharray: 2 3;
    }
    text {
      fill: var(--wsp-text, #1b2130);
      font-size: 12px;
    }
    .muted {
      fill: var(--wsp-muted, #5b6478);
    }
    .lane-title {
      font-weight: 600;
    }
    .exchange {
      stroke: var(--wsp-border-strong, #8a93a6);
      stroke-width: 1.5;
    }
    .exchange.news {
      stroke: var(--wsp-text, #1b2130);
    }
    .delay {
      stroke: var(--wsp-received, #1d7437);
      stroke-width: 1.5;
    }
    .happened {
      fill: var(--wsp-surface, #fff);
      stroke: var(--wsp-received, #1d7437);
      stroke-width: 1.5;
    }
    .arrived {
      fill: var(--wsp-received, #1d7437);
    }
    .legend {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1.25rem;
      margin: 0.4rem 0 0;
      padding: 0;
      list-style: none;
      font-size: 0.85rem;
      color: var(--wsp-muted, #5b6478);
    }
    .legend svg {
      display: inline-block;
      width: 14px;
      height: 14px;
      vertical-align: -2px;
      margin-right: 0.3rem;
    }
  `;

  /** The lanes, top to bottom. */
  @property({ attribute: false }) lanes: readonly RaceLane[] = [];
  /** The right edge of the timeline, on the page's clock (`Date.now()`). */
  @property({ type: Number }) now = 0;
  /** How much time the timeline shows, in ms. */
  @property({ type: Number }) span = 10_000;

  @state() private width = 640;
  /** Draws at the real width, so text keeps its size on a phone; the redraw waits a frame (a resize inside a resize callback loops). */
  readonly #resize = new ResizeObserver(([entry]) => {
    const width = Math.max(280, Math.round(entry?.contentRect.width ?? this.width));
    if (width !== this.width) requestAnimationFrame(() => (this.width = width));
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this.#resize.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize.disconnect();
  }

  #x(at: number): number {
    const plot = this.width - LABEL_WIDTH - 8;
    return LABEL_WIDTH + ((at - (this.now - this.span)) / this.span) * plot;
  }

  #visible(at: number): boolean {
    return at >= this.now - this.span && at <= this.now + 50;
  }

  /** In words, what the timeline shows: for the screen reader, and the title. */
  describe(): string {
    const parts = this.lanes.map((lane) => {
      const shown = lane.marks.filter((mark) => this.#visible(mark.at));
      const exchanges = shown.filter((mark) => mark.kind === MarkKind.exchange).length;
      const delivered = shown.filter((mark) => mark.kind === MarkKind.delivered);
      const delays = delivered.map((mark) => mark.at - mark.sentAt);
      const worst = delays.length > 0 ? `, the slowest after ${Math.max(...delays)} ms` : '';
      return `${lane.name}: ${exchanges} request${exchanges === 1 ? '' : 's'}, ${delivered.length} update${
        delivered.length === 1 ? '' : 's'
      } arrived${worst}`;
    });
    return `The last ${seconds(this.span)}. ${parts.join('. ')}.`;
  }

  protected override render() {
    const height = TOP + this.lanes.length * LANE_HEIGHT + AXIS_HEIGHT;
    const description = this.describe();
    return html`<svg
        viewBox="0 0 ${this.width} ${height}"
        width=${this.width}
        height=${height}
        role="img"
        aria-labelledby="title"
      >
        <title id="title">Timeline of the race. ${description}</title>
        ${this.lanes.map((lane, index) => this.#lane(lane, TOP + index * LANE_HEIGHT))} ${this.#axis(height)}
      </svg>
      <ul class="legend">
        <li>
          <svg viewBox="0 0 14 14" aria-hidden="true"><path class="happened" d="M7 2 L12 7 L7 12 L2 7 Z" /></svg>an
          update happens on the server
        </li>
        <li>
          <svg viewBox="0 0 14 14" aria-hidden="true"><line class="exchange news" x1="7" y1="1" x2="7" y2="13" /></svg>a
          request and its response
        </li>
        <li>
          <svg viewBox="0 0 14 14" aria-hidden="true"><circle class="arrived" cx="7" cy="7" r="4" /></svg>the update
          reaches the page
        </li>
        <li>
          <svg viewBox="0 0 14 14" aria-hidden="true"><line class="delay" x1="2" y1="2" x2="12" y2="12" /></svg>slanted
          line: the delay
        </li>
      </ul>`;
  }

  #lane(lane: RaceLane, top: number) {
    const serverY = top + SERVER_Y;
    const pageY = top + PAGE_Y;
    const right = this.width - 8;
    const shown = lane.marks.filter((mark) => this.#visible(mark.at));
    const exchanges = shown.filter((mark) => mark.kind === MarkKind.exchange);
    return svg`<g>
      <rect class="frame" x=${LABEL_WIDTH} y=${serverY - 8} width=${right - LABEL_WIDTH} height=${pageY - serverY + 16} rx="4" />
      <text class="lane-title" x="0" y=${top + TITLE_Y}>${lane.name}</text>
      <text class="muted" x="0" y=${serverY + 4}>server</text>
      <text class="muted" x="0" y=${pageY + 4}>page</text>
      <line class="row" x1=${LABEL_WIDTH} x2=${right} y1=${serverY} y2=${serverY} />
      <line class="row" x1=${LABEL_WIDTH} x2=${right} y1=${pageY} y2=${pageY} />
      ${shown.map((mark) => {
        if (mark.kind === MarkKind.exchange) {
          return svg`<polyline class="exchange ${mark.news > 0 ? 'news' : ''}" fill="none"
            points="${this.#x(mark.at)},${pageY} ${this.#x(mark.at)},${serverY} ${this.#x(mark.until)},${pageY}" />`;
        }
        const from = Math.max(LABEL_WIDTH, this.#x(mark.sentAt));
        return svg`<line class="delay" x1=${from} y1=${serverY} x2=${this.#x(mark.at)} y2=${pageY} />
          ${
            this.#visible(mark.sentAt)
              ? svg`<path class="happened" d="M${from} ${serverY - 5} l5 5 l-5 5 l-5 -5 Z" />`
              : nothing
          }
          <circle class="arrived" cx=${this.#x(mark.at)} cy=${pageY} r="3.5" />`;
      })}
      ${
        exchanges.length <= 3
          ? exchanges.map(
              (mark) =>
                svg`<text class="muted" x=${Math.min(this.#x(mark.at) + 4, right - 70)} y=${serverY + 18}>${lane.exchange}</text>`,
            )
          : nothing
      }
    </g>`;
  }

  #axis(height: number) {
    const y = height - 6;
    const steps = [this.span, this.span / 2];
    return svg`<g>
      ${steps.map(
        (ago, i) =>
          svg`<text class="muted" x=${this.#x(this.now - ago)} y=${y} text-anchor=${i === 0 ? 'start' : 'middle'}>−${seconds(ago)}</text>`,
      )}
      <text class="muted" x=${this.width - 8} y=${y} text-anchor="end">now</text>
    </g>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-race-timeline': WspRaceTimeline;
  }
}
