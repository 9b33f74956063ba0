/**
 * `GET /sse?topic=T&every=MS&events=N`: the polling feed's ticks as
 * Server-Sent Events (WHATWG HTML §9.2), the third lane of the first
 * lesson's race. One response the server keeps writing to: an opening
 * event, then each tick as it happens, its seq the event's id. A browser
 * that loses the stream reconnects by itself after the `retry:` time and
 * names the last id it had in Last-Event-ID (§9.2.4); the stream then
 * replays what the client missed, as far as the feed still keeps it.
 *
 * Written once against a Clock and the polling feed, so the live server
 * (server/sse.ts) and the page's EventSource stand-in
 * (src/transport/event-source-simulated.ts) send the same events.
 */
import type { HeaderList } from '../protocol/index.ts';
import type { TickerTopic } from './json-messages.ts';
import type { Cancel, Clock } from './peer.ts';
import {
  FEED_EVERY,
  FEED_SEQ,
  MAX_TICKS,
  pollResponse,
  type HttpResponse,
  type PollingFeed,
  type PollQuery,
} from './polling.ts';
import { readChoice, readInteger, readOptional, shown, type IntegerRule, type Read } from './query.ts';
import { parseTarget } from './target.ts';
import { TICKER_TOPICS } from './ticker-topics.ts';
import {
  OPENING_EVENT,
  openingText,
  SSE_PATH,
  streamHead,
  streamHeadBytes,
  tickText,
  type StreamOpening,
} from './sse-text.ts';

/** `events=N`: the server ends the response after N tick events, as a proxy that cuts long responses would. */
const EVENTS: IntegerRule = { min: 1, max: 1000 };

export interface SseQuery {
  readonly topic: TickerTopic;
  readonly every: number;
  /** How many tick events a response carries before the server ends it; undefined: no end. */
  readonly events: number | undefined;
}

/** Reads a stream's query; a bad parameter gives a reason in the words of the other endpoints. */
export function readSseQuery(target: string): Read<SseQuery> {
  const { query } = parseTarget(target);
  const topic = readChoice(query, 'topic', TICKER_TOPICS);
  if (!topic.ok) return topic;
  const every = readInteger(query, 'every', FEED_EVERY);
  if (!every.ok) return every;
  if (readOptional(query, 'events') === undefined) {
    return { ok: true, value: { topic: topic.value, every: every.value, events: undefined } };
  }
  const events = readInteger(query, 'events', EVENTS);
  if (!events.ok) return events;
  return { ok: true, value: { topic: topic.value, every: every.value, events: events.value } };
}

/** Where a stream resumes, and what the server says about it. */
export interface Resume {
  /** The last seq the client has: the stream sends the ticks after it. */
  readonly since: number;
  readonly missed: number;
  readonly resume: string;
}

/**
 * What the server does with a Last-Event-ID (§9.2.4) when the feed stands
 * at `last`. The ids it hands out are seqs, so anything else is a client's
 * own invention, and a seq ahead of the feed names a tick from before a
 * restart: both start afresh, from the next tick. A client away for longer
 * than the feed keeps (MAX_TICKS) gets the latest it keeps and is told how
 * many it lost.
 */
export function readLastEventId(raw: string | undefined, last: number): Resume {
  if (raw === undefined || raw === '') return { since: last, missed: 0, resume: 'a new stream: from the next tick' };
  const id = /^\d{1,10}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(id <= FEED_SEQ.max)) {
    return { since: last, missed: 0, resume: `Last-Event-ID ${shown(raw)} is not a tick number: from the next tick` };
  }
  if (id > last) {
    const resume = `Last-Event-ID ${id} is ahead of this feed (at ${last}), from before a restart: from the next tick`;
    return { since: last, missed: 0, resume };
  }
  const missed = Math.max(0, last - MAX_TICKS - id);
  if (missed > 0) {
    const resume =
      `resumed after ${id}: ticks ${id + 1} to ${id + missed} are older than the last ${MAX_TICKS} ` +
      `the server keeps and are lost; ${MAX_TICKS} replayed`;
    return { since: id, missed, resume };
  }
  return { since: id, missed: 0, resume: `resumed after ${id}: ${last - id} replayed` };
}

