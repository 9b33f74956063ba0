import type { ReconnectNews } from './reconnect-news.ts';
import { RECONNECT_POLICY, reconnectDelay, reconnectsAfter, type ReconnectPolicy } from './reconnect-policy.ts';

/** The page's timers, unless a test wants to fire them itself. */
export interface ReconnectTimers {
  set(run: () => void, ms: number): number;
  clear(handle: number | undefined): void;
}

const pageTimers: ReconnectTimers = {
  set: (run, ms) => window.setTimeout(run, ms),
  clear: (handle) => window.clearTimeout(handle),
};

export interface ReconnectorHooks {
  /** Open the same target again: the next attempt has begun. */
  readonly retry: () => void;
  readonly news: (news: ReconnectNews) => void;
}

/** How a connection that ended stands: nothing pending, waiting for the next attempt, or in one. */
const Phase = { idle: 'idle', waiting: 'waiting', trying: 'trying' } as const;
type Phase = (typeof Phase)[keyof typeof Phase];

/** The end of a connection or of an attempt, as the page's close event reports it. */
export interface Ending {
  readonly code: number;
  /** Whether the connection had opened; an attempt that failed had not. */
  readonly opened: boolean;
  /** Whether it was a Live connection: the simulated server never restarts, so it never reconnects. */
  readonly live: boolean;
}

/**
 * Keeps one demo connection up after the server went away or the network
 * dropped it, by the rules of `ReconnectPolicy`: it is told when the
 * connection opens and ends, decides whether and when to try again, and
 * says each step as news. It owns no socket: `retry` opens one.
 */
export class Reconnector {
  readonly policy: ReconnectPolicy;
  readonly #hooks: ReconnectorHooks;
  readonly #timers: ReconnectTimers;
  #phase: Phase = Phase.idle;
  #attempt = 0;
  /** False once the reader closed the connection or left: an ending then stands. */
  #armed = true;
  #retryTimer: number | undefined;
  #stableTimer: number | undefined;

  constructor(hooks: ReconnectorHooks, policy: Partial<ReconnectPolicy> = {}, timers: ReconnectTimers = pageTimers) {
    this.#hooks = hooks;
    this.policy = { ...RECONNECT_POLICY, ...policy };
    this.#timers = timers;
  }

  /** Whether an attempt is pending: waiting for it, or in it. */
  get active(): boolean {
    return this.#phase !== Phase.idle;
  }

  /** The latest attempt since the count began (0 before any). */
  get attempt(): number {
    return this.#attempt;
  }

  /** The reader opened a connection: endings count again, from zero. */
  reset(): void {
    this.#clearTimers();
    this.#phase = Phase.idle;
    this.#attempt = 0;
    this.#armed = true;
  }

  /**
   * The reader closed the connection, left the page or switched modes: no
   * more attempts, and the next ending stands. True when an attempt was pending.
   */
  stop(): boolean {
    const pending = this.active;
    this.#clearTimers();
    this.#phase = Phase.idle;
    this.#armed = false;
    return pending;
  }

  /** The connection (or the attempt) opened; once it has stayed open a while the count starts again. */
  opened(): void {
    if (this.#phase === Phase.trying) this.#hooks.news({ kind: 'reconnected', attempt: this.#attempt });
    this.#phase = Phase.idle;
    this.#timers.clear(this.#stableTimer);
    this.#stableTimer = this.#timers.set(() => (this.#attempt = 0), this.policy.stableAfter);
  }

  /**
   * The connection or the attempt ended. True when another attempt is now
   * scheduled: an open Live connection that ended with 1001 or 1006, or an
   * attempt that failed (it counts as the next attempt), while attempts remain.
   */
  closed({ code, opened, live }: Ending): boolean {
    this.#timers.clear(this.#stableTimer);
    const failedAttempt = this.#phase === Phase.trying && !opened;
    this.#phase = Phase.idle;
    if (!this.#armed || !live || !(opened ? reconnectsAfter(code) : failedAttempt)) return false;
    const { attempts } = this.policy;
    this.#attempt += 1;
    if (this.#attempt > attempts) {
      this.#armed = false;
      this.#hooks.news({ kind: 'gave-up', attempts });
      return false;
    }
    const attempt = this.#attempt;
    const delay = reconnectDelay(attempt, this.policy);
    this.#phase = Phase.waiting;
    this.#hooks.news({ kind: 'waiting', attempt, attempts, delay, code, failed: !opened });
    this.#retryTimer = this.#timers.set(() => {
      this.#retryTimer = undefined;
      this.#phase = Phase.trying;
      this.#hooks.news({ kind: 'trying', attempt, attempts });
      this.#hooks.retry();
    }, delay);
    return true;
  }

  #clearTimers(): void {
    this.#timers.clear(this.#retryTimer);
    this.#timers.clear(this.#stableTimer);
    this.#retryTimer = undefined;
    this.#stableTimer = undefined;
  }
}
