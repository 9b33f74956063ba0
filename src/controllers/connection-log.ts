export const LogKind = {
  info: 'info',
  sent: 'sent',
  received: 'received',
  error: 'error',
  closed: 'closed',
  /** Not an event: the line between one connection's entries and the next one's, whose times start again at 0. */
  divider: 'divider',
} as const;
export type LogKind = (typeof LogKind)[keyof typeof LogKind];

export interface LogEntry {
  readonly id: number;
  /** Milliseconds since the connection attempt began. */
  readonly at: number;
  readonly kind: LogKind;
  readonly text: string;
}

/**
 * A demo's log of one connection after another: numbered lines timed from the
 * latest attempt, as the trace of that connection is (its `at` counts from the
 * connection's start too). So that a reader never sees the times fall back to
 * +0 ms unexplained, each attempt after the first opens with a divider line.
 */
export class ConnectionLog {
  entries: readonly LogEntry[] = [];
  /** How many lines it keeps; older ones scroll away. */
  readonly #limit: number;
  #startedAt = 0;
  #nextId = 0;
  /** Attempts since the log began, so the divider can number them. */
  #attempts = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** A new attempt begins: times count from now, below a divider when earlier lines are still shown. */
  restart(): void {
    this.#startedAt = performance.now();
    this.#attempts += 1;
    if (this.entries.length > 0) {
      this.add(LogKind.divider, `Connection ${this.#attempts}: its times count from +0 ms again`);
    }
  }

  add(kind: LogKind, text: string): void {
    const entry: LogEntry = { id: this.#nextId++, at: Math.round(performance.now() - this.#startedAt), kind, text };
    this.entries = [...this.entries.slice(-(this.#limit - 1)), entry];
  }

  clear(): void {
    this.entries = [];
  }
}
