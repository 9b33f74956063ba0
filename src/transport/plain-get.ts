/**
 * A plain HTTP GET of a WebSocket path on the live server, as every fetch
 * would send it: no upgrade headers, so the server answers 426 Upgrade
 * Required with the version it speaks (RFC 6455 §4.2.2). Live mode only: a
 * simulated server has no plain HTTP to ask, and the lesson breaks the
 * handshake itself there (broken-handshake.ts).
 */
import { httpUrl } from './endpoint-url.ts';
import { liveServerAnswers } from './live-health.ts';

/** What a plain HTTP GET of a WebSocket path brought back, as far as the page may know. */
export type PlainGetResult =
  | {
      readonly kind: 'answered';
      readonly url: string;
      readonly status: number;
      readonly statusText: string;
      /** The Sec-WebSocket-Version header, when the browser lets the page read it. */
      readonly version: string | null;
      readonly body: string;
    }
  /** The server answered (its health check does), but the browser hid the answer: no CORS header for this page. */
  | { readonly kind: 'hidden'; readonly url: string; readonly pageOrigin: string }
  | { readonly kind: 'unreachable'; readonly url: string };

const TIMEOUT_MS = 5000;

/**
 * GETs `/echo` over plain HTTP. A fetch that fails tells the page nothing
 * about why, so the health check (live-health.ts) tells "answered but hidden
 * by CORS" from "nothing there".
 */
export async function plainGet(serverUrl: string): Promise<PlainGetResult> {
  const url = httpUrl(serverUrl, '/echo');
  try {
    const response = await fetch(url, { cache: 'no-store', signal: AbortSignal.timeout(TIMEOUT_MS) });
    return {
      kind: 'answered',
      url,
      status: response.status,
      statusText: response.statusText,
      version: response.headers.get('Sec-WebSocket-Version'),
      body: (await response.text()).slice(0, 500),
    };
  } catch {
    if (await liveServerAnswers(serverUrl)) return { kind: 'hidden', url, pageOrigin: window.location.origin };
    return { kind: 'unreachable', url };
  }
}
