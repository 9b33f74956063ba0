import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { FocusKeeper } from '../../components/focus-keeper.ts';
import { choiceStyles } from '../../components/styles/choice-styles.ts';
import { paragraphStyles, rowStyles } from '../../components/styles/layout-styles.ts';
import { controlStyles, demoCardStyles } from '../../components/styles/shared-styles.ts';
import { SettingsController } from '../../controllers/settings-controller.ts';
import { ConnectionMode } from '../../transport/mode.ts';
import { NETWORK_BUFFER_BYTES } from '../../transport/simulated.ts';
import { StreamKind, streamKind } from '../../transport/websocket-stream-open.ts';
import backpressureSource from './recipes/backpressure.ts?raw';
import { recipeCode } from './recipe-code.ts';
import { BackpressureRun, CHUNK_BYTES, CLASSIC_LOOP, RUN_MS, type ProducerRecord } from './backpressure-run.ts';
import { formatBytes, LineKind, type GraphLine } from './wsp-client-backpressure-graph.ts';
import './wsp-client-backpressure-graph.ts';
import '../../components/wsp-mode-switch.ts';

/** The reading speeds offered: each far below what the producers offer. */
const RATES = [16 * 1024, 64 * 1024, 256 * 1024] as const;

const KIND_TEXT: Readonly<Record<StreamKind, string>> = {
  [StreamKind.browser]: 'Running your browser’s WebSocketStream.',
  [StreamKind.standIn]:
    'Running the page’s stand-in for WebSocketStream (src/transport/websocket-stream.ts), over the simulated wire: the same API in every browser.',
  [StreamKind.none]:
    'This browser has no WebSocketStream (as of this writing only Chromium-based browsers ship one), so in Live mode only the WebSocket side runs. Simulated mode runs the page’s stand-in.',
};

function lastBytes(samples: ProducerRecord['read']): number {
  return samples.at(-1)?.bytes ?? 0;
}

function peakBytes(samples: ProducerRecord['read']): number {
  return Math.max(0, ...samples.map((sample) => sample.bytes));
}

/**
 * Backpressure, both APIs side by side against a server that reads slowly
 * (`/slow?bytesPerSecond=N`): WebSocket's `send()` in a loop, where only
 * bufferedAmount grows, and WebSocketStream's awaited `write()`, which goes
 * at the server's pace. Graphs what each page handed over, what waits in it
 * and what the server read. Runs recipes/backpressure.ts through
 * BackpressureRun; says which WebSocketStream runs (the browser's or the
 * page's stand-in).
 */
@customElement('wsp-client-backpressure-demo')
export class WspClientBackpressureDemo extends LitElement {
  static override styles = [
    controlStyles,
    demoCardStyles,
    paragraphStyles,
    rowStyles,
    choiceStyles,
    css`
      :host {
        margin: 1rem 0;
      }
      fieldset {
        display: flex;
        flex-wrap: wrap;
        gap: 0.3rem 1.25rem;
      }
      label {
        display: inline-flex;
        gap: 0.4rem;
        margin: 0;
      }
      h3 {
        font-size: 1rem;
        margin: 1.25rem 0 0.25rem;
      }
      code {
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
        font-size: 0.9em;
        overflow-wrap: anywhere;
      }
      .note {
        color: var(--wsp-muted, #5b6478);
        font-size: 0.9em;
      }
      wsp-code-block {
        margin: 0.75rem 0;
        --wsp-code-height: 40rem;
      }
    `,
  ];

  /** Keeps a keyboard reader's focus in the demo when the control they pressed is disabled. */
  readonly focusKeeper = new FocusKeeper(this);

  /** How fast the server reads, in bytes a second. */
  @property({ type: Number }) bytesPerSecond: number = RATES[1];

  readonly #settings = new SettingsController(this);
  #run: BackpressureRun | undefined;

  /** The current or last run, for what it recorded. */
  get run(): BackpressureRun | undefined {
    return this.#run;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#run?.stop();
  }

