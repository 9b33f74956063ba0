import type { TraceEvent } from '../../protocol/index.ts';
import type { ClockOffset } from '../clock-sync.ts';
import { TraceStream, type PageTraceEvent } from '../trace-stream.ts';
import type { Outbox } from './outbox.ts';
import { SANDBOX_LIMITS } from './sandbox-messages.ts';

/** Bytes in a buffer of their own: a view of a shared slab (src/protocol/pool.ts) would send the whole slab. */
function own(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

/** The event as it travels to the page: its frame's bytes copied out of any shared buffer. */
function compact<E extends PageTraceEvent>(event: E): E {
  if (event.type !== 'frame') return event;
  const { frame, inflated } = event;
  return {
    ...event,
    bytes: own(event.bytes),
    frame: { ...frame, payload: own(frame.payload), mask: frame.mask && own(frame.mask) },
    ...(inflated && { inflated: own(inflated) }),
  };
}

/**
 * A connection's trace in the worker: it keeps nothing and tells the page
 * everything (the page's own TraceStream for the connection replays it, so
 * the page merges the two clocks as a lesson does), up to
 * SANDBOX_LIMITS.traceEvents; past it one note says what is left out.
 */
export class ForwardingTrace extends TraceStream {
  readonly #id: number;
  readonly #outbox: Outbox;
  #events = 0;

  constructor(id: number, outbox: Outbox) {
    super();
    this.#id = id;
    this.#outbox = outbox;
  }

  override push(event: PageTraceEvent): void {
    if (this.#counted()) this.#outbox.trace(this.#id, { kind: 'page', event: compact(event) });
  }

  override pushServer(event: TraceEvent): void {
    if (this.#counted()) this.#outbox.trace(this.#id, { kind: 'server', event: compact(event) });
  }

  override setClockOffset(offset: ClockOffset): void {
    // performance.now() counts from the worker's start here, from the page's there: only the trace's own time travels.
    this.#outbox.trace(this.#id, { kind: 'offset', offset: { ...offset, offset: offset.offset - this.startedAt } });
  }

  /** Whether one more event still goes to the page; the first one past the limit becomes the note. */
  #counted(): boolean {
    this.#events++;
    if (this.#events <= SANDBOX_LIMITS.traceEvents) return true;
    if (this.#events === SANDBOX_LIMITS.traceEvents + 1) {
      const text = `Trace limit reached: ${SANDBOX_LIMITS.traceEvents} events. Later frames and events of this connection are not shown; it goes on.`;
      this.#outbox.trace(this.#id, { kind: 'page', event: { type: 'note', at: this.now(), text } });
      this.#outbox.line('playground', 'warn', `Connection #${this.#id}: ${text}`);
    }
    return false;
  }
}
