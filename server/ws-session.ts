import type { RawData, WebSocket } from 'ws';
import { splitPayload } from '../src/protocol/index.ts';
import { serverLogNote } from '../src/service/log-line.ts';
import type { Peer, Session } from '../src/service/peer.ts';
import type { ConnectionCounter, ServerLimits } from './limits.ts';
import type { LogFields, Logger } from './log.ts';

function toBytes(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? Buffer.from(data) : data;
}

export interface SessionContext {
  readonly logger: Logger;
  readonly limits: Pick<ServerLimits, 'messagesPerSecond' | 'sendBufferBytes'>;
  readonly path: string;
  readonly origin: string | undefined;
  /** Where the connection holds its place, given back when it ends, and the client address it holds it for. */
  readonly connections: Pick<ConnectionCounter, 'release'>;
  readonly address: string;
  /** When the connection is traced: adds a note to the lesson's trace (the reader sees the server's log lines). */
  readonly note?: ((text: string) => void) | undefined;
}

/*
 * The server holds thousands of connections, so what it keeps per connection
 * is one object whose methods live once, on its class, and listeners shared
 * by every socket. An object of closures, or closures passed to `socket.on`,
 * would be made again for each connection: hundreds of bytes apiece.
 */

/**
 * The live Peer: the service's requests carried out by ws. A client that
 * reads too slowly is closed, never buffered for without bound: a broadcast
 * to a room must not let one stalled reader grow the server's memory.
 */
class LivePeer implements Peer {
  readonly origin: string | undefined;
  protected readonly socket: WebSocket;
  protected readonly logger: Logger;
  protected readonly limits: SessionContext['limits'];
  protected readonly path: string;
  protected readonly note: SessionContext['note'];
  /** The text message being handled and the bytes it came as (see LiveSession). */
  protected text: string | undefined = undefined;
  protected bytes: Buffer | undefined = undefined;

  constructor(socket: WebSocket, context: SessionContext) {
    this.origin = context.origin;
    this.socket = socket;
    this.logger = context.logger;
    this.limits = context.limits;
    this.path = context.path;
    this.note = context.note;
  }

  get bufferedAmount(): number {
    return this.socket.bufferedAmount;
  }

  log(event: string, fields: LogFields = {}): void {
    this.logger(event, { path: this.path, ...fields });
    // The same line, without the path the reader already knows, in the lesson's trace.
    this.note?.(serverLogNote(event, fields));
  }

  send(data: string | Uint8Array, options?: { readonly fragments?: number }): void {
    if (!this.writable()) return;
    const binary = typeof data !== 'string';
    // The text being handled, sent back as it is: its bytes as they came, rather than encoded again.
    const payload = data === this.text && this.bytes ? this.bytes : data;
    const parts = options?.fragments ?? 1;
    if (parts <= 1) {
      this.socket.send(payload, { binary });
      return;
    }
    // ws turns the first piece into a text or binary frame and the rest into continuations (§5.4).
    const pieces = splitPayload(typeof payload === 'string' ? Buffer.from(payload) : payload, parts);
    pieces.forEach((piece, index) => this.socket.send(piece, { binary, fin: index === pieces.length - 1 }));
  }

  ping(payload?: Uint8Array): void {
    if (this.writable()) this.socket.ping(payload);
  }

  close(code?: number, reason?: string): void {
    this.socket.close(code, reason);
  }

  drop(): void {
    this.socket.terminate();
  }

  // ws pauses its net.Socket: the kernel stops taking bytes, TCP's window closes, and the client's sends back up.
  pauseReading(): void {
    this.socket.pause();
  }

  resumeReading(): void {
    this.socket.resume();
  }

  private writable(): boolean {
    const { socket } = this;
    const { sendBufferBytes } = this.limits;
    if (socket.readyState !== socket.OPEN) return false;
    if (socket.bufferedAmount <= sendBufferBytes) return true;
    this.logger('slow-reader', { path: this.path, buffered: socket.bufferedAmount });
    // §7.4.1: 1008 for a connection the server will not keep on its terms.
    socket.close(1008, `reading too slowly: over ${sendBufferBytes} bytes waiting`);
    return false;
  }
}

/** The session bound to each socket, for the listeners below. */
const sessions = new WeakMap<WebSocket, LiveSession>();

/* ws's events, one listener each for every connection: ws calls a listener with its socket as `this`. */

function onMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
  sessions.get(this)?.received(data, isBinary);
}

function onPong(this: WebSocket, payload: Buffer): void {
  sessions.get(this)?.ponged(payload);
}

function onClose(this: WebSocket, code: number, reason: Buffer): void {
  sessions.get(this)?.ended(code, reason.toString());
}

function onError(this: WebSocket, error: Error): void {
  sessions.get(this)?.failed(error);
}

/**
 * Runs one service session over a ws socket: the live twin of the simulated
 * wire. It is the session's Peer too (LivePeer, above), and the listeners
 * above hand it the socket's events.
 */
class LiveSession extends LivePeer {
  readonly #session: Session;
  readonly #connections: SessionContext['connections'];
  readonly #address: string;
  /** When the current one-second window of MAX_MESSAGES_PER_SECOND began, and the messages in it. */
  #windowStart = performance.now();
  #received = 0;

  constructor(socket: WebSocket, open: (peer: Peer) => Session, context: SessionContext) {
    super(socket, context);
    this.#connections = context.connections;
    this.#address = context.address;
    this.#session = open(this);
    socket.on('message', onMessage);
    if (this.#session.pong) socket.on('pong', onPong);
    socket.on('close', onClose);
    // ws reports protocol violations here and then closes with the right code (§7.1.7); never let one crash the process.
    socket.on('error', onError);
  }

  received(data: RawData, isBinary: boolean): void {
    const { logger, path, limits } = this;
    if (!this.withinRate()) {
      if (this.socket.readyState === this.socket.OPEN) {
        logger('rate-limited', { path, limit: limits.messagesPerSecond });
        this.socket.close(1008, `more than ${limits.messagesPerSecond} messages in a second`);
      }
      return;
    }
    if (isBinary) {
      this.#session.message(toBytes(data));
      return;
    }
    // Text as a string. Its bytes are kept while the session handles it: ws has checked that they are UTF-8
    // (§8.1), so they are what encoding the string again would give, and `send` uses them if it is sent back.
    this.bytes = toBytes(data);
    this.text = this.bytes.toString();
    this.#session.message(this.text);
    // An idle connection keeps no message.
    this.text = undefined;
    this.bytes = undefined;
  }

  ponged(payload: Buffer): void {
    this.#session.pong?.(payload);
  }

  ended(code: number, reason: string): void {
    this.#connections.release(this.#address);
    this.#session.closed(code, reason);
    this.logger('disconnect', { path: this.path, code, reason });
  }

  failed(error: Error): void {
    this.logger('socket-error', { path: this.path, error: error.message });
  }

  private withinRate(): boolean {
    const now = performance.now();
    if (now - this.#windowStart >= 1000) {
      this.#windowStart = now;
      this.#received = 0;
    }
    this.#received++;
    return this.#received <= this.limits.messagesPerSecond;
  }
}

/** Binds the endpoint's session to a socket that ws has just opened. */
export function bindSession(socket: WebSocket, open: (peer: Peer) => Session, context: SessionContext): void {
  sessions.set(socket, new LiveSession(socket, open, context));
}
