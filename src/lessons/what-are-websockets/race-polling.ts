/**
 * The polling lanes of the race: short polling asks `/poll` for news every
 * interval; long polling (`wait=1`) asks again as soon as an answer comes,
 * and the server holds each request until there is news. Each request and
 * response is counted in full, headers included.
 *
 * Each poll goes through src/transport/poll.ts. In Live mode the sizes are
 * the live server's (X-Request-Bytes, X-Response-Bytes), as a page cannot
 * count the request headers its browser sent. In Simulated mode the page's
 * own feed answers, and the sizes are the request a Chromium fetch would
 * send and the response the service builds.
 */
import { utf8Length } from '../../protocol/index.ts';
import { httpUrl } from '../../transport/endpoint-url.ts';
import { noLiveServer } from '../../transport/live-health.ts';
import { ConnectionMode } from '../../transport/mode.ts';
import { poll, type LivePollReply } from '../../transport/poll.ts';
import type { ErrorMessage } from '../../service/json-messages.ts';
import { httpHeadText, pollResponse, POLL_PATH, type HttpResponse, type PollAnswer } from '../../service/polling.ts';
import { fetchRequest, thisPage, type Bytes, type RequestHead } from './race-bytes.ts';
import { asTick, Tally, type RaceSettings } from './race-tally.ts';

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
function pollText(request: RequestHead, response: HttpResponse, measured: Bytes | undefined): PollText {
  return {
    request: request.text,
    response: httpHeadText(`HTTP/1.1 ${response.status} ${response.reason}`, response.headers) + response.body,
    computed: { up: request.bytes, down: Number(new Map(response.headers).get('X-Response-Bytes')) },
    measured,
  };
}

function fromSimulated(response: HttpResponse, request: RequestHead): Polled {
  const answer = readAnswer(response.body);
  if (!answer || 'type' in answer) throw new PollProblem(`The simulated server refused the poll: ${response.body}`);
  const text = pollText(request, response, undefined);
  return { bytes: text.computed, answer, text };
}

function fromLive(reply: LivePollReply, request: RequestHead, url: URL): Polled {
  const answer = readAnswer(reply.body);
  if (answer && 'type' in answer) {
    throw new PollProblem(`The live server refused the poll with ${reply.status}: ${answer.message}`);
  }
  const measured = { up: reply.requestBytes, down: reply.responseBytes };
  if (!answer || !reply.ok || !(measured.up > 0 && measured.down > 0)) {
    throw new PollProblem(
      `The server at ${url.origin} answered ${url.pathname} with ${reply.status}, but not as the playground's ` +
        `polling feed does (JSON ticks and their sizes): it may be an older version of the server.`,
    );
  }
  // Rebuilt with the service's own header set, to show; the counts are the server's.
  const rebuilt = pollResponse(
    reply.status,
    answer,
    { method: 'GET', target: url.pathname + url.search, requestBytes: measured.up, keepAlive: true },
    Date.now(),
  );
  return { bytes: measured, answer, text: pollText(request, rebuilt, measured) };
}

/** Short polling asks on a timer; long polling asks again at once and the server waits for news. */
export const PollKind = { short: 'short', long: 'long' } as const;
export type PollKind = (typeof PollKind)[keyof typeof PollKind];

export class PollingRunner {
  readonly tally = new Tally();
  /** The latest poll, byte for byte. */
  lastPoll: PollText | undefined;
  readonly #kind: PollKind;
  readonly #settings: RaceSettings;
  readonly #changed: () => void;
  readonly #failed: (reason: string) => void;
  #since: number | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #abort: AbortController | undefined;
  #running = false;

  constructor(kind: PollKind, settings: RaceSettings, changed: () => void, failed: (reason: string) => void) {
    this.#kind = kind;
    this.#settings = settings;
    this.#changed = changed;
    this.#failed = failed;
  }

  /** The URL of the next poll (http or https, beside the WebSocket server). */
  get url(): string {
    const since = this.#since === undefined ? '' : `&since=${this.#since}`;
    const wait = this.#kind === PollKind.long ? '&wait=1' : '';
    const target = `${POLL_PATH}?topic=${this.#settings.topic}&every=${this.#settings.every}${since}${wait}`;
    return httpUrl(this.#settings.serverUrl, target);
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
      polled = await this.#ask();
    } catch (error) {
      if (!this.#running) return;
      this.stop();
      this.#failed(error instanceof PollProblem ? error.message : this.#unreachable());
      return;
    }
    if (!this.#running) return;
    const arrived = Date.now();
    const { bytes, answer } = polled;
    this.tally.count(bytes.up, bytes.down);
    this.tally.exchange(sent, arrived, answer.ticks.length);
    this.tally.deliver(answer.ticks, arrived);
    if (answer.ticks.length > 0) {
      // Each tick's JSON in the body is the tick as the service serialised it.
      const payload = answer.ticks.reduce((sum, tick) => sum + utf8Length(JSON.stringify(tick)), 0);
      this.tally.lastDelivery = { bytes: bytes.up + bytes.down, payload };
    }
    this.lastPoll = polled.text;
    this.#since = answer.last;
    this.#changed();
    // A short poll goes one interval after the last one left; a long poll at once. Never two at once.
    const wait = this.#kind === PollKind.long ? 0 : sent + this.#settings.interval - Date.now();
    this.#timer = setTimeout(() => void this.#poll(), Math.max(0, wait));
  }

  #unreachable(): string {
    return noLiveServer(`No answer this page could read from ${this.url}. Is the live server running?`);
  }

  async #ask(): Promise<Polled> {
    const url = new URL(this.url);
    const request = fetchRequest(url, thisPage());
    this.#abort = new AbortController();
    const reply = await poll(url, {
      mode: this.#settings.mode,
      requestBytes: request.bytes,
      signal: this.#abort.signal,
    });
    return reply.mode === ConnectionMode.simulated
      ? fromSimulated(reply.response, request)
      : fromLive(reply, request, url);
  }
}
