import { isControlOpcode, Opcode, Side, type TraceEvent } from '../protocol/index.ts';
import type { ClockOffset } from './clock-sync.ts';
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

/** Whose clock measured an event: the page's, or the live server's (moved onto the page's). */
export const TraceClock = { page: 'page', server: 'server' } as const;
export type TraceClock = (typeof TraceClock)[keyof typeof TraceClock];

/**
 * An event on the connection's one timeline: `at` is milliseconds since the
 * page began connecting, on the page's clock, whichever clock measured it.
 */
export type TimelineEvent = PageTraceEvent & {
  readonly clock: TraceClock;
  /**
   * A server event's time is its own clock's reading plus an estimated
   * offset: how far off that can be, in ms, or undefined while the offset is
   * not measured yet.
   */
  readonly clockError?: number | undefined;
};

/** One more event in a connection's trace. */
export class TraceAddEvent extends Event {
  static readonly eventName = 'wsp-trace-add';
  constructor(readonly event: TimelineEvent) {
    super(TraceAddEvent.eventName);
  }
}

/** Trace events kept per connection; the oldest go first past this. */
export const TRACE_LIMIT = 10_000;

/** Page events remembered while their cause has not arrived: far more than the side channel ever lags behind. */
const WAITING_LIMIT = 64;

interface ServerEntry {
  readonly event: TraceEvent;
  /** The cause key of the page event this server event causes (see `causeOf`). */
  readonly causes: string | undefined;
}

/** What must come before a page event: the 101 before open, the n-th message's last frame before the n-th message event… */
function causeOf(event: PageTraceEvent, opened: boolean, messages: number): string | undefined {
  if (event.type !== 'api') return undefined;
  switch (event.name) {
    case 'open':
      return 'response';
    case 'message':
      return `message ${messages}`;
    case 'error':
      return opened ? undefined : 'response';
    case 'close':
      return opened ? 'close frame' : 'response';
  }
}

/**
 * One connection's trace as one timeline: the wire's events (simulated, or
 * the live server's side channel) and the page's API events.
 *
 * The page's events and the simulated wire's are measured on the page's clock
 * as they happen, so they go in as they come. The live server's arrive later,
 * on another connection and with its own clock: each is moved onto the page's
 * clock with the offset the inspect stream's clock probes measured
 * (clock-sync.ts) and placed by time among the page's events. Where the
 * times are too close to tell, the cause goes first: the page's open event
 * after the 101, its message event after the frame that ended the message,
 * its close event after the server's close frame. A server time is never
 * shown later than the page event after it: it is an estimate, the page's
 * time a reading.
 *
 * @fires wsp-trace-add - after each event added
 */
export class TraceStream extends TypedEventTarget<{ [TraceAddEvent.eventName]: TraceAddEvent }> {
  /** performance.now() when the page began connecting: the timeline's zero. */
  readonly startedAt = performance.now();
  #timeline: TimelineEvent[] = [];
  #snapshot: readonly TimelineEvent[] | undefined;
  /** Each clock's events in the order they were measured: what a full merge starts from. */
  #page: TimelineEvent[] = [];
  #server: ServerEntry[] = [];
  /** The cause key each page event waits for. */
  readonly #effects = new WeakMap<TimelineEvent, string>();
  /** Page events whose cause the server has not reported yet, by cause key. */
  readonly #waiting = new Map<string, TimelineEvent>();
  #offset: ClockOffset | undefined;
  #opened = false;
  #pageMessages = 0;
  #serverMessages = 0;
  #serverClosed = false;
  #serverResponded = false;

  /** The timeline, oldest first. The same array until the next event. */
  get events(): readonly TimelineEvent[] {
    this.#snapshot ??= [...this.#timeline];
    return this.#snapshot;
  }

  /** Milliseconds since the page began connecting. */
  now(): number {
    return Math.round(performance.now() - this.startedAt);
  }

