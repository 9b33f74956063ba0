import { DEFAULT_MAX_MESSAGE_BYTES } from '../../service/message-size.ts';
import type { TraceEvent } from '../../protocol/index.ts';
import type { ClockOffset } from '../clock-sync.ts';
import type { ConnectionMode } from '../mode.ts';
import type { PageTraceEvent } from '../trace-stream.ts';

/**
 * What the page and a run's worker tell each other: both ends import this
 * module, so a message means the same on both sides.
 */

/** One line of the output panel. */
export interface OutputLine {
  /** Milliseconds since the run started. */
  readonly at: number;
  /** Who wrote it: the reader's client code, their server code, or the playground itself. */
  readonly source: 'client' | 'server' | 'playground';
  readonly level: 'log' | 'info' | 'warn' | 'error';
  readonly text: string;
}

/** An error in the reader's code: a syntax error, an uncaught exception, a rejected promise nobody handled. */
export interface ReaderError {
  /** Which editor the code is in. */
  readonly source: 'client' | 'server';
  readonly name: string;
  readonly message: string;
  /** The line in that editor, from 1; undefined when the error named no place in the reader's code. */
  readonly line?: number | undefined;
  readonly column?: number | undefined;
}

export const RunState = {
  /** The worker is loading, or checking the code. */
  starting: 'starting',
  /** The reader's code runs (and may have ended: its sockets and timers keep the run alive until Stop). */
  running: 'running',
  /** Stopped: the worker was ended. */
  stopped: 'stopped',
  /** The code could not start: a syntax error, or the worker could not load. */
  failed: 'failed',
} as const;
export type RunState = (typeof RunState)[keyof typeof RunState];

/**
 * What one run may do before the playground stops listening, so that no code
 * can flood the page: past a limit the run goes on, and one playground line
 * says which limit it reached and what was left out.
 */
export const SANDBOX_LIMITS = {
  /** Sockets the reader's code may open in one run; the next `new WebSocket` throws. */
  sockets: 50,
  /** Output lines shown; later ones are dropped. */
  outputLines: 1000,
  /** Characters of one output line; a longer one is cut. */
  lineLength: 2000,
  /** Errors shown; later ones are dropped. */
  errors: 100,
  /** Trace events shown per connection; later ones are dropped (the connection goes on). */
  traceEvents: 2000,
  /**
   * Bytes of frames (as on the wire, plus a payload or inflated message that
   * is not a view of them) sent to the page in one run; later frames come
   * with their header and length only, their payload left out.
   */
  traceBytes: 16 * 1024 * 1024,
  /** Largest message the simulated server takes, as the live server's default: a bigger one closes with 1009. */
  messageBytes: DEFAULT_MAX_MESSAGE_BYTES,
} as const;

/** What each editor's script is called in stacks and error events (its `//# sourceURL=`). */
export const READER_SCRIPT_NAMES = { server: 'server.js', client: 'client.js' } as const;

/** The wrapper's lines above the reader's first line in each script (reader-scripts.ts). */
export const READER_SCRIPT_OFFSET = 1;

/** The first message to the worker, once it says it is ready. */
export interface StartMessage {
  readonly type: 'start';
  readonly mode: ConnectionMode;
  readonly serverUrl: string;
  readonly client: string;
  readonly server: string;
}

/** One change to a connection's trace, as the worker's TraceStream was told it. */
export type TraceOp =
  | { readonly kind: 'page'; readonly event: PageTraceEvent }
  | { readonly kind: 'server'; readonly event: TraceEvent }
  /** The offset with the trace's own start taken off: each end adds its own `startedAt` (their clocks differ). */
  | { readonly kind: 'offset'; readonly offset: ClockOffset };

/** One piece of news from the worker, in the order it happened. */
export type RunNews =
  | { readonly kind: 'line'; readonly line: OutputLine }
  | { readonly kind: 'error'; readonly error: ReaderError }
  | { readonly kind: 'connection'; readonly id: number; readonly url: string; readonly traced: boolean }
  | { readonly kind: 'trace'; readonly id: number; readonly op: TraceOp }
  | { readonly kind: 'closed'; readonly id: number }
  | { readonly kind: 'state'; readonly state: RunState };

export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'news'; readonly news: readonly RunNews[] }
  /** The bootstrap could not load the runtime module. */
  | { readonly type: 'boot-failed'; readonly message: string };
