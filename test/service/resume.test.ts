import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Session } from '../../src/service/peer.ts';
import {
  RESUME_CLOSE,
  RESUME_LIMITS,
  type ResumeServerMessage,
  type ResumeStreamMessage,
} from '../../src/service/resume-messages.ts';
import { createService } from '../../src/service/service.ts';
import { connect, refusal } from './helpers/connect.ts';
import { createFakeClock } from './helpers/fake-clock.ts';
import type { RecordingPeer } from './helpers/recording-peer.ts';

function setup() {
  const clock = createFakeClock(0);
  return { clock, service: createService({ clock }) };
}

type Setup = ReturnType<typeof setup>;

const messages = (peer: RecordingPeer) => peer.json() as ResumeServerMessage[];
const seqs = (peer: RecordingPeer) =>
  messages(peer).flatMap((message) => (message.type === 'item' ? [message.seq] : []));
const closes = (peer: RecordingPeer) => peer.actions.filter((action) => action.kind === 'close');

/** Starts a stream and returns its id with the first connection. */
function start({ service }: Setup, query = 'count=100&every=100') {
  const first = connect(service, `/resume?${query}`);
  const hello = messages(first.peer)[0] as ResumeStreamMessage;
  assert.equal(hello.type, 'stream');
  return { ...first, id: hello.stream };
}

/** The connection ends, as the wire reports it to the session. */
function lose(session: Session): void {
  session.closed(1006, '');
}

