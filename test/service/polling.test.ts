import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TickMessage } from '../../src/service/json-messages.ts';
import {
  createPollingFeed,
  httpHeadLength,
  httpHeadText,
  LONG_POLL_TIMEOUT_MS,
  MAX_TICKS,
  readPollQuery,
  WALK_LENGTH,
  type HttpResponse,
  type PollQuery,
  type PollRequest,
} from '../../src/service/polling.ts';
import { createService } from '../../src/service/service.ts';
import { parseTarget } from '../../src/service/target.ts';
import { connect } from './helpers/connect.ts';
import { createFakeClock } from './helpers/fake-clock.ts';

function query(target: string): PollQuery {
  const read = readPollQuery(parseTarget(target).query);
  if (!read.ok) assert.fail(`${target} was refused: ${read.reason}`);
  return read.value;
}

function reason(target: string): string {
  const read = readPollQuery(parseTarget(target).query);
  if (read.ok) assert.fail(`${target} was accepted`);
  return read.reason;
}

function request(target: string, method = 'GET'): PollRequest {
  return { method, target, requestBytes: 512, keepAlive: true };
}

describe('the polling feed', () => {
  it('has tick n happen n periods after the feed started, whether or not anyone asks', () => {
    const clock = createFakeClock(10_000);
    const feed = createPollingFeed(clock);
    assert.equal(feed.startedAt, 10_000);
    clock.advance(2999);
    assert.equal(feed.lastSeq(1000, clock.now()), 2);
    assert.deepEqual(
      feed.poll(query('/poll?topic=prices&every=1000&since=0'), clock.now()).ticks.map(({ seq, sentAt }) => ({
        seq,
        sentAt,
      })),
      [
        { seq: 1, sentAt: 11_000 },
        { seq: 2, sentAt: 12_000 },
      ],
    );
    clock.advance(1);
    assert.equal(feed.lastSeq(1000, clock.now()), 3);
    assert.equal(feed.lastSeq(250, clock.now()), 12);
  });

  it('answers a first poll without since with where the feed stands, and no ticks', () => {
    const clock = createFakeClock(0);
    const feed = createPollingFeed(clock);
    clock.advance(5500);
    assert.deepEqual(feed.poll(query('/poll?topic=scores'), clock.now()), { ticks: [], last: 5 });
  });

  it('returns only the ticks after since, oldest first, and none when nothing new happened', () => {
    const clock = createFakeClock(0);
    const feed = createPollingFeed(clock);
    clock.advance(1000);
    const answer = feed.poll(query('/poll?topic=prices&every=200&since=2'), clock.now());
    assert.deepEqual(
      answer.ticks.map((tick) => tick.seq),
      [3, 4, 5],
    );
    assert.equal(answer.last, 5);
    assert.deepEqual(feed.poll(query('/poll?topic=prices&every=200&since=5'), clock.now()), { ticks: [], last: 5 });
    // A cursor from a server that ran longer (before a restart) gets nothing, and the cursor to use now.
    assert.deepEqual(feed.poll(query('/poll?topic=prices&every=200&since=900'), clock.now()), { ticks: [], last: 5 });
  });

  it('serves ticks shaped like the ticker’s, carrying the ticker’s own data series from its start', () => {
    const clock = createFakeClock(0);
    const feed = createPollingFeed(clock);
    const service = createService({ clock });
    for (const topic of ['prices', 'scores']) {
      const { peer } = connect(service, `/ticker?topic=${topic}&every=100`);
      clock.advance(500);
      const pushed = peer.json() as TickMessage[];
      const polled = feed.poll(query(`/poll?topic=${topic}&every=100&since=0`), clock.now()).ticks.slice(0, 5);
      assert.deepEqual(
        polled.map(({ type, topic: t, seq, data }) => ({ type, topic: t, seq, data })),
        pushed.map(({ type, topic: t, seq, data }) => ({ type, topic: t, seq, data })),
      );
    }
  });

  it('gives every poller of a topic and period the same ticks, whenever they ask', () => {
    const clock = createFakeClock(0);
    const feed = createPollingFeed(clock);
    clock.advance(3000);
    const early = feed.poll(query('/poll?topic=prices&every=100&since=10'), clock.now()).ticks;
    clock.advance(3000);
    const late = feed.poll(query('/poll?topic=prices&every=100&since=0'), clock.now()).ticks;
    assert.deepEqual(early.slice(0, 20), late.slice(10, 30));
  });

  it('returns at most the latest MAX_TICKS ticks to a client that asks after a long silence', () => {
    const clock = createFakeClock(0);
    const feed = createPollingFeed(clock);
    clock.advance(50 * 1000);
    const { ticks, last } = feed.poll(query('/poll?topic=prices&every=50&since=0'), clock.now());
    assert.equal(last, 1000);
    assert.equal(ticks.length, MAX_TICKS);
    assert.equal(ticks[0]!.seq, 1000 - MAX_TICKS + 1);
    assert.equal(ticks.at(-1)!.seq, 1000);
  });

  it('starts the data walk over every WALK_LENGTH ticks, so no poll replays a long history', () => {
    const clock = createFakeClock(0);
    const feed = createPollingFeed(clock);
    clock.advance(50 * (WALK_LENGTH + 3));
    const round = feed.poll(query(`/poll?topic=scores&every=50&since=${WALK_LENGTH}`), clock.now()).ticks;
    const fresh = createPollingFeed(createFakeClock(0));
    const start = fresh.poll(query('/poll?topic=scores&every=50&since=0'), 150).ticks;
    assert.deepEqual(
      round.map((tick) => tick.seq),
      [WALK_LENGTH + 1, WALK_LENGTH + 2, WALK_LENGTH + 3],
    );
    assert.deepEqual(
      round.map((tick) => tick.data),
      start.map((tick) => tick.data),
    );
  });
});

