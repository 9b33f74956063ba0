/**
 * The polling side of the race: asks `/poll` for news every interval, and
 * counts each request and response in full, headers included.
 *
 * Live mode fetches the live server's `/poll`, and takes the sizes from the
 * server (X-Request-Bytes, X-Response-Bytes): a page cannot read the request
 * headers its browser sent, and Resource Timing's `transferSize` reports
 * headers as a flat 300 bytes. Simulated mode answers from the same pure
 * feed in the page, counting the request a Chromium fetch would send and
 * the response the service builds.
 */
import { browserClock } from '../../transport/browser-clock.ts';
import { endpointUrl } from '../../transport/endpoint-url.ts';
import { ConnectionMode } from '../../transport/mode.ts';
import type { ErrorMessage } from '../../service/json-messages.ts';
import {
  createPollingFeed,
  httpHeadText,
  pollResponse,
  POLL_PATH,
  type HttpResponse,
  type PollAnswer,
} from '../../service/polling.ts';
import { fetchRequest, thisPage, type Bytes } from './race-bytes.ts';
import { asTick, Tally, type RaceSettings } from './race-tally.ts';

/** The simulated server's feed: it started when this page loaded it, as the live one starts with its server. */
const simulatedFeed = createPollingFeed(browserClock);

/** One poll as it crossed the wire, for the reader to see. */
export interface PollText {
  /** The request head, as Chromium writes it for this page. */
  readonly request: string;
  /** The response, head and body, as the service builds it. */
  readonly response: string;
  /** What the text adds up to. */
  readonly computed: Bytes;
  /** What the live server counted; absent in Simulated mode. */
  readonly measured: Bytes | undefined;
}

interface Polled {
  readonly bytes: Bytes;
  readonly answer: PollAnswer;
  readonly text: PollText;
}

/** A poll the race cannot go on from: the reason is shown to the reader. */
class PollProblem extends Error {}

function readAnswer(body: string): PollAnswer | ErrorMessage | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const fields = parsed as Record<string, unknown>;
  if (fields.type === 'error' && typeof fields.message === 'string') return { type: 'error', message: fields.message };
  if (!Array.isArray(fields.ticks) || typeof fields.last !== 'number') return undefined;
  const ticks = fields.ticks.map(asTick);
  if (ticks.some((tick) => tick === undefined)) return undefined;
  return { ticks: ticks.filter((tick) => tick !== undefined), last: fields.last };
}

/** The exchange's text, from the header sets: what Chromium sends, and what the service answers. */
function pollText(
  request: { text: string; bytes: number },
  response: HttpResponse,
  measured: Bytes | undefined,
): PollText {
  return {
    request: request.text,
    response: httpHeadText(`HTTP/1.1 ${response.status} ${response.reason}`, response.headers) + response.body,
    computed: { up: request.bytes, down: Number(new Map(response.headers).get('X-Response-Bytes')) },
    measured,
  };
}

export class PollingRunner {
  readonly tally = new Tally();
  /** The latest poll, byte for byte. */
  lastPoll: PollText | undefined;
  readonly #settings: RaceSettings;
  readonly #changed: () => void;
  readonly #failed: (reason: string) => void;
  #since: number | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #abort: AbortController | undefined;
  #running = false;

  constructor(settings: RaceSettings, changed: () => void, failed: (reason: string) => void) {
    this.#settings = settings;
    this.#changed = changed;
    this.#failed = failed;
  }

  /** The URL of the next poll (http or https, beside the WebSocket server). */
  get url(): string {
    const since = this.#since === undefined ? '' : `&since=${this.#since}`;
    const target = `${POLL_PATH}?topic=${this.#settings.topic}&every=${this.#settings.every}${since}`;
    return endpointUrl(this.#settings.serverUrl, target).replace(/^ws/, 'http');
  }

  start(): void {
    this.#running = true;
    void this.#poll();
  }

  /** No more polls; one on its way is abandoned and not counted. */
  stop(): void {
    this.#running = false;
    clearTimeout(this.#timer);
    this.#abort?.abort();
  }

  async #poll(): Promise<void> {
    const sent = Date.now();
    let polled: Polled;
    try {
      polled = this.#settings.mode === ConnectionMode.live ? await this.#fetch() : this.#simulate();
    } catch (error) {
      if (!this.#running) return;
      this.stop();
      this.#failed(error instanceof PollProblem ? error.message : this.#unreachable());
      return;
    }
    if (!this.#running) return;
    const arrived = Date.now();
    this.tally.count(polled.bytes.up, polled.bytes.down);
    this.tally.exchange(sent, arrived, polled.answer.ticks.length);
    this.tally.deliver(polled.answer.ticks, arrived);
    this.lastPoll = polled.text;
    this.#since = polled.answer.last;
    this.#changed();
    // The next poll one interval after this one left, never two at once.
    this.#timer = setTimeout(() => void this.#poll(), Math.max(0, sent + this.#settings.interval - Date.now()));
  }

  #unreachable(): string {
    return (
      `No answer this page could read from ${this.url}. Is the live server running? Start it with ` +
      `"npm start" in the project folder, or switch to Simulated, which needs no server.`
    );
  }

  #simulate(): Polled {
    const url = new URL(this.url);
    const request = fetchRequest(url, thisPage());
    const target = `${url.pathname}${url.search}`;
    const response = simulatedFeed.respond({ method: 'GET', target, requestBytes: request.bytes, keepAlive: true });
    const answer = readAnswer(response.body);
    if (!answer || 'type' in answer) throw new PollProblem(`The simulated server refused the poll: ${response.body}`);
    const text = pollText(request, response, undefined);
    return { bytes: text.computed, answer, text };
  }

  async #fetch(): Promise<Polled> {
    const url = new URL(this.url);
    this.#abort = new AbortController();
    const response = await fetch(url, { signal: this.#abort.signal });
    const body = await response.text();
    const answer = readAnswer(body);
    if (answer && 'type' in answer) {
      throw new PollProblem(`The live server refused the poll with ${response.status}: ${answer.message}`);
    }
    const measured = {
      up: Number(response.headers.get('X-Request-Bytes')),
      down: Number(response.headers.get('X-Response-Bytes')),
    };
    if (!answer || !response.ok || !(measured.up > 0 && measured.down > 0)) {
      throw new PollProblem(
        `The server at ${url.origin} answered ${url.pathname} with ${response.status}, but not as the playground's ` +
          `polling feed does (JSON ticks and their sizes): it may be an older version of the server.`,
      );
    }
    // Rebuilt with the service's own header set, to show; the counts are the server's.
    const rebuilt = pollResponse(
      response.status,
      answer,
      { method: 'GET', target: url.pathname + url.search, requestBytes: measured.up, keepAlive: true },
      Date.now(),
    );
    return { bytes: measured, answer, text: pollText(fetchRequest(url, thisPage()), rebuilt, measured) };
  }
}
