/**
 * permessage-deflate (RFC 7692 §7): the offer and the answer, both sides'
 * checks of them, and the 4-octet tail a sender removes and a receiver puts
 * back. The server side answers exactly as ws 8 does (lib/permessage-deflate.js
 * `acceptAsServer`), so the simulated server and the live one agree; the
 * client side checks the answer as Chromium does.
 */
import { formatExtensions, parseExtensions, type ExtensionItem } from './extensions.ts';

export const PERMESSAGE_DEFLATE = 'permessage-deflate';

/** Chromium's offer, on every handshake it makes. */
export const CHROMIUM_DEFLATE_OFFER = 'permessage-deflate; client_max_window_bits';

/** §7.2.1: the end of every compressed message's DEFLATE data, removed before sending. */
export const DEFLATE_TAIL = Uint8Array.of(0x00, 0x00, 0xff, 0xff);

/** What both ends agreed (RFC 7692 §7.1); window bits 8..15, 15 when not named. */
export interface DeflateParams {
  /** §7.1.1.1: the server compresses every message with an empty window. */
  readonly serverNoContextTakeover: boolean;
  /** §7.1.1.2: the client compresses every message with an empty window. */
  readonly clientNoContextTakeover: boolean;
  /** §7.1.2.1: the server's LZ77 window is at most 2^serverMaxWindowBits bytes. */
  readonly serverMaxWindowBits: number;
  /** §7.1.2.2: the client's LZ77 window is at most 2^clientMaxWindowBits bytes. */
  readonly clientMaxWindowBits: number;
}

/** The names and meaning of ws's `perMessageDeflate` option, so server/ hands it to ws as is. */
export interface DeflateServerOptions {
  /** true: answer server_no_context_takeover. false: also refuse offers that ask for it. */
  readonly serverNoContextTakeover?: boolean | undefined;
  readonly clientNoContextTakeover?: boolean | undefined;
  /** Answer server_max_window_bits with this (8..15); refuse offers that ask for less. */
  readonly serverMaxWindowBits?: number | undefined;
  /** Answer client_max_window_bits with this (8..15); refuse offers without client_max_window_bits or with less. */
  readonly clientMaxWindowBits?: number | undefined;
  /** The server sends messages smaller than this many bytes uncompressed (ws's rule; ws's default 1024). */
  readonly threshold?: number | undefined;
}

const SERVER_NO_CONTEXT_TAKEOVER = 'server_no_context_takeover';
const CLIENT_NO_CONTEXT_TAKEOVER = 'client_no_context_takeover';
const SERVER_MAX_WINDOW_BITS = 'server_max_window_bits';
const CLIENT_MAX_WINDOW_BITS = 'client_max_window_bits';

/** One offer's parameters after ws's `normalizeParams`: window bits as numbers, in header order. */
type Normalized = Map<string, true | number>;

/**
 * The server's answer to a client's offer, exactly as ws 8 writes it with
 * the same options: the first acceptable permessage-deflate offer, its own
 * parameters kept, the server's added after them. null: no header in the
 * 101 — either nothing acceptable was offered, or ws would refuse the
 * handshake with 400 (a malformed header, a parameter repeated, unknown or
 * out of range, or no offer it can accept).
 */
export function answerDeflateOffer(
  offerHeader: string | undefined,
  options: DeflateServerOptions,
): { header: string; params: DeflateParams } | null {
  for (const bits of [options.serverMaxWindowBits, options.clientMaxWindowBits]) {
    if (bits !== undefined && !isWindowBits(bits)) {
      throw new RangeError(`Window bits are 8 to 15 (RFC 7692 §7.1.2), not ${bits}.`);
    }
  }
  if (offerHeader === undefined) return null;
  const items = parseExtensions(offerHeader);
  // ws's parser is stricter than §9.1's implied whitespace: none around "=", none before or after the value.
  if (typeof items === 'string' || /^[ \t]|[ \t]$|[ \t]=|=[ \t]/.test(offerHeader)) return null;
  const offers: Normalized[] = [];
  for (const item of items) {
    if (item.name !== PERMESSAGE_DEFLATE) continue;
    const normalized = normalizeOffer(item);
    if (normalized === null) return null;
    offers.push(normalized);
  }
  if (offers.length === 0) return null;

  const accepted = offers.find((offer) => acceptable(offer, options));
  if (!accepted) return null;
  if (options.serverNoContextTakeover) accepted.set(SERVER_NO_CONTEXT_TAKEOVER, true);
  if (options.clientNoContextTakeover) accepted.set(CLIENT_NO_CONTEXT_TAKEOVER, true);
  if (options.serverMaxWindowBits !== undefined) accepted.set(SERVER_MAX_WINDOW_BITS, options.serverMaxWindowBits);
  if (options.clientMaxWindowBits !== undefined) accepted.set(CLIENT_MAX_WINDOW_BITS, options.clientMaxWindowBits);
  else if (accepted.get(CLIENT_MAX_WINDOW_BITS) === true) accepted.delete(CLIENT_MAX_WINDOW_BITS);

  const answer: ExtensionItem = {
    name: PERMESSAGE_DEFLATE,
    params: [...accepted].map(([key, value]) => [key, value === true ? true : String(value)]),
  };
  return { header: formatExtensions([answer]), params: paramsOf(accepted) };
}

