import type { ConnectionSettings } from '../../controllers/connection-settings.ts';
import { openWebSocketStream, StreamKind, streamKind } from '../../transport/websocket-stream-open.ts';
import type { WebSocketStreamLike } from '../../transport/websocket-stream.ts';
import { targetOf } from './wire.ts';

/**
 * A stand-in for the browser's `WebSocketStream` constructor, for the
 * recipes, as wireWebSocket is for `WebSocket`: each `new` opens a stream on
 * the wire the reader chose at that moment, the browser's own WebSocketStream
 * to the live server or the page's stand-in over the simulated one.
 * Undefined in Live mode in a browser that has none.
 */
export function wireWebSocketStream(
  settings: Pick<ConnectionSettings, 'mode' | 'serverUrl'>,
): (new (url: string) => WebSocketStreamLike) | undefined {
  if (streamKind(settings.mode) === StreamKind.none) return undefined;
  function PlaygroundWebSocketStream(url: string): WebSocketStreamLike {
    const { mode, serverUrl } = settings;
    const stream = openWebSocketStream(targetOf(url, serverUrl), { mode, serverUrl });
    // The reader may have switched to Live mode since: then this browser has none.
    if (!stream) throw new Error('This browser has no WebSocketStream.');
    return stream;
  }
  // Called with `new`, a function that returns an object gives that object.
  return PlaygroundWebSocketStream as unknown as new (url: string) => WebSocketStreamLike;
}
