import { type HeaderList } from '../../protocol/index.ts';
// Straight from its module, not index.ts: index.ts goes into the chunk every lesson loads, this model only here.
import {
  extendedConnectRequest,
  extendedConnectResponse,
  type ExtendedConnectRequestOptions,
} from '../../protocol/extended-connect.ts';

/**
 * The same WebSocket opened both ways, header by header: RFC 6455's GET and
 * 101 beside RFC 8441's extended CONNECT and 200, each pair with the rule
 * that relates them. The HTTP/2 side is built by the protocol model, so the
 * table shows what the played stream below sends.
 */

/** RFC 8441 §5.1's example, with RFC 6455 §1.2's Origin so both sides carry the same values. */
export const EXAMPLE: ExtendedConnectRequestOptions = {
  secure: true,
  authority: 'server.example.com',
  path: '/chat',
  origin: 'http://example.com',
  protocols: ['chat', 'superchat'],
  extensions: 'permessage-deflate',
};

/** RFC 6455 §1.3's worked example: the key and the Accept that belongs to it. */
const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
const ACCEPT = 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=';
const CHOSEN = 'chat';

export const EXAMPLE_REQUEST: HeaderList = extendedConnectRequest(EXAMPLE);
export const EXAMPLE_RESPONSE: HeaderList = extendedConnectResponse({ protocol: CHOSEN });

/** One line of the comparison: what each opening sends for one purpose, and why they differ. */
export interface OpeningRow {
  /** Stable, for tests and links. */
  readonly id: string;
  /** The HTTP/1.1 lines, as sent; empty when that opening sends nothing for it. */
  readonly http1: readonly string[];
  /** The HTTP/2 fields, written `name = value` as RFC 8441 writes them; empty when not sent. */
  readonly http2: readonly string[];
  /** The rule, with the section it comes from. */
  readonly rule: string;
}

/** The HTTP/2 field `name` of `headers` as RFC 8441 §5.1 writes it; none when absent. */
function fields(headers: HeaderList, ...names: string[]): string[] {
  return names.flatMap((name) =>
    headers.filter(([field]) => field === name).map(([field, value]) => `${field} = ${value}`),
  );
}

const offer = (EXAMPLE.protocols ?? []).join(', ');

