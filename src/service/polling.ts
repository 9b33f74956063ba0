/**
 * `GET /poll?topic=T&every=MS&since=SEQ`: the ticker's updates for a client
 * that asks instead of listening, the other half of the "polling vs
 * WebSocket" race. Plain HTTP, so it lives beside the WebSocket endpoints
 * rather than among them: one pure module that answers a request with the
 * exact status line, headers and body the server writes, so the page can
 * count the bytes of a simulated poll with the same code.
 *
 * The feed starts when the server does. For each topic and period, tick n
 * happens at `startedAt + n * every` whether or not anyone asks, carrying
 * the ticker's own data (the walk in ticker-topics.ts): a poll returns the
 * ticks with `seq > since` that have happened by now.
 */
import { utf8Length, type HeaderList } from '../protocol/index.ts';
import type { ErrorMessage, TickMessage, TickerTopic } from './json-messages.ts';
import type { Clock } from './peer.ts';
import { readChoice, readInteger, readOptional, type IntegerRule, type Query, type Read } from './query.ts';
import { parseTarget } from './target.ts';
import { createFeed, TICKER_TOPICS, type Feed } from './ticker-topics.ts';

export const POLL_PATH = '/poll';

/** The ticker's own limits, so both sides of the race can run at the same rate. */
const EVERY: IntegerRule = { min: 50, max: 60_000, of: 'milliseconds', fallback: 1000 };
/** About 1.6 years of ticks at the fastest rate: room enough for any cursor this server hands out. */
const SINCE: IntegerRule = { min: 0, max: 1_000_000_000 };

/** A poll returns at most this many ticks, the latest; a client that asked long ago sees a gap in `seq`. */
export const MAX_TICKS = 100;
/**
 * The data walk starts over every this many ticks (8 minutes at 50 ms, 2.8
 * hours at 1 s), so answering any poll costs at most this many steps of the
 * walk, however long the server has been up.
 */
export const WALK_LENGTH = 10_000;
/** Walks kept warm, one per topic, period and round of the walk; the least recently used goes first. */
const KEPT_WALKS = 32;

export interface PollQuery {
  readonly topic: TickerTopic;
  readonly every: number;
  /** The last seq the client has; absent on a first poll, which only learns where the feed stands. */
  readonly since: number | undefined;
}

/** The body of a successful poll. */
export interface PollAnswer {
  /** The ticks with seq > since that have happened, oldest first (at most MAX_TICKS, the latest). */
  readonly ticks: readonly TickMessage[];
  /** The seq of the latest tick that has happened (0 before the first): the next poll's `since`. */
  readonly last: number;
}

/** Reads a poll's query; a bad parameter gives a reason in the words of the other endpoints. */
export function readPollQuery(query: Query): Read<PollQuery> {
  const topic = readChoice(query, 'topic', TICKER_TOPICS);
  if (!topic.ok) return topic;
  const every = readInteger(query, 'every', EVERY);
  if (!every.ok) return every;
  if (readOptional(query, 'since') === undefined) {
    return { ok: true, value: { topic: topic.value, every: every.value, since: undefined } };
  }
  const since = readInteger(query, 'since', SINCE);
  if (!since.ok) return since;
  return { ok: true, value: { topic: topic.value, every: every.value, since: since.value } };
}

/** One request as the server received it, and what the answer may say about the connection. */
export interface PollRequest {
  readonly method: string;
  /** The request target, query included. */
  readonly target: string;
  /** The size of the request head as received, reported back in X-Request-Bytes. */
  readonly requestBytes: number;
  /** Whether the connection stays open for the next request (HTTP/1.1 persistent connections). */
  readonly keepAlive: boolean;
}

/** An HTTP response, exactly as the server writes it. */
export interface HttpResponse {
  readonly status: number;
  readonly reason: string;
  /** Every header line, in order: the server adds none of its own. */
  readonly headers: HeaderList;
  readonly body: string;
}

export interface PollingFeed {
  /** When the feed started: tick n of a period happens n periods later. */
  readonly startedAt: number;
  /** The seq of the latest tick of this period that has happened by `now`. */
  lastSeq(every: number, now: number): number;
  /** The ticks a poll gets at `now`. */
  poll(query: PollQuery, now: number): PollAnswer;
  /** The whole HTTP answer to a request, at the clock's now. */
  respond(request: PollRequest): HttpResponse;
}

/** The bytes of an HTTP head: start line, `Name: value` lines, blank line. Heads are Latin-1, one byte a character. */
export function httpHeadLength(startLine: string, headers: HeaderList): number {
  let length = startLine.length + 2;
  for (const [name, value] of headers) length += name.length + 2 + value.length + 2;
  return length + 2;
}

