/**
 * The path of every WebSocket endpoint of the service, in its order, for code
 * that must know them without loading the service: the page reads a server's
 * URL with it (transport/endpoint-url.ts) long before a demo connects. The
 * service's tests hold its endpoints to this list.
 */
export const WEBSOCKET_PATHS: readonly string[] = [
  '/echo',
  '/chat',
  '/ticker',
  '/close',
  '/fragments',
  '/ping',
  '/cors',
  '/deflate',
  '/notify',
  '/collab',
  '/game',
  '/secure',
  '/limited',
  '/slow',
  '/resume',
];
