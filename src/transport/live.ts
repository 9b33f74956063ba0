import type { PlaygroundSocket } from './playground-socket.ts';
import { endpointUrl } from './endpoint-url.ts';

/** Opens a real browser WebSocket to the live server. */
export function openLive(serverUrl: string, target: string, protocols?: string | string[]): PlaygroundSocket {
  return new WebSocket(endpointUrl(serverUrl, target), protocols);
}

/**
 * A browser reports every failed handshake the same way (an error, then close
 * 1006) and hides the reason from the page on purpose. To tell the reader
 * something useful, ask the server's health endpoint: if it answers, the
 * server is up and refused this page; if not, nothing is listening.
 */
export async function explainLiveFailure(serverUrl: string, target: string, pageOrigin: string): Promise<string> {
  const url = endpointUrl(serverUrl, target);
  const health = endpointUrl(serverUrl, '/healthz').replace(/^ws/, 'http');
  try {
    const response = await fetch(health, { cache: 'no-store', signal: AbortSignal.timeout(3000) });
    if (response.ok) {
      return (
        `The live server at ${serverUrl} is running but refused the connection to ${url}. ` +
        `It only accepts pages from the origins in its ALLOWED_ORIGINS; this page is ${pageOrigin}. ` +
        `The server's log says why.`
      );
    }
  } catch {
    // No answer at all: fall through to "nothing is listening".
  }
  return (
    `No live server answered at ${url}. Start one with "npm start" (or "npm run server") in the project folder, ` +
    `point this page at another with ?server=ws://host:port, or switch to Simulated, which needs no server.`
  );
}
