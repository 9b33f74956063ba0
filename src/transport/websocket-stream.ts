/**
 * WebSocketStream, as the page's stand-in over the simulated wire: the same
 * API as Chromium's (`opened`, `closed`, `close()`, a writable and a readable,
 * see the WebSocketStream explainer), on every browser. Its backpressure is
 * the wire's: a write resolves once the message has left the page's queue
 * for the network (the explainer: "when the message has been buffered"), so
 * a producer that awaits each write goes at the pace the server reads; and
 * while the readable's queue is full, the page stops reading the connection
 * (SimulatedWebSocket.pauseReading), as Chromium stops taking bytes off the
 * socket.
 */
import { ReadyState, type SocketData } from './playground-socket.ts';
import type { SimulatedWebSocket } from './simulated.ts';

/** What `opened` gives: the connection's two streams and what the handshake agreed. */
export interface WebSocketStreamOpenInfo {
  /** Each message as one chunk: text as a string, binary as an ArrayBuffer (as Chromium gives it). */
  readonly readable: ReadableStream<string | ArrayBuffer>;
  /** Each chunk written becomes one message: bytes as binary, anything else as text. */
  readonly writable: WritableStream<unknown>;
  readonly protocol: string;
  readonly extensions: string;
}

/** A close code and reason: what `close()` takes and what `closed` gives after a clean close. */
export interface WebSocketStreamCloseInfo {
  readonly closeCode?: number;
  readonly reason?: string;
}

/** The part of WebSocketStream the page uses: the browser's own where it has one, else the stand-in below. */
export interface WebSocketStreamLike {
  readonly url: string;
  readonly opened: Promise<WebSocketStreamOpenInfo>;
  readonly closed: Promise<WebSocketStreamCloseInfo>;
  close(info?: WebSocketStreamCloseInfo): void;
}

/** The stand-in's rejection: shaped as Chromium's WebSocketError (its name, closeCode and reason). */
export class StandInWebSocketError extends DOMException {
  constructor(
    message: string,
    readonly closeCode: number | null,
    readonly reason: string,
  ) {
    super(message, 'WebSocketError');
  }
}

/** Chromium's words for the failures (checked in test/browser/transport/websocket-stream.test.ts). */
const NOT_CLEAN = 'WebSocket was not cleanly closed.';
const NEVER_OPENED = 'WebSocket closed before handshake complete.';

function closedForWriting(): DOMException {
  return new DOMException('Cannot write to a closed WebSocketStream.', 'InvalidStateError');
}

/** What the socket sends for a chunk: bytes as binary; anything else as text, as Chromium converts it. */
function sendable(chunk: unknown): SocketData {
  if (chunk instanceof ArrayBuffer || ArrayBuffer.isView(chunk)) return chunk;
  return String(chunk);
}

/** A promise whose rejection nobody need catch: `opened` and `closed` may go unread, as the browser's may. */
function quiet<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}

export class WebSocketStreamStandIn implements WebSocketStreamLike {
  readonly url: string;
  readonly opened: Promise<WebSocketStreamOpenInfo>;
  readonly closed: Promise<WebSocketStreamCloseInfo>;
  readonly #socket: SimulatedWebSocket;

  /** Takes a fresh simulated connection (still CONNECTING): from now on only this stand-in uses it. */
  constructor(socket: SimulatedWebSocket) {
    this.#socket = socket;
    this.url = socket.url;
    socket.binaryType = 'arraybuffer';
    let readable: ReadableStreamDefaultController<string | ArrayBuffer> | undefined;
    let writable: WritableStreamDefaultController | undefined;
    let reading = true;
    this.opened = quiet(
      new Promise((resolve, reject) => {
        socket.addEventListener('open', () =>
          resolve({
            readable: new ReadableStream<string | ArrayBuffer>(
              {
                start: (controller) => void (readable = controller),
                // The reader asked for more: take bytes off the connection again.
                pull: () => socket.resumeReading(),
                cancel: () => socket.close(),
              },
              // One message waiting unread is enough: then the page stops reading the connection.
              { highWaterMark: 1 },
            ),
            writable: new WritableStream<unknown>({
              start: (controller) => void (writable = controller),
              write: (chunk) => this.#write(chunk),
              close: () => socket.close(),
              abort: () => socket.close(),
            }),
            protocol: socket.protocol,
            extensions: socket.extensions,
          }),
        );
        socket.addEventListener('close', () => reject(new StandInWebSocketError(NEVER_OPENED, null, '')));
      }),
    );
    socket.addEventListener('message', (event) => {
      if (!readable || !reading) return;
      readable.enqueue((event as MessageEvent<string | ArrayBuffer>).data);
      if ((readable.desiredSize ?? 0) <= 0) socket.pauseReading();
    });
    this.closed = quiet(
      new Promise((resolve, reject) => {
        socket.addEventListener('close', (event) => {
          const { code, reason, wasClean } = event as CloseEvent;
          reading = false;
          if (wasClean) {
            readable?.close();
            writable?.error(closedForWriting());
            resolve({ closeCode: code, reason });
            return;
          }
          const error = new StandInWebSocketError(NOT_CLEAN, 1006, '');
          readable?.error(error);
          writable?.error(error);
          reject(error);
        });
      }),
    );
  }

  /** Closes the connection with this code and reason; a reason alone closes with 1000 (§7.4.1 "normal closure"). */
  close(info: WebSocketStreamCloseInfo = {}): void {
    const code = info.closeCode ?? (info.reason ? 1000 : undefined);
    try {
      this.#socket.close(code, info.reason);
    } catch (error) {
      // The same checks as WebSocket's close() (a code of 1000 or 3000-4999, a reason of at most 123 bytes).
      if (!(error instanceof DOMException)) throw error;
      throw new DOMException(error.message.replace("on 'WebSocket'", "on 'WebSocketStream'"), error.name);
    }
  }

  /** One message: resolves once it has left the page's queue, which waits while the server is not reading. */
  async #write(chunk: unknown): Promise<void> {
    const socket = this.#socket;
    if (socket.readyState !== ReadyState.open) throw closedForWriting();
    socket.send(sendable(chunk));
    await socket.sent();
  }
}