  /** An event measured on the page's clock: the page's own, or the simulated wire's. */
  push(event: PageTraceEvent): void {
    if (event.type === 'api' && event.name === 'message') this.#pageMessages++;
    const shown: TimelineEvent = { ...event, clock: TraceClock.page };
    const cause = causeOf(event, this.#opened, this.#pageMessages);
    if (event.type === 'api' && event.name === 'open') this.#opened = true;
    if (cause) this.#effects.set(shown, cause);
    if (cause && !this.#seen(cause)) this.#wait(cause, shown);
    this.#page.push(shown);
    this.#timeline.push(shown);
    this.#clampBefore(this.#timeline.length - 1);
    this.#added(shown);
  }

  /** An event the live server reported, on the server's clock. */
  pushServer(event: TraceEvent): void {
    const entry: ServerEntry = { event, causes: this.#serverCause(event) };
    this.#server.push(entry);
    const effect = entry.causes === undefined ? undefined : this.#waiting.get(entry.causes);
    if (entry.causes !== undefined) this.#waiting.delete(entry.causes);
    const shown = this.#place(entry, effect) ?? this.#merge(entry);
    this.#added(shown);
  }

  /** A better estimate of the server's clock: the server's events are placed again. */
  setClockOffset(offset: ClockOffset): void {
    this.#offset = offset;
    this.#merge();
    this.#snapshot = undefined;
  }

  /** The server event's time on the page's clock: before the offset is measured, its first event stands at zero. */
  #at(event: TraceEvent): number {
    if (this.#offset) return event.at + this.#offset.offset - this.startedAt;
    return event.at - (this.#server[0]?.event.at ?? event.at);
  }

  /**
   * Whether a server event estimated at `at` goes before a page event: when
   * it may have happened first, within the offset's error. Times too close
   * to tell put the server first, as the wire does (the page hears of a
   * frame after the server sent it).
   */
  #mayPrecede(at: number, event: TimelineEvent): boolean {
    return at - (this.#offset?.error ?? 0) <= event.at;
  }

  #shownServer(entry: ServerEntry): TimelineEvent {
    return {
      ...entry.event,
      at: Math.round(this.#at(entry.event)),
      clock: TraceClock.server,
      clockError: this.#offset?.error,
    };
  }

  /**
   * Inserts a server event among the page events since the last server event
   * (the server's own order stays): after those measured before it, and
   * before its effect. Undefined when its effect lies further back: then only
   * a full merge can keep both orders.
   */
  #place(entry: ServerEntry, effect: TimelineEvent | undefined): TimelineEvent | undefined {
    const timeline = this.#timeline;
    let start = timeline.length;
    while (start > 0 && timeline[start - 1]!.clock === TraceClock.page) start--;
    const effectAt = effect ? timeline.indexOf(effect, start) : -1;
    if (effect && effectAt === -1 && timeline.includes(effect)) return undefined;
    const at = this.#at(entry.event);
    let position = start;
    while (position < timeline.length && !this.#mayPrecede(at, timeline[position]!)) position++;
    const shown = this.#shownServer(entry);
    if (effectAt !== -1) position = Math.min(position, effectAt);
    timeline.splice(position, 0, shown);
    return this.#clampBefore(position + 1) ?? shown;
  }

  /**
   * Merges the two clocks' events from scratch: by time, but a page event
   * whose cause the server reported goes only after it. Returns `entry` as
   * placed.
   */
  #merge(entry?: ServerEntry): TimelineEvent {
    const page = this.#page;
    const server = this.#server;
    const causeIndex = new Map<string, number>();
    server.forEach(({ causes }, index) => {
      if (causes !== undefined) causeIndex.set(causes, index);
    });
    const merged: TimelineEvent[] = [];
    let placed: TimelineEvent | undefined;
    let i = 0;
    let j = 0;
    while (i < page.length || j < server.length) {
      const next = page[i];
      const waitsFor = next ? causeIndex.get(this.#effects.get(next) ?? '') : undefined;
      const candidate = server[j];
      const serverFirst =
        candidate !== undefined &&
        (next === undefined ||
          (waitsFor !== undefined && waitsFor >= j) ||
          this.#mayPrecede(this.#at(candidate.event), next));
      if (serverFirst) {
        const shown = this.#shownServer(candidate);
        if (candidate === entry) placed = shown;
        merged.push(shown);
        j++;
      } else {
        merged.push(next!);
        i++;
      }
    }
    this.#timeline = merged;
    for (let k = merged.length - 1; k > 0; k--) this.#clampBefore(k);
    return placed ?? merged[merged.length - 1]!;
  }

  /**
   * Keeps times in order before `index`: a server event's estimated time just
   * before a page event's reading is lowered to it. Returns the server event
   * at `index - 1` as shown now, if it changed.
   */
  #clampBefore(index: number): TimelineEvent | undefined {
    const timeline = this.#timeline;
    const reading = timeline[index];
    let changed: TimelineEvent | undefined;
    for (let k = index - 1; reading && k >= 0; k--) {
      const previous = timeline[k]!;
      if (previous.clock !== TraceClock.server || previous.at <= reading.at) break;
      timeline[k] = { ...previous, at: reading.at };
      if (k === index - 1) changed = timeline[k];
    }
    return changed;
  }

  /** Whether the server already reported the cause: its response, its close frame, its n-th message. */
  #seen(cause: string): boolean {
    if (cause === 'response') return this.#serverResponded;
    if (cause === 'close frame') return this.#serverClosed;
    return Number(cause.split(' ')[1]) <= this.#serverMessages;
  }

  /**
   * Remembers a page event until its cause arrives. A simulated trace has no
   * server side, and a live server may never report a cause (no close frame
   * before a drop): the oldest are forgotten past a few.
   */
  #wait(cause: string, event: TimelineEvent): void {
    // The first event waiting for a cause is the one it must precede (a refusal's error, then its close).
    if (this.#waiting.has(cause)) return;
    this.#waiting.set(cause, event);
    if (this.#waiting.size > WAITING_LIMIT) this.#waiting.delete(this.#waiting.keys().next().value!);
  }

  #added(event: TimelineEvent): void {
    if (this.#timeline.length > TRACE_LIMIT) {
      const oldest = this.#timeline.shift();
      if (oldest?.clock === TraceClock.page) this.#page.shift();
      else this.#server.shift();
    }
    this.#snapshot = undefined;
    this.dispatchEvent(new TraceAddEvent(event));
  }

  /** The cause key a server event satisfies, counted the same way as the page's effects. */
  #serverCause(event: TraceEvent): string | undefined {
    if (event.type === 'handshake-response') {
      this.#serverResponded = true;
      return 'response';
    }
    if (event.type !== 'frame' || event.from !== Side.server) return undefined;
    const { opcode, fin } = event.frame;
    if (opcode === Opcode.close && !this.#serverClosed) {
      this.#serverClosed = true;
      return 'close frame';
    }
    return !isControlOpcode(opcode) && fin ? `message ${++this.#serverMessages}` : undefined;
  }
}
