import { LitElement, css, html, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';

/** One reading of bufferedAmount. */
export interface BufferedSample {
  /** Milliseconds since the burst was sent. */
  readonly at: number;
  readonly bytes: number;
}

const WIDTH = 600;
const HEIGHT = 160;
const PAD = { left: 8, right: 8, top: 10, bottom: 10 };

function kib(bytes: number): string {
  return bytes >= 1024 ? `${(bytes / 1024).toFixed(bytes % 1024 === 0 ? 0 : 1)} KiB` : `${bytes} bytes`;
}

/**
 * A small step graph of bufferedAmount over time: its peak labels the top
 * (a dashed line), the times the bottom; the peak and the moment it came
 * back to 0 are also written out below it (the graph is an image;
 * the sentence is what a screen reader hears).
 *
 * @cssprop --wsp-accent - the line's colour
 */
@customElement('wsp-client-buffered-graph')
export class WspClientBufferedGraph extends LitElement {
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
    .line {
      fill: none;
      stroke: var(--wsp-accent, #2456c7);
      stroke-width: 2;
      vector-effect: non-scaling-stroke;
    }
    .area {
      fill: var(--wsp-accent, #2456c7);
      opacity: 0.15;
    }
    .axis,
    .peak-line {
      stroke: var(--wsp-border-strong, #8a93a6);
      stroke-width: 1;
      vector-effect: non-scaling-stroke;
    }
    .peak-line {
      stroke-dasharray: 4 4;
    }
    /* The bytes label the vertical axis, above the chart at its top line; the times label the time axis, below it. */
    .peak,
    .scale {
      font-size: 0.8rem;
      color: var(--wsp-muted, #5b6478);
      font-variant-numeric: tabular-nums;
    }
    .scale {
      display: flex;
      justify-content: space-between;
    }
    figcaption {
      margin-top: 0.3rem;
    }
  `;

  /** The readings, oldest first. */
  @property({ attribute: false }) samples: readonly BufferedSample[] = [];

  /** What the graph shows, in one sentence. */
  get summary(): string {
    const samples = this.samples;
    if (samples.length === 0) return 'No readings yet.';
    const peak = Math.max(...samples.map((sample) => sample.bytes));
    const drained = samples
      .slice(samples.findIndex((sample) => sample.bytes === peak))
      .find((sample) => sample.bytes === 0);
    const last = samples.at(-1)!;
    const readings = `${samples.length} readings over ${last.at} ms`;
    if (peak === 0) return `bufferedAmount stayed at 0 (${readings}).`;
    return drained
      ? `bufferedAmount rose to ${kib(peak)} and was back to 0 at ${drained.at} ms (${readings}).`
      : `bufferedAmount rose to ${kib(peak)}; now ${kib(last.bytes)} (${readings}).`;
  }

  protected override render() {
    const samples = this.samples;
    const peak = Math.max(1, ...samples.map((sample) => sample.bytes));
    const span = Math.max(1, samples.at(-1)?.at ?? 1);
    const x = (at: number): number => PAD.left + (at / span) * (WIDTH - PAD.left - PAD.right);
    const y = (bytes: number): number => HEIGHT - PAD.bottom - (bytes / peak) * (HEIGHT - PAD.top - PAD.bottom);
    // A step line: bufferedAmount holds its value until the next reading.
    const points = samples.flatMap((sample, index) => {
      const previous = samples[index - 1];
      return previous
        ? [`${x(sample.at)},${y(previous.bytes)}`, `${x(sample.at)},${y(sample.bytes)}`]
        : [`${x(sample.at)},${y(sample.bytes)}`];
    });
    const base = `${x(samples.at(-1)?.at ?? 0)},${y(0)} ${x(0)},${y(0)}`;
    return html`<figure>
      <div class="peak" id="peak" aria-hidden="true">bufferedAmount, peak ${kib(peak)} (dashed line)</div>
      <svg viewBox="0 0 ${WIDTH} ${HEIGHT}" preserveAspectRatio="none" role="img" aria-label=${this.summary}>
        ${svg`<line class="axis" x1=${PAD.left} y1=${y(0)} x2=${WIDTH - PAD.right} y2=${y(0)}></line>`}
        ${svg`<line class="peak-line" x1=${PAD.left} y1=${y(peak)} x2=${WIDTH - PAD.right} y2=${y(peak)}></line>`}
        ${points.length > 0 ? svg`<polygon class="area" points=${`${points.join(' ')} ${base}`}></polygon>` : ''}
        ${points.length > 0 ? svg`<polyline class="line" points=${points.join(' ')}></polyline>` : ''}
      </svg>
      <div class="scale" id="time-axis" aria-hidden="true"><span>0 ms</span><span>${span} ms</span></div>
      <figcaption id="summary">${this.summary}</figcaption>
    </figure>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-client-buffered-graph': WspClientBufferedGraph;
  }
}
