export const LogKind = {
  info: 'info',
  sent: 'sent',
  received: 'received',
  error: 'error',
  closed: 'closed',
} as const;
export type LogKind = (typeof LogKind)[keyof typeof LogKind];

export interface LogEntry {
  readonly id: number;
  /** Milliseconds since the connection attempt began. */
  readonly at: number;
  readonly kind: LogKind;
  readonly text: string;
}

/** A demo's log of one connection after another: numbered lines timed from the latest attempt. */
export class ConnectionLog {
  entries: readonly LogEntry[] = [];
  /** How many lines it keeps; older ones scroll away. */
  readonly #limit: number;
  #startedAt = 0;
  #nextId = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** A new attempt begins: times count from now. */
  restart(): void {
    this.#startedAt = performance.now();
  }

  add(kind: LogKind, text: string): void {
    const entry: LogEntry = { id: this.#nextId++, at: Math.round(performance.now() - this.#startedAt), kind, text };
    this.entries = [...this.entries.slice(-(this.#limit - 1)), entry];
  }

  clear(): void {
    this.entries = [];
  }
}
