/**
 * Counting the race's bytes. The WebSocket lane is counted from its trace:
 * the upgrade request and response written out as HTTP text, then every
 * frame's exact bytes. A simulated poll is counted from the real header
 * sets: the request a Chromium fetch sends (below) and the response the
 * service builds (src/service/polling.ts), byte for byte as on the wire.
 * The event stream's request is the one Chromium's EventSource sends.
 */
import { Side, type HeaderList } from '../../protocol/index.ts';
import { httpHeadLength, httpHeadText } from '../../service/polling.ts';
import type { PageTraceEvent } from '../../transport/trace-stream.ts';
import { acceptLanguage } from '../../transport/browser-request.ts';

export interface Bytes {
  /** From the page to the server. */
  readonly up: number;
  /** From the server to the page. */
  readonly down: number;
}

/** What one trace event put on the wire; the page's own API events put nothing. */
export function traceBytes(event: PageTraceEvent): Bytes {
  switch (event.type) {
    case 'handshake-request':
      return { up: httpHeadLength(`${event.method} ${event.path} ${event.httpVersion}`, event.headers), down: 0 };
    case 'handshake-response':
      return { up: 0, down: httpHeadLength(`HTTP/1.1 ${event.status} ${event.reason}`, event.headers) };
    case 'frame':
      return event.from === Side.client ? { up: event.bytes.length, down: 0 } : { up: 0, down: event.bytes.length };
    default:
      return { up: 0, down: 0 };
  }
}

/** The part of `navigator.userAgentData` (Chromium's User-Agent Client Hints) the headers use. */
interface UserAgentData {
  readonly brands: readonly { readonly brand: string; readonly version: string }[];
  readonly mobile: boolean;
  readonly platform: string;
}

/** The page's view of where it is and who it is, so a test can pass its own. */
export interface PageContext {
  readonly location: Pick<Location, 'origin' | 'href' | 'protocol'>;
  readonly userAgent: string;
  readonly languages: readonly string[];
  readonly userAgentData: UserAgentData | undefined;
}

export function thisPage(): PageContext {
  return {
    location: window.location,
    userAgent: navigator.userAgent,
    languages: navigator.languages,
    userAgentData: (navigator as Navigator & { userAgentData?: UserAgentData }).userAgentData,
  };
}

/** HTTPS, or a loopback host: where Chromium sends client hints and offers br and zstd. */
function isTrustworthy(url: URL): boolean {
  return (
    url.protocol === 'https:' ||
    url.hostname === 'localhost' ||
    url.hostname.endsWith('.localhost') ||
    url.hostname.startsWith('127.') ||
    url.hostname === '[::1]'
  );
}

/** What an EventSource's request adds to a fetch's: the last event id it had ('' for none). */
interface StreamRequest {
  readonly lastEventId: string;
}

/**
 * The request a Chromium `fetch(url)` sends from this page, or its
 * EventSource when `stream` is given, in Chromium's order (seen from Chromium
 * 150): no Origin on a same-origin GET, Referer by the default
 * strict-origin-when-cross-origin policy. An EventSource asks caches to stay
 * out (Pragma, Cache-Control), accepts text/event-stream (WHATWG HTML
 * §9.2.2) and, on a reconnection, names the last event id it had (§9.2.4).
 * "Same site" is judged by scheme and host name only (no public-suffix list):
 * right for localhost and for a page and server on one host.
 */
function requestHeaders(url: URL, page: PageContext, stream?: StreamRequest): HeaderList {
  const pageUrl = new URL(page.location.href);
  const sameOrigin = url.origin === page.location.origin;
  const site = sameOrigin
    ? 'same-origin'
    : url.protocol === pageUrl.protocol && url.hostname === pageUrl.hostname
      ? 'same-site'
      : 'cross-site';
  const trustworthy = isTrustworthy(url);
  const hints = trustworthy ? page.userAgentData : undefined;
  const headers: HeaderList = [
    ['Host', url.host],
    ['Connection', 'keep-alive'],
  ];
  if (stream) headers.push(['Pragma', 'no-cache'], ['Cache-Control', 'no-cache']);
  if (hints) headers.push(['sec-ch-ua-platform', `"${hints.platform}"`]);
  headers.push(['User-Agent', page.userAgent]);
  if (stream) headers.push(['Accept', 'text/event-stream']);
  if (hints) {
    headers.push(['sec-ch-ua', hints.brands.map(({ brand, version }) => `"${brand}";v="${version}"`).join(', ')]);
    headers.push(['sec-ch-ua-mobile', hints.mobile ? '?1' : '?0']);
  }
  if (!stream) headers.push(['Accept', '*/*']);
  if (!sameOrigin) headers.push(['Origin', page.location.origin]);
  if (stream && stream.lastEventId !== '') headers.push(['Last-Event-ID', stream.lastEventId]);
  headers.push(['Sec-Fetch-Site', site], ['Sec-Fetch-Mode', 'cors'], ['Sec-Fetch-Dest', 'empty']);
  const downgrade = page.location.protocol === 'https:' && url.protocol === 'http:';
  pageUrl.hash = '';
  if (!downgrade) headers.push(['Referer', sameOrigin ? pageUrl.href : `${page.location.origin}/`]);
  headers.push(['Accept-Encoding', trustworthy ? 'gzip, deflate, br, zstd' : 'gzip, deflate']);
  headers.push(['Accept-Language', acceptLanguage(page.languages)]);
  return headers;
}

/** A request head as text, and its size. */
export interface RequestHead {
  readonly text: string;
  readonly bytes: number;
}

function requestHead(url: URL, headers: HeaderList): RequestHead {
  const line = `GET ${url.pathname}${url.search} HTTP/1.1`;
  return { text: httpHeadText(line, headers), bytes: httpHeadLength(line, headers) };
}

/** A Chromium fetch of `url` from this page: its request head as text, and its size. */
export function fetchRequest(url: URL, page: PageContext): RequestHead {
  return requestHead(url, requestHeaders(url, page));
}

/** A Chromium EventSource's request for `url`, naming `lastEventId` when it reconnects ('' for none). */
export function eventSourceRequest(url: URL, page: PageContext, lastEventId: string): RequestHead {
  return requestHead(url, requestHeaders(url, page, { lastEventId }));
}
