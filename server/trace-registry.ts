import type { WebSocket } from 'ws';
import { serializeTraceEvent, type TraceEvent } from '../src/protocol/trace.ts';

/** At least 128 random bits: 22 base64url characters or 32 hex digits, so no one guesses another reader's id. */
export const TRACE_ID_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;
/** An inspect connection that no lesson connection names within this time is closed. */
export const INSPECT_IDLE_MS = 60_000;
/** Events kept for an id whose inspect connection has not arrived yet (the two connections race). */
const EARLY_EVENTS_LIMIT = 256;

interface Trace {
  inspector: WebSocket | undefined;
  early: string[];
  lessons: number;
  idle: NodeJS.Timeout | undefined;
}

/**
 * The side channel of the trace: events of lesson connections that name a
 * trace id go to the inspect connection holding that id, and to no other.
 */
export class TraceRegistry {
  readonly #traces = new Map<string, Trace>();
  readonly #idleMs: number;

  constructor(idleMs = INSPECT_IDLE_MS) {
    this.#idleMs = idleMs;
  }

  /** Attaches an inspect connection; returns why not, if it cannot. */
  attachInspector(id: string, socket: WebSocket): string | undefined {
    const trace = this.#trace(id);
    if (trace.inspector) return `trace ${id} already has an inspect connection`;
    trace.inspector = socket;
    for (const message of trace.early.splice(0)) socket.send(message);
    socket.on('close', () => this.#forget(id));
    this.#armIdle(id, trace);
    return undefined;
  }

  /** A lesson connection names `id`: returns the function that reports its events. */
  openLesson(id: string): { emit(event: TraceEvent): void; done(): void } {
    const trace = this.#trace(id);
    trace.lessons++;
    this.#disarmIdle(trace);
    return {
      emit: (event) => {
        const message = serializeTraceEvent(event);
        if (trace.inspector) trace.inspector.send(message);
        else if (trace.early.length < EARLY_EVENTS_LIMIT) trace.early.push(message);
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
