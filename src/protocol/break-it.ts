/**
 * "Break it": an opening handshake spoiled on purpose, really sent, and what
 * a browser makes of the answer. The live server answers `POST /break-it`
 * with the request it wrote to its own port and the bytes its own upgrade
 * code sent back; the simulated server builds the same exchange in the page.
 * One request builder, one parser and one client check (§4.1) on both wires.
 */
import { encodeBase64 } from './base64.ts';
import { WEBSOCKET_GUID, type HeaderList } from './handshake.ts';
import { encodeUtf8 } from './utf8.ts';
import { subtleCrypto } from './web-crypto.ts';
import { parseJsonObject } from './json-object.ts';

export const BREAK_IT_PATH = '/break-it';
/** The endpoint every broken handshake asks for. */
export const BREAK_IT_TARGET = '/echo';
/** The largest body `POST /break-it` reads: a short JSON list of switches. */
export const BREAK_IT_MAX_BODY = 1024;
/** The most bytes of the server's answer the lab keeps: a refusal's head and body fit many times over. */
export const BREAK_IT_MAX_RESPONSE = 8 * 1024;

export const Breakage = {
  /** The server builds its Accept with a wrong GUID. */
  wrongGuid: 'wrong-guid',
  /** The request has no Upgrade header. */
  noUpgrade: 'no-upgrade',
  /** The request asks for Sec-WebSocket-Version 8, an old draft's. */
  version8: 'version-8',
} as const;
export type Breakage = (typeof Breakage)[keyof typeof Breakage];

const BREAKAGES: readonly string[] = Object.values(Breakage);

/** The GUID of §1.3 in lower case: the same letters, other bytes, so another Accept. */
export const WRONG_GUID = WEBSOCKET_GUID.toLowerCase();

/** base64(SHA-1(key + guid)): §4.2.2's Accept when `guid` is the GUID of §1.3. */
export async function acceptWithGuid(key: string, guid: string): Promise<string> {
  return encodeBase64(new Uint8Array(await subtleCrypto().digest('SHA-1', encodeUtf8(key + guid))));
}

/** Reads the switches of a `POST /break-it` body, `{"breakages": [...]}`; a string says what is wrong. */
export function parseBreakages(body: string): Set<Breakage> | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return 'The body is not JSON; send {"breakages": [...]}.';
  }
  const list = typeof parsed === 'object' && parsed !== null && 'breakages' in parsed ? parsed.breakages : undefined;
  if (!Array.isArray(list)) return 'The body needs "breakages", a list such as ["no-upgrade"].';
  const unknown = list.find((item) => typeof item !== 'string' || !BREAKAGES.includes(item));
  if (unknown !== undefined) return `"${String(unknown)}" is not a breakage; the lab knows ${BREAKAGES.join(', ')}.`;
  return new Set(list as Breakage[]);
}

export interface BrokenRequestOptions {
  /** The Host header: the server's host and port as the page names them. */
  readonly host: string;
  /** The page's origin; no Origin header when undefined. */
  readonly origin: string | undefined;
  readonly userAgent: string | undefined;
  readonly key: string;
}

/**
 * The upgrade request a browser writes for `new WebSocket(url)`, cut to the
 * headers that matter here and in Chromium's order, with the breakages
 * applied. Wrong-GUID changes nothing here: it is the server's fault.
 */
export function brokenRequestHeaders(options: BrokenRequestOptions, breakages: ReadonlySet<Breakage>): HeaderList {
  const headers: HeaderList = [
    ['Host', options.host],
    ['Connection', 'Upgrade'],
  ];
  if (options.userAgent !== undefined) headers.push(['User-Agent', options.userAgent]);
  if (!breakages.has(Breakage.noUpgrade)) headers.push(['Upgrade', 'websocket']);
  if (options.origin !== undefined) headers.push(['Origin', options.origin]);
  headers.push(
    ['Sec-WebSocket-Version', breakages.has(Breakage.version8) ? '8' : '13'],
    ['Sec-WebSocket-Key', options.key],
  );
  return headers;
}

/** The request as the wire carries it. */
export function requestText(target: string, headers: HeaderList): string {
  return `GET ${target} HTTP/1.1\r\n${headers.map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n`;
}

/** A response as the wire carries it: what the live server's upgrade code and ws write. */
export function responseText(status: number, reason: string, headers: HeaderList, body = ''): string {
  return `HTTP/1.1 ${status} ${reason}\r\n${headers.map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n${body}`;
}

/** One exchange: the request written and the answer read, as text. */
export interface BreakItAnswer {
  /** Who answered: the live server's upgrade code, or the simulated one. */
  readonly server: string;
  readonly request: string;
  /** Everything the server sent back: the head, and a refusal's body. */
  readonly response: string;
}

