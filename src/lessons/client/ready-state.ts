import type { PlaygroundSocket } from '../../transport/playground-socket.ts';

/** A readyState the socket reached, and when. */
export interface ReadyStateStep {
  /** 0 CONNECTING, 1 OPEN, 2 CLOSING, 3 CLOSED. */
  readonly state: number;
  /** Milliseconds since the socket was constructed. */
  readonly at: number;
}

/**
 * Records each readyState a socket passes through, with its time. No event
 * marks CLOSING (nor OPEN → CLOSING when the server closes), so the tracker
 * also looks once per animation frame until the socket is CLOSED; callers
 * call `check()` after their own calls, such as `close()`, for exact times.
 */
export class ReadyStateTracker {
  #steps: ReadyStateStep[] = [];
  #frame = 0;
  readonly #socket: Pick<PlaygroundSocket, 'readyState' | 'addEventListener'>;
  readonly #startedAt: number;
  readonly #onChange: () => void;

  constructor(
    socket: Pick<PlaygroundSocket, 'readyState' | 'addEventListener'>,
    startedAt: number,
    onChange: () => void,
  ) {
    this.#socket = socket;
    this.#startedAt = startedAt;
    this.#onChange = onChange;
    for (const type of ['open', 'message', 'error', 'close']) socket.addEventListener(type, () => this.check());
    this.check();
    this.#frame = requestAnimationFrame(this.#tick);
  }

  get steps(): readonly ReadyStateStep[] {
    return this.#steps;
  }

  get current(): number {
    return this.#socket.readyState;
  }

  /** Notes the readyState now, if it changed; calls onChange on every check, for values such as bufferedAmount. */
  check(): void {
    const state = this.#socket.readyState;
    if (this.#steps.at(-1)?.state !== state) {
      this.#steps = [...this.#steps, { state, at: Math.round(performance.now() - this.#startedAt) }];
    }
    this.#onChange();
  }

  stop(): void {
    cancelAnimationFrame(this.#frame);
  }

  readonly #tick = (): void => {
    this.check();
    if (this.#socket.readyState !== 3) this.#frame = requestAnimationFrame(this.#tick);
  };
}
