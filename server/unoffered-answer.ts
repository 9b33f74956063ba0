import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { HeaderList } from '../src/protocol/index.ts';

/**
 * How long the server keeps a connection whose 101 the client must reject. A
 * browser drops it at once; a client that does not is cut off after this.
 */
export const UNOFFERED_HOLD_MS = 5000;

/** Shared by every such socket: Node calls a listener with the socket as `this`. */
function hangUp(this: Duplex): void {
  this.destroy();
}

/**
 * `extensions.unoffered`, a teaching device like /cors: the server writes its
 * own 101 (ws would never answer an extension it was not offered) naming an
 * extension the client did not offer. The client MUST fail the connection
 * (RFC 6455 §4.1, the client's check 5; §9.1), so the server speaks no
 * WebSocket on it: it waits for the client to hang up, and then lets go.
 * Returns the headers it wrote.
 */
export function answerUnoffered(
  socket: Duplex,
  response: { readonly status: number; readonly reason: string; readonly headers: HeaderList },
  extensions: string,
): HeaderList {
  const headers: HeaderList = [...response.headers, ['Sec-WebSocket-Extensions', extensions]];
  const lines = headers.map(([name, value]) => `${name}: ${value}\r\n`).join('');
  socket.write(`HTTP/1.1 ${response.status} ${response.reason}\r\n${lines}\r\n`);
  // Read (and drop) whatever comes, or the client's FIN is never seen ('end' waits for the data before it).
  socket.on('end', hangUp);
  socket.resume();
  // An upgrade's socket is a net.Socket; its idle timer costs no closure.
  (socket as Socket).setTimeout(UNOFFERED_HOLD_MS);
  socket.on('timeout', hangUp);
  return headers;
}
