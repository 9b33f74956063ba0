/**
 * The clock of every trace event the server reports, and of its answers to
 * an inspect stream's clock probes: ms since this process started, to 0.1 ms.
 * One clock for both, so a page can move the server's events onto its own
 * clock the way NTP does (src/transport/clock-sync.ts).
 */
export function traceClock(): number {
  return Math.round(performance.now() * 10) / 10;
}
