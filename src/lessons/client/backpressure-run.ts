import type { ConnectionSettings } from '../../controllers/connection-settings.ts';
import type { SlowReadReport } from '../../service/slow.ts';
import { endpointUrl } from '../../transport/endpoint-url.ts';
import type { ConnectionMode } from '../../transport/mode.ts';
import { StreamKind, streamKind } from '../../transport/websocket-stream-open.ts';
import type { WebSocketStreamLike } from '../../transport/websocket-stream.ts';
import { openStream, readEach, sendInALoop, writeInALoop } from './recipes/backpressure.ts';
import { wireWebSocketStream } from './stream-wire.ts';
import { wireWebSocket } from './wire.ts';

/** One message of either producer. */
export const CHUNK_BYTES = 16 * 1024;
/** The classic producer: 8 chunks every 50 ms (2.5 MiB a second), far faster than /slow reads. */
export const CLASSIC_LOOP = { perTick: 8, everyMs: 50, limit: 8 * 1024 * 1024 } as const;
/** How long a run lasts before it stops by itself. */
export const RUN_MS = 8000;
/** How often the page reads its own side. */
const SAMPLE_MS = 100;

/** One reading: milliseconds since the run started, and a byte count. */
export interface ByteSample {
  readonly at: number;
  readonly bytes: number;
}

export const ProducerState = {
  idle: 'idle',
  connecting: 'connecting',
  running: 'running',
  stopped: 'stopped',
  failed: 'failed',
} as const;
export type ProducerState = (typeof ProducerState)[keyof typeof ProducerState];

/** What one producer did, both ends, over time. */
export interface ProducerRecord {
  readonly state: ProducerState;
  /** Bytes the page has handed over: send() called, or write() resolved. */
  readonly handedOver: readonly ByteSample[];
  /** Bytes waiting in the page: bufferedAmount, or the write not yet resolved. */
  readonly waiting: readonly ByteSample[];
  /** Bytes the server has read, as it reported them. */
  readonly read: readonly ByteSample[];
  /** Why it stopped early, when it did. */
  readonly problem?: string | undefined;
}

const EMPTY: ProducerRecord = { state: ProducerState.idle, handedOver: [], waiting: [], read: [] };

function readReport(data: unknown): SlowReadReport | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const report = JSON.parse(data) as SlowReadReport;
    return report.type === 'slow-read' ? report : undefined;
  } catch {
    return undefined;
  }
}

/** The bytes of one producer, kept as it runs. */
class Recorder {
  record: ProducerRecord = EMPTY;

  constructor(private readonly changed: () => void) {}

  set(state: ProducerState, problem?: string): void {
    this.record = { ...this.record, state, problem };
    this.changed();
  }

  sample(at: number, handedOver: number, waiting: number): void {
    const { record } = this;
    this.record = {
      ...record,
      handedOver: [...record.handedOver, { at, bytes: handedOver }],
      waiting: [...record.waiting, { at, bytes: waiting }],
    };
  }

  serverRead(at: number, data: unknown): void {
    const report = readReport(data);
    if (report) this.record = { ...this.record, read: [...this.record.read, { at, bytes: report.read }] };
  }
}

/**
 * Both producers against `/slow?bytesPerSecond=N` at once, each on its own
 * connection, on the wire the reader chose: WebSocket's `send()` in a loop
 * (recipes/backpressure.ts `sendInALoop`) and WebSocketStream's awaited
 * `write()` (`writeInALoop`). Every SAMPLE_MS it notes what each page side
 * handed over and what waits in it; the server's reports add what it read.
 */
export class BackpressureRun {
  /** Which WebSocketStream the run uses (none: Live mode in a browser without one). */
  readonly kind: StreamKind;
  /** The wire it runs on. */
  readonly mode: ConnectionMode;
  readonly bytesPerSecond: number;
  readonly #settings: Pick<ConnectionSettings, 'mode' | 'serverUrl'>;
  readonly #url: string;
  readonly #changed: () => void;
  readonly #classic: Recorder;
  readonly #stream: Recorder;
  #startedAt = 0;
  #running = false;
  #timers: ReturnType<typeof setTimeout>[] = [];
  #socket: WebSocket | undefined;
  #loop: ReturnType<typeof sendInALoop> | undefined;
  #webSocketStream: WebSocketStreamLike | undefined;
  #written = 0;

