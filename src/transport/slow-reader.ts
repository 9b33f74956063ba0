/**
 * A client that stops reading, for the limit a server needs against it: the
 * server's sends pile up for that client, and a server that does not cap
 * them runs out of memory. `/limited`'s flood trips the cap (1008).
 *
 * A page's WebSocket cannot stop reading: every message is handed to the
 * page whether it wants it or not. A WebSocketStream can (Chromium): nobody
 * reads its readable, so Chromium stops taking bytes off the connection,
 * TCP's window closes, the kernel buffers on both sides fill, and then the
 * server's own send buffer grows (ws's `bufferedAmount`). Simulated, the
 * page's wire pauses its reading (SimulatedWebSocket.pauseReading()) and the
 * server counts what waits unread: there is no kernel buffer in between, so
 * it trips after fewer bytes (docs/fidelity.md).
 */
import { FLOOD_MESSAGE } from '../service/security-messages.ts';
import { connect, recordApiEvents, type Connection, type ConnectOptions } from './connect.ts';
import { openLive } from './live.ts';
import { ConnectionMode } from './mode.ts';
import { ReadyState, type PlaygroundSocket, type SocketData } from './playground-socket.ts';
import type { SimulatedWebSocket } from './simulated.ts';
import { TraceStream } from './trace-stream.ts';

/** What this module needs of Chromium's WebSocketStream (not yet in TypeScript's DOM types). */
interface WebSocketStreamOpened {
  readonly readable: ReadableStream<string | ArrayBuffer>;
  readonly writable: WritableStream<string | BufferSource>;
  readonly protocol: string;
  readonly extensions: string;
}

interface WebSocketStreamLike {
  readonly opened: Promise<WebSocketStreamOpened>;
  readonly closed: Promise<{ readonly closeCode?: number; readonly reason?: string }>;
  close(info?: { closeCode?: number; reason?: string }): void;
}

type WebSocketStreamConstructor = new (url: string, options?: { readonly protocols?: string[] }) => WebSocketStreamLike;

function streamConstructor(): WebSocketStreamConstructor | undefined {
  return (globalThis as typeof globalThis & { WebSocketStream?: WebSocketStreamConstructor }).WebSocketStream;
}

/** Whether this browser can open a connection and leave it unread (WebSocketStream). */
export function canStopReading(): boolean {
  return streamConstructor() !== undefined;
}

/**
 * A WebSocketStream dressed as the WebSocket the demos know, so the trace
 * and the lesson's code treat it as any connection. It never reads: no
 * message event ever fires. `send` writes; `close` closes, as the stream does.
 */
class UnreadStreamSocket extends EventTarget implements PlaygroundSocket {
  readonly url: string;
  binaryType: BinaryType = 'blob';
  #readyState: ReadyState = ReadyState.connecting;
  #protocol = '';
  #extensions = '';
  #bufferedAmount = 0;
  #writer: WritableStreamDefaultWriter<string | BufferSource> | undefined;
  readonly #stream: WebSocketStreamLike;

