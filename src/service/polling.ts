/**
 * `GET /poll?topic=T&every=MS&since=SEQ&wait=1`: the ticker's updates for a
 * client that asks instead of listening, the polling lanes of the first
 * lesson's race. With `wait=1` (long polling) the server holds a request that
 * has no news until the next tick or LONG_POLL_TIMEOUT_MS. Plain HTTP, so it lives beside the WebSocket endpoints
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
import type { Cancel, Clock } from './peer.ts';
import { readChoice, readInteger, readOptional, shown, type IntegerRule, type Query, type Read } from './query.ts';
import { parseTarget } from './target.ts';
import { createFeed, TICKER_TOPICS, type Feed } from './ticker-topics.ts';

export const POLL_PATH = '/poll';

/** The ticker's own limits, so every lane of the race can run at the same rate. */
export const FEED_EVERY: IntegerRule = { min: 50, max: 60_000, of: 'milliseconds', fallback: 1000 };
/** About 1.6 years of ticks at the fastest rate: room enough for any cursor this server hands out. */
export const FEED_SEQ: IntegerRule = { min: 0, max: 1_000_000_000 };

/**
 * How long a long poll is held with no news before it is answered empty: under
 * the idle timeouts of common proxies (nginx's proxy_read_timeout is 60 s by
 * default), so no proxy cuts a held request first.
 */
export const LONG_POLL_TIMEOUT_MS = 25_000;

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
  /**
   * The last seq the client has. Absent on a first poll: a short one only
   * learns where the feed stands, a long one waits for the next tick.
   */
  readonly since: number | undefined;
  /** `wait=1`: hold the request until there is news (long polling). */
  readonly wait: boolean;
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
  const every = readInteger(query, 'every', FEED_EVERY);
  if (!every.ok) return every;
  const waitText = readOptional(query, 'wait') ?? '0';
  if (waitText !== '0' && waitText !== '1') {
    return { ok: false, reason: `wait must be 1 (hold the request until there is news) or 0; got ${shown(waitText)}` };
  }
  const value = { topic: topic.value, every: every.value, wait: waitText === '1' };
  if (readOptional(query, 'since') === undefined) return { ok: true, value: { ...value, since: undefined } };
  const since = readInteger(query, 'since', FEED_SEQ);
  if (!since.ok) return since;
  return { ok: true, value: { ...value, since: since.value } };
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

/** Where a poll's answer goes, now or once a held poll has news. */
export interface PollReplyTo {
  /**
   * Takes a place for a poll about to be held (a held request is an open
   * connection); a reason when the server has none left, which the client
   * gets as 503.
   */
  readonly hold?: () => string | undefined;
  /** The answer, called once. */
  readonly reply: (response: HttpResponse) => void;
}

export interface PollingFeed {
  /** When the feed started: tick n of a period happens n periods later. */
  readonly startedAt: number;
  /** The seq of the latest tick of this period that has happened by `now`. */
  lastSeq(every: number, now: number): number;
  /** The ticks a poll gets at `now`. */
  poll(query: PollQuery, now: number): PollAnswer;
  /** The whole HTTP answer to a request at the clock's now, whether or not it asks to wait. */
  respond(request: PollRequest): HttpResponse;
  /**
   * Answers a request at once, or holds a long poll with no news until the
   * next tick or LONG_POLL_TIMEOUT_MS. The returned function forgets a held
   * poll whose client went away.
   */
  handle(request: PollRequest, to: PollReplyTo): Cancel;
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
export function httpDate(now: number): string {
  return new Date(now).toUTCString();
}

const REASONS: Readonly<Record<number, string>> = {
  200: 'OK',
  400: 'Bad Request',
  405: 'Method Not Allowed',
  503: 'Service Unavailable',
};

/** When a client refused for want of room may try again, as the WebSocket handshake's 503 says too. */
const RETRY_AFTER_SECONDS = 30;

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
    ...(status === 503 ? ([['Retry-After', String(RETRY_AFTER_SECONDS)]] as HeaderList) : []),
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

type Checked = { readonly ok: true; readonly query: PollQuery } | { readonly ok: false; readonly answer: HttpResponse };

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

  /** The query of a request that may be answered, or the error answer it gets instead. */
  function check(request: PollRequest, now: number): Checked {
    if (request.method !== 'GET') {
      const message = `${POLL_PATH} answers GET only; got ${request.method}`;
      return { ok: false, answer: pollResponse(405, { type: 'error', message }, request, now) };
    }
    const read = readPollQuery(parseTarget(request.target).query);
    if (read.ok) return { ok: true, query: read.value };
    return { ok: false, answer: pollResponse(400, { type: 'error', message: read.reason }, request, now) };
  }

  function respond(request: PollRequest): HttpResponse {
    const now = clock.now();
    const checked = check(request, now);
    return checked.ok ? pollResponse(200, poll(checked.query, now), request, now) : checked.answer;
  }

  function handle(request: PollRequest, to: PollReplyTo): Cancel {
    const now = clock.now();
    const checked = check(request, now);
    if (!checked.ok) {
      to.reply(checked.answer);
      return () => {};
    }
    const { query } = checked;
    const last = lastSeq(query.every, now);
    // A cursor ahead of the feed comes from before a restart: answered at once, with the cursor to use now.
    if (!query.wait || (query.since ?? 0) > last) {
      to.reply(pollResponse(200, poll(query, now), request, now));
      return () => {};
    }
    const waiting = { ...query, since: query.since ?? last };
    const ready = poll(waiting, now);
    if (ready.ticks.length > 0) {
      to.reply(pollResponse(200, ready, request, now));
      return () => {};
    }
    const refused = to.hold?.();
    if (refused !== undefined) {
      to.reply(pollResponse(503, { type: 'error', message: refused }, request, now));
      return () => {};
    }
    const deadline = now + LONG_POLL_TIMEOUT_MS;
    let cancel: Cancel = () => {};
    let done = false;
    // Sleeps until the next tick is due (or the deadline); a timer that fires a little early just sleeps again.
    const sleep = (at: number): void => {
      const next = startedAt + (lastSeq(waiting.every, at) + 1) * waiting.every;
      cancel = clock.after(Math.max(1, Math.min(next, deadline) - at), wake);
    };
    const wake = (): void => {
      const at = clock.now();
      const answer = poll(waiting, at);
      if (answer.ticks.length === 0 && at < deadline) return sleep(at);
      done = true;
      to.reply(pollResponse(200, answer, request, at));
    };
    sleep(now);
    return () => {
      if (done) return;
      done = true;
      cancel();
    };
  }

  return { startedAt, lastSeq, poll, respond, handle };
}
