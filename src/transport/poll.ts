/**
 * `GET /poll`, the polling lanes of the race (short and long polling), on
 * either wire. Live mode fetches the live server's feed; Simulated mode asks
 * the same feed (src/service/polling.ts) running in this page, started when
 * the page loaded it as the live one starts with its server. A long poll
 * (`wait=1`) is held by either server until there is news.
 */
import { createPollingFeed, type HttpResponse } from '../service/polling.ts';
import { browserClock } from './browser-clock.ts';
import { ConnectionMode } from './mode.ts';

/** The simulated server's feed: one per page, as the live server has one; its event stream reads it too. */
export const simulatedFeed = createPollingFeed(browserClock);

/** The in-page feed's whole response, exactly as the service wrote it. */
export interface SimulatedPollReply {
  readonly mode: typeof ConnectionMode.simulated;
  readonly response: HttpResponse;
}

/**
 * What the page may read of the live server's answer, and the sizes the
 * server counted (X-Request-Bytes, X-Response-Bytes; 0 when absent): a page
 * cannot read the request headers its browser sent, and Resource Timing's
 * `transferSize` reports headers as a flat 300 bytes.
 */
export interface LivePollReply {
  readonly mode: typeof ConnectionMode.live;
  readonly status: number;
  /** Whether the status is 2xx. */
  readonly ok: boolean;
  readonly body: string;
  readonly requestBytes: number;
  readonly responseBytes: number;
}

export type PollReply = SimulatedPollReply | LivePollReply;

export interface PollOptions {
  readonly mode: ConnectionMode;
  /** The size of the request head the browser sends: the simulated feed reports it back, as the live one does. */
  readonly requestBytes: number;
  /** Abandons a poll on its way, or held. */
  readonly signal: AbortSignal;
}

/** One poll of `url` (http or https, beside the WebSocket server). A live poll that no server answers rejects. */
export async function poll(url: URL, options: PollOptions): Promise<PollReply> {
  if (options.mode === ConnectionMode.simulated) {
    const target = `${url.pathname}${url.search}`;
    const response = await new Promise<HttpResponse>((resolve, reject) => {
      const forget = simulatedFeed.handle(
        { method: 'GET', target, requestBytes: options.requestBytes, keepAlive: true },
        { reply: resolve },
      );
      // As fetch does when its signal aborts: the held poll is dropped and the promise rejects.
      options.signal.addEventListener('abort', () => {
        forget();
        reject(options.signal.reason);
      });
    });
    return { mode: ConnectionMode.simulated, response };
  }
  const response = await fetch(url, { signal: options.signal });
  return {
    mode: ConnectionMode.live,
    status: response.status,
    ok: response.ok,
    body: await response.text(),
    requestBytes: Number(response.headers.get('X-Request-Bytes')),
    responseBytes: Number(response.headers.get('X-Response-Bytes')),
  };
}
