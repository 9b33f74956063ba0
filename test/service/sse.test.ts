import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HeaderList } from '../../src/protocol/index.ts';
import type { TickMessage } from '../../src/service/json-messages.ts';
import { createPollingFeed, httpHeadText, MAX_TICKS, type HttpResponse } from '../../src/service/polling.ts';
import {
  chunkBytes,
  eventText,
  openingText,
  SSE_RETRY_MS,
  STREAM_STATUS_LINE,
  tickText,
  type StreamOpening,
} from '../../src/service/sse-text.ts';
import { openStream, readLastEventId, type SseRequest } from '../../src/service/sse.ts';
import { createFakeClock, type FakeClock } from './helpers/fake-clock.ts';

/** One stream opened on a fake clock, and everything it wrote. */
function stream(clock: FakeClock, target: string, more: Partial<SseRequest> = {}, hold?: () => string | undefined) {
  const feed = createPollingFeed(clock);
  return { feed, ...open(feed, clock, target, more, hold) };
}

function open(
  feed: ReturnType<typeof createPollingFeed>,
  clock: FakeClock,
  target: string,
  more: Partial<SseRequest> = {},
  hold?: () => string | undefined,
) {
  const written: string[] = [];
  const refused: HttpResponse[] = [];
  let head: HeaderList | undefined;
  let ended = 0;
  const stop = openStream(
    feed,
    clock,
    { method: 'GET', target, requestBytes: 480, lastEventId: undefined, keepAlive: true, ...more },
    {
      ...(hold && { hold }),
      refuse: (response) => refused.push(response),
      head: (headers) => (head = headers),
      write: (text) => written.push(text),
      end: () => (ended += 1),
    },
  );
  const opening = (): StreamOpening => JSON.parse(/^data: (.*)$/m.exec(written[0]!)![1]!) as StreamOpening;
  const ticks = (): TickMessage[] => written.slice(1).map((text) => JSON.parse(/^data: (.*)$/m.exec(text)![1]!));
  return { written, refused, head: () => head, ended: () => ended, stop, opening, ticks };
}

describe('the event stream’s text', () => {
  it('writes an event as field lines with one space after the colon, ended by a blank line', () => {
    assert.equal(eventText({ id: '7', data: '{"a":1}' }), 'id: 7\ndata: {"a":1}\n\n');
    assert.equal(eventText({ retry: 2000, event: 'stream', data: 'x' }), 'retry: 2000\nevent: stream\ndata: x\n\n');
    assert.equal(eventText({ data: 'two\nlines' }), 'data: two\ndata: lines\n\n');
  });

  it('opens with the reconnection time and a named event; a tick’s id is its seq', () => {
    assert.equal(openingText('{}'), `retry: ${SSE_RETRY_MS}\nevent: stream\ndata: {}\n\n`);
    const tick: TickMessage = {
      type: 'tick',
      topic: 'prices',
      seq: 42,
      sentAt: 1000,
      data: { symbol: 'WSKT', price: 120.5, change: -0.25 },
    };
    assert.equal(tickText(tick), `id: 42\ndata: ${JSON.stringify(tick)}\n\n`);
  });

  it('counts an event as one chunk: size in hex, CRLF, the UTF-8 bytes, CRLF', () => {
    assert.equal(chunkBytes('data: x\n\n'), 1 + 2 + 9 + 2);
    const long = `data: ${'é'.repeat(10)}\n\n`; // 28 bytes: 0x1c
    assert.equal(chunkBytes(long), 2 + 2 + 28 + 2);
  });
});

