import { WEBSOCKET_PATHS } from '../service/websocket-paths.ts';

/**
 * Joins a live server's base URL (`ws://localhost:8080`, or `wss://host/sub/`)
 * and an endpoint target (`/echo?x=1`). The endpoint path is kept relative to
 * the base, so a server behind a proxy under a sub-path works too.
 */
export function endpointUrl(serverUrl: string, target: string): string {
  const base = serverUrl.endsWith('/') ? serverUrl : `${serverUrl}/`;
  return new URL(target.replace(/^\/+/, ''), base).href;
}

/**
 * The http(s) address of a path on the live server whose WebSocket URL is
 * `serverUrl` (ws → http, wss → https): the plain HTTP requests go to the
 * same host, port and sub-path as the WebSocket endpoints.
 */
export function httpUrl(serverUrl: string, target: string): string {
  return endpointUrl(serverUrl, target).replace(/^ws/, 'http');
}

/**
 * Checks a live server URL typed by a reader or given as `?server=`. Returns
 * the normalised URL, or a sentence saying what is wrong with it.
 */
export function checkServerUrl(text: string): { ok: true; url: string } | { ok: false; reason: string } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, reason: `"${text}" is not a URL; a live server URL looks like ws://localhost:8080` };
  }
  // As the WebSocket constructor does (WHATWG WebSockets §3.1): http: means ws:, https: means wss:.
  if (url.protocol === 'http:' || url.protocol === 'https:') url = new URL(`ws${url.href.slice(4)}`);
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    return { ok: false, reason: `"${text}" starts with ${url.protocol}; a live server's URL starts with ws: or wss:` };
  }
  if (url.hash !== '') {
    return { ok: false, reason: `"${text}" has a #fragment, which WebSocket URLs may not have` };
  }
  return { ok: true, url: serverPart(url) };
}

/**
 * The server a URL names: an endpoint's URL, as the demos' status lines show
 * one (`ws://host:9310/echo?x=1`), names the server before the endpoint's
 * path; a sub-path in front of it (a proxy's `/ws`) stays.
 */
function serverPart(url: URL): string {
  const segments = url.pathname.replace(/\/$/, '').split('/');
  if (WEBSOCKET_PATHS.includes(`/${segments.at(-1)}`)) segments.pop();
  return `${url.protocol}//${url.host}${segments.join('/')}`;
}

/** The WebSocket URL of the server that serves this page (http → ws, https → wss). */
export function sameOriginServerUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}`;
}