export function serializeBreakItAnswer(answer: BreakItAnswer): string {
  return JSON.stringify(answer);
}

/** Reads the server's JSON back; anything malformed throws an Error that says what is wrong. */
export function parseBreakItAnswer(text: string): BreakItAnswer {
  const { server, request, response } = parseJsonObject(text, 'the answer');
  for (const [name, value] of Object.entries({ server, request, response })) {
    if (typeof value !== 'string') throw new Error(`the "${name}" field is not a string`);
  }
  return { server: server as string, request: request as string, response: response as string };
}

/** An HTTP message's head split up: the start line and the headers in wire order, then the body. */
export interface HttpMessage {
  readonly startLine: string;
  readonly headers: HeaderList;
  readonly body: string;
}

/** Splits a request or response as it came off the wire; a head cut short keeps what did arrive. */
export function parseHttpMessage(text: string): HttpMessage {
  const end = text.indexOf('\r\n\r\n');
  const head = end === -1 ? text : text.slice(0, end);
  const [startLine = '', ...lines] = head.split('\r\n');
  const headers: HeaderList = lines
    .filter((line) => line.includes(':'))
    .map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
    });
  return { startLine, headers, body: end === -1 ? '' : text.slice(end + 4) };
}

/** The status code of a response's start line (`HTTP/1.1 101 Switching Protocols`); 0 when there is none. */
export function statusOf(startLine: string): number {
  const match = /^HTTP\/\d\.\d (\d{3})(?: |$)/.exec(startLine);
  return match ? Number(match[1]) : 0;
}

/** What a browser does with the answer: opens, or fails with Chromium's words for why. */
export type ClientVerdict =
  | { readonly opens: true }
  | {
      readonly opens: false;
      /** What Chromium's console puts after "Error during WebSocket handshake: ". */
      readonly failure: string;
    };

function valuesOf(headers: HeaderList, name: string): string[] {
  return headers.filter(([header]) => header.toLowerCase() === name.toLowerCase()).map(([, value]) => value);
}

/** One header that must appear exactly once; Chromium's complaint otherwise. */
function single(headers: HeaderList, name: string): { value: string } | { failure: string } {
  const values = valuesOf(headers, name);
  if (values.length === 0) return { failure: `'${name}' header is missing` };
  if (values.length > 1) return { failure: `'${name}' header must not appear more than once in a response` };
  return { value: values[0]! };
}

/**
 * The client's checks of §4.1 on the server's answer, in the order Chromium
 * makes them (net/websockets/websocket_basic_handshake_stream.cc): a 101
 * (any other status fails the connection by the WHATWG WebSockets Standard,
 * §2.2 "establish a WebSocket connection"; §4.1 leaves it to HTTP), then
 * Upgrade, the Accept of `key`, Connection, and no subprotocol, as this
 * request offers none. Extensions are left out: the request offers none and
 * neither server ever names one.
 */
export async function checkServerAnswer(key: string, response: HttpMessage): Promise<ClientVerdict> {
  const status = statusOf(response.startLine);
  if (status !== 101)
    return { opens: false, failure: status === 0 ? 'Invalid status line' : `Unexpected response code: ${status}` };
  const { headers } = response;
  const upgrade = single(headers, 'Upgrade');
  if ('failure' in upgrade) return { opens: false, ...upgrade };
  if (upgrade.value.toLowerCase() !== 'websocket') {
    return { opens: false, failure: `'Upgrade' header value is not 'WebSocket': ${upgrade.value}` };
  }
  const accept = single(headers, 'Sec-WebSocket-Accept');
  if ('failure' in accept) return { opens: false, ...accept };
  if (accept.value !== (await acceptWithGuid(key, WEBSOCKET_GUID))) {
    return { opens: false, failure: "Incorrect 'Sec-WebSocket-Accept' header value" };
  }
  const connection = valuesOf(headers, 'Connection');
  if (connection.length === 0) return { opens: false, failure: "'Connection' header is missing" };
  const tokens = connection.flatMap((value) => value.split(',')).map((token) => token.trim().toLowerCase());
  if (!tokens.includes('upgrade')) return { opens: false, failure: "'Connection' header value must contain 'Upgrade'" };
  const protocol = valuesOf(headers, 'Sec-WebSocket-Protocol');
  if (protocol.length > 0) {
    return {
      opens: false,
      failure: `Response must not include 'Sec-WebSocket-Protocol' header if not present in request: ${protocol.at(-1)}`,
    };
  }
  return { opens: true };
}
