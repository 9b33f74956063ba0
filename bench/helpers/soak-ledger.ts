/**
 * What the soak's clients saw, kept in one place: per endpoint the numbered
 * messages sent, those that arrived as expected, and those lost or
 * duplicated; and every connection that went wrong, by reason.
 */
export const SOAK_ENDPOINTS = ['echo', 'chat', 'ticker', 'collab'] as const;
export type SoakEndpoint = (typeof SOAK_ENDPOINTS)[number];

export interface Tally {
  /** Messages the clients sent that the check follows. */
  sent: number;
  /** Messages that arrived when and as the check expected them. */
  delivered: number;
  lost: number;
  duplicated: number;
}

export class Ledger {
  readonly tallies: Record<SoakEndpoint, Tally> = {
    echo: { sent: 0, delivered: 0, lost: 0, duplicated: 0 },
    chat: { sent: 0, delivered: 0, lost: 0, duplicated: 0 },
    ticker: { sent: 0, delivered: 0, lost: 0, duplicated: 0 },
    collab: { sent: 0, delivered: 0, lost: 0, duplicated: 0 },
  };
  /** Refusals, unexpected closes, errors and timeouts, by endpoint and reason. */
  readonly problems = new Map<string, number>();

  problem(endpoint: SoakEndpoint, reason: string): void {
    const key = `${endpoint}: ${reason}`;
    this.problems.set(key, (this.problems.get(key) ?? 0) + 1);
  }

  /**
   * Checks number `n` against the one expected next from a series that must
   * arrive as 1, 2, 3…, each once and in order; returns the next expected. A
   * number already past counts as a duplicate, a jump ahead as that many lost.
   */
  take(endpoint: SoakEndpoint, expected: number, n: number): number {
    const tally = this.tallies[endpoint];
    if (n < expected) {
      tally.duplicated++;
      return expected;
    }
    tally.lost += n - expected;
    tally.delivered++;
    return n + 1;
  }
}
