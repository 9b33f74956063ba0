import { connect, type ConnectOptions } from './connect.ts';
import { endpointUrl } from './endpoint-url.ts';
import { ConnectionMode } from './mode.ts';
import type { SimulatedWebSocket } from './simulated.ts';
import { WebSocketStreamStandIn, type WebSocketStreamLike } from './websocket-stream.ts';

/** Which WebSocketStream a connection gets. */
export const StreamKind = {
  /** The browser's own (Chromium ships one; Firefox and Safari do not, as of this writing). */
  browser: 'browser',
  /** The page's stand-in over the simulated wire (websocket-stream.ts), in any browser. */
  standIn: 'stand-in',
  /** Live mode in a browser without one: there is nothing to run. */
  none: 'none',
} as const;
export type StreamKind = (typeof StreamKind)[keyof typeof StreamKind];

type WebSocketStreamConstructor = new (url: string, options?: { readonly protocols?: string[] }) => WebSocketStreamLike;

/** The browser's WebSocketStream, feature-detected: not yet in TypeScript's DOM types either. */
function browserStream(): WebSocketStreamConstructor | undefined {
  return (globalThis as typeof globalThis & { WebSocketStream?: WebSocketStreamConstructor }).WebSocketStream;
}

/** What `openWebSocketStream` would run in this mode, in this browser. */
export function streamKind(mode: ConnectionMode): StreamKind {
  if (mode === ConnectionMode.simulated) return StreamKind.standIn;
  return browserStream() ? StreamKind.browser : StreamKind.none;
}

/**
 * Opens a WebSocketStream to an endpoint target such as `/slow` on the chosen
 * wire: Live, the browser's own to the live server; Simulated, the stand-in
 * over the page's simulated server. Undefined in Live mode in a browser that
 * has none.
 */
export function openWebSocketStream(
  target: string,
  options: Pick<ConnectOptions, 'mode' | 'serverUrl'>,
): WebSocketStreamLike | undefined {
  if (options.mode === ConnectionMode.simulated) {
    return new WebSocketStreamStandIn(connect(target, options).socket as SimulatedWebSocket);
  }
  const Stream = browserStream();
  return Stream && new Stream(endpointUrl(options.serverUrl, target));
}
