/**
 * The part of the browser's WebSocket that demos use. The live wire hands out
 * a real WebSocket; the simulated wire a class with the same behaviour, so a
 * demo never knows which it holds.
 */
export type PlaygroundSocket = Pick<
  WebSocket,
  | 'url'
  | 'readyState'
  | 'protocol'
  | 'extensions'
  | 'binaryType'
  | 'bufferedAmount'
  | 'send'
  | 'close'
  | 'addEventListener'
  | 'removeEventListener'
>;

/** What `send` accepts, as in the WebSocket API. */
export type SocketData = string | ArrayBufferLike | Blob | ArrayBufferView;

/** The WebSocket readyState values (WHATWG WebSockets §"readyState"). */
export const ReadyState = {
  connecting: 0,
  open: 1,
  closing: 2,
  closed: 3,
} as const;
export type ReadyState = (typeof ReadyState)[keyof typeof ReadyState];
