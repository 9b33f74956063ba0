/**
 * The wire text of `GET /sse`, as pure functions: the response head and each
 * event exactly as the server writes them (WHATWG HTML §9.2.5, the
 * text/event-stream format). The page builds the same text from what its
 * EventSource delivers, so it can count the bytes of every event it
 * receives; the server test checks the live stream against these functions.
 */
import { utf8Length, type HeaderList } from '../protocol/index.ts';
import type { TickMessage } from './json-messages.ts';
import { httpDate, httpHeadLength } from './polling.ts';

export const SSE_PATH = '/sse';

/**
 * The reconnection time the stream sets with `retry:` (§9.2.6) before
 * anything else: the browser's own default is implementation-defined
 * (§9.2.3), and a reconnect must wait the same on every browser and wire.
 */
export const SSE_RETRY_MS = 2000;

/** The named event that opens every response, before any tick. */
export const OPENING_EVENT = 'stream';

/**
 * The opening event's data: what the page cannot see of its own stream.
 * EventSource exposes no header, neither the request's nor the response's,
 * so the server says how big both were, and what it did with Last-Event-ID.
 */
export interface StreamOpening {
  readonly type: typeof OPENING_EVENT;
  /** The request head as the server received it, in bytes. */
  readonly requestBytes: number;
  /** The response head as the server wrote it, in bytes. */
  readonly headBytes: number;
  /** The Last-Event-ID request header as received (cut at 40 characters), or null when there was none. */
  readonly lastEventId: string | null;
  /** How many ticks this response replays before the new ones. */
  readonly replayed: number;
  /** Ticks after Last-Event-ID the server no longer keeps: lost to this client. */
  readonly missed: number;
  /** What the server did with Last-Event-ID, in words. */
  readonly resume: string;
}

/** One event's fields, in the order the server writes them. */
export interface EventFields {
  readonly retry?: number;
  readonly event?: string;
  readonly id?: string;
  readonly data: string;
}

/**
 * An event as text: one `field: value` line each, a `data:` line per line of
 * data, then a blank line that dispatches it (§9.2.6). The space after the
 * colon is the one a parser strips (§9.2.6). Data here is JSON, which never
 * holds a raw line break, so one line each.
 */
export function eventText(fields: EventFields): string {
  let text = '';
  if (fields.retry !== undefined) text += `retry: ${fields.retry}\n`;
  if (fields.event !== undefined) text += `event: ${fields.event}\n`;
  if (fields.id !== undefined) text += `id: ${fields.id}\n`;
  for (const line of fields.data.split('\n')) text += `data: ${line}\n`;
  return `${text}\n`;
}

/** The opening event, given its data as JSON text: it sets the reconnection time first. */
export function openingText(data: string): string {
  return eventText({ retry: SSE_RETRY_MS, event: OPENING_EVENT, data });
}

/** A tick's event: its seq is the event's id, so a reconnecting browser names the last one it had (§9.2.4). */
export function tickText(tick: TickMessage): string {
  return eventText({ id: String(tick.seq), data: JSON.stringify(tick) });
}

/**
 * An event's bytes on the wire. Each event is one chunk of the chunked
 * transfer coding (RFC 9112 §7.1): its size in hex and CRLF, the event as
 * UTF-8 (§9.2.5), CRLF.
 */
export function chunkBytes(text: string): number {
  const size = utf8Length(text);
  return size.toString(16).length + 2 + size + 2;
}

/** The last chunk that ends a response the server closes itself (RFC 9112 §7.1). */
export const LAST_CHUNK = '0\r\n\r\n';

/**
 * The head of a stream. `Cache-Control: no-store` keeps every cache out;
 * `X-Accel-Buffering: no` asks nginx to pass each event on as it comes
 * rather than gather the response in its buffers (its proxy_buffering).
 * Written out in full, chunking included, so the size the opening event
 * reports is the size on the wire.
 */
export function streamHead(now: number, keepAlive: boolean): HeaderList {
  return [
    ['Content-Type', 'text/event-stream'],
    ['Cache-Control', 'no-store'],
    ['X-Accel-Buffering', 'no'],
    // Public, harmless data, as /poll's: any page may read it.
    ['Access-Control-Allow-Origin', '*'],
    ['Transfer-Encoding', 'chunked'],
    ['Date', httpDate(now)],
    ['Connection', keepAlive ? 'keep-alive' : 'close'],
  ];
}

/** A stream's status. */
export const STREAM_STATUS = { code: 200, reason: 'OK' } as const;

/** The stream's status line. */
export const STREAM_STATUS_LINE = `HTTP/1.1 ${STREAM_STATUS.code} ${STREAM_STATUS.reason}`;

/** The size of a stream's head, as the opening event reports it. */
export function streamHeadBytes(headers: HeaderList): number {
  return httpHeadLength(STREAM_STATUS_LINE, headers);
}
