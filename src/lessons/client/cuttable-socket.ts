import type { PlaygroundSocket } from '../../transport/playground-socket.ts';

/**
 * Stands between a socket and the code that uses it, and once cut lets
 * nothing through either way: sends vanish, messages never arrive, and no
 * close event comes, while readyState still says OPEN. That is what a dead
 * network looks like to a page (a laptop lid closed, a phone gone out of
 * range). A page cannot cut a real cable, so the heartbeat demo cuts here,
 * on both wires alike.
 */
export class CuttableSocket extends EventTarget {
  #cut = false;
  readonly #socket: PlaygroundSocket;

  constructor(socket: PlaygroundSocket) {
    super();
    this.#socket = socket;
    socket.addEventListener('open', () => this.#forward(new Event('open')));
    socket.addEventListener('error', () => this.#forward(new Event('error')));
    socket.addEventListener('message', (event) => {
      this.#forward(new MessageEvent('message', { data: (event as MessageEvent).data }));
    });
    socket.addEventListener('close', (event) => {
      const { code, reason, wasClean } = event as CloseEvent;
      this.#forward(new CloseEvent('close', { code, reason, wasClean }));
    });
  }

  get isCut(): boolean {
    return this.#cut;
  }

  get readyState(): number {
    return this.#socket.readyState;
  }

  get bufferedAmount(): number {
    return this.#socket.bufferedAmount;
  }

  /** From now on nothing passes, until the socket is closed. */
  cut(): void {
    this.#cut = true;
  }

  send(data: string): void {
    if (this.#cut) return;
    this.#socket.send(data);
  }

  /** Closes the real socket; the page hears its close event only if the network was never cut. */
  close(code?: number, reason?: string): void {
    this.#socket.close(code, reason);
  }

  #forward(event: Event): void {
    if (!this.#cut) this.dispatchEvent(event);
  }
}