  protected override willUpdate(): void {
    // A finished run on the other wire no longer answers what this mode would do.
    if (this.#run && !this.#run.running && this.#run.mode !== this.#settings.settings.mode) this.#run = undefined;
  }

  protected override render() {
    const mode = this.#settings.settings.mode;
    const run = this.#run;
    const running = run?.running ?? false;
    const kind = run?.kind ?? streamKind(mode);
    const classic = run?.classic;
    const stream = run?.stream;
    const top = Math.max(
      64 * 1024,
      ...[classic, stream].flatMap((record) => (record ? [peakBytes(record.handedOver), peakBytes(record.read)] : [])),
    );
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      <fieldset ?disabled=${running}>
        <legend>How fast the server reads</legend>
        ${RATES.map(
          (rate) =>
            html`<label
              ><input
                type="radio"
                name="rate"
                value=${rate}
                .checked=${rate === this.bytesPerSecond}
                @change=${() => (this.bytesPerSecond = rate)}
              />${rate / 1024} KiB/s</label
            >`,
        )}
      </fieldset>
      <div class="row">
        <button id="run" ?disabled=${running} @click=${this.#start}>Run both for ${RUN_MS / 1000} s</button>
        <button id="stop" class="secondary" ?disabled=${!running} @click=${this.#stop}>Stop</button>
      </div>
      <p id="status" role="status">${this.#status()}</p>

      <section id="classic" aria-labelledby="classic-title">
        <h3 id="classic-title">WebSocket: <code>send()</code> in a loop</h3>
        <p>
          ${CLASSIC_LOOP.perTick} messages of ${CHUNK_BYTES / 1024} KiB every ${CLASSIC_LOOP.everyMs} ms, about
          ${formatBytes((CLASSIC_LOOP.perTick * CHUNK_BYTES * 1000) / CLASSIC_LOOP.everyMs)} a second. Nothing tells the
          loop to slow down: it only stops adding while ${formatBytes(CLASSIC_LOOP.limit)} wait, a cap of its own.
        </p>
        ${recipeCode(backpressureSource, 'backpressure.ts', 'sendInALoop')}
        <wsp-client-backpressure-graph
          .lines=${this.#lines(classic, 'send() handed over', 'bufferedAmount (waiting in the page)')}
          .maxBytes=${top}
          .spanMs=${RUN_MS}
        ></wsp-client-backpressure-graph>
        ${this.#buffersBetween(classic)}
      </section>

      <section id="stream" aria-labelledby="stream-title">
        <h3 id="stream-title">WebSocketStream: <code>await writer.write()</code></h3>
        <p id="stream-kind">${KIND_TEXT[kind]}</p>
        ${recipeCode(backpressureSource, 'backpressure.ts', 'openStream')}
        ${recipeCode(backpressureSource, 'backpressure.ts', 'writeInALoop')}
        ${recipeCode(backpressureSource, 'backpressure.ts', 'readEach')}
        <wsp-client-backpressure-graph
          .lines=${this.#lines(stream, 'write() resolved', 'waiting in the page (the one write not yet resolved)')}
          .maxBytes=${top}
          .spanMs=${RUN_MS}
        ></wsp-client-backpressure-graph>
      </section>
      <p class="note">
        ${
          mode === ConnectionMode.simulated
            ? html`The simulated wire holds ${formatBytes(NETWORK_BUFFER_BYTES)} between the page and the server once
                the server stops reading; past that, what <code>send()</code> queues stays in
                <code>bufferedAmount</code> and a write waits. A real connection holds what the browser and both
                machines’ TCP buffers take, often several megabytes: Live mode shows how much.`
            : html`Live, the server really stops reading its socket (ws’s <code>pause()</code>): TCP’s window closes and
                the bytes back up into the browser.`
        }
      </p>
    `;
  }

  #lines(record: ProducerRecord | undefined, handedOver: string, waiting: string): readonly GraphLine[] {
    return [
      { kind: LineKind.handedOver, label: handedOver, samples: record?.handedOver ?? [] },
      { kind: LineKind.waiting, label: waiting, samples: record?.waiting ?? [] },
      { kind: LineKind.read, label: 'read by the server', samples: record?.read ?? [] },
    ];
  }

  /** How much went into the buffers between before bufferedAmount rose: measured, not assumed. */
  #buffersBetween(record: ProducerRecord | undefined) {
    const index = record?.waiting.findIndex((sample) => sample.bytes > 0) ?? -1;
    if (!record || index < 0) return nothing;
    const between = record.handedOver[index]!.bytes - record.waiting[index]!.bytes;
    return html`<p id="between">
      bufferedAmount first rose at ${(record.waiting[index]!.at / 1000).toFixed(1)} s, once about
      ${formatBytes(between)} had left the page for the buffers between it and the server.
    </p>`;
  }

  /** What the live region says: only when a run starts and ends, not at every reading. */
  #status(): string {
    const run = this.#run;
    if (!run) return 'Pick how fast the server reads, then run both producers.';
    const { classic, stream } = run;
    if (run.running) return `Running: both producers send to /slow, which reads ${run.bytesPerSecond / 1024} KiB/s.`;
    const parts = [
      `WebSocket: send() handed over ${formatBytes(lastBytes(classic.handedOver))}, bufferedAmount peaked at ${formatBytes(peakBytes(classic.waiting))}, the server read ${formatBytes(lastBytes(classic.read))}${classic.problem ? ` (${classic.problem})` : ''}.`,
    ];
    if (run.kind !== StreamKind.none) {
      parts.push(
        `WebSocketStream: write() resolved for ${formatBytes(lastBytes(stream.handedOver))}, the server read ${formatBytes(lastBytes(stream.read))}${stream.problem ? ` (${stream.problem})` : ''}.`,
      );
    }
    return `Done. ${parts.join(' ')}`;
  }

  #start(): void {
    this.#run?.stop();
    const run = new BackpressureRun(this.#settings.settings, this.bytesPerSecond, () => {
      if (run === this.#run) this.requestUpdate();
    });
    this.#run = run;
    run.start();
  }

  #stop(): void {
    this.#run?.stop();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-client-backpressure-demo': WspClientBackpressureDemo;
  }
}