describe('reading a poll’s query', () => {
  it('takes a topic, a period that defaults to a second and an optional cursor', () => {
    assert.deepEqual(query('/poll?topic=prices'), { topic: 'prices', every: 1000, since: undefined, wait: false });
    assert.deepEqual(query('/poll?topic=scores&every=250&since=17&trace=x'), {
      topic: 'scores',
      every: 250,
      since: 17,
      wait: false,
    });
    assert.deepEqual(query('/poll?topic=prices&since='), {
      topic: 'prices',
      every: 1000,
      since: undefined,
      wait: false,
    });
    assert.equal(query('/poll?topic=prices&wait=1').wait, true);
    assert.equal(query('/poll?topic=prices&wait=0').wait, false);
  });

  it('refuses a bad query with a reason that names the parameter, its limits and what it got', () => {
    assert.equal(reason('/poll'), 'topic is required: one of scores, prices');
    assert.equal(reason('/poll?topic=weather'), 'topic must be one of scores, prices; got "weather"');
    assert.equal(
      reason('/poll?topic=prices&every=10'),
      'every must be a whole number of milliseconds from 50 to 60000; got 10',
    );
    assert.equal(reason('/poll?topic=prices&since=-1'), 'since must be a whole number from 0 to 1000000000; got -1');
    assert.equal(
      reason('/poll?topic=prices&since=1e3'),
      'since must be a whole number from 0 to 1000000000; got "1e3"',
    );
    assert.equal(
      reason('/poll?topic=prices&wait=yes'),
      'wait must be 1 (hold the request until there is news) or 0; got "yes"',
    );
  });
});

