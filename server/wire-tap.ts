import type { Duplex } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import {
  FrameError,
  createFrameStream,
  Opcode,
  parseExtensions,
  PERMESSAGE_DEFLATE,
  redactHeaders,
  Side,
  type TraceEvent,
  type HeaderList,
} from '../src/protocol/index.ts';
import { traceClock } from './trace-clock.ts';

/** Node's rawHeaders list [name, value, name, value…] as pairs, in wire order, names as sent. */
function pairs(raw: readonly string[]): HeaderList {
  const headers: HeaderList = [];
  for (let i = 0; i + 1 < raw.length; i += 2) headers.push([raw[i]!, raw[i + 1]!]);
  return headers;
}

export function requestEvent(request: IncomingMessage, at: number): TraceEvent {
  return {
    type: 'handshake-request',
    at,
    method: request.method ?? 'GET',
    path: request.url ?? '/',
    httpVersion: `HTTP/${request.httpVersion}`,
    headers: redactHeaders(pairs(request.rawHeaders)),
  };
}

/** Parses an HTTP response head ("HTTP/1.1 101 Switching Protocols\r\nName: value…"). */
function responseEvent(head: string, at: number): TraceEvent {
  const [statusLine = '', ...lines] = head.split('\r\n');
  const match = /^HTTP\/\d\.\d (\d{3}) ?(.*)$/.exec(statusLine);
  const headers: HeaderList = lines
    .filter((line) => line.includes(':'))
    .map((line) => [line.slice(0, line.indexOf(':')).trim(), line.slice(line.indexOf(':') + 1).trim()]);
  return { type: 'handshake-response', at, status: Number(match?.[1] ?? 0), reason: match?.[2] ?? '', headers };
}

const HEAD_END = Buffer.from('\r\n\r\n');

/** Whether a 101's headers agreed permessage-deflate (RFC 7692 §5): then RSV1 marks a compressed message (§6). */
function agreedDeflate(event: TraceEvent): boolean {
  if (event.type !== 'handshake-response' || event.status !== 101) return false;
  return event.headers.some(([name, value]) => {
    if (name.toLowerCase() !== 'sec-websocket-extensions') return false;
    const items = parseExtensions(value);
    return typeof items !== 'string' && items.some((item) => item.name === PERMESSAGE_DEFLATE);
  });
}

/**
 * Taps a connection's raw bytes: what the server writes (the 101 answer, then
 * its frames) and what it reads (the client's frames), each reported as it
 * crosses the socket, byte for byte. ws stays in charge of the protocol; the
 * tap only watches.
 */
export class WireTap {
  readonly #emit: (event: TraceEvent) => void;
  #head: Buffer | undefined = Buffer.alloc(0);
  #fromServer = createFrameStream({ expectMasked: false });
  #fromClient = createFrameStream({ expectMasked: true });
  #closeSent = false;
  #closeReceived = false;
  /** Directions whose bytes stopped making frames: the stream lost its place. */
  readonly #broken = new Set<Side>();

  constructor(emit: (event: TraceEvent) => void) {
    this.#emit = emit;
  }

  get at(): number {
    return traceClock();
  }

  /** Wraps `socket.write` before ws answers the handshake, so the 101 is seen too. */
  watchWrites(socket: Duplex): void {
    const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
    socket.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (typeof chunk === 'string' || chunk instanceof Uint8Array) this.#outgoing(Buffer.from(chunk as string));
      return write(chunk, ...rest);
    }) as typeof socket.write;
  }

  /**
   * Call once ws owns the socket. Our listener goes first: ws unmasks the
   * payload in place (and may answer at once), so after it the bytes are no
   * longer those that crossed the wire.
   */
  watchReads(socket: Duplex): void {
    socket.prependListener('data', (chunk: Buffer) => this.#incoming(chunk));
  }

  /** Whether both close frames crossed: what a browser calls `wasClean` (§7.1.5). */
  get wasClean(): boolean {
    return this.#closeSent && this.#closeReceived;
  }

  #outgoing(bytes: Buffer): void {
    if (this.#head) {
      const joined = Buffer.concat([this.#head, bytes]);
      const end = joined.indexOf(HEAD_END);
      if (end === -1) {
        this.#head = joined;
        return;
      }
      this.#head = undefined;
      const response = responseEvent(joined.subarray(0, end).toString('latin1'), this.at);
      if (agreedDeflate(response)) {
        // No frame has crossed yet: ws writes the 101 before it reads or sends one.
        this.#fromServer = createFrameStream({ expectMasked: false, allowRsv1: true });
        this.#fromClient = createFrameStream({ expectMasked: true, allowRsv1: true });
      }
      this.#emit(response);
      bytes = joined.subarray(end + HEAD_END.length);
      if (bytes.length === 0) return;
    }
    this.#frames(Side.server, bytes);
  }

  #incoming(bytes: Buffer): void {
    this.#frames(Side.client, bytes);
  }

  #frames(from: Side, bytes: Buffer): void {
    if (this.#broken.has(from)) return;
    const stream = from === Side.server ? this.#fromServer : this.#fromClient;
    try {
      for (const { bytes: wire, frame } of stream.push(bytes)) {
        if (frame.opcode === Opcode.close) {
          if (from === Side.server) this.#closeSent = true;
          else this.#closeReceived = true;
        }
        this.#emit({ type: 'frame', at: this.at, from, bytes: wire, frame });
      }
    } catch (error) {
      if (!(error instanceof FrameError)) throw error;
      // ws fails the connection with the same close code; the trace says why in words.
      this.#broken.add(from);
      this.#emit({
        type: 'note',
        at: this.at,
        text: `The ${from} sent an invalid frame: ${error.message} (${error.closeCode})`,
      });
    }
  }
}
