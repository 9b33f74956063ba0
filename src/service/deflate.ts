import type { DeflateServerOptions } from '../protocol/index.ts';
import { echoSession } from './echo.ts';
import type { Endpoint, ExtensionChoice } from './endpoint.ts';
import { refuse } from './endpoint.ts';
import { readInteger, readOptional, shown, type IntegerRule, type Query, type Read } from './query.ts';

/** RFC 7692 §7.1.2: a window is 2^8 to 2^15 bytes. */
const WINDOW_BITS: IntegerRule = { min: 8, max: 15, of: 'window bits' };
/** Up to the live server's largest message by default: a larger threshold would compress nothing. */
const THRESHOLD: IntegerRule = { min: 0, max: 65_536, of: 'bytes', fallback: 0 };

/** What the server answers whatever was offered with `unoffered=1`: Chromium's old, never-offered extension. */
export const UNOFFERED_EXTENSION = 'x-webkit-deflate-frame';

/** The server's note beside a 101 that answers `extensions`, never offered: the same words on both wires. */
export function unofferedNote(extensions: string): string {
  return (
    `The server answered Sec-WebSocket-Extensions: ${extensions}, which the client never offered: ` +
    'the client must fail the connection (RFC 6455 §4.1, §9.1).'
  );
}

const FLAGS = ['server_no_context_takeover', 'client_no_context_takeover'] as const;
const WINDOWS = ['server_max_window_bits', 'client_max_window_bits'] as const;
const DEFLATE_PARAMETERS = [...FLAGS, ...WINDOWS, 'threshold'] as const;

function readFlag(query: Query, name: string, meaning: string): Read<boolean> {
  const raw = readOptional(query, name);
  if (raw === undefined || raw === '0') return { ok: true, value: false };
  if (raw === '1') return { ok: true, value: true };
  return { ok: false, reason: `${name} must be 1 (${meaning}) or 0; got ${shown(raw)}` };
}

function readWindowBits(query: Query, name: string): Read<number | undefined> {
  if (readOptional(query, name) === undefined) return { ok: true, value: undefined };
  return readInteger(query, name, WINDOW_BITS);
}

/** The options as ws's `perMessageDeflate` takes them, so the live server hands them over unchanged. */
function readDeflateOptions(query: Query): Read<DeflateServerOptions> {
  const serverNoContextTakeover = readFlag(
    query,
    'server_no_context_takeover',
    'the server forgets its window after each message',
  );
  if (!serverNoContextTakeover.ok) return serverNoContextTakeover;
  const clientNoContextTakeover = readFlag(
    query,
    'client_no_context_takeover',
    'the browser must forget its window after each message',
  );
  if (!clientNoContextTakeover.ok) return clientNoContextTakeover;
  const serverMaxWindowBits = readWindowBits(query, 'server_max_window_bits');
  if (!serverMaxWindowBits.ok) return serverMaxWindowBits;
  const clientMaxWindowBits = readWindowBits(query, 'client_max_window_bits');
  if (!clientMaxWindowBits.ok) return clientMaxWindowBits;
  const threshold = readInteger(query, 'threshold', THRESHOLD);
  if (!threshold.ok) return threshold;
  return {
    ok: true,
    value: {
      ...(serverNoContextTakeover.value && { serverNoContextTakeover: true }),
      ...(clientNoContextTakeover.value && { clientNoContextTakeover: true }),
      ...(serverMaxWindowBits.value !== undefined && { serverMaxWindowBits: serverMaxWindowBits.value }),
      ...(clientMaxWindowBits.value !== undefined && { clientMaxWindowBits: clientMaxWindowBits.value }),
      threshold: threshold.value,
    },
  };
}

/** The extension answer the query asks for: permessage-deflate, none, or one never offered. */
function readChoice(query: Query): Read<ExtensionChoice | undefined> {
  const decline = readFlag(query, 'decline', 'answer no extension');
  if (!decline.ok) return decline;
  const unoffered = readFlag(query, 'unoffered', `answer ${UNOFFERED_EXTENSION}, which the browser never offered`);
  if (!unoffered.ok) return unoffered;
  if (decline.value && unoffered.value) {
    return { ok: false, reason: 'decline=1 and unoffered=1 ask for two different answers; choose one' };
  }
  if (decline.value || unoffered.value) {
    const chosen = decline.value ? 'decline=1 answers no extension' : `unoffered=1 answers ${UNOFFERED_EXTENSION}`;
    const extra = DEFLATE_PARAMETERS.find((name) => readOptional(query, name) !== undefined);
    if (extra !== undefined) {
      return { ok: false, reason: `${chosen}, so ${extra} has no meaning; leave it out` };
    }
    return { ok: true, value: decline.value ? undefined : { unoffered: UNOFFERED_EXTENSION } };
  }
  const options = readDeflateOptions(query);
  return options.ok ? { ok: true, value: { deflate: options.value } } : options;
}

/**
 * `/deflate?server_no_context_takeover=1&client_no_context_takeover=1&server_max_window_bits=B&client_max_window_bits=B&threshold=N`:
 * echo over permessage-deflate (RFC 7692), the server answering the browser's
 * offer with these parameters (§7.1). `threshold`: with server_no_context_takeover,
 * the server sends messages under that many bytes uncompressed (ws's rule).
 * `decline=1` answers no extension; `unoffered=1` answers one the browser never
 * offered, which fails the connection (RFC 6455 §9.1). Only this path compresses:
 * a zlib context per connection costs memory, the lesson's point.
 */
export const deflateEndpoint: Endpoint = {
  path: '/deflate',
  summary:
    'echoes over permessage-deflate, negotiated with the parameters asked for (or declined, or answered wrongly)',
  admit(target) {
    const choice = readChoice(target.query);
    if (!choice.ok) return refuse(choice.reason);
    return { ok: true, ...(choice.value && { extensions: choice.value }), open: echoSession };
  },
};
