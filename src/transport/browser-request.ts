import {
  CHROMIUM_DEFLATE_OFFER,
  encodeBase64,
  redactHeaders,
  type HandshakeRequestEvent,
  type HeaderList,
} from '../protocol/index.ts';

/**
 * The upgrade request as Chromium writes it: the simulated wire sends it, and
 * demos that show a request a page cannot send build on it. The parity tests
 * check names, order and values against the Chromium they run.
 */

/** A fresh key, as a browser makes one for every connection: 16 random bytes in base64 (§4.1). */
export function newKey(): string {
  return encodeBase64(crypto.getRandomValues(new Uint8Array(16)));
}

/**
 * Accept-Language as Chromium builds it from the reader's languages: each
 * regional tag followed by its base language, with q falling by 0.1.
 */
export function acceptLanguage(languages: readonly string[]): string {
  const expanded: string[] = [];
  for (const tag of languages.length > 0 ? languages : ['en-US']) {
    if (!expanded.includes(tag)) expanded.push(tag);
    const base = tag.split('-')[0]!;
    if (base !== tag && !languages.includes(base) && !expanded.includes(base)) expanded.push(base);
  }
  return expanded
    .map((tag, index) => (index === 0 ? tag : `${tag};q=${Math.max(0.1, 1 - index / 10).toFixed(1)}`))
    .join(',');
}

export interface BrowserRequestOptions {
  /** The server's host and port, as in the URL. */
  readonly host: string;
  readonly key: string;
  /** The page's origin; another origin only in a demo of what a browser on another site sends. */
  readonly origin?: string;
  readonly protocols?: readonly string[];
  /** A Cookie header a browser would attach for the server's host, for demos of what cookies travel. */
  readonly cookie?: string;
}

export function browserRequestHeaders(options: BrowserRequestOptions): HeaderList {
  const headers: HeaderList = [
    ['Host', options.host],
    ['Connection', 'Upgrade'],
    ['Pragma', 'no-cache'],
    ['Cache-Control', 'no-cache'],
    ['User-Agent', navigator.userAgent],
    ['Upgrade', 'websocket'],
    ['Origin', options.origin ?? window.location.origin],
    ['Sec-WebSocket-Version', '13'],
    ['Accept-Encoding', 'gzip, deflate, br, zstd'],
    ['Accept-Language', acceptLanguage(navigator.languages)],
  ];
  if (options.cookie !== undefined) headers.push(['Cookie', options.cookie]);
  headers.push(['Sec-WebSocket-Key', options.key], ['Sec-WebSocket-Extensions', CHROMIUM_DEFLATE_OFFER]);
  const protocols = options.protocols ?? [];
  if (protocols.length > 0) headers.push(['Sec-WebSocket-Protocol', protocols.join(', ')]);
  return headers;
}

/** The upgrade request as the server reports it: Cookie and Authorization values redacted. */
export function handshakeRequestEvent(target: string, headers: HeaderList, at: number): HandshakeRequestEvent {
  return {
    type: 'handshake-request',
    at,
    method: 'GET',
    path: target,
    httpVersion: 'HTTP/1.1',
    headers: redactHeaders(headers),
  };
}