/** One request for a stream, as the server received it. */
export interface SseRequest {
  readonly method: string;
  /** The request target, query included. */
  readonly target: string;
  /** The size of the request head as received, reported in the opening event. */
  readonly requestBytes: number;
  /** The Last-Event-ID header, when the request carried one. */
  readonly lastEventId: string | undefined;
  /** Whether the connection may carry another request once the server ends this response. */
  readonly keepAlive: boolean;
}

/** Where a stream goes: the server's response, or the page's stand-in. */
export interface SseResponder {
  /** Takes a place for the open stream; a reason when the server has none left (503). */
  readonly hold?: () => string | undefined;
  /** A whole answer that is not a stream (400, 405, 503). */
  refuse(response: HttpResponse): void;
  /** The stream's head: status 200 and these header lines, exactly. */
  head(headers: HeaderList): void;
  /** One event's text. */
  write(text: string): void;
  /** The server ends the response (after `events=N`): the browser reconnects. */
  end(): void;
}

/**
 * Answers one request for a stream: refuses it, or opens it and keeps
 * writing ticks as they happen until `events` are sent or the returned
 * function is called (the client went away).
 */
export function openStream(feed: PollingFeed, clock: Clock, request: SseRequest, to: SseResponder): Cancel {
  const now = clock.now();
  const pollRequest = { ...request, keepAlive: false };
  if (request.method !== 'GET') {
    const message = `${SSE_PATH} answers GET only; got ${request.method}`;
    to.refuse(pollResponse(405, { type: 'error', message }, pollRequest, now));
    return () => {};
  }
  const read = readSseQuery(request.target);
  if (!read.ok) {
    to.refuse(pollResponse(400, { type: 'error', message: read.reason }, pollRequest, now));
    return () => {};
  }
  const refused = to.hold?.();
  if (refused !== undefined) {
    to.refuse(pollResponse(503, { type: 'error', message: refused }, pollRequest, now));
    return () => {};
  }
  const { topic, every, events } = read.value;
  const { since, missed, resume } = readLastEventId(request.lastEventId, feed.lastSeq(every, now));
  const query: PollQuery = { topic, every, since, wait: false };
  const replay = feed.poll(query, now).ticks;
  const headers = streamHead(now, request.keepAlive);
  const opening: StreamOpening = {
    type: OPENING_EVENT,
    requestBytes: request.requestBytes,
    headBytes: streamHeadBytes(headers),
    lastEventId: request.lastEventId === undefined ? null : request.lastEventId.slice(0, 40),
    replayed: replay.length,
    missed,
    resume,
  };
  let cursor = since;
  let sent = 0;
  let ended = false;
  let cancel: Cancel = () => {};
  /** Writes ticks until `events` is reached; true once the response is over. */
  const send = (ticks: typeof replay): boolean => {
    for (const tick of ticks) {
      to.write(tickText(tick));
      cursor = tick.seq;
      sent += 1;
      if (events !== undefined && sent >= events) {
        ended = true;
        to.end();
        return true;
      }
    }
    return false;
  };
  // Sleeps until the next tick is due; a timer that fires a little early just sleeps again.
  const sleep = (at: number): void => {
    const next = feed.startedAt + (feed.lastSeq(every, at) + 1) * every;
    cancel = clock.after(Math.max(1, next - at), wake);
  };
  const wake = (): void => {
    const at = clock.now();
    if (!send(feed.poll({ ...query, since: cursor }, at).ticks)) sleep(at);
  };

  to.head(headers);
  to.write(openingText(JSON.stringify(opening)));
  if (!send(replay)) sleep(now);
  return () => {
    if (ended) return;
    ended = true;
    cancel();
  };
}
