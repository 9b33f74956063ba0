import type { PlaygroundService } from '../../service/service.ts';
import { recordApiEvents } from '../connect.ts';
import { endpointUrl } from '../endpoint-url.ts';
import { openLive } from '../live.ts';
import { ConnectionMode } from '../mode.ts';
import { ReadyState, type PlaygroundSocket } from '../playground-socket.ts';
import { SimulatedWebSocket } from '../simulated.ts';
import { ForwardingTrace } from './forwarding-trace.ts';
import type { Outbox } from './outbox.ts';
import { SANDBOX_LIMITS } from './sandbox-messages.ts';
import { TraceBudget } from './trace-budget.ts';

/**
 * The `WebSocket` the reader's code gets. Simulated mode: the simulated wire
 * on the run's own service, which pretends to live at SERVER (any other host
 * reaches it too, with a note). Live mode: the browser's WebSocket, through
 * openLive for the live server, so its tap traces every frame, and plain for
 * any other server, which has no byte trace to give. Every socket is
 * counted, traced and announced to the page.
 */

export interface ReaderSocketsOptions {
  readonly mode: ConnectionMode;
  readonly serverUrl: string;
  /** The run's service, with the reader's /mine (Simulated mode). */
  readonly service: PlaygroundService;
  readonly outbox: Outbox;
  /** The browser's own WebSocket, taken before anything could replace it. */
  readonly native: typeof WebSocket;
}

type Protocols = string | readonly string[] | undefined;

// Taken before the reader's code runs, which may replace Object's functions in its worker.
const { setPrototypeOf } = Object;

const HANDLED_EVENTS = ['open', 'message', 'error', 'close'] as const;

/** `onopen`, `onmessage`, `onerror`, `onclose`, as a browser's WebSocket has them: the simulated one has only listeners. */
function addHandlerProperties(socket: EventTarget): void {
  for (const type of HANDLED_EVENTS) {
    let handler: ((event: Event) => unknown) | null = null;
    socket.addEventListener(type, (event) => handler?.call(socket, event));
    Object.defineProperty(socket, `on${type}`, {
      get: () => handler,
      set: (value: unknown) => {
        handler = typeof value === 'function' ? (value as (event: Event) => unknown) : null;
      },
      enumerable: true,
      configurable: true,
    });
  }
}

function syntaxError(text: string): DOMException {
  return new DOMException(`Failed to construct 'WebSocket': ${text}`, 'SyntaxError');
}

/**
 * The absolute URL the reader means, as the WebSocket constructor reads it
 * (WHATWG WebSockets, "get a URL record"), relative ones on SERVER. Each
 * refusal is a SyntaxError: a URL that does not parse, a scheme other than
 * ws(s) or http(s), a fragment.
 */
function absoluteUrl(serverUrl: string, url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    try {
      parsed = new URL(endpointUrl(serverUrl, url));
    } catch {
      throw syntaxError(`The URL '${url}' is invalid.`);
    }
  }
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') parsed.protocol = `ws${parsed.protocol.slice(4)}`;
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    throw syntaxError(
      `The URL's scheme must be either 'http', 'https', 'ws', or 'wss'. '${parsed.protocol}' is not allowed.`,
    );
  }
  // A URL has a fragment, even an empty one, exactly when its href holds '#': elsewhere it is percent-encoded.
  if (parsed.href.includes('#')) {
    throw syntaxError(
      `The URL contains a fragment identifier ('${parsed.hash.slice(1)}'). Fragment identifiers are not allowed in WebSocket URLs.`,
    );
  }
  return parsed.href;
}

export class ReaderSockets {
  readonly #options: ReaderSocketsOptions;
  #opened = 0;
  readonly #budget = new TraceBudget();
  /** Notes said once a run. */
  readonly #said = new Set<string>();

  /** The reader's `WebSocket`: `new WebSocket(url, protocols)` as in a page. */
  readonly WebSocket: typeof WebSocket;

  constructor(options: ReaderSocketsOptions) {
    this.#options = options;
    this.WebSocket = this.#readerConstructor();
  }

