import { encodeBase64, type DataOpcode } from '../../protocol/index.ts';
import { FAILURE_EXPLANATION, type AnyServerSocket, type MessageDirection } from '../../transport/any-server.ts';

/** What an export reads of a connection: the socket itself, or anything shaped like it. */
export type SeenConnection = Pick<AnyServerSocket, 'url' | 'events' | 'messages' | 'dropped'>;

/** One message as Chrome's DevTools writes it in a HAR entry's `_webSocketMessages`. */
export interface HarWebSocketMessage {
  readonly type: MessageDirection;
  /** Seconds since the epoch, fractional. */
  readonly time: number;
  readonly opcode: DataOpcode;
  /** A text message's text; a binary message's bytes in base64. */
  readonly data: string;
}

interface HarNameValue {
  readonly name: string;
  readonly value: string;
}

/** A HAR 1.2 entry with Chrome's own fields for a WebSocket (those starting with _). */
export interface HarEntry {
  readonly startedDateTime: string;
  readonly time: number;
  readonly request: {
    readonly method: 'GET';
    readonly url: string;
    readonly httpVersion: string;
    readonly headers: readonly HarNameValue[];
    readonly queryString: readonly HarNameValue[];
    readonly cookies: readonly HarNameValue[];
    readonly headersSize: number;
    readonly bodySize: number;
  };
  readonly response: {
    readonly status: number;
    readonly statusText: string;
    readonly httpVersion: string;
    readonly headers: readonly HarNameValue[];
    readonly cookies: readonly HarNameValue[];
    readonly content: { readonly size: number; readonly mimeType: string };
    readonly redirectURL: string;
    readonly headersSize: number;
    readonly bodySize: number;
    readonly _transferSize: number;
    readonly _error: string | null;
  };
  readonly cache: Record<string, never>;
  readonly timings: {
    readonly blocked: number;
    readonly dns: number;
    readonly ssl: number;
    readonly connect: number;
    readonly send: number;
    readonly wait: number;
    readonly receive: number;
  };
  readonly comment: string;
  readonly _resourceType: 'websocket';
  readonly _webSocketMessages: readonly HarWebSocketMessage[];
  /** How the connection ended, as the page's close event told it (not one of Chrome's fields; HAR allows custom ones). */
  readonly _webSocketClose?: { readonly code: number; readonly reason: string; readonly wasClean: boolean };
}

export interface HarLog {
  readonly log: {
    readonly version: '1.2';
    readonly creator: { readonly name: string; readonly version: string };
    readonly pages: readonly never[];
    readonly entries: readonly HarEntry[];
  };
}

/** Who wrote the file, as HAR 1.2 asks (`log.creator`). */
const CREATOR = { name: 'WebSocket Playground (talk to any server)', version: '1' };

/** What a page cannot put in the file, said once in the entry's comment. */
const NOT_SEEN =
  'Recorded by a web page through the WebSocket API. A browser shows a page neither the handshake nor the frames: ' +
  'the only headers here are the choices the API reveals (subprotocol, extensions), and sizes are unknown (-1).';

/**
 * The connection as a HAR 1.2 log holding one entry, written as Chrome's
 * DevTools writes a WebSocket (HAR export, `_resourceType: 'websocket'`,
 * `_webSocketMessages`), so DevTools and HAR viewers open it: the upgrade
 * request, its 101 when the connection opened (status 0 when it never did),
 * and every message kept with its direction, time, opcode and data.
 */
export function harLog(connection: SeenConnection): HarLog {
  const events = connection.events;
  const started = events[0]?.time ?? connection.messages[0]?.time ?? 0;
  const opened = events.find((event) => event.type === 'open');
  const closed = events.find((event) => event.type === 'close');
  const answered = opened ?? closed ?? events.at(-1);
  const wait = Math.max(0, (answered?.time ?? started) - started);
  const url = new URL(connection.url);
  const dropped =
    connection.dropped > 0
      ? ` The ${connection.dropped} oldest messages were dropped to stay within the page's limits.`
      : '';
  const entry: HarEntry = {
    startedDateTime: new Date(started).toISOString(),
    time: wait,
    request: {
      method: 'GET',
      url: url.href.split('#')[0]!,
      httpVersion: 'HTTP/1.1',
      headers: [],
      queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: opened ? 101 : 0,
      statusText: opened ? 'Switching Protocols' : '',
      httpVersion: opened ? 'HTTP/1.1' : '',
      headers: opened ? chosenHeaders(opened.protocol, opened.extensions) : [],
      cookies: [],
      content: { size: 0, mimeType: 'x-unknown' },
      redirectURL: '',
      headersSize: -1,
      bodySize: opened ? 0 : -1,
      _transferSize: 0,
      _error: opened ? null : FAILURE_EXPLANATION,
    },
    cache: {},
    timings: { blocked: -1, dns: -1, ssl: -1, connect: -1, send: 0, wait, receive: 0 },
    comment: NOT_SEEN + dropped,
    _resourceType: 'websocket',
    _webSocketMessages: connection.messages.map((message) => ({
      type: message.direction,
      time: message.time / 1000,
      opcode: message.opcode,
      // The DevTools protocol's payloadData: text for opcode 1, base64 for any other.
      data: typeof message.data === 'string' ? message.data : encodeBase64(message.data),
    })),
    ...(closed ? { _webSocketClose: { code: closed.code, reason: closed.reason, wasClean: closed.wasClean } } : {}),
  };
  return { log: { version: '1.2', creator: CREATOR, pages: [], entries: [entry] } };
}

/** The handshake's choices the browser does show a page (`protocol`, `extensions`), as the 101's headers. */
function chosenHeaders(protocol: string, extensions: string): HarNameValue[] {
  const headers: HarNameValue[] = [];
  if (protocol !== '') headers.push({ name: 'Sec-WebSocket-Protocol', value: protocol });
  if (extensions !== '') headers.push({ name: 'Sec-WebSocket-Extensions', value: extensions });
  return headers;
}
