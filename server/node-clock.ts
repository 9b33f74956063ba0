import type { Clock } from '../src/service/peer.ts';

/** The service's clock on the server: real timers that never keep the process alive on their own. */
export const nodeClock: Clock = {
  now: () => Date.now(),
  every(ms, run) {
    const timer = setInterval(run, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
  after(ms, run) {
    const timer = setTimeout(run, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};