describe('the poll’s HTTP answer', () => {
  it('writes the ticks as JSON with every header the server sends, and reports both sizes exactly', () => {
    const clock = createFakeClock(Date.UTC(2024, 0, 2, 3, 4, 5));
    const feed = createPollingFeed(clock);
    clock.advance(2000);
    const answer = feed.respond(request('/poll?topic=prices&every=1000&since=1'));
    assert.equal(answer.status, 200);
    assert.equal(answer.reason, 'OK');
    const body = JSON.parse(answer.body) as { ticks: TickMessage[]; last: number };
    assert.deepEqual(
      body.ticks.map((tick) => tick.seq),
      [2],
    );
    assert.equal(body.last, 2);
    const headers = new Map(answer.headers);
    assert.deepEqual(
      answer.headers.map(([name]) => name),
      [
        'Content-Type',
        'Content-Length',
        'Cache-Control',
        'Access-Control-Allow-Origin',
        'Access-Control-Expose-Headers',
        'Timing-Allow-Origin',
        'X-Request-Bytes',
        'X-Response-Bytes',
        'Date',
        'Connection',
      ],
    );
    assert.equal(headers.get('Content-Length'), String(Buffer.byteLength(answer.body)));
    assert.equal(headers.get('Date'), 'Tue, 02 Jan 2024 03:04:07 GMT');
    assert.equal(headers.get('Connection'), 'keep-alive');
    assert.equal(headers.get('X-Request-Bytes'), '512');
    const wire = httpHeadText('HTTP/1.1 200 OK', answer.headers) + answer.body;
    assert.equal(headers.get('X-Response-Bytes'), String(Buffer.byteLength(wire, 'latin1')));
  });

  it('counts its own digits in X-Response-Bytes, even where the total gains a digit', () => {
    const clock = createFakeClock(0);
    const feed = createPollingFeed(clock);
    for (let ms = 0; ms < 40_000; ms += 1000) {
      clock.advance(1000);
      for (const since of [0, 5, 30]) {
        const answer = feed.respond(request(`/poll?topic=scores&every=50&since=${since}`));
        const wire = httpHeadText(`HTTP/1.1 ${answer.status} ${answer.reason}`, answer.headers) + answer.body;
        assert.equal(new Map(answer.headers).get('X-Response-Bytes'), String(Buffer.byteLength(wire)));
      }
    }
  });

  it('answers a bad query with 400 and the reason as a JSON error', () => {
    const feed = createPollingFeed(createFakeClock(0));
    const answer = feed.respond({ ...request('/poll?topic=weather'), keepAlive: false });
    assert.equal(answer.status, 400);
    assert.equal(answer.reason, 'Bad Request');
    assert.deepEqual(JSON.parse(answer.body), {
      type: 'error',
      message: 'topic must be one of scores, prices; got "weather"',
    });
    assert.equal(new Map(answer.headers).get('Connection'), 'close');
  });

  it('answers anything but GET with 405 and Allow: GET', () => {
    const answer = createPollingFeed(createFakeClock(0)).respond(request('/poll?topic=prices', 'POST'));
    assert.equal(answer.status, 405);
    assert.equal(new Map(answer.headers).get('Allow'), 'GET');
    assert.deepEqual(JSON.parse(answer.body), { type: 'error', message: '/poll answers GET only; got POST' });
  });

  it('counts an HTTP head as its start line, its header lines and the blank line', () => {
    const headers: [string, string][] = [
      ['Host', 'localhost:8080'],
      ['Accept', '*/*'],
    ];
    const text = httpHeadText('GET /poll?topic=prices HTTP/1.1', headers);
    assert.equal(text, 'GET /poll?topic=prices HTTP/1.1\r\nHost: localhost:8080\r\nAccept: */*\r\n\r\n');
    assert.equal(httpHeadLength('GET /poll?topic=prices HTTP/1.1', headers), text.length);
  });
});

/** A poll handed to the feed, and what became of it. */
function longPoll(feed: ReturnType<typeof createPollingFeed>, target: string, hold?: () => string | undefined) {
  const answers: HttpResponse[] = [];
  let holds = 0;
  const forget = feed.handle(request(target), {
    hold: () => {
      holds += 1;
      return hold?.();
    },
    reply: (answer) => answers.push(answer),
  });
  const body = (): { ticks: TickMessage[]; last: number } => JSON.parse(answers[0]!.body);
  return { answers, forget, body, holds: () => holds };
}

