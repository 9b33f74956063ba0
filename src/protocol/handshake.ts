/**
 * The server side of the opening handshake (§4.2): checks a client's upgrade
 * request and builds the 101 answer, or says plainly why it refuses. The
 * live server and the simulated wire both call it, so both refuse the same
 * requests with the same words.
 */
import { encodeBase64 } from './base64.ts';
import { encodeUtf8 } from './utf8.ts';
import { subtleCrypto } from './web-crypto.ts';

/** §1.3: the GUID every server appends to the key before hashing. */
export const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** The only version RFC 6455 defines (§4.1, §11.6). */
export const WEBSOCKET_VERSION = '13';

/** HTTP headers in wire order. */
export type HeaderList = [name: string, value: string][];

/** Every value of a header, by name in any case, joined as one list (RFC 9110 §5.1, §5.3). */
export function headerValue(headers: readonly (readonly [string, string])[], name: string): string | undefined {
  const wanted = name.toLowerCase();
  const values = headers.filter(([key]) => key.toLowerCase() === wanted).map(([, value]) => value);
  return values.length === 0 ? undefined : values.join(', ');
}

export interface UpgradeRequest {
  readonly method: string;
  /** `1.1` (as Node's `req.httpVersion`) or `HTTP/1.1`. */
  readonly httpVersion: string;
  /** Header names in any case; repeated headers as an array (as Node gives them). */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
}

export interface UpgradeOptions {
  /** Decides on the Origin header (§4.2.2, §10.2); gets undefined when it is missing. */
  readonly isOriginAllowed?: ((origin: string | undefined) => boolean) | undefined;
  /** The subprotocols this server speaks, most preferred first. */
  readonly protocols?: readonly string[] | undefined;
}

export interface UpgradeAccepted {
  readonly ok: true;
  readonly accept: string;
  /** The subprotocol chosen, or null for none (§4.2.2 /subprotocol/). */
  readonly protocol: string | null;
  readonly response: { readonly status: 101; readonly reason: 'Switching Protocols'; readonly headers: HeaderList };
}

export type RefusalStatus = 400 | 403 | 405 | 426;

export interface UpgradeRefused {
  readonly ok: false;
  readonly status: RefusalStatus;
  /** The HTTP reason phrase for `status`, for the status line. */
  readonly statusText: string;
  /** What was wrong, in plain words: shown to the reader. */
  readonly reason: string;
  readonly headers: HeaderList;
}

export type UpgradeResult = UpgradeAccepted | UpgradeRefused;

const STATUS_TEXT: Readonly<Record<RefusalStatus, string>> = {
  400: 'Bad Request',
  403: 'Forbidden',
  405: 'Method Not Allowed',
  426: 'Upgrade Required',
};

/** §4.2.1 item 5: the key is a random 16-byte nonce in base64, so 22 characters and `==` (ws's check). */
const KEY_PATTERN = /^[+/0-9A-Za-z]{22}==$/;

/** An HTTP token (RFC 9110 §5.6.2), the form of a subprotocol name (§4.1). */
const TOKEN_PATTERN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * §4.2.2 item 5.4: base64 of the SHA-1 of the key followed by the GUID.
 * Uses Web Crypto, which browsers and Node 20 both provide.
 */
export async function computeAccept(key: string): Promise<string> {
  const digest = await subtleCrypto().digest('SHA-1', encodeUtf8(key + WEBSOCKET_GUID));
  return encodeBase64(new Uint8Array(digest));
}

/**
 * Checks a client's opening handshake (§4.2.1) and answers it (§4.2.2).
 * Checks run in the order of §4.2.1 (method, HTTP version, Host, Upgrade,
 * Connection, key, version), then the Origin, then the subprotocol list; the
 * first failure is the answer. A subprotocol is chosen in the server's order
 * of preference: the first of `protocols` the client offered. (ws's default
 * picks the client's first offer instead; both are allowed by §4.2.2.)
 * Extensions are not negotiated here: permessage-deflate is answered by
 * `answerDeflateOffer` (permessage-deflate.ts) for the endpoints that want it.
 */
