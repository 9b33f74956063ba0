import type { WebSocket } from 'ws';
import {
  CLOCK_PROBE,
  redactTraceEvent,
  serializeClockAnswer,
  serializeTraceEvent,
  type TraceEvent,
} from '../src/protocol/index.ts';
import { traceClock } from './trace-clock.ts';

/** At least 128 random bits: 22 base64url characters or 32 hex digits, so no one guesses another reader's id. */
export const TRACE_ID_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;
/** An inspect connection that no lesson connection names within this time is closed. */
export const INSPECT_IDLE_MS = 60_000;
/** Clock probes answered per inspect stream: a page needs a handful to find a short round trip. */
export const MAX_CLOCK_PROBES = 16;
export interface TraceLimits {
  /** How long an inspect connection may wait for a lesson connection. */
  readonly idleMs?: number | undefined;
  /** Most trace ids held at once. */
  readonly maxTraces: number;
  /** Events kept for an id whose inspect connection has not arrived yet (the two connections race). */
  readonly bufferEvents: number;
  /** An inspect connection with more than this waiting reads too slowly and is closed. */
  readonly sendBufferBytes: number;
}

interface Trace {
  inspector: WebSocket | undefined;
  early: string[];
  lessons: number;
  idle: NodeJS.Timeout | undefined;
}

/**
 * The only messages an inspect stream takes: clock probes, answered with the
 * trace clock at once, so the page can estimate the offset between its clock
 * and the server's from the round trip. Anything else, or too many, ends the
 * stream with 1008 (§7.4.1) and says why.
 */
function answerClockProbes(socket: WebSocket): void {
  let answered = 0;
  socket.on('message', (data, isBinary) => {
    if (isBinary || data.toString() !== CLOCK_PROBE) {
      socket.close(1008, `an inspect stream takes only clock probes: ${CLOCK_PROBE}`);
    } else if (++answered > MAX_CLOCK_PROBES) {
      socket.close(1008, `an inspect stream answers at most ${MAX_CLOCK_PROBES} clock probes`);
    } else {
      socket.send(serializeClockAnswer(traceClock()));
    }
  });
}

/**
 * The side channel of the trace: events of lesson connections that name a
 * trace id go to the inspect connection holding that id, and to no other,
 * with every secret in them starred (src/protocol/secrets.ts).
 */
export class TraceRegistry {
  readonly #traces = new Map<string, Trace>();
  readonly #limits: TraceLimits;
  readonly #idleMs: number;

  constructor(limits: TraceLimits) {
    this.#limits = limits;
    this.#idleMs = limits.idleMs ?? INSPECT_IDLE_MS;
  }

  /** Whether a new trace id would pass the limit. */
  get full(): boolean {
    return this.#traces.size >= this.#limits.maxTraces;
  }

  /** Attaches an inspect connection; returns why not, if it cannot. */
  attachInspector(id: string, socket: WebSocket): string | undefined {
    const trace = this.#trace(id);
    if (trace.inspector) return `trace ${id} already has an inspect connection`;
    trace.inspector = socket;
    answerClockProbes(socket);
    for (const message of trace.early.splice(0)) socket.send(message);
    socket.on('close', () => this.#forget(id));
    this.#armIdle(id, trace);
    return undefined;
  }

  /** A lesson connection names `id`: returns how to report its events, or undefined when the server holds too many traces. */
  openLesson(id: string): { emit(event: TraceEvent): void; done(): void } | undefined {
    if (!this.#traces.has(id) && this.full) return undefined;
    const trace = this.#trace(id);
    trace.lessons++;
    this.#disarmIdle(trace);
    return {
      emit: (event) => {
        // Every event leaves through here, so here a ticket, token or session id is starred: in a path, a
        // header, a note, a close reason or a frame's payload (then masked again with its own key).
        const message = serializeTraceEvent(redactTraceEvent(event));
        const inspector = trace.inspector;
        if (!inspector) {
          if (trace.early.length < this.#limits.bufferEvents) trace.early.push(message);
        } else if (inspector.bufferedAmount > this.#limits.sendBufferBytes) {
          inspector.close(1008, 'reading the trace too slowly');
        } else {
          inspector.send(message);
        }
      },
      done: () => {
        trace.lessons--;
        this.#armIdle(id, trace);
      },
    };
  }

  get size(): number {
    return this.#traces.size;
  }

  closeAll(): void {
    for (const id of [...this.#traces.keys()]) this.#forget(id);
  }

  #trace(id: string): Trace {
    let trace = this.#traces.get(id);
    if (!trace) {
      trace = { inspector: undefined, early: [], lessons: 0, idle: undefined };
      this.#traces.set(id, trace);
    }
    return trace;
  }

  #armIdle(id: string, trace: Trace): void {
    this.#disarmIdle(trace);
    if (trace.lessons > 0) return;
    trace.idle = setTimeout(() => {
      trace.inspector?.close(1000, 'no lesson connection used this trace for a minute');
      this.#forget(id);
    }, this.#idleMs);
    trace.idle.unref();
  }

  #disarmIdle(trace: Trace): void {
    if (trace.idle) clearTimeout(trace.idle);
    trace.idle = undefined;
  }

  #forget(id: string): void {
    const trace = this.#traces.get(id);
    if (!trace) return;
    this.#disarmIdle(trace);
    this.#traces.delete(id);
  }
}
