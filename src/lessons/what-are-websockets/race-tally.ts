/**
 * One lane of the race (short polling, long polling, Server-Sent Events,
 * WebSocket): its running totals and what happened when, for the timeline. Times are the page's clock (`Date.now()`),
 * the clock the server's `sentAt` is read against.
 */
import type { TickMessage, TickerTopic } from '../../service/json-messages.ts';
import type { ConnectionMode } from '../../transport/mode.ts';

/** What the timeline draws. */
export const MarkKind = {
  /** A request and its response: a poll, a stream's opening, or the WebSocket's upgrade handshake. */
  exchange: 'exchange',
  /** An update reached the page. */
  delivered: 'delivered',
} as const;
export type MarkKind = (typeof MarkKind)[keyof typeof MarkKind];

export type RaceMark =
  | {
      readonly kind: typeof MarkKind.exchange;
      /** When the request left. */
      readonly at: number;
      /** When its response arrived. */
      readonly until: number;
      /** How many updates the response carried (the handshake carries none). */
      readonly news: number;
    }
  | {
      readonly kind: typeof MarkKind.delivered;
      /** When the page had it. */
      readonly at: number;
      /** When it happened on the server. */
      readonly sentAt: number;
      readonly seq: number;
    };

/** Marks older than this are dropped: the timeline shows less. */
const KEEP_MS = 30_000;

/** What the last delivery of updates cost on the wire. */
export interface Delivery {
  /** Every byte it took, both ways: a poll's request and response, an event, a frame. */
  readonly bytes: number;
  /** The bytes of the updates themselves (their JSON). */
  readonly payload: number;
}

/** One lane's running totals; its runner tells the view when they change. */
export class Tally {
  requests = 0;
  bytesUp = 0;
  bytesDown = 0;
  updates = 0;
  totalDelay = 0;
  worstDelay = 0;
  latest: TickMessage | undefined;
  /** The last delivery that carried updates: what its framing cost beside them. */
  lastDelivery: Delivery | undefined;
  /** Updates never seen: gaps in the seq numbers. */
  lost = 0;
  /** Updates seen again: a seq at or below one already seen. */
  repeated = 0;
  marks: readonly RaceMark[] = [];

  get averageDelay(): number | undefined {
    return this.updates === 0 ? undefined : this.totalDelay / this.updates;
  }

  /** Bytes that crossed: `up` from the page to the server, `down` back. */
  count(up: number, down: number): void {
    this.bytesUp += up;
    this.bytesDown += down;
  }

  /** A request left at `at` and its answer arrived at `until`, carrying `news` updates. */
  exchange(at: number, until: number, news: number): void {
    this.requests += 1;
    this.#mark({ kind: MarkKind.exchange, at, until, news });
  }

  /** Updates that reached the page at `at`: each one's delay is from when it happened to now. */
  deliver(ticks: readonly TickMessage[], at: number): void {
    for (const tick of ticks) {
      const before = this.latest?.seq;
      if (before !== undefined && tick.seq <= before) this.repeated += 1;
      else if (before !== undefined) this.lost += tick.seq - before - 1;
      const delay = Math.max(0, at - tick.sentAt);
      this.updates += 1;
      this.totalDelay += delay;
      this.worstDelay = Math.max(this.worstDelay, delay);
      this.latest = tick;
      this.#mark({ kind: MarkKind.delivered, at, sentAt: tick.sentAt, seq: tick.seq });
    }
  }

  #mark(mark: RaceMark): void {
    this.marks = [...this.marks.filter((old) => old.at > mark.at - KEEP_MS), mark];
  }
}

/** Reads a tick from untrusted JSON (a network input): the fields the race uses, checked. */
export function asTick(value: unknown): TickMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const tick = value as Partial<TickMessage>;
  const ok = tick.type === 'tick' && typeof tick.seq === 'number' && typeof tick.sentAt === 'number';
  return ok && typeof tick.data === 'object' && tick.data !== null ? (tick as TickMessage) : undefined;
}

/** What a race runs with. */
export interface RaceSettings {
  readonly mode: ConnectionMode;
  /** The live server's WebSocket base URL; the simulated server pretends to live there. */
  readonly serverUrl: string;
  readonly topic: TickerTopic;
  /** Milliseconds between updates on the server. */
  readonly every: number;
  /** Milliseconds between polls. */
  readonly interval: number;
  /** Tick events per response the event stream asks for (`events=N`): a cut it must recover from; none when undefined. */
  readonly streamEvents: number | undefined;
}
