import { utf8Length, type HeaderList } from '../protocol/index.ts';

/**
 * The answer to a GET of a WebSocket path that is not an upgrade: a plain
 * fetch, or a handshake without its Upgrade header (Node's HTTP server, like
 * any, treats a request as an upgrade only when it carries Upgrade and names
 * it in Connection, RFC 9110 §7.8). The live server writes it; the simulated
 * one gives it to the same requests.
 */
export function upgradeRequired(
  path: string,
  summary: string,
  host: string,
): { status: 426; statusText: string; headers: HeaderList; body: string } {
  const body =
    `${path} is a WebSocket endpoint (it ${summary}). Plain HTTP gets nothing here: ` +
    `open it with new WebSocket("ws://${host}${path}").\n`;
  return {
    status: 426,
    statusText: 'Upgrade Required',
    // RFC 9110 §15.5.22: a 426 names the protocol to switch to; §4.4 of RFC 6455 adds the version.
    headers: [
      ['Content-Type', 'text/plain; charset=utf-8'],
      ['Upgrade', 'websocket'],
      ['Connection', 'Upgrade'],
      ['Sec-WebSocket-Version', '13'],
      // A lesson on another origin (Vite's dev page, a static host) may read this answer, header included.
      ['Access-Control-Allow-Origin', '*'],
      ['Access-Control-Expose-Headers', 'Sec-WebSocket-Version, Upgrade'],
      ['Content-Length', String(utf8Length(body))],
    ],
    body,
  };
}
