/**
 * An EventSource for Simulated mode: the same API as the browser's, over the
 * same `/sse` code the live server runs (src/service/sse.ts), reading the
 * same feed as the page's `/poll`. It follows the processing model of WHATWG
 * HTML §9.2.3: `open` when the stream starts, one event per dispatched
 * block, and when the server ends the response, `error`, a wait of the
 * reconnection time (set by `retry:`), then a new request that names the
 * last event id in Last-Event-ID (§9.2.4). A refusal (any status but 200)
 * fails it for good, as a browser's does.
 */
import type { HttpResponse } from '../service/polling.ts';
import { SSE_PATH } from '../service/sse-text.ts';
import { openStream } from '../service/sse.ts';
import type { Cancel } from '../service/peer.ts';
import { browserClock } from './browser-clock.ts';
import { createEventStreamParser, type EventStreamParser } from './event-source-parser.ts';
import { simulatedFeed } from './poll.ts';

/** §9.2.2: CONNECTING, OPEN, CLOSED. */
export const EventSourceState = { connecting: 0, open: 1, closed: 2 } as const;
export type EventSourceState = (typeof EventSourceState)[keyof typeof EventSourceState];

/**
 * Until a stream says otherwise with `retry:`: the browser's initial value is
 * implementation-defined (§9.2.3), and the playground's stream sets its own
 * before anything could need it.
 */
const INITIAL_RECONNECT_MS = 3000;

export interface SimulatedEventSourceOptions {
  /** The size of the request head a browser would send, with this Last-Event-ID ('' for none). */
  readonly requestBytes: (lastEventId: string) => number;
}

export class SimulatedEventSource extends EventTarget {
  readonly url: string;
  readonly withCredentials = false;
  /** The refusal that failed the connection, when the simulated server answered with an error. */
  refusal: HttpResponse | undefined;
  #readyState: EventSourceState = EventSourceState.connecting;
  readonly #options: SimulatedEventSourceOptions;
  readonly #origin: string;
  #lastEventId = '';
  #reconnectMs = INITIAL_RECONNECT_MS;
  /** Stops the current response. */
  #stream: Cancel = () => {};
  /** Cancels the wait before the next request. */
  #timer: Cancel = () => {};

  constructor(url: string, options: SimulatedEventSourceOptions) {
    super();
    const parsed = new URL(url);
    this.url = parsed.href;
    this.#origin = parsed.origin;
    this.#options = options;
    // The request goes out after the script that made the object has run, as a browser's does.
    this.#timer = browserClock.after(0, () => this.#connect());
  }

  get readyState(): EventSourceState {
    return this.#readyState;
  }

  close(): void {
    this.#readyState = EventSourceState.closed;
    this.#timer();
    this.#stream();
  }

  #connect(): void {
    const url = new URL(this.url);
    if (!url.pathname.endsWith(SSE_PATH)) {
      this.#fail(undefined);
      return;
    }
    const lastEventId = this.#lastEventId;
    let parser: EventStreamParser | undefined;
    this.#stream = openStream(
      simulatedFeed,
      browserClock,
      {
        method: 'GET',
        target: `${SSE_PATH}${url.search}`,
        requestBytes: this.#options.requestBytes(lastEventId),
        lastEventId: lastEventId === '' ? undefined : lastEventId,
        keepAlive: true,
      },
      {
        refuse: (response) => this.#fail(response),
        head: () => {
          parser = createEventStreamParser(lastEventId, {
            event: ({ type, data, lastEventId: id }) => {
              this.#lastEventId = id;
              if (this.#readyState !== EventSourceState.open) return;
              this.dispatchEvent(new MessageEvent(type, { data, lastEventId: id, origin: this.#origin }));
            },
            retry: (ms) => (this.#reconnectMs = ms),
          });
          this.#readyState = EventSourceState.open;
          this.dispatchEvent(new Event('open'));
        },
        write: (text) => parser?.push(text),
        end: () => this.#reestablish(),
      },
    );
  }

  #fail(refusal: HttpResponse | undefined): void {
    this.refusal = refusal;
    this.#readyState = EventSourceState.closed;
    this.dispatchEvent(new Event('error'));
  }

  /** §9.2.3: announce the loss with `error`, wait the reconnection time, then try again if still wanted. */
  #reestablish(): void {
    if (this.#readyState === EventSourceState.closed) return;
    this.#readyState = EventSourceState.connecting;
    this.dispatchEvent(new Event('error'));
    if (this.#readyState !== EventSourceState.connecting) return;
    this.#timer = browserClock.after(this.#reconnectMs, () => {
      if (this.#readyState === EventSourceState.connecting) this.#connect();
    });
  }
}