/** ws's `normalizeParams` for one offer; null where ws throws (and answers 400). */
function normalizeOffer(item: ExtensionItem): Normalized | null {
  const normalized: Normalized = new Map();
  for (const [key, value] of item.params) {
    if (normalized.has(key)) return null;
    if (key === CLIENT_MAX_WINDOW_BITS) {
      // An offer may name it without a value: "I can limit my window if you ask" (§7.1.2.2).
      if (value === true) normalized.set(key, true);
      else if (isWindowBits(Number(value))) normalized.set(key, Number(value));
      else return null;
    } else if (key === SERVER_MAX_WINDOW_BITS) {
      if (value === true || !isWindowBits(Number(value))) return null;
      normalized.set(key, Number(value));
    } else if (key === SERVER_NO_CONTEXT_TAKEOVER || key === CLIENT_NO_CONTEXT_TAKEOVER) {
      if (value !== true) return null;
      normalized.set(key, true);
    } else {
      return null;
    }
  }
  return normalized;
}

/** ws's `acceptAsServer` test of one offer against the server's options. */
function acceptable(offer: Normalized, options: DeflateServerOptions): boolean {
  if (options.serverNoContextTakeover === false && offer.has(SERVER_NO_CONTEXT_TAKEOVER)) return false;
  const serverBits = offer.get(SERVER_MAX_WINDOW_BITS);
  if (typeof serverBits === 'number' && options.serverMaxWindowBits !== undefined) {
    if (options.serverMaxWindowBits > serverBits) return false;
  }
  if (options.clientMaxWindowBits !== undefined) {
    const clientBits = offer.get(CLIENT_MAX_WINDOW_BITS);
    if (clientBits === undefined) return false;
    if (typeof clientBits === 'number' && options.clientMaxWindowBits > clientBits) return false;
  }
  return true;
}

function paramsOf(agreed: ReadonlyMap<string, true | number>): DeflateParams {
  const bits = (key: string): number => {
    const value = agreed.get(key);
    return typeof value === 'number' ? value : 15;
  };
  return {
    serverNoContextTakeover: agreed.has(SERVER_NO_CONTEXT_TAKEOVER),
    clientNoContextTakeover: agreed.has(CLIENT_NO_CONTEXT_TAKEOVER),
    serverMaxWindowBits: bits(SERVER_MAX_WINDOW_BITS),
    clientMaxWindowBits: bits(CLIENT_MAX_WINDOW_BITS),
  };
}

function isWindowBits(value: number): boolean {
  return Number.isInteger(value) && value >= 8 && value <= 15;
}

/**
 * The client's check of the 101's Sec-WebSocket-Extensions against its
 * offer, as Chromium makes it. `params` is null when the server agreed to no
 * compression (no header). A failure means the client must fail the
 * connection; `reason` says why, citing the rule.
 */
export function checkDeflateAnswer(
  offerHeader: string,
  answerHeader: string | undefined,
): { ok: true; params: DeflateParams | null } | { ok: false; reason: string } {
  if (answerHeader === undefined) return { ok: true, params: null };
  const offer = parseExtensions(offerHeader);
  if (typeof offer === 'string') return { ok: false, reason: `The client's own offer is malformed. ${offer}` };
  const answer = parseExtensions(answerHeader);
  if (typeof answer === 'string') {
    return { ok: false, reason: `The server's Sec-WebSocket-Extensions header is malformed. ${answer}` };
  }
  const offered = offer.filter((item) => item.name === PERMESSAGE_DEFLATE);
  let params: DeflateParams | null = null;
  for (const item of answer) {
    if (!offer.some((mine) => mine.name === item.name)) {
      return {
        ok: false,
        reason:
          `The server answered with the extension "${item.name}", which the client did not offer; ` +
          'a client must fail the connection when that happens (RFC 6455 §4.1, §9.1).',
      };
    }
    if (item.name !== PERMESSAGE_DEFLATE) continue;
    if (params !== null) {
      return {
        ok: false,
        reason:
          'The server accepted permessage-deflate twice; it may accept one offer of it, once (RFC 7692 §5, §7.1).',
      };
    }
    const read = readAnswer(item);
    if (typeof read === 'string') return { ok: false, reason: read };
    const mismatch = offered.map((mine) => incompatibility(mine, read.agreed));
    if (!mismatch.includes(null)) return { ok: false, reason: mismatch[0]! };
    params = read.params;
  }
  return { ok: true, params };
}