/** The head's text, as it crosses the wire. */
export function httpHeadText(startLine: string, headers: HeaderList): string {
  return `${startLine}\r\n${headers.map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n`;
}

/** HTTP-date (RFC 9110 §5.6.7), as every server writes Date. */
function httpDate(now: number): string {
  return new Date(now).toUTCString();
}

const REASONS: Readonly<Record<number, string>> = { 200: 'OK', 400: 'Bad Request', 405: 'Method Not Allowed' };

/**
 * The response with every header the server sends. X-Request-Bytes and
 * X-Response-Bytes report the exchange's exact size (the page cannot read a
 * request's headers, and Resource Timing reports headers as a flat 300
 * bytes). X-Response-Bytes counts itself: its value is the fixed point where
 * the number of digits no longer changes the total.
 */
export function pollResponse(
  status: number,
  payload: PollAnswer | ErrorMessage,
  request: PollRequest,
  now: number,
): HttpResponse {
  const body = JSON.stringify(payload);
  const reason = REASONS[status] ?? '';
  const headers: HeaderList = [
    ['Content-Type', 'application/json; charset=utf-8'],
    ['Content-Length', String(utf8Length(body))],
    ['Cache-Control', 'no-store'],
    // Public, harmless data: any page may read it, and its sizes and timing.
    ['Access-Control-Allow-Origin', '*'],
    ['Access-Control-Expose-Headers', 'X-Request-Bytes, X-Response-Bytes'],
    ['Timing-Allow-Origin', '*'],
    ...(status === 405 ? ([['Allow', 'GET']] as HeaderList) : []),
    ['X-Request-Bytes', String(request.requestBytes)],
    ['Date', httpDate(now)],
    ['Connection', request.keepAlive ? 'keep-alive' : 'close'],
  ];
  const statusLine = `HTTP/1.1 ${status} ${reason}`;
  const fixed = httpHeadLength(statusLine, [...headers, ['X-Response-Bytes', '']]) + utf8Length(body);
  let total = fixed + 1;
  while (fixed + String(total).length !== total) total = fixed + String(total).length;
  headers.splice(headers.length - 2, 0, ['X-Response-Bytes', String(total)]);
  return { status, reason, headers, body };
}

interface Walk {
  readonly next: Feed;
  /** How many steps the walk has taken: the index of its latest value. */
  position: number;
  /** The data of the latest steps, oldest first. */
  readonly recent: TickMessage[];
}

/** The polling feed of one server, started at the clock's now. */
export function createPollingFeed(clock: Clock): PollingFeed {
  const startedAt = clock.now();
  const walks = new Map<string, Walk>();

  /** Tick `seq` of a topic and period: the walk's value at its place in the current round. */
  function tickAt(topic: TickerTopic, every: number, seq: number): TickMessage {
    const round = Math.floor((seq - 1) / WALK_LENGTH);
    const index = seq - round * WALK_LENGTH;
    const key = `${topic} ${every} ${round}`;
    let walk = walks.get(key);
    walks.delete(key);
    if (!walk || index <= walk.position - walk.recent.length) {
      walk = { next: createFeed(topic), position: 0, recent: [] };
    }
    walks.set(key, walk);
    if (walks.size > KEPT_WALKS) walks.delete(walks.keys().next().value!);
    while (walk.position < index) {
      walk.recent.push(walk.next(++walk.position, 0));
      if (walk.recent.length > MAX_TICKS) walk.recent.shift();
    }
    const step = walk.recent[walk.recent.length - 1 - (walk.position - index)]!;
    return { ...step, seq, sentAt: startedAt + seq * every };
  }

  const lastSeq = (every: number, now: number): number => Math.max(0, Math.floor((now - startedAt) / every));

  function poll(query: PollQuery, now: number): PollAnswer {
    const last = lastSeq(query.every, now);
    if (query.since === undefined) return { ticks: [], last };
    const ticks: TickMessage[] = [];
    for (let seq = Math.max(query.since + 1, last - MAX_TICKS + 1, 1); seq <= last; seq++) {
      ticks.push(tickAt(query.topic, query.every, seq));
    }
    return { ticks, last };
  }

  return {
    startedAt,
    lastSeq,
    poll,
    respond(request) {
      const now = clock.now();
      if (request.method !== 'GET') {
        const message = `${POLL_PATH} answers GET only; got ${request.method}`;
        return pollResponse(405, { type: 'error', message }, request, now);
      }
      const read = readPollQuery(parseTarget(request.target).query);
      if (!read.ok) return pollResponse(400, { type: 'error', message: read.reason }, request, now);
      return pollResponse(200, poll(read.value, now), request, now);
    },
  };
}
