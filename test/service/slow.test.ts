import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createService } from '../../src/service/service.ts';
import { OVERRUN_BYTES, type SlowReadReport } from '../../src/service/slow.ts';
import { admitNow, connect, handshake, refusal, settled } from './helpers/connect.ts';
import { createFakeClock } from './helpers/fake-clock.ts';
import { recordingPeer } from './helpers/recording-peer.ts';

function setup() {
  const clock = createFakeClock(0);
  return { clock, service: createService({ clock }) };
}

/** The reports a connection got, in order. */
function reports(sent: () => unknown[]): SlowReadReport[] {
  return sent() as SlowReadReport[];
}

/** A connection on a wire that can stop reading: every pause and resume is recorded, in order. */
function pausingConnection(service: ReturnType<typeof createService>, target: string) {
  const admission = settled(admitNow(service, target, handshake()));
  if (!admission.ok) assert.fail(`${target} was refused: ${admission.reason}`);
  const reading: string[] = [];
  const peer = Object.assign(recordingPeer(), {
    pauseReading: () => void reading.push('pause'),
    resumeReading: () => void reading.push('resume'),
  });
  const session = admission.open(peer);
  return { peer, session, reading };
}

describe('/slow', () => {
  it('reads what arrives at bytesPerSecond and reports it every half second', () => {
    const { clock, service } = setup();
    const { peer, session } = connect(service, '/slow?bytesPerSecond=2048');
    session.message(new Uint8Array(1500));
    session.message('é'.repeat(750)); // 1500 bytes of UTF-8: text counts by its bytes
    clock.advance(1000);
    assert.deepEqual(
      reports(() => peer.json()),
      [
        // 3000 bytes waiting is over a second's worth: the reader has stopped reading the connection.
        { type: 'slow-read', at: 500, bytesPerSecond: 2048, read: 1024, waiting: 1976, paused: true },
        { type: 'slow-read', at: 1000, bytesPerSecond: 2048, read: 2048, waiting: 952, paused: false },
      ],
    );
    clock.advance(1000);
    assert.deepEqual(
      reports(() => peer.json()).map(({ at, read, waiting }) => ({ at, read, waiting })),
      [
        { at: 500, read: 1024, waiting: 1976 },
        { at: 1000, read: 2048, waiting: 952 },
        { at: 1500, read: 3000, waiting: 0 },
        { at: 2000, read: 3000, waiting: 0 },
      ],
    );
  });

  it('banks no reading time while idle: a burst after a pause is still read at the rate', () => {
    const { clock, service } = setup();
    const { peer, session } = connect(service, '/slow?bytesPerSecond=1024');
    clock.advance(5000);
    peer.clear();
    session.message(new Uint8Array(4096));
    clock.advance(1000);
    assert.deepEqual(
      reports(() => peer.json()).map(({ read }) => read),
      [512, 1024],
    );
  });

  it('reads 16 KiB a second when bytesPerSecond is left out', () => {
    const { clock, service } = setup();
    const { peer } = connect(service, '/slow');
    clock.advance(500);
    assert.equal(reports(() => peer.json())[0]?.bytesPerSecond, 16 * 1024);
  });

  it('stops reading the connection once a second’s worth waits, and reads again when half of it is read', () => {
    const { clock, service } = setup();
    const { peer, session, reading } = pausingConnection(service, '/slow?bytesPerSecond=4096');
    session.message(new Uint8Array(3000));
    assert.deepEqual(reading, []);
    session.message(new Uint8Array(1096));
    assert.deepEqual(reading, ['pause']);
    // 4096 waiting, read at 4096 a second: down to 2048, half the window, after half a second.
    clock.advance(400);
    assert.deepEqual(reading, ['pause']);
    clock.advance(100);
    assert.deepEqual(reading, ['pause', 'resume']);
    assert.deepEqual(
      reports(() => peer.json()).map(({ waiting, paused }) => ({ waiting, paused })),
      [{ waiting: 2048, paused: false }],
    );
  });

  it('takes a message bigger than its window whole, and stops reading at once', () => {
    const { clock, service } = setup();
    const { peer, session, reading } = pausingConnection(service, '/slow?bytesPerSecond=1024');
    session.message(new Uint8Array(10_000));
    assert.deepEqual(reading, ['pause']);
    clock.advance(500);
    assert.deepEqual(reports(() => peer.json())[0], {
      type: 'slow-read',
      at: 500,
      bytesPerSecond: 1024,
      read: 512,
      waiting: 9488,
      paused: true,
    });
  });

  it('closes with 1008, holding no more, when a wire keeps handing over bytes after it was asked to stop', () => {
    const { clock, service } = setup();
    const { peer, session } = connect(service, '/slow?bytesPerSecond=1024');
    const limit = 1024 + OVERRUN_BYTES;
    for (let sent = 0; sent <= limit; sent += 64 * 1024) session.message(new Uint8Array(64 * 1024));
    assert.deepEqual(
      peer.actions.filter((action) => action.kind === 'close'),
      [{ kind: 'close', code: 1008, reason: `over ${limit} bytes arrived while the reader had stopped` }],
    );
    assert.equal(peer.logs[0]?.event, 'slow-overrun');
    assert.equal(clock.pending, 0);
    session.message(new Uint8Array(1));
    clock.advance(1000);
    assert.equal(peer.json().length, 0);
  });

  it('stops its timers when the connection closes', () => {
    const { clock, service } = setup();
    const { peer, session } = connect(service, '/slow?bytesPerSecond=1024');
    clock.advance(500);
    session.closed(1000, '');
    assert.equal(clock.pending, 0);
    clock.advance(5000);
    assert.equal(peer.json().length, 1);
  });

  it('refuses a rate out of bounds or not a whole number, saying the bounds', () => {
    const { service } = setup();
    const rule = 'bytesPerSecond must be a whole number of bytes per second from 1024 to 1048576';
    for (const [raw, shown] of [
      ['1023', '1023'],
      ['0', '0'],
      ['1048577', '1048577'],
      ['99999999999999999999999', '"99999999999999999999999"'],
      ['1e4', '"1e4"'],
      ['-5', '-5'],
      ['fast', '"fast"'],
      ['%20', '" "'],
    ]) {
      assert.deepEqual(refusal(service, `/slow?bytesPerSecond=${raw}`), {
        status: 400,
        reason: `${rule}; got ${shown}`,
      });
    }
  });

  it('admits the bounds themselves', () => {
    const { service } = setup();
    for (const rate of [1024, 1024 * 1024]) {
      assert.equal(admitNow(service, `/slow?bytesPerSecond=${rate}`).ok, true);
    }
  });
});
