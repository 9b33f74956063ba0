import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createService } from '../../src/service/service.ts';
import { connect, refusal } from './helpers/connect.ts';
import { createFakeClock } from './helpers/fake-clock.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

function setup() {
  const clock = createFakeClock(0);
  return { clock, service: createService({ clock }) };
}

describe('/ping', () => {
  it('pings every MS with the ping\u2019s number as its payload', () => {
    const { clock, service } = setup();
    const { peer } = connect(service, '/ping?every=250');
    clock.advance(750);
    assert.deepEqual(peer.actions, [
      { kind: 'ping', payload: bytes('1') },
      { kind: 'ping', payload: bytes('2') },
      { kind: 'ping', payload: bytes('3') },
    ]);
  });

  it('reports each pong with its number and the round-trip time', () => {
    const { clock, service } = setup();
    const { peer, session } = connect(service, '/ping?every=1000');
    clock.advance(1000);
    clock.advance(37);
    session.pong?.(bytes('1'));
    clock.advance(963 + 5);
    session.pong?.(bytes('2'));
    assert.deepEqual(peer.json(), [
      { type: 'pong', seq: 1, rttMs: 37 },
      { type: 'pong', seq: 2, rttMs: 5 },
    ]);
  });

  it('ignores a pong that answers no ping of ours, or one already answered', () => {
    const { clock, service } = setup();
    const { peer, session } = connect(service, '/ping?every=1000');
    clock.advance(3000);
    session.pong?.(bytes('3'));
    session.pong?.(bytes('3'));
    // §5.5.3: answering only the latest ping answers the earlier ones too.
    session.pong?.(bytes('1'));
    session.pong?.(bytes('heartbeat'));
    session.pong?.(new Uint8Array(0));
    session.pong?.(bytes('99'));
    assert.deepEqual(peer.json(), [{ type: 'pong', seq: 3, rttMs: 0 }]);
  });

  it('forgets the oldest pings a client never answers', () => {
    const { clock, service } = setup();
    const { peer, session } = connect(service, '/ping?every=100');
    clock.advance(100 * 20);
    session.pong?.(bytes('4'));
    session.pong?.(bytes('5'));
    assert.deepEqual(peer.json(), [{ type: 'pong', seq: 5, rttMs: 1500 }]);
  });

  it('echoes messages, text and binary', () => {
    const { service } = setup();
    const { peer, session } = connect(service, '/ping');
    session.message('hi');
    session.message(new Uint8Array([7]));
    assert.deepEqual(peer.sent, ['hi', new Uint8Array([7])]);
  });

  it('pings once a second when every is left out, and stops when the connection closes', () => {
    const { clock, service } = setup();
    const { peer, session } = connect(service, '/ping');
    clock.advance(2000);
    session.closed(1000, '');
    assert.equal(clock.pending, 0);
    clock.advance(5000);
    assert.equal(peer.actions.length, 2);
  });

  it('refuses an every out of 100 to 60000 or not a whole number with 400', () => {
    const { service } = setup();
    for (const every of ['1', '99', '60001', 'often']) {
      const shown = /^\d+$/.test(every) ? every : JSON.stringify(every);
      assert.deepEqual(refusal(service, `/ping?every=${every}`), {
        status: 400,
        reason: `every must be a whole number of milliseconds from 100 to 60000; got ${shown}`,
      });
    }
  });
});
