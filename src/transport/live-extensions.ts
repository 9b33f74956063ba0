import {
  headerValue,
  type DeflateTraceReader,
  type HandshakeRequestEvent,
  type TraceEvent,
} from '../protocol/index.ts';

/**
 * The live server's trace on its way to the timeline, read as the simulated
 * wire reads its own: once a 101 carries Sec-WebSocket-Extensions, the page
 * loads the deflate runtime, checks the answer as the browser did (RFC 6455
 * §9.1, RFC 7692 §7.1) and inflates every compressed message the server
 * reports. Events wait, in order, while the runtime loads.
 *
 * The browser's reason for failing the connection goes where it happened:
 * after the 101 and the server's notes on it, before the connection's end,
 * timed as the event it precedes (the server's clock, like the rest).
 */
export class LiveExtensions {
  readonly #emit: (event: TraceEvent) => void;
  #request: HandshakeRequestEvent | undefined;
  /** Events held while the runtime loads. */
  #waiting: TraceEvent[] | undefined;
  #reader: DeflateTraceReader | undefined;
  /** Why the browser failed the connection, until the event it comes before. */
  #failure: string | undefined;

  /** `emit` hears every event in the server's order; a compressed message's last frame with `inflated`. */
  constructor(emit: (event: TraceEvent) => void) {
    this.#emit = emit;
  }

  push(event: TraceEvent): void {
    if (this.#waiting) {
      this.#waiting.push(event);
      return;
    }
    if (event.type === 'handshake-request') this.#request = event;
    const answer =
      event.type === 'handshake-response' && event.status === 101
        ? headerValue(event.headers, 'sec-websocket-extensions')
        : undefined;
    if (answer === undefined) {
      this.#pass(event);
      return;
    }
    this.#waiting = [event];
    void this.#load(answer);
  }

  async #load(answer: string): Promise<void> {
    try {
      const runtime = await import('./deflate-runtime.ts');
      const offer = this.#request && headerValue(this.#request.headers, 'sec-websocket-extensions');
      const check = runtime.checkDeflateAnswer(offer ?? '', answer);
      this.#reader = new runtime.DeflateTraceReader();
      if (this.#request) this.#reader.push(this.#request);
      if (!check.ok) this.#failure = runtime.extensionFailureText(check.reason);
    } catch (error) {
      this.#failure = `This page could not load its inflater, so compressed frames show as sent: ${String(error)}.`;
    }
    const waiting = this.#waiting ?? [];
    this.#waiting = undefined;
    for (const event of waiting) this.#pass(event);
  }

  #pass(event: TraceEvent): void {
    if (this.#failure !== undefined && event.type !== 'handshake-response' && event.type !== 'note') {
      this.#emit({ type: 'note', at: event.at, text: this.#failure });
      this.#failure = undefined;
    }
    this.#emit(this.#reader ? this.#reader.push(event) : event);
  }
}
