import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { type TraceEvent } from '../../protocol/index.ts';
import { playExtendedConnect, type ExtendedConnectRequestOptions } from '../../protocol/extended-connect.ts';

/** The pause between two events of the played stream, so that each is seen to arrive. */
const STEP_MS = 150;

/** RFC 6455 §5.3: a fresh, unpredictable masking key for every client frame. */
function randomMask(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(4));
}

/**
 * Plays one WebSocket over an HTTP/2 stream into a trace, an event at a time,
 * each stamped with the ms since the play began. Nothing crosses a network:
 * the events come from the protocol model. A new play, or the host leaving
 * the page, stops the one under way.
 */
export class H2PlayController implements ReactiveController {
  /** The events played so far, in order. */
  events: readonly TraceEvent[] = [];
  readonly #host: ReactiveControllerHost;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #done = false;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  /** Whether the last play has shown all its events. */
  get done(): boolean {
    return this.#done;
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    clearTimeout(this.#timer);
  }

  play(options: ExtendedConnectRequestOptions, message: string): void {
    clearTimeout(this.#timer);
    const script = playExtendedConnect({ ...options, message, mask: randomMask });
    const start = performance.now();
    // With reduced motion the whole stream appears at once.
    const step = matchMedia('(prefers-reduced-motion: reduce)').matches ? 0 : STEP_MS;
    this.events = [];
    this.#done = false;
    const reveal = (index: number): void => {
      const at = Math.round(performance.now() - start);
      this.events = [...this.events, { ...script[index]!, at }];
      this.#done = index === script.length - 1;
      this.#host.requestUpdate();
      if (!this.#done) this.#timer = setTimeout(() => reveal(index + 1), step);
    };
    reveal(0);
  }
}
