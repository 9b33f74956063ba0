/**
 * The page and the live server keep separate clocks. To put the server's
 * trace events on the page's clock, the page reads the server's clock the way
 * NTP does: it notes when a probe left and when the answer came back, and the
 * server's reading lies somewhere in between.
 */

/** One probe: page times (performance.now()) around the server's reading of its trace clock. */
export interface ClockSample {
  readonly sent: number;
  readonly server: number;
  readonly received: number;
}

export interface ClockOffset {
  /** Add to a server time to get the page's performance.now() of the same instant. */
  readonly offset: number;
  /** How far off the offset can be, at most: half the probe's round trip. */
  readonly error: number;
}

/**
 * The estimate from the probe with the shortest round trip: it bounds the
 * server's reading most tightly, and assuming it fell halfway through is
 * wrong by at most half that round trip.
 */
export function estimateOffset(samples: readonly ClockSample[]): ClockOffset | undefined {
  let best: ClockSample | undefined;
  for (const sample of samples) {
    if (!best || sample.received - sample.sent < best.received - best.sent) best = sample;
  }
  if (!best) return undefined;
  return { offset: (best.sent + best.received) / 2 - best.server, error: (best.received - best.sent) / 2 };
}