  constructor(Stream: WebSocketStreamConstructor, url: string, protocols: string[] | undefined) {
    super();
    this.url = url;
    this.#stream = new Stream(url, protocols === undefined ? undefined : { protocols });
    this.#stream.opened.then(
      (opened) => {
        if (this.#readyState !== ReadyState.connecting) return;
        this.#writer = opened.writable.getWriter();
        this.#protocol = opened.protocol;
        this.#extensions = opened.extensions;
        this.#readyState = ReadyState.open;
        this.dispatchEvent(new Event('open'));
      },
      // The closed promise rejects too, and tells the page.
      () => {},
    );
    this.#stream.closed.then(
      ({ closeCode = 1005, reason = '' }) => this.#closed(closeCode, reason, true),
      () => this.#closed(1006, '', false),
    );
  }

  get readyState(): ReadyState {
    return this.#readyState;
  }

  get protocol(): string {
    return this.#protocol;
  }

  get extensions(): string {
    return this.#extensions;
  }

  /** Bytes written and not yet taken by the connection. */
  get bufferedAmount(): number {
    return this.#bufferedAmount;
  }

  send(data: SocketData): void {
    if (this.#readyState === ReadyState.connecting) {
      throw new DOMException(
        "Failed to execute 'send' on 'WebSocket': Still in CONNECTING state.",
        'InvalidStateError',
      );
    }
    const writer = this.#writer;
    if (this.#readyState !== ReadyState.open || !writer) return;
    const size = typeof data === 'string' ? new TextEncoder().encode(data).byteLength : byteSize(data);
    this.#bufferedAmount += size;
    const written =
      data instanceof Blob ? data.arrayBuffer().then((bytes) => writer.write(bytes)) : writer.write(writable(data));
    written.then(
      () => (this.#bufferedAmount -= size),
      () => {},
    );
  }

  close(code?: number, reason?: string): void {
    if (this.#readyState === ReadyState.closing || this.#readyState === ReadyState.closed) return;
    this.#readyState = ReadyState.closing;
    this.#stream.close({ ...(code !== undefined && { closeCode: code }), ...(reason !== undefined && { reason }) });
  }

  #closed(code: number, reason: string, wasClean: boolean): void {
    if (this.#readyState === ReadyState.closed) return;
    this.#readyState = ReadyState.closed;
    if (!wasClean) this.dispatchEvent(new Event('error'));
    this.dispatchEvent(new CloseEvent('close', { code, reason, wasClean }));
  }
}

function byteSize(data: Exclude<SocketData, string>): number {
  return data instanceof Blob ? data.size : data.byteLength;
}

/** What the stream's writer takes: text as it is, bytes copied at once (the caller may reuse its buffer). */
function writable(data: Exclude<SocketData, Blob>): string | Uint8Array<ArrayBuffer> {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  return new Uint8Array(data).slice();
}

/** A socket for a browser with no WebSocketStream: it fails at once, and the trace says why. */
class NoStreamSocket extends EventTarget implements PlaygroundSocket {
  readonly readyState = ReadyState.closed;
  readonly protocol = '';
  readonly extensions = '';
  readonly bufferedAmount = 0;
  binaryType: BinaryType = 'blob';

  constructor(readonly url: string) {
    super();
    setTimeout(() => {
      this.dispatchEvent(new Event('error'));
      this.dispatchEvent(new CloseEvent('close', { code: 1006, reason: '', wasClean: false }));
    }, 0);
  }

  send(): void {}

  close(): void {}
}

const NO_STREAM_NOTE =
  'This browser has no WebSocketStream, and a page cannot stop reading a WebSocket: the live slow reader ' +
  'needs Chrome or Edge. Simulated mode shows it in any browser.';

/** Sends the flood request once the connection is open: the server then pushes until the reader is cut off. */
function floodWhenOpen(socket: PlaygroundSocket): void {
  socket.addEventListener('open', () => socket.send(FLOOD_MESSAGE), { once: true });
}

/**
 * Opens a connection to `target` (a `/limited?group=…` target) that never
 * reads, and asks the server to flood it. Live: a real WebSocketStream whose
 * readable is never read, traced through the /inspect side channel; Simulated:
 * a SimulatedWebSocket with its reading paused.
 */
export function openSlowReader(target: string, options: ConnectOptions): Connection {
  if (options.mode === ConnectionMode.live) {
    const trace = new TraceStream();
    const Stream = streamConstructor();
    const live = openLive(options.serverUrl, target, options.protocols, trace, (url, protocols) => {
      if (Stream) return new UnreadStreamSocket(Stream, url, protocols);
      trace.push({ type: 'note', at: trace.now(), text: NO_STREAM_NOTE });
      return new NoStreamSocket(url);
    });
    recordApiEvents(live.socket, trace);
    floodWhenOpen(live.socket);
    return { socket: live.socket, trace, release: live.release };
  }
  const connection = connect(target, options);
  // Paused before the handshake completes: not one of the server's frames is read.
  (connection.socket as SimulatedWebSocket).pauseReading();
  floodWhenOpen(connection.socket);
  return connection;
}
