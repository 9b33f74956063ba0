import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * One request at a time to src/transport for a view, as Lit's Task runs
 * async work: `pending` while it is out, `value` once it is back. An answer
 * that comes after a newer request, or after the host has left the page, is
 * dropped, so a slow reply never overwrites a newer one.
 */
export class RequestController<T> implements ReactiveController {
  /** A request is on its way. */
  pending = false;
  /** What the last request brought back; undefined until one has, or after `clear()`. */
  value: T | undefined;
  protected readonly host: ReactiveControllerHost;
  /** Counts requests: only the newest one's answer is kept. */
  #runs = 0;

  constructor(host: ReactiveControllerHost) {
    this.host = host;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#runs += 1;
    this.pending = false;
  }

  /** Runs `request`; a request that throws leaves the last value as it was, and the error goes to the caller. */
  protected async run(request: () => Promise<T>): Promise<void> {
    const run = ++this.#runs;
    this.pending = true;
    this.host.requestUpdate();
    try {
      const value = await request();
      if (run === this.#runs) this.value = value;
    } finally {
      if (run === this.#runs) this.pending = false;
      this.host.requestUpdate();
    }
  }

  /** Forgets the last value, and the answer to a request still out: both were about something the reader has since changed. */
  clear(): void {
    this.#runs += 1;
    this.pending = false;
    this.value = undefined;
    this.host.requestUpdate();
  }
}
