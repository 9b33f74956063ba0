import type { FrameEvent, TraceEvent } from '../../protocol/index.ts';
import type { ClockOffset } from '../clock-sync.ts';
import { TraceStream, type PageTraceEvent } from '../trace-stream.ts';
import type { Outbox } from './outbox.ts';
import { SANDBOX_LIMITS } from './sandbox-messages.ts';
import type { TraceBudget } from './trace-budget.ts';

function isFrame<E extends PageTraceEvent>(event: E): event is E & FrameEvent {
  return event.type === 'frame';
}

/**
 * A connection's trace in the worker: it keeps nothing and tells the page
 * everything (the page's own TraceStream for the connection replays it, so
 * the page merges the two clocks as a lesson does), up to
 * SANDBOX_LIMITS.traceEvents; past it one note says what is left out. Its
 * frames draw on the run's TraceBudget: past it they go without their
 * payload, and a note in each trace that meets it says so.
 */
export class ForwardingTrace extends TraceStream {
  readonly #id: number;
  readonly #outbox: Outbox;
  readonly #budget: TraceBudget;
  #events = 0;
  #cut = false;

  constructor(id: number, outbox: Outbox, budget: TraceBudget) {
    super();
    this.#id = id;
    this.#outbox = outbox;
    this.#budget = budget;
  }

  override push(event: PageTraceEvent): void {
    if (this.#counted()) this.#outbox.trace(this.#id, { kind: 'page', event: this.#compact(event) });
  }

  override pushServer(event: TraceEvent): void {
    if (this.#counted()) this.#outbox.trace(this.#id, { kind: 'server', event: this.#compact(event) });
  }

  override setClockOffset(offset: ClockOffset): void {
    // performance.now() counts from the worker's start here, from the page's there: only the trace's own time travels.
    this.#outbox.trace(this.#id, { kind: 'offset', offset: { ...offset, offset: offset.offset - this.startedAt } });
  }

  /** The event as it travels to the page: a frame's bytes in buffers of their own, within the run's budget. */
  #compact<E extends PageTraceEvent>(event: E): E {
    if (!isFrame(event)) return event;
    const wasSpent = this.#budget.spent;
    const sent = this.#budget.forward(event);
    if (this.#budget.spent && !this.#cut) {
      this.#cut = true;
      const text = `Trace byte limit reached: ${mebibytes(SANDBOX_LIMITS.traceBytes)} of frames in this run. Later frames show their header and length, not their payload; the connections go on.`;
      this.#outbox.trace(this.#id, { kind: 'page', event: { type: 'note', at: this.now(), text } });
      if (!wasSpent) this.#outbox.line('playground', 'warn', `Connection #${this.#id}: ${text}`);
    }
    return sent;
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

function mebibytes(bytes: number): string {
  return `${bytes / (1024 * 1024)} MiB`;
}
