import { Server, WebSocket as MockSocket, type Client } from 'mock-socket';
import type { PlaygroundService } from '../service/service.ts';
import type { Peer, Session } from '../service/peer.ts';
import { ReadyState, type PlaygroundSocket, type SocketData } from './playground-socket.ts';
import { endpointUrl } from './endpoint-url.ts';

/**
 * The simulated wire: a WebSocket-shaped object whose server is the page's
 * own PlaygroundService. mock-socket carries the events between the two ends;
 * this class adds what mock-socket gets wrong (see DESIGN.md): browser close
 * codes and `wasClean`, `binaryType`, `bufferedAmount`, ordered Blob sends,
 * and the browser's exceptions.
 */

const utf8 = new TextEncoder();
let connectionCount = 0;

function byteLength(data: SocketData): number {
  if (typeof data === 'string') return utf8.encode(data).byteLength;
  if (data instanceof Blob) return data.size;
  return data.byteLength;
}

/**
 * What `send` hands to the wire. Bytes are copied at once: the caller may reuse
 * its buffer right after `send`. A Blob is immutable and is read later, in order.
 */
function snapshot(data: SocketData): string | Blob | ArrayBuffer {
  if (typeof data === 'string' || data instanceof Blob) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice().buffer;
  return new Uint8Array(data).slice().buffer;
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer;
}

export class SimulatedWebSocket extends EventTarget implements PlaygroundSocket {
  static readonly CONNECTING = ReadyState.connecting;
  static readonly OPEN = ReadyState.open;
  static readonly CLOSING = ReadyState.closing;
  static readonly CLOSED = ReadyState.closed;

  /** The URL as the reader would see it in Live mode. */
  readonly url: string;
  /** The subprotocol the server chose; empty until then. */
  readonly protocol = '';
  /** The simulated server negotiates no extensions. */
  readonly extensions = '';
  /** How binary messages are delivered: a Blob (the browser default) or an ArrayBuffer. */
  binaryType: BinaryType = 'blob';

  #readyState: ReadyState = ReadyState.connecting;
  #bufferedAmount = 0;
  /** Sends in order: a Blob takes a moment to read, and must not be overtaken. */
  #outgoing: Promise<void> = Promise.resolve();
  #server: Server | undefined;
  #client: MockSocket | undefined;
  #session: Session | undefined;
  /** The close frame's code and reason once either side has sent one (§7.1.2). */
  #closeFrame: { code: number; reason: string } | undefined;

  constructor(service: PlaygroundService, serverUrl: string, target: string) {
    super();
    this.url = endpointUrl(serverUrl, target);
    const admission = service.admit(target);
    if (!admission.ok) {
      // A refused handshake looks the same to a page whatever the status: §4.1
      // "fail the WebSocket connection", which a browser reports as 1006.
      this.#failSoon();
      return;
    }
    const internalUrl = `ws://simulated-${++connectionCount}.invalid/`;
    this.#server = new Server(internalUrl, { mock: false });
    this.#server.on('connection', (socket) => {
      this.#session = admission.open(this.#peerFor(socket));
      socket.on('message', (data) => {
        if (this.#readyState !== ReadyState.open) return;
        this.#session?.message(typeof data === 'string' ? data : new Uint8Array(data as ArrayBuffer));
      });
    });
    const client = new MockSocket(internalUrl);
    this.#client = client;
    client.onopen = () => {
      if (this.#readyState !== ReadyState.connecting) return;
      this.#readyState = ReadyState.open;
      this.dispatchEvent(new Event('open'));
    };
    client.onmessage = (event) => this.#deliver(event.data as string | ArrayBuffer);
    client.onclose = () => {
      const frame = this.#closeFrame ?? { code: 1006, reason: '' };
      this.#finish(frame.code, frame.reason, this.#closeFrame !== undefined);
    };
  }

  get readyState(): ReadyState {
    return this.#readyState;
  }

  /** Bytes queued by `send` and not yet handed to the wire. */
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
    const size = byteLength(data);
    this.#bufferedAmount += size;
    // After close the browser drops the data but still counts it (WHATWG WebSockets, send()).
    if (this.#readyState !== ReadyState.open) return;
    const queued = snapshot(data);
    this.#outgoing = this.#outgoing.then(async () => {
      const wire = queued instanceof Blob ? await queued.arrayBuffer() : queued;
      if (this.#readyState === ReadyState.open) this.#client?.send(wire);
      this.#bufferedAmount -= size;
    });
  }

  close(code?: number, reason?: string): void {
    if (code !== undefined && code !== 1000 && (code < 3000 || code > 4999)) {
      throw new DOMException(
        `Failed to execute 'close' on 'WebSocket': The close code must be either 1000, or between 3000 and 4999. ${code} is neither.`,
        'InvalidAccessError',
      );
    }
    if (reason !== undefined && utf8.encode(reason).byteLength > 123) {
      // §5.5: a control frame's payload is at most 125 bytes, 2 of them the code.
      throw new DOMException(
        "Failed to execute 'close' on 'WebSocket': The close reason must not be greater than 123 UTF-8 bytes.",
        'SyntaxError',
      );
    }
    if (this.#readyState === ReadyState.closing || this.#readyState === ReadyState.closed) return;
    if (this.#readyState === ReadyState.connecting) {
      this.#readyState = ReadyState.closing;
      this.#failSoon();
      return;
    }
    // §7.1.5: a close frame with no code is reported as 1005; the server echoes it.
    this.#closeFrame = { code: code ?? 1005, reason: reason ?? '' };
    this.#readyState = ReadyState.closing;
    this.#client?.close(code, reason);
  }

  #peerFor(socket: Client): Peer {
    return {
      send: (data) => {
        if (this.#readyState === ReadyState.open) socket.send(typeof data === 'string' ? data : toArrayBuffer(data));
      },
      close: (code, reason) => {
        if (this.#readyState !== ReadyState.open) return;
        this.#closeFrame = { code: code ?? 1005, reason: reason ?? '' };
        this.#readyState = ReadyState.closing;
        socket.close({ code: code ?? 1005, reason: reason ?? '', wasClean: true });
      },
    };
  }

  #deliver(data: string | ArrayBuffer): void {
    if (this.#readyState !== ReadyState.open) return;
    const delivered = typeof data === 'string' || this.binaryType === 'arraybuffer' ? data : new Blob([data]);
    this.dispatchEvent(new MessageEvent('message', { data: delivered, origin: new URL(this.url).origin }));
  }

  /**
   * §7.1.7 "fail the WebSocket connection": error, then close 1006, not clean.
   * Queued, as a browser queues them: listeners added after the call still hear them.
   */
  #failSoon(): void {
    setTimeout(() => {
      if (this.#readyState === ReadyState.closed) return;
      this.#readyState = ReadyState.closed;
      this.#teardown();
      this.dispatchEvent(new Event('error'));
      this.dispatchEvent(new CloseEvent('close', { code: 1006, reason: '', wasClean: false }));
    }, 0);
  }

  #finish(code: number, reason: string, wasClean: boolean): void {
    if (this.#readyState === ReadyState.closed) return;
    this.#readyState = ReadyState.closed;
    this.#teardown();
    this.dispatchEvent(new CloseEvent('close', { code, reason, wasClean }));
  }

  #teardown(): void {
    const session = this.#session;
    this.#session = undefined;
    session?.closed(this.#closeFrame?.code ?? 1006, this.#closeFrame?.reason ?? '');
    if (this.#client) this.#client.onclose = () => {};
    this.#server?.stop();
    this.#server = undefined;
  }
}
