/**
 * A client that keeps its connection up as the page does: with the client
 * lesson's own `connectWithBackoff` (exponential backoff, full jitter), over
 * ws's WebSocket. It keeps every JSON message by connection, and every
 * ended connection's close code, so a test can say what a reader saw across
 * a reconnect.
 */
import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import { connectWithBackoff } from '../../../src/lessons/client/recipes/reconnect.ts';
import type { Json } from './cluster.ts';

/** One connection that opened: its messages, with the time each arrived (performance.now()). */
export interface Connection {
  readonly openedAt: number;
  readonly messages: Json[];
  readonly arrivals: number[];
}

/** What `onRetry` reported: a connection (or an attempt) ended with `code`, the next in `delay` ms. */
export interface Retry {
  readonly attempt: number;
  readonly delay: number;
  readonly code: number;
}

/** ws's WebSocket opening every connection with `options`, in the shape connectWithBackoff takes. */
function pageSocket(options: WebSocket.ClientOptions): typeof globalThis.WebSocket {
  class PageSocket extends WebSocket {
    constructor(url: string) {
      super(url, options);
      // A browser reports a failed connection as an event; ws throws an 'error' nobody listens to.
      this.on('error', () => {});
    }
  }
  // It has what connectWithBackoff uses of the browser's class (addEventListener, send, close), not all of it.
  return PageSocket as unknown as typeof globalThis.WebSocket;
}

export class PageClient {
  readonly connections: Connection[] = [];
  readonly retries: Retry[] = [];
  /** Emits 'change' on every open, message and close: what `waitFor` re-checks on. */
  readonly changes = new EventEmitter();
  readonly #keeper: ReturnType<typeof connectWithBackoff>;
  #socket: globalThis.WebSocket | undefined;

  constructor(url: string, options: { readonly baseDelay: number; readonly socket: WebSocket.ClientOptions }) {
    this.changes.setMaxListeners(0);
    this.#keeper = connectWithBackoff(url, {
      baseDelay: options.baseDelay,
      maxDelay: 8 * options.baseDelay,
      WebSocket: pageSocket(options.socket),
      onOpen: (socket) => {
        this.#socket = socket;
        this.connections.push({ openedAt: performance.now(), messages: [], arrivals: [] });
        this.changes.emit('change');
      },
      onMessage: (event) => {
        const connection = this.connections.at(-1)!;
        connection.messages.push(JSON.parse(String(event.data)) as Json);
        connection.arrivals.push(performance.now());
        this.changes.emit('change');
      },
      onRetry: (retry) => {
        this.retries.push(retry);
        this.changes.emit('change');
      },
    });
  }

  /** The connection now, or the last one while it reconnects. */
  get current(): Connection | undefined {
    return this.connections.at(-1);
  }

  /** Open as the page sees it: a send now goes on the wire. */
  get open(): boolean {
    return this.#socket?.readyState === WebSocket.OPEN;
  }

  /** Sends `message` when open; false (nothing sent) while it reconnects. */
  send(message: object): boolean {
    if (!this.open) return false;
    this.#keeper.send(JSON.stringify(message));
    return true;
  }

  /** The value `check` finds, re-checked on every change of this client, or an error after `timeoutMs`. */
  waitFor<T>(check: () => T | undefined, what: string | (() => string), timeoutMs = 15_000): Promise<T> {
    return waitFor(check, what, [this.changes], timeoutMs);
  }

  /** Closes for good (1000): no more attempts. */
  stop(): void {
    this.#keeper.close();
  }
}

/**
 * Resolves with what `check` finds once it finds something, re-checking
 * whenever one of `sources` emits 'change'; `what` (or what it returns at
 * the timeout) names what was awaited in the error.
 */
export function waitFor<T>(
  check: () => T | undefined,
  what: string | (() => string),
  sources: readonly EventEmitter[],
  timeoutMs = 15_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      const found = check();
      if (found === undefined) return;
      finish();
      resolve(found);
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`${typeof what === 'string' ? what : what()}: not within ${timeoutMs} ms`));
    }, timeoutMs);
    const finish = (): void => {
      clearTimeout(timer);
      for (const source of sources) source.off('change', attempt);
    };
    for (const source of sources) source.on('change', attempt);
    attempt();
  });
}
