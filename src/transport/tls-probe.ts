/**
 * What a page learns when TLS fails under a `wss:` connection: nothing but
 * an error event and close 1006, not clean, with no reason. A certificate the
 * browser does not trust, a server that speaks no TLS, an expired
 * certificate all look the same to the page (the WebSockets standard's
 * "fail the WebSocket connection"; RFC 6455 §4.1: a failed TLS handshake
 * fails the connection, §7.1.7, before any HTTP is sent); only the
 * browser's own console names the cause.
 *
 * Live: the page opens `wss://` to the live server's plain port, so the TLS
 * handshake meets an HTTP server and fails, and reports what it got.
 * Simulated: the same outcome, built, and marked as built.
 */
import { endpointUrl } from './endpoint-url.ts';
import { ConnectionMode } from './mode.ts';

/** The endpoint the probe names: any will do, the connection never gets as far as a path. */
const PROBE_TARGET = '/echo';

/** How long the probe waits for the browser to give up, in case nothing answers at all. */
export const TLS_PROBE_TIMEOUT_MS = 10_000;

export type PageEventName = 'open' | 'error' | 'close';

export interface WssOutcome {
  /** The `wss:` URL the page tried. */
  readonly url: string;
  /** True when the page built this outcome (Simulated mode) instead of seeing it. */
  readonly simulated: boolean;
  /** What the page's WebSocket reported, in order: `error`, `close` for a failed TLS handshake. */
  readonly events: readonly PageEventName[];
  /** The close event's fields (1006, '', false when TLS failed). */
  readonly code: number;
  readonly reason: string;
  readonly wasClean: boolean;
  /** Why there is no outcome to show, in a sentence; undefined when the probe ran. */
  readonly problem?: string | undefined;
}

/**
 * The `wss:` URL for the live server at `serverUrl`: its own host and port
 * with `wss:` where it says `ws:`. A `wss:` server URL stays as it is (a
 * server behind a TLS proxy, a test server with its own certificate).
 */
export function wssUrl(serverUrl: string): string {
  return endpointUrl(serverUrl, PROBE_TARGET).replace(/^ws:/, 'wss:');
}

/** What a browser reports for a TLS handshake that fails: the same for every cause. */
export function simulatedWssOutcome(url: string): WssOutcome {
  return { url, simulated: true, events: ['error', 'close'], code: 1006, reason: '', wasClean: false };
}

/** Opens `url` with the browser's WebSocket and records its events until it closes. */
function watchSocket(url: string): Promise<WssOutcome> {
  return new Promise((resolve) => {
    const events: PageEventName[] = [];
    let socket: WebSocket;
    try {
      socket = new WebSocket(url);
    } catch (error) {
      resolve({
        url,
        simulated: false,
        events,
        code: 0,
        reason: '',
        wasClean: false,
        problem: `The browser would not open ${url}: ${(error as Error).message}`,
      });
      return;
    }
    // A stuck connection (nothing answers at all) is closed by the page; the browser then reports 1006 all the same.
    const timer = setTimeout(() => socket.close(), TLS_PROBE_TIMEOUT_MS);
    socket.addEventListener('open', () => {
      // TLS worked here (a server with a certificate this browser trusts): say so, and go.
      events.push('open');
      socket.close(1000, 'probe done');
    });
    socket.addEventListener('error', () => events.push('error'));
    socket.addEventListener('close', (event) => {
      clearTimeout(timer);
      events.push('close');
      resolve({ url, simulated: false, events, code: event.code, reason: event.reason, wasClean: event.wasClean });
    });
  });
}

/** Tries `wss:` against the server at `serverUrl` and tells what the page saw. Never throws. */
export async function tryWss(mode: ConnectionMode, serverUrl: string): Promise<WssOutcome> {
  let url: string;
  try {
    url = wssUrl(serverUrl);
  } catch {
    return {
      url: serverUrl,
      simulated: mode === ConnectionMode.simulated,
      events: [],
      code: 0,
      reason: '',
      wasClean: false,
      problem: `"${serverUrl}" is not a server URL; a live server URL looks like ws://localhost:8080`,
    };
  }
  if (mode === ConnectionMode.simulated) return simulatedWssOutcome(url);
  return watchSocket(url);
}