export const REQUEST_ROWS: readonly OpeningRow[] = [
  {
    id: 'start',
    http1: [`GET ${EXAMPLE.path} HTTP/1.1`],
    http2: fields(EXAMPLE_REQUEST, ':method', ':path'),
    rule: 'HTTP/2 has no request line: the method and the path travel as pseudo-header fields, and the version is implicitly 2 (RFC 9113 §8.3.1). CONNECT, not GET: the extended CONNECT replaces RFC 6455’s GET (RFC 8441 §5), and unlike a plain CONNECT it carries a :path (§4).',
  },
  {
    id: 'protocol',
    http1: ['Upgrade: websocket'],
    http2: fields(EXAMPLE_REQUEST, ':protocol'),
    rule: ':protocol, the pseudo-header field RFC 8441 adds, names what the stream will carry (§4); for a WebSocket it is websocket (§5). Upgrade is connection-specific, and no HTTP/2 message may carry it (RFC 9113 §8.2.2).',
  },
  {
    id: 'scheme',
    http1: [],
    http2: fields(EXAMPLE_REQUEST, ':scheme'),
    rule: 'https for a wss: URL, http for ws: (RFC 8441 §5). A plain CONNECT leaves :scheme out (RFC 9113 §8.5); an extended one must carry it (RFC 8441 §4). HTTP/1.1 sends no scheme: wss: is the same request inside TLS.',
  },
  {
    id: 'authority',
    http1: [`Host: ${EXAMPLE.authority}`],
    http2: fields(EXAMPLE_REQUEST, ':authority'),
    rule: 'HTTP/2 has no Host header: :authority carries the host and port (RFC 8441 §5, RFC 9113 §8.3.1). On an extended CONNECT it names the server the stream belongs to, not a host to open a tunnel to (RFC 8441 §4).',
  },
  {
    id: 'connection',
    http1: ['Connection: Upgrade'],
    http2: [],
    rule: 'Must not be sent (RFC 8441 §5). A message carrying Connection, Upgrade or another connection-specific field is malformed in HTTP/2 (RFC 9113 §8.2.2). Nothing switches protocols: the connection’s other streams go on carrying ordinary requests.',
  },
  {
    id: 'key',
    http1: [`Sec-WebSocket-Key: ${KEY}`],
    http2: [],
    rule: 'Not sent, and not processed: :protocol supersedes it (RFC 8441 §5). The server shows it understands WebSocket by announcing SETTINGS_ENABLE_CONNECT_PROTOCOL and answering a :protocol it knows, and no page script can send a CONNECT or write a pseudo-header field (RFC 8441 §8).',
  },
  {
    id: 'version',
    http1: ['Sec-WebSocket-Version: 13'],
    http2: fields(EXAMPLE_REQUEST, 'sec-websocket-version'),
    rule: 'Kept, with RFC 6455’s meaning (RFC 8441 §5); its name in lower case, like every HTTP/2 field name (RFC 9113 §8.2).',
  },
  {
    id: 'origin',
    http1: [`Origin: ${EXAMPLE.origin}`],
    http2: fields(EXAMPLE_REQUEST, 'origin'),
    rule: 'Kept (RFC 8441 §5): the server checks it exactly as over HTTP/1.1.',
  },
  {
    id: 'subprotocols',
    http1: [`Sec-WebSocket-Protocol: ${offer}`],
    http2: fields(EXAMPLE_REQUEST, 'sec-websocket-protocol'),
    rule: 'Kept (RFC 8441 §5): the page’s offer, in its order.',
  },
  {
    id: 'extensions',
    http1: [`Sec-WebSocket-Extensions: ${EXAMPLE.extensions ?? ''}`],
    http2: fields(EXAMPLE_REQUEST, 'sec-websocket-extensions'),
    rule: 'Kept (RFC 8441 §5): compression is offered and agreed the same way.',
  },
];

export const RESPONSE_ROWS: readonly OpeningRow[] = [
  {
    id: 'status',
    http1: ['HTTP/1.1 101 Switching Protocols'],
    http2: fields(EXAMPLE_RESPONSE, ':status'),
    rule: 'HTTP/2 has no 101 (RFC 9113 §8.6). A 2xx answer to a CONNECT opens the tunnel (RFC 9113 §8.5), and RFC 8441 answers 200 (§5.1). Only the code travels: HTTP/2 has no reason phrase (RFC 9113 §8.3.2).',
  },
  {
    id: 'upgrade',
    http1: ['Upgrade: websocket'],
    http2: [],
    rule: 'Nothing to switch: from the 200 on, the stream carries WebSocket frames (RFC 8441 §5), and Upgrade may not appear in HTTP/2 (RFC 9113 §8.2.2).',
  },
  {
    id: 'connection',
    http1: ['Connection: Upgrade'],
    http2: [],
    rule: 'Connection-specific, so never in HTTP/2 (RFC 9113 §8.2.2).',
  },
  {
    id: 'accept',
    http1: [`Sec-WebSocket-Accept: ${ACCEPT}`],
    http2: [],
    rule: 'No key, so no Accept (RFC 8441 §5): the browser has nothing to check it against.',
  },
  {
    id: 'subprotocol',
    http1: [`Sec-WebSocket-Protocol: ${CHOSEN}`],
    http2: fields(EXAMPLE_RESPONSE, 'sec-websocket-protocol'),
    rule: 'Kept: the server still picks at most one of the offered names (RFC 8441 §5, RFC 6455 §4.2.2).',
  },
];