/** A response's parameters, checked as RFC 7692 §7.1 and Chromium do. */
function readAnswer(
  item: ExtensionItem,
): { params: DeflateParams; agreed: ReadonlyMap<string, true | number> } | string {
  const agreed = new Map<string, true | number>();
  for (const [key, value] of item.params) {
    if (agreed.has(key)) {
      return `The server's permessage-deflate answer names ${key} twice; each parameter may appear once (RFC 7692 §7.1).`;
    }
    if (key === SERVER_NO_CONTEXT_TAKEOVER || key === CLIENT_NO_CONTEXT_TAKEOVER) {
      if (value !== true) return `The server's ${key} has a value ("${value}"); it takes none (RFC 7692 §7.1.1).`;
      agreed.set(key, true);
    } else if (key === SERVER_MAX_WINDOW_BITS || key === CLIENT_MAX_WINDOW_BITS) {
      // §7.1.2: a decimal integer without leading zeros, 8 to 15; an answer must give the value.
      if (value === true || !/^(?:8|9|1[0-5])$/.test(value)) {
        const section = key === SERVER_MAX_WINDOW_BITS ? '§7.1.2.1' : '§7.1.2.2';
        const what = value === true ? 'has no value' : `is "${value}"`;
        return `The server's ${key} ${what}; an answer must give a whole number from 8 to 15 (RFC 7692 ${section}).`;
      }
      agreed.set(key, Number(value));
    } else {
      return `The server's permessage-deflate answer has the parameter "${key}", which RFC 7692 §7.1 does not define.`;
    }
  }
  return { params: paramsOf(agreed), agreed };
}

/** Why an answer cannot accept this one offer (RFC 7692 §7.1), or null when it can. */
function incompatibility(offer: ExtensionItem, agreed: ReadonlyMap<string, true | number>): string | null {
  const asked = new Map(offer.params);
  if (agreed.has(CLIENT_MAX_WINDOW_BITS) && !asked.has(CLIENT_MAX_WINDOW_BITS)) {
    return (
      'The server answered client_max_window_bits, but the client did not offer it, so it may not be able to ' +
      'limit its window; the client must fail the connection (RFC 7692 §7.1.2.2).'
    );
  }
  if (asked.has(SERVER_NO_CONTEXT_TAKEOVER) && !agreed.has(SERVER_NO_CONTEXT_TAKEOVER)) {
    return (
      'The client asked for server_no_context_takeover and the server accepted without it; accepting the ' +
      'offer means accepting that parameter (RFC 7692 §7.1.1.1).'
    );
  }
  const askedBits = asked.get(SERVER_MAX_WINDOW_BITS);
  if (askedBits !== undefined) {
    const answered = agreed.get(SERVER_MAX_WINDOW_BITS);
    if (typeof answered !== 'number' || answered > Number(askedBits)) {
      return (
        `The client asked the server to keep its window to server_max_window_bits=${String(askedBits)}; the server ` +
        'must answer with that value or a smaller one (RFC 7692 §7.1.2.1).'
      );
    }
  }
  return null;
}

/**
 * §7.2.1: a sender compresses with a sync flush and removes the 4 octets it
 * ends with, 00 00 ff ff. Returns a view without them; throws when they are
 * not there (the data was not flushed that way).
 */
export function stripTail(compressed: Uint8Array): Uint8Array {
  const end = compressed.length - DEFLATE_TAIL.length;
  if (end < 0 || DEFLATE_TAIL.some((byte, i) => compressed[end + i] !== byte)) {
    throw new RangeError('Compressed data must end with 00 00 ff ff, which RFC 7692 §7.2.1 removes.');
  }
  return compressed.subarray(0, end);
}

/** §7.2.2: a receiver appends 00 00 ff ff to a compressed message's payload before inflating it. */
export function appendTail(payload: Uint8Array): Uint8Array {
  const data = new Uint8Array(payload.length + DEFLATE_TAIL.length);
  data.set(payload);
  data.set(DEFLATE_TAIL, payload.length);
  return data;
}
