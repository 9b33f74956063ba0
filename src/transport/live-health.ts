/**
 * "Is anything there?" A browser hides from the page why a fetch or a
 * WebSocket failed (on purpose: the WebSockets and Fetch standards keep a
 * page from scanning a network), so the page asks a second, harmless
 * question: the live server's health check, which answers every origin. If
 * it answers, the server is up and refused this page; if not, nothing is
 * listening.
 */
import { httpUrl } from './endpoint-url.ts';

/** How long a server gets to say it is there. */
const HEALTH_TIMEOUT_MS = 3000;

/** The answer to a GET of `url`, or undefined when none came in time. */
async function answerFrom(url: string, mode: RequestMode): Promise<Response | undefined> {
  try {
    return await fetch(url, { mode, cache: 'no-store', signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
  } catch {
    return undefined;
  }
}

/** The name the live server gives itself in its `/healthz` answer (server/http-handler.ts). */
const LIVE_SERVER_NAME = 'websocket-playground';

/**
 * Whether the live server whose WebSocket URL is `serverUrl` is running: its
 * `/healthz` answers 200 with its own JSON. Any other answer is not the live
 * server: Vite's dev and preview servers, for one, answer every path with the
 * site's HTML.
 */
export async function liveServerAnswers(serverUrl: string): Promise<boolean> {
  const response = await answerFrom(httpUrl(serverUrl, '/healthz'), 'cors');
  if (!response?.ok) return false;
  try {
    const health: unknown = await response.json();
    return typeof health === 'object' && health !== null && 'service' in health && health.service === LIVE_SERVER_NAME;
  } catch {
    return false;
  }
}

/** Whether anything answers at `origin`: an opaque answer is enough, it shows something is listening there. */
export async function siteAnswers(origin: string): Promise<boolean> {
  return (await answerFrom(`${origin}/`, 'no-cors')) !== undefined;
}

/**
 * The sentence for "no live server there": what the caller saw, then the
 * same three ways on, wherever the reader meets it.
 */
export function noLiveServer(whatHappened: string): string {
  return (
    `${whatHappened} Start one with "npm start" (or "npm run server") in the project folder, ` +
    `point this page at another with ?server=ws://host:port, or switch to Simulated, which needs no server.`
  );
}