describe('GET /sse on the service', () => {
  it('answers with the head the race needs, then an opening event that reports both heads’ sizes', () => {
    const clock = createFakeClock(Date.UTC(2024, 0, 2, 3, 4, 5));
    const { head, written, opening } = stream(clock, '/sse?topic=prices&every=500');
    assert.deepEqual(head(), [
      ['Content-Type', 'text/event-stream'],
      ['Cache-Control', 'no-store'],
      ['X-Accel-Buffering', 'no'],
      ['Access-Control-Allow-Origin', '*'],
      ['Transfer-Encoding', 'chunked'],
      ['Date', 'Tue, 02 Jan 2024 03:04:05 GMT'],
      ['Connection', 'keep-alive'],
    ]);
    assert.equal(written.length, 1);
    assert.match(written[0]!, new RegExp(`^retry: ${SSE_RETRY_MS}\nevent: stream\ndata: \\{.*\\}\n\n$`));
    assert.deepEqual(opening(), {
      type: 'stream',
      requestBytes: 480,
      headBytes: httpHeadText(STREAM_STATUS_LINE, head()!).length,
      lastEventId: null,
      replayed: 0,
      missed: 0,
      resume: 'a new stream: from the next tick',
    });
  });

  it('sends each tick as it happens, its seq as the event id, and nothing before its time', () => {
    const clock = createFakeClock(0);
    const { written, ticks } = stream(clock, '/sse?topic=scores&every=500');
    clock.advance(499);
    assert.equal(written.length, 1);
    clock.advance(1);
    clock.advance(1000);
    assert.deepEqual(
      ticks().map(({ seq, sentAt, topic }) => ({ seq, sentAt, topic })),
      [
        { seq: 1, sentAt: 500, topic: 'scores' },
        { seq: 2, sentAt: 1000, topic: 'scores' },
        { seq: 3, sentAt: 1500, topic: 'scores' },
      ],
    );
    assert.deepEqual(
      written.slice(1),
      ticks().map((tick) => tickText(tick)),
    );
  });

  it('sends the same ticks /poll serves, so every lane of the race watches one feed', () => {
    const clock = createFakeClock(0);
    const { feed, ticks } = stream(clock, '/sse?topic=prices&every=100');
    clock.advance(1000);
    const polled = feed.poll({ topic: 'prices', every: 100, since: 0, wait: false }, clock.now()).ticks;
    assert.deepEqual(ticks(), polled);
  });

  it('resumes after the Last-Event-ID a reconnecting browser sends, replaying what it missed', () => {
    const clock = createFakeClock(0);
    const feed = createPollingFeed(clock);
    const first = open(feed, clock, '/sse?topic=prices&every=100');
    clock.advance(400);
    first.stop();
    clock.advance(350);
    const again = open(feed, clock, '/sse?topic=prices&every=100', { lastEventId: '4' });
    assert.deepEqual(
      again.ticks().map((tick) => tick.seq),
      [5, 6, 7],
    );
    const { lastEventId, replayed, missed, resume } = again.opening();
    assert.deepEqual(
      { lastEventId, replayed, missed, resume },
      { lastEventId: '4', replayed: 3, missed: 0, resume: 'resumed after 4: 3 replayed' },
    );
    clock.advance(50);
    assert.deepEqual(
      again.ticks().map((tick) => tick.seq),
      [5, 6, 7, 8],
    );
    assert.deepEqual(
      [...first.ticks(), ...again.ticks()].map((tick) => tick.seq),
      [1, 2, 3, 4, 5, 6, 7, 8],
      'none lost, none twice',
    );
  });

  it(`says which ticks are lost when the client was away longer than the ${MAX_TICKS} the feed keeps`, () => {
    const clock = createFakeClock(0);
    const feed = createPollingFeed(clock);
    clock.advance(100 * 150);
    const { opening, ticks } = open(feed, clock, '/sse?topic=prices&every=100', { lastEventId: '10' });
    assert.equal(opening().missed, 40);
    assert.equal(opening().replayed, MAX_TICKS);
    assert.equal(
      opening().resume,
      `resumed after 10: ticks 11 to 50 are older than the last ${MAX_TICKS} the server keeps and are lost; ${MAX_TICKS} replayed`,
    );
    assert.equal(ticks()[0]!.seq, 51);
    assert.equal(ticks().at(-1)!.seq, 150);
  });

  it('starts afresh on a Last-Event-ID that is not one of its seqs, and says why', () => {
    const clock = createFakeClock(0);
    const feed = createPollingFeed(clock);
    clock.advance(1000);
    for (const [raw, resume] of [
      ['abc', 'Last-Event-ID "abc" is not a tick number: from the next tick'],
      ['-1', 'Last-Event-ID -1 is not a tick number: from the next tick'],
      ['1e3', 'Last-Event-ID "1e3" is not a tick number: from the next tick'],
      ['99999999999', 'Last-Event-ID 99999999999 is not a tick number: from the next tick'],
      ['4000000000', 'Last-Event-ID 4000000000 is not a tick number: from the next tick'],
      ['5000', 'Last-Event-ID 5000 is ahead of this feed (at 10), from before a restart: from the next tick'],
    ] as const) {
      const { opening, ticks, stop } = open(feed, clock, '/sse?topic=prices&every=100', { lastEventId: raw });
      assert.equal(opening().resume, resume, raw);
      assert.equal(opening().lastEventId, raw);
      assert.deepEqual(ticks(), [], `${raw}: nothing replayed`);
      stop();
    }
    const long = open(feed, clock, '/sse?topic=prices', { lastEventId: 'x'.repeat(5000) });
    assert.equal(long.opening().lastEventId, 'x'.repeat(40), 'a long header is echoed cut short');
    assert.match(long.opening().resume, /^Last-Event-ID "x{40}…" is not a tick number/);
  });

  it('reads Last-Event-ID on its own: an empty header is a new stream', () => {
    assert.deepEqual(readLastEventId('', 9), { since: 9, missed: 0, resume: 'a new stream: from the next tick' });
    assert.deepEqual(readLastEventId('9', 9), { since: 9, missed: 0, resume: 'resumed after 9: 0 replayed' });
  });

  it('ends the response after events=N, replayed ones included, and schedules nothing after', () => {
    const clock = createFakeClock(0);
    const feed = createPollingFeed(clock);
    clock.advance(1000);
    const { ended, ticks } = open(feed, clock, '/sse?topic=prices&every=100&events=3', { lastEventId: '8' });
    assert.equal(ended(), 0);
    clock.advance(100);
    assert.equal(ended(), 1);
    assert.deepEqual(
      ticks().map((tick) => tick.seq),
      [9, 10, 11],
    );
    assert.equal(clock.pending, 0);
    clock.advance(1000);
    assert.equal(ticks().length, 3);
  });

  it('stops writing once the client has gone', () => {
    const clock = createFakeClock(0);
    const { written, stop } = stream(clock, '/sse?topic=prices&every=100');
    clock.advance(200);
    stop();
    assert.equal(clock.pending, 0);
    clock.advance(1000);
    assert.equal(written.length, 3);
  });

  it('refuses a bad query with 400, another method with 405, and takes no place for either', () => {
    const clock = createFakeClock(0);
    let holds = 0;
    const hold = (): undefined => void (holds += 1);
    for (const [target, message] of [
      ['/sse', 'topic is required: one of scores, prices'],
      ['/sse?topic=prices&every=10', 'every must be a whole number of milliseconds from 50 to 60000; got 10'],
      ['/sse?topic=prices&events=0', 'events must be a whole number from 1 to 1000; got 0'],
      ['/sse?topic=prices&events=many', 'events must be a whole number from 1 to 1000; got "many"'],
    ] as const) {
      const { refused, written } = stream(clock, target, {}, hold);
      assert.equal(refused[0]!.status, 400, target);
      assert.equal(new Map(refused[0]!.headers).get('Access-Control-Allow-Origin'), '*');
      assert.deepEqual(JSON.parse(refused[0]!.body), { type: 'error', message });
      assert.deepEqual(written, []);
    }
    const post = stream(clock, '/sse?topic=prices', { method: 'POST' }, hold);
    assert.equal(post.refused[0]!.status, 405);
    assert.equal(holds, 0);
    assert.equal(clock.pending, 0);
  });

  it('holds one place while open, and refuses with 503 and the reason when there is none', () => {
    const clock = createFakeClock(0);
    let holds = 0;
    const open = stream(clock, '/sse?topic=prices', {}, () => void (holds += 1));
    assert.equal(holds, 1);
    assert.ok(open.head());
    const full = stream(clock, '/sse?topic=prices', {}, () => 'too many connections from 127.0.0.1');
    assert.equal(full.refused[0]!.status, 503);
    assert.deepEqual(JSON.parse(full.refused[0]!.body), {
      type: 'error',
      message: 'too many connections from 127.0.0.1',
    });
    assert.equal(full.head(), undefined);
  });
});
