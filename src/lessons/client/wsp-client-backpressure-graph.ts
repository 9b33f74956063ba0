import { LitElement, css, html, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ByteSample } from './backpressure-run.ts';

/** The three things a backpressure graph draws, each with its own line style. */
export const LineKind = { handedOver: 'handed-over', waiting: 'waiting', read: 'read' } as const;
export type LineKind = (typeof LineKind)[keyof typeof LineKind];

/** One line of the graph. */
export interface GraphLine {
  readonly kind: LineKind;
  /** What it counts, as the legend says it: "bufferedAmount (waiting in the page)". */
  readonly label: string;
  readonly samples: readonly ByteSample[];
}

const WIDTH = 600;
const HEIGHT = 180;
const PAD = 8;

/** A byte count as a reader reads it: bytes, KiB or MiB. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}

/**
 * Bytes over time, several lines on one scale: what the page handed over,
 * what waits in the page, what the server has read. Two graphs side by side
 * take the same `maxBytes` and `spanMs`, so their heights compare. The legend
 * says each line's last and highest value in words (the graph is an image;
 * the legend and the summary are what a screen reader hears).
 *
 * @cssprop --wsp-accent - the handed-over line
 * @cssprop --wsp-graph-waiting - the waiting line
 * @cssprop --wsp-graph-read - the server's line
 */
@customElement('wsp-client-backpressure-graph')
export class WspClientBackpressureGraph extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    figure {
      margin: 0;
    }
    svg {
      display: block;
      width: 100%;
      height: auto;
      border: 1px solid var(--wsp-border, #d5d9e2);
      border-radius: var(--wsp-radius, 6px);
      background: var(--wsp-code-bg, #f6f7f9);
    }
    polyline,
    .key line {
      fill: none;
      stroke-width: 2.5;
      vector-effect: non-scaling-stroke;
    }
    .handed-over {
      stroke: var(--wsp-accent, #2456c7);
    }
    .waiting {
      stroke: var(--wsp-graph-waiting, var(--wsp-code-number, #b54708));
      stroke-dasharray: 8 4;
    }
    .read {
      stroke: var(--wsp-graph-read, var(--wsp-code-string, #067647));
      stroke-dasharray: 2 3;
    }
    .axis {
      stroke: var(--wsp-border-strong, #8a93a6);
      stroke-width: 1;
      vector-effect: non-scaling-stroke;
    }
    .scale {
      display: flex;
      justify-content: space-between;
      font-size: 0.8rem;
      color: var(--wsp-muted, #5b6478);
      font-variant-numeric: tabular-nums;
    }
    ul {
      list-style: none;
      margin: 0.4rem 0 0;
      padding: 0;
      font-size: 0.9rem;
    }
    li {
      display: flex;
      gap: 0.5rem;
      align-items: baseline;
      margin: 0.15rem 0;
    }
    .key {
      flex: none;
      width: 2rem;
      height: 0.6rem;
    }
  `;

  /** The lines, each with its samples oldest first. */
  @property({ attribute: false }) lines: readonly GraphLine[] = [];
  /** The top of the scale, in bytes: the same for graphs that are compared. */
  @property({ type: Number }) maxBytes = 1;
  /** The time the graph spans, in milliseconds. */
  @property({ type: Number }) spanMs = 1000;

  /** One line in words: its last value, and its peak when that was higher. */
  static describe(line: GraphLine): string {
    const last = line.samples.at(-1);
    if (!last) return `${line.label}: no readings yet`;
    const peak = Math.max(...line.samples.map((sample) => sample.bytes));
    const now = `${formatBytes(last.bytes)} at ${(last.at / 1000).toFixed(1)} s`;
    return peak > last.bytes ? `${line.label}: ${now}, peak ${formatBytes(peak)}` : `${line.label}: ${now}`;
  }

  protected override render() {
    const top = Math.max(1, this.maxBytes);
    const span = Math.max(1, this.spanMs);
    const x = (at: number): number => PAD + (Math.min(at, span) / span) * (WIDTH - 2 * PAD);
    const y = (bytes: number): number => HEIGHT - PAD - (Math.min(bytes, top) / top) * (HEIGHT - 2 * PAD);
    // Step lines: a count holds its value until the next reading.
    const points = (samples: readonly ByteSample[]): string =>
      samples
        .flatMap((sample, index) => {
          const previous = samples[index - 1];
          const at = x(sample.at);
          return previous ? [`${at},${y(previous.bytes)}`, `${at},${y(sample.bytes)}`] : [`${at},${y(sample.bytes)}`];
        })
        .join(' ');
    const summary = this.lines.map((line) => WspClientBackpressureGraph.describe(line)).join('; ');
    return html`<figure>
      <div class="scale" aria-hidden="true"><span>${formatBytes(top)}</span></div>
      <svg viewBox="0 0 ${WIDTH} ${HEIGHT}" preserveAspectRatio="none" role="img" aria-label=${summary}>
        ${svg`<line class="axis" x1=${PAD} y1=${y(0)} x2=${WIDTH - PAD} y2=${y(0)}></line>`}
        ${this.lines.map((line) =>
          line.samples.length > 0 ? svg`<polyline class=${line.kind} points=${points(line.samples)}></polyline>` : '',
        )}
      </svg>
      <div class="scale" aria-hidden="true"><span>0 s</span><span>${(span / 1000).toFixed(0)} s</span></div>
      <figcaption>
        <ul>
          ${this.lines.map(
            (line) =>
              html`<li data-kind=${line.kind}>
                <svg class="key" viewBox="0 0 32 10" aria-hidden="true">
                  <line class=${line.kind} x1="0" y1="5" x2="32" y2="5"></line>
                </svg>
                <span>${WspClientBackpressureGraph.describe(line)}</span>
              </li>`,
          )}
        </ul>
      </figcaption>
    </figure>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-client-backpressure-graph': WspClientBackpressureGraph;
  }
}
