import type { Cancel, Clock } from './peer.ts';

/**
 * One session's timers. `stop()` cancels every timer still pending and
 * ignores any scheduled afterwards, so a message that arrives as the
 * connection closes cannot start a timer nobody will cancel.
 */
export interface SessionTimers {
  every(ms: number, run: () => void): Cancel;
  after(ms: number, run: () => void): Cancel;
  stop(): void;
}

export function createSessionTimers(clock: Clock): SessionTimers {
  const pending = new Set<Cancel>();
  let stopped = false;

  function track(start: (done: () => void) => Cancel): Cancel {
    if (stopped) return () => {};
    let cancelClock: Cancel = () => {};
    const cancel: Cancel = () => {
      if (pending.delete(cancel)) cancelClock();
    };
    pending.add(cancel);
    cancelClock = start(() => pending.delete(cancel));
    return cancel;
  }

  return {
    every: (ms, run) => track(() => clock.every(ms, run)),
    after: (ms, run) =>
      track((done) =>
        clock.after(ms, () => {
          done();
          run();
        }),
      ),
    stop() {
      stopped = true;
      for (const cancel of [...pending]) cancel();
    },
  };
}
