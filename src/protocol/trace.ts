/**
 * The trace: what crossed the wire, in order, as both wires report it. The
 * simulated wire builds these events itself; the live server sends them as
 * JSON on the inspect side channel. One format, so a test can run a scenario
 * on both wires and compare.
 */
import { decodeFrame, type Frame } from './frame.ts';
import type { HeaderList } from './handshake.ts';
import { fromHex, toHex } from './hex.ts';
import { parseJsonObject } from './json-object.ts';

export const Side = { client: 'client', server: 'server' } as const;
export type Side = (typeof Side)[keyof typeof Side];

export interface HandshakeRequestEvent {
  readonly type: 'handshake-request';
  /** Milliseconds since the connection began. */
  readonly at: number;
  readonly method: string;
  /** The request target, query included. */
  readonly path: string;
  readonly httpVersion: string;
  /** In wire order, names as sent. Cookie and Authorization values are redacted. */
  readonly headers: HeaderList;
}

export interface HandshakeResponseEvent {
  readonly type: 'handshake-response';
  readonly at: number;
  readonly status: number;
  readonly reason: string;
  readonly headers: HeaderList;
}

export interface FrameEvent {
  readonly type: 'frame';
  readonly at: number;
  readonly from: Side;
  /** The frame exactly as on the wire: header, masking key, masked payload. */
  readonly bytes: Uint8Array;
  readonly frame: Frame;
  /**
   * On the frame that ends a compressed message (RFC 7692 §6): the whole
   * message inflated. Set by DeflateTraceReader, never sent on the inspect
   * channel (each page inflates for itself).
   */
  readonly inflated?: Uint8Array;
  /** Instead of `inflated`, when the message could not be inflated: why, in plain words. */
  readonly inflateError?: string;
  /**
   * true when the trace hid a secret in this payload (secrets.ts): `bytes`
   * and `frame` show stars where a ticket's or token's random part was.
   */
  readonly redacted?: boolean;
}

export interface ClosedEvent {
  readonly type: 'closed';
  readonly at: number;
  readonly code: number;
  readonly reason: string;
  readonly wasClean: boolean;
}

/** What the server decided and why: "origin not allowed", "unknown path". */
export interface NoteEvent {
  readonly type: 'note';
  readonly at: number;
  readonly text: string;
}

export type TraceEvent = HandshakeRequestEvent | HandshakeResponseEvent | FrameEvent | ClosedEvent | NoteEvent;

/** Header values a trace never shows: they are credentials. */
const SECRET_HEADERS = new Set(['cookie', 'authorization', 'proxy-authorization', 'set-cookie']);
export const REDACTED = '[redacted]';

export function redactHeaders(headers: HeaderList): HeaderList {
  return headers.map(([name, value]) => [name, SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : value]);
}

/** One event as a JSON text message of the inspect channel: bytes as lowercase hex, no decoded frame. */
export function serializeTraceEvent(event: TraceEvent): string {
  if (event.type !== 'frame') return JSON.stringify(event);
  return JSON.stringify({
    type: event.type,
    at: event.at,
    from: event.from,
    bytes: toHex(event.bytes),
    ...(event.redacted && { redacted: true }),
  });
}

/**
 * The one message a page sends on its inspect stream: a request for the
 * server's trace clock, answered at once with `{"type":"clock","at":…}`.
 */
export const CLOCK_PROBE = '{"type":"clock"}';

export function serializeClockAnswer(at: number): string {
  return JSON.stringify({ type: 'clock', at });
}

/** The server's clock reading in an answer to a probe, or undefined when `text` is not one. */
export function parseClockAnswer(text: string): number | undefined {
  if (!text.startsWith('{"type":"clock"')) return undefined;
  try {
    const { at } = JSON.parse(text) as { at?: unknown };
    return typeof at === 'number' && Number.isFinite(at) ? at : undefined;
  } catch {
    return undefined;
  }
}

type Fields = Readonly<Record<string, unknown>>;

function isHeaderList(value: unknown): value is HeaderList {
  return (
    Array.isArray(value) &&
    value.every(
      (pair) => Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string' && typeof pair[1] === 'string',
    )
  );
}

function field<T>(fields: Fields, name: string, check: (value: unknown) => value is T, what: string): T {
  const value = fields[name];
  if (!check(value)) throw new Error(`the "${name}" field is not ${what}`);
  return value;
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
const isSide = (value: unknown): value is Side => value === Side.client || value === Side.server;

/**
 * Reads one inspect-channel message back. The side channel is a network input
 * like any other: anything malformed throws an Error that says what is wrong.
 */
export function parseTraceEvent(text: string): TraceEvent {
  const fields: Fields = parseJsonObject(text, 'the trace message');
  const at = field(fields, 'at', isNumber, 'a number');
  switch (fields.type) {
    case 'handshake-request':
      return {
        type: 'handshake-request',
        at,
        method: field(fields, 'method', isString, 'a string'),
        path: field(fields, 'path', isString, 'a string'),
        httpVersion: field(fields, 'httpVersion', isString, 'a string'),
        headers: field(fields, 'headers', isHeaderList, 'a list of [name, value] pairs'),
      };
    case 'handshake-response':
      return {
        type: 'handshake-response',
        at,
        status: field(fields, 'status', isNumber, 'a number'),
        reason: field(fields, 'reason', isString, 'a string'),
        headers: field(fields, 'headers', isHeaderList, 'a list of [name, value] pairs'),
      };
    case 'frame': {
      const bytes = fromHex(field(fields, 'bytes', isString, 'hex'));
      if (!bytes) throw new Error('the "bytes" field is not hex');
      // The server reports RSV1 frames once permessage-deflate is agreed (RFC 7692 §6).
      const decoded = decodeFrame(bytes, { allowRsv1: true });
      if (!decoded || decoded.size !== bytes.length) throw new Error('the "bytes" field is not exactly one frame');
      const redacted = fields.redacted;
      if (redacted !== undefined && redacted !== true) throw new Error('the "redacted" field is not true');
      return {
        type: 'frame',
        at,
        from: field(fields, 'from', isSide, '"client" or "server"'),
        bytes,
        frame: decoded.frame,
        ...(redacted && { redacted }),
      };
    }
    case 'closed':
      return {
        type: 'closed',
        at,
        code: field(fields, 'code', isNumber, 'a number'),
        reason: field(fields, 'reason', isString, 'a string'),
        wasClean: field(fields, 'wasClean', isBoolean, 'true or false'),
      };
    case 'note':
      return { type: 'note', at, text: field(fields, 'text', isString, 'a string') };
    default:
      throw new Error(`"${String(fields.type)}" is not a trace event type`);
  }
}
