import { Opcode, utf8Length, type DataOpcode } from '../protocol/index.ts';
import { TypedEventTarget } from './typed-event-target.ts';

/**
 * What one connection keeps: the newest messages, up to this many and this
 * many bytes of data in all; the oldest go first and are counted. A message
 * larger than the byte budget is still kept while it is the newest.
 */
export const AnyServerLimits: KeepLimits = {
  messages: 2000,
  bytes: 16 * 1024 * 1024,
};

export interface KeepLimits {
  readonly messages: number;
  readonly bytes: number;
}

/** Which way a message went, named as Chrome's DevTools names them in a HAR file. */
export const MessageDirection = { send: 'send', receive: 'receive' } as const;
export type MessageDirection = (typeof MessageDirection)[keyof typeof MessageDirection];

/** One message as the page sent or received it. */
export interface SeenMessage {
  readonly direction: MessageDirection;
  /** When, in milliseconds since the epoch (fractional: the page's clock is finer than a millisecond). */
  readonly time: number;
  /** 1 text, 2 binary: what the message's first frame says (RFC 6455 §5.6). */
  readonly opcode: DataOpcode;
  /** The text of a text message; the bytes of a binary one. */
  readonly data: string | Uint8Array;
  /** The payload's size in bytes (a text message's UTF-8 length, §5.6). */
  readonly size: number;
}

/** What the WebSocket object said about the connection itself, each with its time in epoch milliseconds. */
export type SeenEvent =
  | { readonly type: 'connecting'; readonly time: number; readonly url: string }
  | { readonly type: 'open'; readonly time: number; readonly protocol: string; readonly extensions: string }
  | { readonly type: 'error'; readonly time: number; readonly text: string }
  | {
      readonly type: 'close';
      readonly time: number;
      readonly code: number;
      readonly reason: string;
      readonly wasClean: boolean;
    };

export const AnyServerState = {
  connecting: 'connecting',
  open: 'open',
  closing: 'closing',
  closed: 'closed',
} as const;
export type AnyServerState = (typeof AnyServerState)[keyof typeof AnyServerState];

/**
 * Why a failed connection says so little: the WebSocket API gives a page one
 * `error` event and close code 1006 (RFC 6455 §7.1.5) whatever went wrong,
 * and the WHATWG WebSockets standard forbids telling a script more, so that a
 * page cannot map a network it may not see.
 */
export const FAILURE_EXPLANATION =
  'The browser tells a page nothing about why a connection failed: nothing listening, a refused handshake, ' +
  'a proxy, a certificate it does not trust and a blocked port all look the same from here (an error, then close 1006). ' +
  "The browser's developer tools (its console and Network panel) show the real cause.";

/** The socket's news: a message, a state change, an error. */
export class AnyServerUpdateEvent extends Event {
  static readonly eventName = 'wsp-any-server-update';
  constructor() {
    super(AnyServerUpdateEvent.eventName);
  }
}

/** A checked URL for the browser's WebSocket, or a sentence saying what is wrong with it. */
export type CheckedSocketUrl =
  { readonly ok: true; readonly url: string } | { readonly ok: false; readonly reason: string };

/**
 * Checks a URL a reader typed as the WebSocket constructor will (WHATWG
 * WebSockets, "get a URL record"): absolute here (there is no page-relative
 * server to mean), http: and https: become ws: and wss:, any other scheme and
 * any #fragment are refused. Never throws.
 */
export function checkSocketUrl(text: string): CheckedSocketUrl {
  const typed = text.trim();
  if (typed === '') return { ok: false, reason: 'Type a server’s URL first, such as wss://example.org/socket.' };
  let url: URL;
  try {
    url = new URL(typed);
  } catch {
    return { ok: false, reason: `“${typed}” is not a URL: a WebSocket URL looks like wss://example.org/socket.` };
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') url = new URL(`ws${url.href.slice(4)}`);
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    return {
      ok: false,
      reason: `“${typed}” starts with ${url.protocol}: a WebSocket URL starts with ws: or wss: (http: and https: are taken as ws: and wss:).`,
    };
  }
  if (url.hash !== '') return { ok: false, reason: `“${typed}” has a #fragment, which a WebSocket URL may not have.` };
  return { ok: true, url: url.href };
}

/** Milliseconds since the epoch, finer than `Date.now()`: two messages in the same millisecond keep their order. */
function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

function dataSize(data: string | Uint8Array): number {
  return typeof data === 'string' ? utf8Length(data) : data.byteLength;
}

/**
 * The browser's own WebSocket to a server of the reader's choice, recording
 * every message both ways and what the socket said about itself. The page
 * sees messages, not frames: the browser frames, masks and reassembles them
 * below the API, so there are no bytes of the wire to show here.
 *
 * @fires wsp-any-server-update - after each message, state change or error
 */
