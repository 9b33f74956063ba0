import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  FLOOD_CHUNK_BYTES,
  FLOOD_CHUNKS_PER_TICK,
  FLOOD_MESSAGE,
  FLOOD_TICK_MS,
  FLOOD_TOTAL_BYTES,
  LESSON_LIMITS,
} from '../../src/service/security-messages.ts';
import { createService } from '../../src/service/service.ts';
import { admitNow, connect, refusal } from './helpers/connect.ts';
import { createFakeClock } from './helpers/fake-clock.ts';
import { recordingPeer, type RecordingPeer } from './helpers/recording-peer.ts';

function setup() {
  const clock = createFakeClock();
  return { clock, service: createService({ clock }) };
}

const closes = (peer: RecordingPeer) => peer.actions.filter((action) => action.kind === 'close');

describe('/limited', () => {
  it('echoes text as text and binary as binary', () => {
    const { service } = setup();
    const { peer, session } = connect(service, '/limited?group=g1');
    session.message('hi');
    session.message(new Uint8Array([1, 2]));
    assert.deepEqual(peer.sent, ['hi', new Uint8Array([1, 2])]);
  });

  it('asks for a group', () => {
    const { service } = setup();
    assert.deepEqual(refusal(service, '/limited'), {
      status: 400,
      reason: 'group is required: 1 to 64 letters, digits, _ or -',
    });
    assert.deepEqual(refusal(service, '/limited?group=a%20b'), {
      status: 400,
      reason: 'group must be 1 to 64 letters, digits, _ or -; got "a b"',
    });
    assert.equal(refusal(service, `/limited?group=${'a'.repeat(65)}`).status, 400);
  });

  it('echoes a message of exactly the limit, and closes one byte over it with 1009', () => {
    const { service } = setup();
    const { peer, session } = connect(service, '/limited?group=size');
    session.message('x'.repeat(LESSON_LIMITS.maxMessageBytes));
    assert.equal(peer.sent.length, 1);
    peer.clear();
    // 513 two-byte characters: 1026 bytes, though only 513 characters.
    session.message('é'.repeat(513));
    assert.deepEqual(peer.actions, [
      { kind: 'log', event: 'too-big', fields: { size: 1026, limit: 1024 } },
      { kind: 'close', code: 1009, reason: 'message of 1026 bytes: the limit is 1024' },
    ]);
    session.message('late');
    assert.equal(peer.actions.length, 2);
  });

  it('counts binary bytes the same way', () => {
    const { service } = setup();
    const { peer, session } = connect(service, '/limited?group=size');
    session.message(new Uint8Array(1025));
    assert.deepEqual(closes(peer), [{ kind: 'close', code: 1009, reason: 'message of 1025 bytes: the limit is 1024' }]);
  });

  it('takes 5 messages a second and closes the 6th with 1008', () => {
    const { clock, service } = setup();
    const { peer, session } = connect(service, '/limited?group=rate');
    for (let second = 0; second < 3; second++) {
      for (let i = 0; i < 5; i++) session.message(`${second}.${i}`);
      clock.advance(1000);
    }
    assert.equal(peer.sent.length, 15);
    assert.deepEqual(closes(peer), []);
    for (let i = 0; i < 5; i++) {
      session.message(String(i));
      clock.advance(100);
    }
    session.message('one too many');
    assert.deepEqual(peer.actions.slice(-2), [
      { kind: 'log', event: 'rate-limited', fields: { limit: 5 } },
      { kind: 'close', code: 1008, reason: 'more than 5 messages in a second' },
    ]);
  });

  it('refuses a 4th connection in a group with 503, and takes one again after a close', () => {
    const { service } = setup();
    const open = [1, 2, 3].map(() => connect(service, '/limited?group=trio'));
    assert.deepEqual(refusal(service, '/limited?group=trio'), {
      status: 503,
      reason: 'group trio already has 3 connections open: 3 is the limit',
    });
    connect(service, '/limited?group=other');
    open[0].session.closed(1000, '');
    open[0].session.closed(1000, '');
    connect(service, '/limited?group=trio');
    assert.equal(refusal(service, '/limited?group=trio').status, 503);
  });

  it('closes with 1013 the loser of a race for the last place', () => {
    const { service } = setup();
    connect(service, '/limited?group=race');
    connect(service, '/limited?group=race');
    const a = admitNow(service, '/limited?group=race');
    const b = admitNow(service, '/limited?group=race');
    assert.ok(a.ok && b.ok);
    a.open(recordingPeer());
    const loser = recordingPeer();
    const session = b.open(loser);
    assert.deepEqual(loser.actions, [{ kind: 'close', code: 1013, reason: 'the group filled up; try again later' }]);
    session.closed(1013, '');
    assert.equal(refusal(service, '/limited?group=race').status, 503);
  });

  it('closes a slow reader with 1008 once more than 64 KiB wait for it', () => {
    const { clock, service } = setup();
    const { peer, session } = connect(service, '/limited?group=slow');
    session.message(FLOOD_MESSAGE);
    assert.equal(peer.sent.length, 0, 'the flood command is not echoed');
    clock.advance(FLOOD_TICK_MS);
    assert.equal(peer.sent.length, FLOOD_CHUNKS_PER_TICK);
    assert.ok(peer.sent.every((data) => data instanceof Uint8Array && data.length === FLOOD_CHUNK_BYTES));
    peer.bufferedAmount = LESSON_LIMITS.sendBufferBytes;
    clock.advance(FLOOD_TICK_MS);
    assert.deepEqual(closes(peer), [], 'exactly the limit is still allowed');
    peer.bufferedAmount = 70_000;
    peer.clear();
    clock.advance(FLOOD_TICK_MS);
    assert.deepEqual(peer.actions, [
      { kind: 'log', event: 'slow-reader', fields: { buffered: 70_000, limit: 65_536 } },
      { kind: 'close', code: 1008, reason: 'reading too slowly: over 65536 bytes waiting' },
    ]);
    assert.equal(clock.pending, 0);
  });

  it('stops a flood by itself after 64 MiB for a reader that keeps up', () => {
    const { clock, service } = setup();
    const { peer, session } = connect(service, '/limited?group=fast');
    session.message(FLOOD_MESSAGE);
    session.message(FLOOD_MESSAGE);
    const ticks = FLOOD_TOTAL_BYTES / FLOOD_CHUNK_BYTES / FLOOD_CHUNKS_PER_TICK;
    clock.advance(FLOOD_TICK_MS * (ticks + 2));
    const sent = peer.sent;
    assert.equal(sent.length, FLOOD_TOTAL_BYTES / FLOOD_CHUNK_BYTES + 1);
    assert.deepEqual(JSON.parse(String(sent.at(-1))), { type: 'flood-done', sent: FLOOD_TOTAL_BYTES });
    assert.equal(clock.pending, 0);
    assert.deepEqual(closes(peer), []);
    // A finished flood can be asked for again.
    session.message(FLOOD_MESSAGE);
    clock.advance(FLOOD_TICK_MS);
    assert.equal(peer.sent.length, sent.length + FLOOD_CHUNKS_PER_TICK);
  });
});
