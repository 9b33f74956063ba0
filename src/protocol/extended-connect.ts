/**
 * RFC 8441: a WebSocket on one stream of an HTTP/2 connection, opened with an
 * extended CONNECT instead of RFC 6455's GET and 101 (RFC 9220 carries the
 * same fields and setting over to HTTP/3, §3). Pure: the header fields a
 * browser sends and a server answers, and a played stream of trace events
 * whose WebSocket frames are the RFC 6455 frames of any other connection.
 */
import { encodeClosePayload } from './close-payload.ts';
import { decodeFrame, encodeFrame } from './frame.ts';
import { WEBSOCKET_VERSION, type HeaderList } from './handshake.ts';
import { Opcode } from './opcodes.ts';
import { Side, type TraceEvent } from './trace.ts';
import { encodeUtf8 } from './utf8.ts';

/** RFC 8441 §3 and §9.1: the SETTINGS parameter a server sends to allow extended CONNECT; RFC 9220 §3 keeps 0x8 for HTTP/3. */
export const SETTINGS_ENABLE_CONNECT_PROTOCOL = 0x8;

/** What the trace calls the version of a request carried on an HTTP/2 stream (RFC 9113 §8.3.1: implicitly "2.0"). */
export const HTTP2_VERSION = 'HTTP/2';

export interface ExtendedConnectRequestOptions {
  /** wss: (true) or ws: (false): :scheme is https or http (RFC 8441 §5). */
  readonly secure: boolean;
  /** Host and port as in the WebSocket URL: what Host carried over HTTP/1.1 (RFC 8441 §5). */
  readonly authority: string;
  /** Path and query of the WebSocket URL. */
  readonly path: string;
  /** The page's origin, as the browser sends it (RFC 8441 §5 keeps Origin, RFC 6454). */
  readonly origin: string;
  /** The page's subprotocol offer, in order. */
  readonly protocols?: readonly string[] | undefined;
  /** The extension offer, as Sec-WebSocket-Extensions carries it. */
  readonly extensions?: string | undefined;
}

/**
 * The HEADERS of an extended CONNECT that opens a WebSocket (RFC 8441 §4,
 * §5): the pseudo-header fields first (RFC 9113 §8.3), every name in lower
 * case (§8.2), and nothing of RFC 6455's Host, Connection, Upgrade or key.
 */
export function extendedConnectRequest(options: ExtendedConnectRequestOptions): HeaderList {
  const headers: HeaderList = [
    [':method', 'CONNECT'],
    [':protocol', 'websocket'],
    [':scheme', options.secure ? 'https' : 'http'],
    // RFC 9113 §8.3.1: never empty for an http or https target; "/" when the URL has no path.
    [':path', options.path === '' ? '/' : options.path],
    [':authority', options.authority],
    ['sec-websocket-version', WEBSOCKET_VERSION],
    ['origin', options.origin],
  ];
  const protocols = options.protocols ?? [];
  if (protocols.length > 0) headers.push(['sec-websocket-protocol', protocols.join(', ')]);
  if (options.extensions) headers.push(['sec-websocket-extensions', options.extensions]);
  return headers;
}

export interface ExtendedConnectResponseOptions {
  /** The subprotocol the server picked, or null for none. */
  readonly protocol?: string | null | undefined;
  /** The extensions the server accepted, or undefined for none. */
  readonly extensions?: string | undefined;
}

/**
 * The server's yes: a 2xx opens a CONNECT tunnel (RFC 9113 §8.5) and RFC 8441
 * §5.1 answers 200. There is no 101 in HTTP/2 (RFC 9113 §8.6), no reason
 * phrase (only :status, §8.3.2), and no Sec-WebSocket-Accept (RFC 8441 §5).
 */
export function extendedConnectResponse(options: ExtendedConnectResponseOptions = {}): HeaderList {
  const headers: HeaderList = [[':status', '200']];
  if (options.protocol) headers.push(['sec-websocket-protocol', options.protocol]);
  if (options.extensions) headers.push(['sec-websocket-extensions', options.extensions]);
  return headers;
}

/** Each member of a union without its `at`. */
type Untimed<Event> = Event extends unknown ? Omit<Event, 'at'> : never;

/** A trace event before it is given its time: the player stamps `at` as it plays. */
export type UntimedTraceEvent = Untimed<TraceEvent>;

export interface PlayedStreamOptions extends ExtendedConnectRequestOptions {
  /** The text message the page sends once the stream is open; the server echoes it. */
  readonly message: string;
  /** A fresh 4-byte masking key for each client frame (RFC 6455 §5.3): injected, so a test can fix them. */
  readonly mask: () => Uint8Array;
}

/** The close code and reason of the played closing handshake. */
export const PLAYED_CLOSE = { code: 1000, reason: 'done' } as const;

function frameEvent(from: Side, opcode: number, payload: Uint8Array, mask: Uint8Array | null): UntimedTraceEvent {
  // encodeFrame may hand out a view of a shared slab: the trace keeps its own copy.
  const bytes = encodeFrame({ opcode, payload, mask }).slice();
  return { type: 'frame', from, bytes, frame: decodeFrame(bytes)!.frame };
}

/**
 * One WebSocket on stream 1 of an HTTP/2 connection, from the server's
 * SETTINGS to the end of the stream, as trace events: the extended CONNECT
 * and its 200, the page's text message and its echo, the closing handshake,
 * then END_STREAM both ways. HEADERS frames are HPACK-compressed (RFC 9113
 * §4.3), so their events carry the header fields, never made-up bytes; the
 * WebSocket frames are the real RFC 6455 bytes the stream's DATA frames
 * carry, client frames masked, because RFC 8441 §5 runs RFC 6455 unchanged
 * on the stream "as if it were the TCP connection".
 */
export function playExtendedConnect(options: PlayedStreamOptions): UntimedTraceEvent[] {
  const { message, mask } = options;
  const text = encodeUtf8(message);
  const close = encodeClosePayload(PLAYED_CLOSE.code, PLAYED_CLOSE.reason);
  return [
    {
      type: 'note',
      text: 'SETTINGS on stream 0: SETTINGS_ENABLE_CONNECT_PROTOCOL = 1, so the browser may open WebSockets with an extended CONNECT (RFC 8441 §3)',
    },
    {
      type: 'handshake-request',
      method: 'CONNECT',
      path: options.path === '' ? '/' : options.path,
      httpVersion: HTTP2_VERSION,
      headers: extendedConnectRequest(options),
    },
    // HTTP/2 carries no reason phrase: :status is the whole status (RFC 9113 §8.3.2).
    { type: 'handshake-response', status: 200, reason: '', headers: extendedConnectResponse() },
    frameEvent(Side.client, Opcode.text, text, mask()),
    frameEvent(Side.server, Opcode.text, text, null),
    frameEvent(Side.client, Opcode.close, close, mask()),
    frameEvent(Side.server, Opcode.close, close, null),
    {
      type: 'note',
      text: 'END_STREAM both ways: stream 1 is closed, as RFC 6455 closes its TCP connection after the closing handshake; the HTTP/2 connection stays open for the page’s other requests (RFC 8441 §5)',
    },
    { type: 'closed', code: PLAYED_CLOSE.code, reason: PLAYED_CLOSE.reason, wasClean: true },
  ];
}