export class AnyServerSocket extends TypedEventTarget<{ [AnyServerUpdateEvent.eventName]: AnyServerUpdateEvent }> {
  /** The URL as the socket opened it (ws: or wss:). */
  readonly url: string;
  #state: AnyServerState = AnyServerState.connecting;
  readonly #socket: WebSocket | undefined;
  #messages: SeenMessage[] = [];
  #snapshot: readonly SeenMessage[] | undefined;
  #bytes = 0;
  #dropped = 0;
  readonly #events: SeenEvent[] = [];
  readonly #limits: KeepLimits;

  /**
   * Opens `url` (checked with `checkSocketUrl`). A constructor that throws (a
   * port the browser blocks, ws: from an https: page) becomes an error and a
   * closed socket, never an exception. `limits`: what it keeps.
   */
  constructor(url: string, limits: KeepLimits = AnyServerLimits) {
    super();
    this.url = url;
    this.#limits = limits;
    this.#events.push({ type: 'connecting', time: epochNow(), url });
    try {
      this.#socket = new WebSocket(url);
    } catch (error) {
      this.#state = AnyServerState.closed;
      this.#events.push({ type: 'error', time: epochNow(), text: `The browser refused to open it: ${String(error)}` });
      return;
    }
    // Binary messages as bytes at once (a Blob would need an await and could reorder the log).
    this.#socket.binaryType = 'arraybuffer';
    this.#socket.addEventListener('open', this.#opened);
    this.#socket.addEventListener('message', this.#received);
    this.#socket.addEventListener('error', this.#failed);
    this.#socket.addEventListener('close', this.#closed);
  }

  get state(): AnyServerState {
    return this.#state;
  }

  /** The messages kept, oldest first; the same array until the next message. */
  get messages(): readonly SeenMessage[] {
    this.#snapshot ??= [...this.#messages];
    return this.#snapshot;
  }

  /** How many of the oldest messages were dropped to stay within the limits. */
  get dropped(): number {
    return this.#dropped;
  }

  /** The socket's own events, in order: connecting, then open, error and close as they came. */
  get events(): readonly SeenEvent[] {
    return this.#events;
  }

  /**
   * Sends a text (string) or binary (bytes) message. Returns a sentence
   * saying why not when the socket is not open: the API throws while
   * connecting and silently discards once closing (WHATWG WebSockets `send()`).
   */
  send(data: string | Uint8Array): string | undefined {
    if (this.#state !== AnyServerState.open || !this.#socket) {
      return `Not sent: the connection is ${this.#state}, not open.`;
    }
    this.#socket.send(data);
    this.#record(MessageDirection.send, data);
    return undefined;
  }

  /** Closes with 1000 (RFC 6455 §7.4.1), or abandons the attempt while still connecting. */
  close(): void {
    if (!this.#socket || this.#state === AnyServerState.closing || this.#state === AnyServerState.closed) return;
    this.#state = AnyServerState.closing;
    this.#socket.close(1000, 'Disconnect pressed');
    this.#changed();
  }

  #record(direction: MessageDirection, data: string | Uint8Array): void {
    const size = dataSize(data);
    const opcode = typeof data === 'string' ? Opcode.text : Opcode.binary;
    this.#messages.push({ direction, time: epochNow(), opcode, data, size });
    this.#bytes += size;
    let oldest = 0;
    while (
      this.#messages.length - oldest > 1 &&
      (this.#messages.length - oldest > this.#limits.messages || this.#bytes > this.#limits.bytes)
    ) {
      this.#bytes -= this.#messages[oldest]!.size;
      oldest++;
    }
    if (oldest > 0) {
      this.#messages = this.#messages.slice(oldest);
      this.#dropped += oldest;
    }
    this.#changed();
  }

  readonly #opened = (): void => {
    this.#state = AnyServerState.open;
    const socket = this.#socket!;
    this.#events.push({ type: 'open', time: epochNow(), protocol: socket.protocol, extensions: socket.extensions });
    this.#changed();
  };

  readonly #received = (event: MessageEvent): void => {
    const data: unknown = event.data;
    this.#record(MessageDirection.receive, typeof data === 'string' ? data : new Uint8Array(data as ArrayBuffer));
  };

  readonly #failed = (): void => {
    this.#events.push({ type: 'error', time: epochNow(), text: FAILURE_EXPLANATION });
    this.#changed();
  };

  readonly #closed = (event: CloseEvent): void => {
    this.#state = AnyServerState.closed;
    const { code, reason, wasClean } = event;
    this.#events.push({ type: 'close', time: epochNow(), code, reason, wasClean });
    const socket = this.#socket!;
    socket.removeEventListener('open', this.#opened);
    socket.removeEventListener('message', this.#received);
    socket.removeEventListener('error', this.#failed);
    socket.removeEventListener('close', this.#closed);
    this.#changed();
  };

  #changed(): void {
    this.#snapshot = undefined;
    this.dispatchEvent(new AnyServerUpdateEvent());
  }
}