export async function checkUpgradeRequest(
  request: UpgradeRequest,
  options: UpgradeOptions = {},
): Promise<UpgradeResult> {
  const headers = normalizeHeaders(request.headers);

  if (request.method !== 'GET') {
    return refuse(405, `A WebSocket handshake is a GET request; this one is ${request.method}.`, [['Allow', 'GET']]);
  }
  const httpVersion = request.httpVersion.trim().replace(/^HTTP\//i, '');
  const [major = 0, minor = 0] = /^\d+\.\d+$/.test(httpVersion) ? httpVersion.split('.').map(Number) : [];
  if (major < 1 || (major === 1 && minor < 1)) {
    return refuse(400, `A WebSocket handshake needs HTTP/1.1 or later; this request is HTTP/${httpVersion}.`);
  }
  if (!headers.get('host')) {
    return refuse(400, 'The Host header is missing; the handshake must name the server it is for (§4.2.1).');
  }

  const upgrade = headers.get('upgrade');
  if (upgrade === undefined) {
    return refuse(400, 'The Upgrade header is missing; a handshake asks for "Upgrade: websocket".');
  }
  if (!hasToken(upgrade, 'websocket')) {
    return refuse(400, `The Upgrade header is "${upgrade}"; a WebSocket handshake asks for "websocket".`);
  }
  const connection = headers.get('connection');
  if (connection === undefined) {
    return refuse(400, 'The Connection header is missing; a handshake sends "Connection: Upgrade".');
  }
  if (!hasToken(connection, 'upgrade')) {
    return refuse(400, `The Connection header is "${connection}"; it must include the "Upgrade" token.`);
  }

  const key = headers.get('sec-websocket-key');
  if (key === undefined) {
    return refuse(
      400,
      'The Sec-WebSocket-Key header is missing; the client must send a random 16-byte nonce in base64.',
    );
  }
  if (!KEY_PATTERN.test(key)) {
    return refuse(400, `Sec-WebSocket-Key "${key}" is not the base64 of 16 bytes (24 characters ending in "==").`);
  }

  const clientVersion = headers.get('sec-websocket-version');
  if (clientVersion === undefined) {
    return refuse(400, `The Sec-WebSocket-Version header is missing; this server speaks ${WEBSOCKET_VERSION}.`, [
      ['Sec-WebSocket-Version', WEBSOCKET_VERSION],
    ]);
  }
  if (clientVersion !== WEBSOCKET_VERSION) {
    // §4.4: name the versions this server speaks; RFC 9110 §15.5.22 asks a 426 to carry Upgrade.
    return refuse(
      426,
      `Sec-WebSocket-Version ${clientVersion} is not supported; this server speaks ${WEBSOCKET_VERSION}.`,
      [
        ['Sec-WebSocket-Version', WEBSOCKET_VERSION],
        ['Upgrade', 'websocket'],
      ],
    );
  }

  const origin = headers.get('origin');
  if (options.isOriginAllowed && !options.isOriginAllowed(origin)) {
    return refuse(
      403,
      origin === undefined
        ? 'The request has no Origin header, and this server only accepts browsers from allowed origins.'
        : `Origin ${origin} is not allowed to open a WebSocket on this server.`,
    );
  }

  const offered = headers.get('sec-websocket-protocol');
  const offers = offered === undefined ? [] : parseProtocols(offered);
  if (offers === null) {
    return refuse(
      400,
      `Sec-WebSocket-Protocol "${offered}" is not a list of distinct names such as "chat, superchat" (§4.1).`,
    );
  }
  const protocol = options.protocols?.find((name) => offers.includes(name)) ?? null;

  const accept = await computeAccept(key);
  const responseHeaders: HeaderList = [
    ['Upgrade', 'websocket'],
    ['Connection', 'Upgrade'],
    ['Sec-WebSocket-Accept', accept],
  ];
  if (protocol !== null) responseHeaders.push(['Sec-WebSocket-Protocol', protocol]);
  return {
    ok: true,
    accept,
    protocol,
    response: { status: 101, reason: 'Switching Protocols', headers: responseHeaders },
  };
}

function refuse(status: RefusalStatus, reason: string, headers: HeaderList = []): UpgradeRefused {
  return { ok: false, status, statusText: STATUS_TEXT[status], reason, headers };
}

/** Lower-cases names (HTTP names are case-insensitive) and joins repeats with ", " (RFC 9110 §5.3). */
function normalizeHeaders(raw: UpgradeRequest['headers']): Map<string, string> {
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const text = (typeof value === 'string' ? value : value.join(', ')).trim();
    const key = name.toLowerCase();
    const seen = headers.get(key);
    headers.set(key, seen === undefined ? text : `${seen}, ${text}`);
  }
  return headers;
}

/** Whether a comma-separated header lists `token`, ignoring case (Connection: keep-alive, Upgrade). */
function hasToken(value: string, token: string): boolean {
  return value.split(',').some((item) => item.trim().toLowerCase() === token);
}

/** §4.1: non-empty, unique tokens separated by commas; null if the list is malformed. */
function parseProtocols(value: string): string[] | null {
  const names = value.split(',').map((item) => item.trim());
  if (!names.every((name) => TOKEN_PATTERN.test(name))) return null;
  return new Set(names).size === names.length ? names : null;
}
