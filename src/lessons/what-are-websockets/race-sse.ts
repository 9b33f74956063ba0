/**
 * The Server-Sent Events lane of the race: one EventSource on `/sse`, which
 * the server keeps writing to as updates happen (WHATWG HTML §9.2). Counted
 * from what the stream itself says and carries, the same in both modes: a
 * page cannot read an EventSource's headers, so the opening event of each
 * response reports the request head as the server received it and the
 * response head as it wrote it; every event after that is rebuilt from what
 * the EventSource delivers with the server's own functions
 * (src/service/sse-text.ts) and counted as the chunk it crossed in, and a
 * response the server ends adds its last chunk.
 */
import { utf8Length } from '../../protocol/index.ts';
import type { TickMessage } from '../../service/json-messages.ts';
import { httpHeadText } from '../../service/polling.ts';
import {
  chunkBytes,
  eventText,
  LAST_CHUNK,
  OPENING_EVENT,
  openingText,
  SSE_PATH,
  SSE_RETRY_MS,
  STREAM_STATUS_LINE,
  streamHead,
  type StreamOpening,
} from '../../service/sse-text.ts';
import { httpUrl } from '../../transport/endpoint-url.ts';
import { openEventSource, streamRefusal, type PageEventSource } from '../../transport/event-source.ts';
import { noLiveServer } from '../../transport/live-health.ts';
import { eventSourceRequest, thisPage, type PageContext } from './race-bytes.ts';
import { asTick, Tally, type RaceSettings } from './race-tally.ts';

/** The stream's last response, byte for byte, for the reader to see. */
export interface StreamText {
  /** The request head, as Chromium's EventSource writes it for this page. */
  readonly request: string;
  /** Its size as computed from that text. */
  readonly computedRequest: number;
  /** Its size as the server received it (the opening event's word). */
  readonly measuredRequest: number;
  /** The response head, rebuilt from the service's header set. */
  readonly head: string;
  /** Its size as the server wrote it. */
  readonly headBytes: number;
  /** The last event as it crossed, without its chunk's framing. */
  readonly lastEvent: string;
}

/** Reads a tick event's data (a network input). */
function readTick(data: string): TickMessage | undefined {
  try {
    return asTick(JSON.parse(data));
  } catch {
    return undefined;
  }
}

/** Reads the opening event's data (a network input): the fields the race uses, checked. */
function readOpening(data: string): StreamOpening | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return undefined;
  }
  const opening = parsed as Partial<StreamOpening> | null;
  const ok =
    opening?.type === OPENING_EVENT &&
    typeof opening.requestBytes === 'number' &&
    opening.requestBytes > 0 &&
    typeof opening.headBytes === 'number' &&
    opening.headBytes > 0 &&
    typeof opening.resume === 'string';
  return ok ? (opening as StreamOpening) : undefined;
}

export class SseRunner {
  readonly tally = new Tally();
  /** The last response, byte for byte. */
  stream: StreamText | undefined;
  /** How often the browser came back after the server ended a response. */
  reconnections = 0;
  /** What the server said it did with the last Last-Event-ID. */
  resume: string | undefined;
  readonly #settings: RaceSettings;
  readonly #changed: () => void;
  readonly #failed: (reason: string) => void;
  #source: PageEventSource | undefined;
  #stopping = false;
  /** When the current request left: at the start, then a reconnection time after each loss. */
  #requestSent = 0;
  /** Whether the current request got its opening event. */
  #opened = false;
  #eventsThisResponse = 0;

  constructor(settings: RaceSettings, changed: () => void, failed: (reason: string) => void) {
    this.#settings = settings;
    this.#changed = changed;
    this.#failed = failed;
  }

  /** The stream's URL (http or https, beside the WebSocket server). */
  get url(): string {
    const { topic, every, streamEvents } = this.#settings;
    const events = streamEvents === undefined ? '' : `&events=${streamEvents}`;
    return httpUrl(this.#settings.serverUrl, `${SSE_PATH}?topic=${topic}&every=${every}${events}`);
  }

  start(): void {
    const url = new URL(this.url);
    const page = thisPage();
    let source: PageEventSource;
    try {
      source = openEventSource(url.href, {
        mode: this.#settings.mode,
        requestBytes: (lastEventId) => eventSourceRequest(url, page, lastEventId).bytes,
      });
    } catch (error) {
      this.#failed(`The browser refused to open ${url.href}: ${(error as Error).message}`);
      return;
    }
    this.#source = source;
    this.#requestSent = Date.now();
    source.addEventListener(OPENING_EVENT, (event) => this.#opening((event as MessageEvent<string>).data, url, page));
    source.addEventListener('message', (event) => this.#message(event as MessageEvent<string>));
    source.addEventListener('error', () => void this.#lost(source));
  }

  /** Closes the stream: nothing more crosses, so nothing more is counted. */
  stop(): void {
    this.#stopping = true;
    this.#source?.close();
  }

  #opening(data: string, url: URL, page: PageContext): void {
    if (this.#stopping) return;
    const opening = readOpening(data);
    if (!opening) {
      this.stop();
      this.#failed(
        `The server at ${url.origin} answered ${url.pathname} with an event stream, but not as the playground's ` +
          `does (an opening event with its sizes): it may be an older version of the server.`,
      );
      return;
    }
    const arrived = Date.now();
    this.#opened = true;
    this.#eventsThisResponse = 0;
    this.resume = opening.resume;
    this.tally.count(opening.requestBytes, opening.headBytes + chunkBytes(openingText(data)));
    this.tally.exchange(this.#requestSent, arrived, 0);
    const request = eventSourceRequest(url, page, opening.lastEventId ?? '');
    const head = streamHead(arrived, true);
    this.stream = {
      request: request.text,
      computedRequest: request.bytes,
      measuredRequest: opening.requestBytes,
      head: httpHeadText(STREAM_STATUS_LINE, head),
      headBytes: opening.headBytes,
      lastEvent: openingText(data),
    };
    this.#changed();
  }

  #message(event: MessageEvent<string>): void {
    if (this.#stopping) return;
    const tick = readTick(event.data);
    if (!tick) return;
    const text = eventText({ id: event.lastEventId, data: event.data });
    const bytes = chunkBytes(text);
    this.#eventsThisResponse += 1;
    this.tally.count(0, bytes);
    this.tally.deliver([tick], Date.now());
    this.tally.lastDelivery = { bytes, payload: utf8Length(event.data) };
    if (this.stream) this.stream = { ...this.stream, lastEvent: text };
    this.#changed();
  }

  /**
   * The stream is gone. Closed for good: the server refused it, and the
   * reason is asked for. Gone before its opening event: no server, or none
   * that speaks the playground's stream. Gone after: the server ended the
   * response (its last chunk counted when it sent all the events asked for)
   * or the connection dropped, and the browser comes back by itself after
   * the reconnection time, naming the last event id it had.
   */
  async #lost(source: PageEventSource): Promise<void> {
    if (this.#stopping || this.#source !== source) return;
    if (source.readyState === 2 || !this.#opened) {
      source.close();
      const refusal = await streamRefusal(source);
      if (this.#stopping) return;
      this.stop();
      this.#failed(
        refusal
          ? `The server refused the event stream with ${refusal.status}: ${refusal.message}`
          : noLiveServer(`No event stream this page could read from ${source.url}. Is the live server running?`),
      );
      return;
    }
    if (this.#eventsThisResponse === this.#settings.streamEvents) this.tally.count(0, LAST_CHUNK.length);
    this.#opened = false;
    this.reconnections += 1;
    this.#requestSent = Date.now() + SSE_RETRY_MS;
    this.#changed();
  }
}