describe('/resume', () => {
  it('starts a stream with an unguessable id and sends numbered items at the rate asked, then ends', () => {
    const setup1 = setup();
    const { peer, id } = start(setup1, 'count=3&every=100');
    assert.match(id, /^[A-Za-z0-9_-]{22}$/);
    assert.deepEqual(messages(peer)[0], { type: 'stream', stream: id, count: 3, every: 100, last: 0 });
    setup1.clock.advance(99);
    assert.equal(seqs(peer).length, 0);
    setup1.clock.advance(201);
    assert.deepEqual(messages(peer).slice(1), [
      { type: 'item', seq: 1, at: 100 },
      { type: 'item', seq: 2, at: 200 },
      { type: 'item', seq: 3, at: 300 },
      { type: 'end', last: 3 },
    ]);
    assert.deepEqual(closes(peer), [{ kind: 'close', code: 1000, reason: 'the stream ended' }]);
    setup1.clock.advance(1000);
    assert.equal(seqs(peer).length, 3, 'nothing after the end');
  });

  it('gives every stream its own id', () => {
    const setup1 = setup();
    const ids = new Set(Array.from({ length: 20 }, () => start(setup1).id));
    assert.equal(ids.size, 20);
  });

  it('sends a naive reconnect only what is made after it: what was made meanwhile never arrives', () => {
    const setup1 = setup();
    const { peer, session, id } = start(setup1);
    setup1.clock.advance(500);
    lose(session);
    setup1.clock.advance(300);
    const again = connect(setup1.service, `/resume?stream=${id}`);
    assert.deepEqual(messages(again.peer), [{ type: 'stream', stream: id, count: 100, every: 100, last: 8 }]);
    setup1.clock.advance(200);
    assert.deepEqual(seqs(peer), [1, 2, 3, 4, 5]);
    assert.deepEqual(seqs(again.peer), [9, 10], 'items 6 to 8 are lost to this client');
  });

  it('replays every item after from, then goes on live, with none twice', () => {
    const setup1 = setup();
    const { peer, session, id } = start(setup1);
    setup1.clock.advance(500);
    lose(session);
    setup1.clock.advance(300);
    const again = connect(setup1.service, `/resume?stream=${id}&from=5`);
    setup1.clock.advance(200);
    assert.deepEqual([...seqs(peer), ...seqs(again.peer)], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const replayed = messages(again.peer).find((message) => message.type === 'item');
    assert.deepEqual(replayed, { type: 'item', seq: 6, at: 600 }, 'a replayed item keeps the time it was made');
    assert.deepEqual(again.peer.logs, [{ event: 'resume', fields: { from: 5, replayed: 3, missing: 0 } }]);
  });

  it('resumes with nothing to replay when from is the last item made', () => {
    const setup1 = setup();
    const { session, id } = start(setup1);
    setup1.clock.advance(300);
    lose(session);
    const again = connect(setup1.service, `/resume?stream=${id}&from=3`);
    assert.deepEqual(seqs(again.peer), []);
    setup1.clock.advance(100);
    assert.deepEqual(seqs(again.peer), [4]);
  });

  it('forgets what was acknowledged, and names the gap when asked to replay it', () => {
    const setup1 = setup();
    const { session, id } = start(setup1);
    setup1.clock.advance(600);
    session.message(JSON.stringify({ type: 'ack', seq: 4 }));
    lose(session);
    const again = connect(setup1.service, `/resume?stream=${id}&from=2`);
    const sent = messages(again.peer);
    assert.deepEqual(sent[1], {
      type: 'gap',
      after: 2,
      next: 5,
      missing: 2,
      message:
        'items 3 to 4 are no longer kept, so lost: the stream keeps the last 50 items, none older than 20 s, and forgets what was acknowledged',
    });
    assert.deepEqual(seqs(again.peer), [5, 6]);
  });

  it('keeps at most the last 50 items, even unacknowledged', () => {
    const setup1 = setup();
    const { session, id } = start(setup1, 'count=200&every=20');
    setup1.clock.advance(60 * 20);
    lose(session);
    const again = connect(setup1.service, `/resume?stream=${id}&from=0`);
    const gap = messages(again.peer).find((message) => message.type === 'gap');
    assert.deepEqual(gap && { next: gap.next, missing: gap.missing }, { next: 11, missing: 10 });
    assert.deepEqual(
      seqs(again.peer),
      Array.from({ length: RESUME_LIMITS.bufferMessages }, (_, i) => 11 + i),
    );
  });

  it('keeps no item older than 20 seconds', () => {
    const setup1 = setup();
    const { session, id } = start(setup1, 'count=100&every=1000');
    setup1.clock.advance(30_000);
    lose(session);
    const again = connect(setup1.service, `/resume?stream=${id}&from=1`);
    const gap = messages(again.peer).find((message) => message.type === 'gap');
    // At 30 s the oldest kept was made at 10 s: item 10.
    assert.deepEqual(gap && { after: gap.after, next: gap.next, missing: gap.missing }, {
      after: 1,
      next: 10,
      missing: 8,
    });
    assert.deepEqual(
      seqs(again.peer),
      Array.from({ length: 21 }, (_, i) => 10 + i),
    );
  });

  it('says when everything after from is gone, and goes on live', () => {
    const setup1 = setup();
    const { session, id } = start(setup1, 'count=100&every=1000');
    setup1.clock.advance(3000);
    session.message(JSON.stringify({ type: 'ack', seq: 3 }));
    lose(session);
    const again = connect(setup1.service, `/resume?stream=${id}&from=1`);
    const gap = messages(again.peer).find((message) => message.type === 'gap');
    assert.equal(gap?.type === 'gap' && gap.message.startsWith('items 2 to 3 are no longer kept'), true);
    assert.deepEqual(seqs(again.peer), []);
    setup1.clock.advance(1000);
    assert.deepEqual(seqs(again.peer), [4]);
  });

  it('replays the tail of a stream that ended while the client was away, then ends', () => {
    const setup1 = setup();
    const { session, id } = start(setup1, 'count=5&every=100');
    setup1.clock.advance(200);
    lose(session);
    setup1.clock.advance(1000);
    const again = connect(setup1.service, `/resume?stream=${id}&from=2`);
    assert.deepEqual(messages(again.peer).slice(1), [
      { type: 'item', seq: 3, at: 300 },
      { type: 'item', seq: 4, at: 400 },
      { type: 'item', seq: 5, at: 500 },
      { type: 'end', last: 5 },
    ]);
    assert.deepEqual(closes(again.peer), [{ kind: 'close', code: 1000, reason: 'the stream ended' }]);
  });

  it('lets one connection read a stream: a second one takes it over and the first is closed with 4001', () => {
    const setup1 = setup();
    const first = start(setup1);
    setup1.clock.advance(200);
    const second = connect(setup1.service, `/resume?stream=${first.id}&from=2`);
    assert.deepEqual(closes(first.peer), [
      { kind: 'close', code: RESUME_CLOSE.takenOver, reason: 'another connection resumed this stream' },
    ]);
    first.session.message(JSON.stringify({ type: 'ack', seq: 2 }));
    first.session.closed(4001, '');
    setup1.clock.advance(100);
    assert.deepEqual(seqs(first.peer), [1, 2]);
    assert.deepEqual(seqs(second.peer), [3]);
  });

  it('closes with 4404 and says why when the stream is unknown', () => {
    const { service } = setup();
    const { peer } = connect(service, '/resume?stream=AAAAAAAAAAAAAAAAAAAAAA&from=3');
    assert.deepEqual(messages(peer), [
      {
        type: 'error',
        message:
          'no stream AAAAAAAAAAAAAAAAAAAAAA here: a stream is forgotten 30 s after its last reader left (or it was never made on this server); start a new one',
      },
    ]);
    assert.deepEqual(closes(peer), [{ kind: 'close', code: RESUME_CLOSE.unknownStream, reason: 'unknown stream' }]);
  });

  it('forgets a stream 30 s after its last reader left, and keeps it while one reads', () => {
    const setup1 = setup();
    const { session, id } = start(setup1, 'count=1000&every=1000');
    setup1.clock.advance(60_000);
    lose(session);
    setup1.clock.advance(RESUME_LIMITS.idleMs - 1);
    const back = connect(setup1.service, `/resume?stream=${id}`);
    assert.equal(closes(back.peer).length, 0, 'still there');
    lose(back.session);
    setup1.clock.advance(RESUME_LIMITS.idleMs);
    const late = connect(setup1.service, `/resume?stream=${id}`);
    assert.equal(closes(late.peer)[0]?.kind === 'close' && closes(late.peer)[0]?.code, RESUME_CLOSE.unknownStream);
    assert.equal(setup1.clock.pending, 0, 'no timer left behind');
  });

  it('refuses a new stream past the limit with 503, and has room again once one is forgotten', () => {
    const setup1 = setup();
    const first = start(setup1, 'count=1&every=100');
    for (let i = 1; i < RESUME_LIMITS.streams; i++) start(setup1, 'count=1000&every=5000');
    assert.deepEqual(refusal(setup1.service, '/resume'), {
      status: 503,
      reason: '100 streams are alive, the most this server keeps; try again when one has ended',
    });
    setup1.clock.advance(100);
    lose(first.session);
    setup1.clock.advance(RESUME_LIMITS.idleMs);
    start(setup1);
  });

  it('refuses a malformed query with 400 and a reason that names the parameter', () => {
    const { service } = setup();
    const id = 'AAAAAAAAAAAAAAAAAAAAAA';
    const cases: [string, string][] = [
      ['/resume?from=3', 'from needs a stream: the 22-character id the stream sent in its first message'],
      ['/resume?stream=abc', 'stream must be the 22-character id the stream sent in its first message; got "abc"'],
      [
        `/resume?stream=${id}&from=-1`,
        'from must be a whole number from 0 to 1000; got -1 (the last seq the client has)',
      ],
      [
        `/resume?stream=${id}&from=1e3`,
        'from must be a whole number from 0 to 1000; got "1e3" (the last seq the client has)',
      ],
      [
        `/resume?stream=${id}&from=99999999999999999999999`,
        'from must be a whole number from 0 to 1000; got "99999999999999999999999" (the last seq the client has)',
      ],
      [
        `/resume?stream=${id}&count=5`,
        `count belongs to a new stream: stream ${id} keeps the count it was started with`,
      ],
      ['/resume?count=0', 'count must be a whole number of items from 1 to 1000; got 0'],
      ['/resume?count=1001', 'count must be a whole number of items from 1 to 1000; got 1001'],
      ['/resume?every=10', 'every must be a whole number of milliseconds from 20 to 5000; got 10'],
      ['/resume?every=fast', 'every must be a whole number of milliseconds from 20 to 5000; got "fast"'],
    ];
    for (const [target, reason] of cases) assert.deepEqual(refusal(service, target), { status: 400, reason }, target);
  });

  it('refuses a from ahead of the stream', () => {
    const setup1 = setup();
    const { id } = start(setup1);
    setup1.clock.advance(300);
    assert.deepEqual(refusal(setup1.service, `/resume?stream=${id}&from=4`), {
      status: 400,
      reason: `from=4 is ahead of stream ${id}: it has made items up to 3`,
    });
  });

  it('answers a message it does not understand with an error and stays open', () => {
    const setup1 = setup();
    const { peer, session } = start(setup1);
    setup1.clock.advance(200);
    peer.clear();
    session.message('ack 2');
    session.message(JSON.stringify({ type: 'ack', seq: 3 }));
    session.message(JSON.stringify({ type: 'ack', seq: 1.5 }));
    session.message(JSON.stringify({ type: 'nack', seq: 1 }));
    session.message(new Uint8Array([1]));
    const understands = '/resume understands {"type":"ack","seq":12} and {"type":"drop"}';
    assert.deepEqual(
      messages(peer).map((message) => message.type === 'error' && message.message),
      [
        `that message is not JSON; ${understands}`,
        '"seq" must be a whole number from 0 to 2, the last item sent; got 3',
        '"seq" must be a whole number from 0 to 2, the last item sent; got 1.5',
        `unknown message type "nack"; ${understands}`,
        `got a binary message of 1 bytes, but ${understands} as text`,
      ],
    );
    assert.equal(closes(peer).length, 0);
  });

  it('drops the connection with no close frame when asked', () => {
    const setup1 = setup();
    const { peer, session } = start(setup1);
    peer.clear();
    session.message(JSON.stringify({ type: 'drop' }));
    assert.deepEqual(peer.actions, [{ kind: 'drop' }]);
  });
});
