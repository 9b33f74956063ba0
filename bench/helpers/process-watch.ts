import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Node's default: the delays that matter here are tens of ms. */
const LOOP_RESOLUTION_MS = 10;

/** What a process's watch says over a stretch of time (see ProcessWatch). */
export interface WatchSample {
  /** The share of one core used (1 = a whole core). */
  readonly cpu: number;
  /** The share of the time the main thread was ready to run but waited for a core; null where unknown. */
  readonly waited: number | null;
  /** The loop delay's p99 and max since the last reset, in ms. */
  readonly loop: { readonly p99: number; readonly max: number };
}

/** Nanoseconds the main thread has spent waiting for a core, where Linux says (/proc/self/schedstat). */
function runQueueWaitNs(): number | null {
  try {
    return Number(readFileSync('/proc/self/schedstat', 'utf8').split(' ')[1]);
  } catch {
    return null;
  }
}

/**
 * How well this process keeps up: its event loop's delay, its share of a
 * core, and how long its main thread was ready to run but waited for a core.
 * A loop that lags while the thread waits for a core lags because the
 * machine gave the core to others; one that lags at a whole core lags of
 * its own work.
 */
export class ProcessWatch {
  readonly #loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  #cpuBefore = process.cpuUsage();
  #wallBefore = performance.now();
  #waitBefore = runQueueWaitNs();

  constructor() {
    this.#loop.enable();
  }

  /**
   * The loop delay's p99 and max since the last reset, in ms. The histogram
   * holds the time between its timer's runs, so the delay is what passed
   * beyond the timer's interval.
   */
  loopDelay(): { readonly p99: number; readonly max: number } {
    const loop = this.#loop;
    const delay = (ns: number): number => (loop.count > 0 ? Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS) : 0);
    return { p99: delay(loop.percentile(99)), max: delay(loop.max) };
  }

  /** Since the last sample: the shares of a core used and waited for, and the loop delay since the last reset. */
  sample(): WatchSample {
    return { ...this.shares(), loop: this.loopDelay() };
  }

  resetLoop(): void {
    this.#loop.reset();
  }

  /**
   * Since the last call: the share of one core used (1 = a whole core), and
   * the share of the time the main thread waited for a core (null where
   * there is no /proc/self/schedstat).
   */
  shares(): { readonly cpu: number; readonly waited: number | null } {
    const used = process.cpuUsage(this.#cpuBefore);
    const waitNow = runQueueWaitNs();
    const wallMs = performance.now() - this.#wallBefore;
    const waited = waitNow === null || this.#waitBefore === null ? null : (waitNow - this.#waitBefore) / 1e6 / wallMs;
    this.#cpuBefore = process.cpuUsage();
    this.#wallBefore = performance.now();
    this.#waitBefore = waitNow;
    return { cpu: (used.user + used.system) / 1000 / wallMs, waited };
  }
}
