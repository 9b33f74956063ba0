import type { TraceEvent } from '../protocol/index.ts';
import { TypedEventTarget } from './typed-event-target.ts';

/** What the page's own WebSocket object reported: the API side of the story. */
export interface ApiEvent {
  readonly type: 'api';
  /** Milliseconds since the page began connecting. */
  readonly at: number;
  readonly name: 'open' | 'message' | 'error' | 'close';
  /** One line: the message's size and type, the close code… */
  readonly detail: string;
}

export type PageTraceEvent = TraceEvent | ApiEvent;

/** One more event in a connection's trace. */
export class TraceAddEvent extends Event {
  static readonly eventName = 'wsp-trace-add';
  constructor(readonly event: PageTraceEvent) {
    super(TraceAddEvent.eventName);
  }
}

/** Trace events kept per connection; the oldest go first past this. */
const TRACE_LIMIT = 2000;

/**
 * One connection's trace, in the order events reached the page: the wire's
 * events (simulated, or the live server's side channel) and the page's API
 * events, merged.
 *
 * @fires wsp-trace-add - after each event added
 */
export class TraceStream extends TypedEventTarget<{ [TraceAddEvent.eventName]: TraceAddEvent }> {
  #events: PageTraceEvent[] = [];

  get events(): readonly PageTraceEvent[] {
    return this.#events;
  }

  push(event: PageTraceEvent): void {
    this.#events = [...this.#events.slice(-(TRACE_LIMIT - 1)), event];
    this.dispatchEvent(new TraceAddEvent(event));
  }
}