  /**
   * A constructor whose prototype every socket it makes inherits from, in
   * front of the wire's own (the simulated socket's or the browser's): the
   * wire's methods show on `WebSocket.prototype`, and a patch there
   * (`WebSocket.prototype.send = …`) applies to the run's sockets, as in a
   * page; `instanceof` and `constructor` work as there. Each run has a
   * worker of its own, so no patch outlives it.
   */
  #readerConstructor(): typeof WebSocket {
    const open = (url: unknown, protocols: Protocols): PlaygroundSocket => this.#open(String(url), protocols);
    const wire = this.#options.mode === ConnectionMode.simulated ? SimulatedWebSocket : this.#options.native;
    function ReaderWebSocket(this: unknown, url: unknown, protocols?: Protocols): PlaygroundSocket {
      if (!new.target) throw new TypeError("Failed to construct 'WebSocket': Please use the 'new' operator.");
      const socket = open(url, protocols);
      // new.target: a class of the reader's that extends WebSocket makes its own instances, as in a page.
      setPrototypeOf(socket, (new.target as { prototype: object }).prototype);
      return socket;
    }
    // The ready states are on both, as WebIDL puts a constant on the interface and its prototype.
    const states = {
      CONNECTING: { value: ReadyState.connecting, enumerable: true },
      OPEN: { value: ReadyState.open, enumerable: true },
      CLOSING: { value: ReadyState.closing, enumerable: true },
      CLOSED: { value: ReadyState.closed, enumerable: true },
    };
    ReaderWebSocket.prototype = Object.create(wire.prototype as object, {
      constructor: { value: ReaderWebSocket, writable: true, configurable: true },
      ...states,
    }) as object;
    Object.defineProperties(ReaderWebSocket, {
      name: { value: 'WebSocket' },
      // Fixed, as an interface's prototype is: `WebSocket.prototype = {}` changes nothing.
      prototype: { writable: false },
      ...states,
    });
    return ReaderWebSocket as unknown as typeof WebSocket;
  }

  #open(text: string, protocols: Protocols): PlaygroundSocket {
    const { mode, serverUrl, outbox } = this.#options;
    if (this.#opened >= SANDBOX_LIMITS.sockets) {
      const text = `Socket limit reached: a run opens at most ${SANDBOX_LIMITS.sockets} sockets. This one was not opened (new WebSocket threw).`;
      this.#sayOnce('sockets', 'warn', text);
      throw new Error(text);
    }
    const url = absoluteUrl(serverUrl, text);
    const base = endpointUrl(serverUrl, '');
    const target = url.startsWith(base) ? `/${url.slice(base.length)}` : undefined;
    const id = this.#opened + 1;
    const trace = new ForwardingTrace(id, outbox, this.#budget);
    const traced = mode === ConnectionMode.simulated || target !== undefined;
    const socket =
      mode === ConnectionMode.simulated
        ? this.#simulated(url, target, protocols, trace)
        : target !== undefined
          ? openLive(serverUrl, target, protocols, trace, (to, list) => new this.#options.native(to, list)).socket
          : new this.#options.native(url, protocols === undefined ? undefined : [...[protocols].flat()]);
    this.#opened = id;
    outbox.connection(id, url, traced);
    if (!traced) {
      const why = `${url} is not this site's server: its connection has no byte trace (a page is never shown its own frames, only the WebSocket API's events).`;
      trace.push({ type: 'note', at: trace.now(), text: why });
      this.#sayOnce('untraced', 'info', why);
    }
    recordApiEvents(socket, trace);
    socket.addEventListener('close', () => outbox.closed(id));
    return socket;
  }

  #simulated(url: string, target: string | undefined, protocols: Protocols, trace: ForwardingTrace): PlaygroundSocket {
    const { serverUrl, service } = this.#options;
    if (target === undefined) {
      this.#sayOnce(
        'elsewhere',
        'info',
        `Simulated mode has one server, the in-page one at ${serverUrl}: ${url} reaches it too. Live mode reaches other servers.`,
      );
    }
    const where = new URL(url);
    const socket = new SimulatedWebSocket({
      service,
      serverUrl: target === undefined ? `${where.protocol}//${where.host}` : serverUrl,
      target: target ?? `${where.pathname}${where.search}`,
      protocols,
      trace: (event) => trace.push(event),
      // The live server's limit: the same code meets the same 1009 in both modes.
      maxMessageBytes: SANDBOX_LIMITS.messageBytes,
    });
    addHandlerProperties(socket);
    return socket;
  }

  #sayOnce(key: string, level: 'info' | 'warn', text: string): void {
    if (this.#said.has(key)) return;
    this.#said.add(key);
    this.#options.outbox.line('playground', level, text);
  }
}
