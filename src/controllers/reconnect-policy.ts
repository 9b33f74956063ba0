/**
 * When a demo's connection reconnects by itself, and how long it waits. It
 * follows the rule of the client lesson's recipe
 * (src/lessons/client/recipes/reconnect.ts, shown to readers, so not imported
 * here): exponential backoff with full jitter, the count starting again once
 * a connection has stayed open a while.
 */
export interface ReconnectPolicy {
  /** The longest first wait, in milliseconds; each further attempt doubles it. */
  readonly baseDelay: number;
  /** No wait is ever longer than this. */
  readonly maxDelay: number;
  /** How many attempts before giving up: the reader connects again by hand after that. */
  readonly attempts: number;
  /** A connection that stays open this long starts the count again. */
  readonly stableAfter: number;
  /** Math.random, unless a test wants numbers it can predict. */
  readonly random: () => number;
}

/**
 * Six attempts, waits bounded by 0.5, 1, 2, 4, 8 and 10 s: a server that
 * restarts in a few seconds is found again, one that stays down is left
 * alone within half a minute.
 */
export const RECONNECT_POLICY: ReconnectPolicy = {
  baseDelay: 500,
  maxDelay: 10_000,
  attempts: 6,
  stableAfter: 10_000,
  random: Math.random,
};

/** The longest wait before attempt number `attempt` (1, 2, 3…): base, 2 × base, 4 × base…, never more than maxDelay. */
export function reconnectBound(attempt: number, policy: ReconnectPolicy): number {
  return Math.min(policy.maxDelay, policy.baseDelay * 2 ** (attempt - 1));
}

/**
 * The wait before attempt number `attempt`: a random fraction of its bound
 * ("full jitter"), so pages dropped at the same moment do not all come back
 * at the same moment.
 */
export function reconnectDelay(attempt: number, policy: ReconnectPolicy): number {
  return Math.floor(policy.random() * reconnectBound(attempt, policy));
}

/**
 * Whether an open connection that ended with `code` is worth opening again.
 * 1001: the server is going away (§7.4.1), a restart or a deploy; 1006: the
 * connection dropped with no close frame (§7.1.5). Any other code was sent on
 * purpose, by the server or by the page, and stands.
 */
export function reconnectsAfter(code: number): boolean {
  return code === 1001 || code === 1006;
}
