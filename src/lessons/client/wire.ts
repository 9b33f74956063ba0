import type { ConnectionSettings } from '../../controllers/connection-settings.ts';
import { connect, type Connection } from '../../transport/connect.ts';
import { ReadyState, type PlaygroundSocket } from '../../transport/playground-socket.ts';
import { SimulatedWebSocket } from '../../transport/simulated.ts';

/**
 * The endpoint target a URL names under the live server's base URL:
 * `ws://localhost:8080/echo?x=1` → `/echo?x=1`.
 */
export function targetOf(url: string, serverUrl: string): string {
  const base = serverUrl.endsWith('/') ? serverUrl : `${serverUrl}/`;
  if (!url.startsWith(base)) {
    throw new DOMException(`${url} is not a URL of the playground server at ${serverUrl}.`, 'SyntaxError');
  }
  return `/${url.slice(base.length)}`;
}

/**
 * A stand-in for the browser's `WebSocket` constructor, for the client
 * recipes: each `new` opens a connection on the wire the reader chose at
 * that moment, the simulated one or a real WebSocket to the live server, and
 * hands back its socket. `onConnection` sees each connection with its trace.
 */
export function wireWebSocket(
  settings: Pick<ConnectionSettings, 'mode' | 'serverUrl'>,
  onConnection?: (connection: Connection) => void,
): typeof WebSocket {
  function PlaygroundWebSocket(url: string | URL, protocols?: string | string[]): PlaygroundSocket {
    const { mode, serverUrl } = settings;
    const connection = connect(targetOf(String(url), serverUrl), { mode, serverUrl, protocols });
    onConnection?.(connection);
    return connection.socket;
  }
  Object.assign(PlaygroundWebSocket, {
    CONNECTING: ReadyState.connecting,
    OPEN: ReadyState.open,
    CLOSING: ReadyState.closing,
    CLOSED: ReadyState.closed,
  });
  // Called with `new`, a function that returns an object gives that object. The recipes use only
  // the members a PlaygroundSocket has, which both wires provide.
  return PlaygroundWebSocket as unknown as typeof WebSocket;
}

/** Whether this socket's network can be made to fail on demand (the simulated wire's `drop()`). */
export function canDrop(socket: unknown): socket is SimulatedWebSocket {
  return socket instanceof SimulatedWebSocket;
}

/** The names of the readyState values, in order (WHATWG WebSockets). */
export const READY_STATE_NAMES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'] as const;
