import { redactTraceEvent } from '../protocol/index.ts';
import { endpointUrl } from './endpoint-url.ts';
import { openInspector, withTrace } from './inspector.ts';
import { LiveExtensions } from './live-extensions.ts';
import { liveServerAnswers, noLiveServer } from './live-health.ts';
import type { PlaygroundSocket } from './playground-socket.ts';
import type { TraceStream } from './trace-stream.ts';

/** How long the side channel stays after the lesson connection closed, for the server's last events. */
const LINGER_MS = 2000;

/**
 * Opens a real browser WebSocket to the live server, and beside it the
 * server's side channel for this connection's trace: the request headers the
 * server received, and every frame as it crossed the socket, on the
 * server's clock, which the stream also measures against the page's. The
 * lesson connection itself carries only the lesson's messages. With
 * permessage-deflate agreed, the page inflates the frames the server reports,
 * as the simulated wire does; and it says why the browser refused an answer.
 * `open` makes the page's end: the browser's WebSocket unless said otherwise
 * (the slow reader's WebSocketStream).
 */
export function openLive(
  serverUrl: string,
  target: string,
  protocols: string | readonly string[] | undefined,
  trace: TraceStream,
  open: (url: string, protocols: string[] | undefined) => PlaygroundSocket = (url, list) => new WebSocket(url, list),
): { socket: PlaygroundSocket; release(): void } {
  // The server stars every secret before it reports an event; the page checks again, as the simulated wire does.
  const extensions = new LiveExtensions((event) => trace.pushServer(redactTraceEvent(event)));
  const inspector = openInspector(serverUrl, {
    onEvent: (event) => extensions.push(event),
    onClock: (offset) => trace.setClockOffset(offset),
    onUnreadable: (text) => trace.push({ type: 'note', at: trace.now(), text }),
  });
  const release = (): void => inspector.close();
  const socket = open(
    endpointUrl(serverUrl, withTrace(target, inspector.id)),
    protocols === undefined ? undefined : [...(typeof protocols === 'string' ? [protocols] : protocols)],
  );
  socket.addEventListener('close', () => setTimeout(release, LINGER_MS));
  return { socket, release };
}

/**
 * A browser reports every failed handshake the same way (an error, then close
 * 1006) and hides the reason from the page on purpose. To tell the reader
 * something useful, ask whether the server is there (live-health.ts): if it
 * is, it refused this page; if not, nothing is listening.
 */
export async function explainLiveFailure(serverUrl: string, target: string, pageOrigin: string): Promise<string> {
  const url = endpointUrl(serverUrl, target);
  if (await liveServerAnswers(serverUrl)) {
    return (
      `The live server at ${serverUrl} is running but refused the connection to ${url}. ` +
      `It only accepts pages from the origins in its ALLOWED_ORIGINS; this page is ${pageOrigin}. ` +
      `The server's log says why. To let this page in, start it with ALLOWED_ORIGINS=${pageOrigin} npm start.`
    );
  }
  return noLiveServer(`No live server answered at ${url}.`);
}