  constructor(settings: Pick<ConnectionSettings, 'mode' | 'serverUrl'>, bytesPerSecond: number, changed: () => void) {
    this.#settings = { mode: settings.mode, serverUrl: settings.serverUrl };
    this.kind = streamKind(settings.mode);
    this.mode = settings.mode;
    this.bytesPerSecond = bytesPerSecond;
    this.#url = endpointUrl(settings.serverUrl, `/slow?bytesPerSecond=${bytesPerSecond}`);
    this.#changed = changed;
    this.#classic = new Recorder(changed);
    this.#stream = new Recorder(changed);
  }

  get classic(): ProducerRecord {
    return this.#classic.record;
  }

  get stream(): ProducerRecord {
    return this.#stream.record;
  }

  get running(): boolean {
    return this.#running;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#startedAt = performance.now();
    this.#startClassic();
    if (this.kind !== StreamKind.none) void this.#startStream();
    this.#timers.push(
      setInterval(() => this.#sample(), SAMPLE_MS),
      setTimeout(() => this.stop(), RUN_MS),
    );
    this.#changed();
  }

  /** Stops both producers and closes both connections (what is still queued goes first, then the close frame). */
  stop(): void {
    if (!this.#running) return;
    this.#sample();
    this.#running = false;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers = [];
    this.#loop?.stop();
    if (this.#socket && this.#socket.readyState <= 1) this.#socket.close(1000, 'done');
    try {
      this.#webSocketStream?.close({ closeCode: 1000, reason: 'done' });
    } catch {
      // Already closed: nothing to do.
    }
    for (const recorder of [this.#classic, this.#stream]) {
      if (recorder.record.state === ProducerState.running) recorder.set(ProducerState.stopped);
    }
    this.#changed();
  }

  #now(): number {
    return Math.round(performance.now() - this.#startedAt);
  }

  #sample(): void {
    const at = this.#now();
    if (this.#classic.record.state === ProducerState.running && this.#socket && this.#loop) {
      this.#classic.sample(at, this.#loop.sentBytes(), this.#socket.bufferedAmount);
    }
    if (this.#stream.record.state === ProducerState.running) {
      // The producer awaits each write: one chunk at most waits in the page.
      this.#stream.sample(at, this.#written, CHUNK_BYTES);
    }
    this.#changed();
  }

  #startClassic(): void {
    const WebSocket = wireWebSocket(this.#settings);
    const socket = new WebSocket(this.#url);
    this.#socket = socket;
    this.#classic.set(ProducerState.connecting);
    socket.addEventListener('open', () => {
      if (!this.#running) return socket.close(1000, 'done');
      this.#loop = sendInALoop(socket, new Uint8Array(CHUNK_BYTES), CLASSIC_LOOP);
      this.#classic.set(ProducerState.running);
    });
    socket.addEventListener('message', (event) => this.#classic.serverRead(this.#now(), event.data));
    socket.addEventListener('close', (event) => {
      this.#loop?.stop();
      if (this.#running) this.#classic.set(ProducerState.failed, `the connection closed with code ${event.code}`);
    });
  }

  async #startStream(): Promise<void> {
    this.#stream.set(ProducerState.connecting);
    try {
      const { stream, reader, writer } = await openStream(this.#url, wireWebSocketStream(this.#settings));
      this.#webSocketStream = stream;
      if (!this.#running) return stream.close({ closeCode: 1000, reason: 'done' });
      this.#stream.set(ProducerState.running);
      readEach(reader, (data) => this.#stream.serverRead(this.#now(), data)).catch(() => {});
      await writeInALoop(
        writer,
        new Uint8Array(CHUNK_BYTES),
        () => this.#running,
        (bytes) => (this.#written += bytes),
      );
    } catch (error) {
      if (this.#running) this.#stream.set(ProducerState.failed, error instanceof Error ? error.message : String(error));
    }
  }
}
