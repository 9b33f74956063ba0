/**
 * `GET /sse`, the Server-Sent Events lane of the race, on either wire: the
 * browser's own EventSource against the live server, or the page's stand-in
 * (event-source-simulated.ts) over the same service code.
 */
import { ConnectionMode } from './mode.ts';
import { SimulatedEventSource } from './event-source-simulated.ts';

/** What the race uses of an EventSource, the browser's or the stand-in. */
export interface PageEventSource extends EventTarget {
  readonly url: string;
  /** 0 connecting, 1 open, 2 closed (WHATWG HTML §9.2.2). */
  readonly readyState: number;
  close(): void;
}

export interface EventSourceOptions {
  readonly mode: ConnectionMode;
  /** The request head's size with this Last-Event-ID ('' for none): what the simulated server reports back. */
  readonly requestBytes: (lastEventId: string) => number;
}

/** Opens a stream of `url` (http or https, beside the WebSocket server). */
export function openEventSource(url: string, options: EventSourceOptions): PageEventSource {
  if (options.mode === ConnectionMode.live) return new EventSource(url);
  return new SimulatedEventSource(url, { requestBytes: options.requestBytes });
}

/** What the server said when it refused a stream: its status and its reason. */
export interface StreamRefusal {
  readonly status: number;
  readonly message: string;
}

/**
 * Why a stream failed for good. EventSource gives the page no status and
 * no body (§9.2.3 only fires `error`), so in Live mode the same URL is asked
 * once more with fetch, and the server's JSON reason read; a stream that
 * would open is let go at once. Undefined when no server answered.
 */
export async function streamRefusal(source: PageEventSource): Promise<StreamRefusal | undefined> {
  if (source instanceof SimulatedEventSource) {
    const refusal = source.refusal;
    if (!refusal) return { status: 404, message: `no stream at ${new URL(source.url).pathname}` };
    return { status: refusal.status, message: readReason(refusal.body) };
  }
  const abort = new AbortController();
  try {
    const response = await fetch(source.url, { signal: abort.signal, cache: 'no-store' });
    if (response.ok) return { status: response.status, message: 'the server answered with a stream this time' };
    return { status: response.status, message: readReason(await response.text()) };
  } catch {
    return undefined;
  } finally {
    abort.abort();
  }
}

function readReason(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // Not the playground's JSON: show the start of it.
  }
  return body.slice(0, 200);
}
