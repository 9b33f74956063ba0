import type { Cancel, Clock } from '../../../src/service/peer.ts';

interface Timer {
  due: number;
  readonly every: number | undefined;
  readonly run: () => void;
}

/** A Clock whose time moves only when a test says so. */
export interface FakeClock extends Clock {
  /** Moves time on by `ms`, running every timer that falls due, in order. */
  advance(ms: number): void;
  /** How many timers are scheduled and not cancelled. */
  readonly pending: number;
}

export function createFakeClock(start = 1_000_000): FakeClock {
  let now = start;
  const timers = new Set<Timer>();

  function schedule(ms: number, every: number | undefined, run: () => void): Cancel {
    const timer: Timer = { due: now + ms, every, run };
    timers.add(timer);
    return () => void timers.delete(timer);
  }

  return {
    now: () => now,
    every: (ms, run) => schedule(ms, ms, run),
    after: (ms, run) => schedule(ms, undefined, run),
    advance(ms) {
      const end = now + ms;
      for (;;) {
        let next: Timer | undefined;
        for (const timer of timers) if (timer.due <= end && (!next || timer.due < next.due)) next = timer;
        if (!next) break;
        now = next.due;
        if (next.every === undefined) timers.delete(next);
        // An interval of 0 would never let time pass; the real clocks treat it as 1 ms too.
        else next.due += Math.max(1, next.every);
        next.run();
      }
      now = end;
    },
    get pending() {
      return timers.size;
    },
  };
}