describe('long polling (wait=1)', () => {
  it('holds a poll with no news, takes a place for it, and answers on the next tick with that tick', () => {
    const clock = createFakeClock(0);
    const feed = createPollingFeed(clock);
    clock.advance(2500);
    const poll = longPoll(feed, '/poll?topic=prices&every=1000&since=2&wait=1');
    assert.equal(poll.answers.length, 0, 'held');
    assert.equal(poll.holds(), 1, 'a held poll takes one place');
    clock.advance(499);
    assert.equal(poll.answers.length, 0, 'still held just before the tick');
    clock.advance(1);
    assert.equal(poll.answers.length, 1);
    assert.equal(poll.answers[0]!.status, 200);
    assert.deepEqual(
      poll.body().ticks.map(({ seq, sentAt }) => ({ seq, sentAt })),
      [{ seq: 3, sentAt: 3000 }],
    );
    assert.equal(poll.body().last, 3);
    assert.equal(clock.pending, 0, 'nothing left scheduled');
  });

  it('answers at once, taking no place, when there is news already', () => {
    const clock = createFakeClock(0);
    const feed = createPollingFeed(clock);
    clock.advance(3000);
    const poll = longPoll(feed, '/poll?topic=prices&every=1000&since=1&wait=1');
    assert.deepEqual(
      poll.body().ticks.map((tick) => tick.seq),
      [2, 3],
    );
    assert.equal(poll.holds(), 0);
  });

  it('waits for the next tick when a first long poll names no cursor', () => {
    const clock = createFakeClock(0);
    const feed = createPollingFeed(clock);
    clock.advance(5200);
    const poll = longPoll(feed, '/poll?topic=scores&every=1000&wait=1');
    assert.equal(poll.answers.length, 0);
    clock.advance(800);
    assert.deepEqual(
      poll.body().ticks.map((tick) => tick.seq),
      [6],
    );
  });

  it(`answers empty after ${LONG_POLL_TIMEOUT_MS / 1000} s when the next tick is further off`, () => {
    const clock = createFakeClock(0);
    const feed = createPollingFeed(clock);
    clock.advance(60_000);
    const poll = longPoll(feed, '/poll?topic=prices&every=60000&since=1&wait=1');
    clock.advance(LONG_POLL_TIMEOUT_MS - 1);
    assert.equal(poll.answers.length, 0);
    clock.advance(1);
    assert.equal(poll.answers[0]!.status, 200);
    assert.deepEqual(poll.body(), { ticks: [], last: 1 });
    assert.equal(clock.pending, 0);
  });

  it('answers at once a cursor from before a restart (ahead of the feed), with the cursor to use now', () => {
    const clock = createFakeClock(0);
    const feed = createPollingFeed(clock);
    clock.advance(4000);
    const poll = longPoll(feed, '/poll?topic=prices&every=1000&since=900&wait=1');
    assert.deepEqual(poll.body(), { ticks: [], last: 4 });
    assert.equal(poll.holds(), 0);
  });

  it('refuses with 503 and the reason when the server has no place left for a held poll', () => {
    const clock = createFakeClock(0);
    const feed = createPollingFeed(clock);
    clock.advance(1500);
    const poll = longPoll(feed, '/poll?topic=prices&every=1000&since=1&wait=1', () => 'the server is full');
    assert.equal(poll.answers[0]!.status, 503);
    assert.equal(poll.answers[0]!.reason, 'Service Unavailable');
    assert.equal(new Map(poll.answers[0]!.headers).get('Retry-After'), '30');
    assert.deepEqual(JSON.parse(poll.answers[0]!.body), { type: 'error', message: 'the server is full' });
    assert.equal(clock.pending, 0, 'nothing held');
  });

  it('refuses a bad query with 400 at once, held or not', () => {
    const feed = createPollingFeed(createFakeClock(0));
    for (const target of [
      '/poll?topic=prices&wait=2',
      '/poll?topic=weather&wait=1',
      '/poll?topic=prices&every=1&wait=1',
    ]) {
      const poll = longPoll(feed, target);
      assert.equal(poll.answers[0]!.status, 400, target);
      assert.equal(poll.holds(), 0);
    }
  });

  it('forgets a held poll whose client left: no answer, no timer', () => {
    const clock = createFakeClock(0);
    const feed = createPollingFeed(clock);
    clock.advance(1500);
    const poll = longPoll(feed, '/poll?topic=prices&every=1000&since=1&wait=1');
    assert.equal(clock.pending, 1);
    poll.forget();
    assert.equal(clock.pending, 0);
    clock.advance(5000);
    assert.equal(poll.answers.length, 0);
  });

  it('answers a short poll at once through the same door, news or not', () => {
    const clock = createFakeClock(0);
    const feed = createPollingFeed(clock);
    clock.advance(1500);
    const poll = longPoll(feed, '/poll?topic=prices&every=1000&since=1');
    assert.deepEqual(poll.body(), { ticks: [], last: 1 });
    assert.equal(poll.holds(), 0);
  });
});
