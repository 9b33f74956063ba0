import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createService } from '../../src/service/service.ts';
import { connect, refusal } from './helpers/connect.ts';
import { createFakeClock } from './helpers/fake-clock.ts';

function setup() {
  const clock = createFakeClock(0);
  return { clock, service: createService({ clock }) };
}

describe('/close', () => {
  it('closes with the code and reason asked for after MS, echoing until then', () => {
    const { clock, service } = setup();
    const { peer, session } = connect(service, '/close?code=4000&reason=bye%20now&after=1500');
    clock.advance(1499);
    session.message('still there?');
    assert.deepEqual(peer.actions, [{ kind: 'send', data: 'still there?', fragments: undefined }]);
    clock.advance(1);
    assert.deepEqual(peer.actions.at(-1), { kind: 'close', code: 4000, reason: 'bye now' });
    session.closed(4000, 'bye now');
    assert.equal(clock.pending, 0);
  });

  it('closes at once, with a close frame that carries no code, when nothing is asked', () => {
    const { clock, service } = setup();
    const { peer } = connect(service, '/close');
    // Through the clock even for 0 ms: the wire has finished opening when the close comes.
    assert.deepEqual(peer.actions, []);
    clock.advance(0);
    assert.deepEqual(peer.actions, [{ kind: 'close', code: undefined, reason: undefined }]);
  });

  it('closes with a code and no reason', () => {
    const { clock, service } = setup();
    const { peer } = connect(service, '/close?code=1001');
    clock.advance(0);
    assert.deepEqual(peer.actions, [{ kind: 'close', code: 1001, reason: undefined }]);
  });

  it('drops the connection with no close frame when abrupt=1', () => {
    const { clock, service } = setup();
    const { peer } = connect(service, '/close?abrupt=1&after=200');
    clock.advance(200);
    assert.deepEqual(peer.actions, [{ kind: 'drop' }]);
  });

  it('does nothing once the client closed first', () => {
    const { clock, service } = setup();
    const { peer, session } = connect(service, '/close?code=1000&after=5000');
    session.closed(1000, '');
    assert.equal(clock.pending, 0);
    clock.advance(10_000);
    assert.deepEqual(peer.actions, []);
  });

  it('accepts every code a server may send and a reason of exactly 123 bytes', () => {
    const { service } = setup();
    for (const code of [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4999]) {
      connect(service, `/close?code=${code}`);
    }
    connect(service, `/close?code=1000&reason=${'é'.repeat(61)}x`);
    connect(service, '/close?code=4000&abrupt=0');
    connect(service, '/close?after=60000');
  });

  it('refuses codes no server may send, naming what the code means', () => {
    const { service } = setup();
    const sendable = '1000-1003, 1007-1014 or 3000-4999 (§7.4)';
    const cases: [string, string][] = [
      [
        '1004',
        `code 1004 (Reserved) cannot be sent: Reserved: a meaning may be defined in the future. Never sent. A server may send ${sendable}.`,
      ],
      [
        '1005',
        `code 1005 (No Status Received) cannot be sent: Reported locally when the Close frame carried no code. Never sent. A server may send ${sendable}.`,
      ],
      [
        '1006',
        `code 1006 (Abnormal Closure) cannot be sent: Reported locally when the connection ended without a Close frame, or never opened. A browser reports every failure to connect this way, a failed TLS handshake included. Never sent. A server may send ${sendable}.`,
      ],
      [
        '1015',
        `code 1015 (TLS Handshake) cannot be sent: Reported locally by a client outside the browser when the TLS handshake failed (say, a bad certificate). Never sent, and never reported by a browser: its page sees 1006. A server may send ${sendable}.`,
      ],
      [
        '999',
        `code 999 (Not used) cannot be sent: Codes below 1000 are not used as close codes. A server may send ${sendable}.`,
      ],
      [
        '2000',
        `code 2000 (Reserved for the protocol) cannot be sent: Reserved for future revisions of the protocol and its extensions. A server may send ${sendable}.`,
      ],
      ['5000', `code must be a close code a server may send, ${sendable}; got 5000`],
      ['abc', `code must be a close code a server may send, ${sendable}; got "abc"`],
      ['1000.5', `code must be a close code a server may send, ${sendable}; got "1000.5"`],
    ];
    for (const [code, reason] of cases) {
      assert.deepEqual(refusal(service, `/close?code=${code}`), { status: 400, reason }, code);
    }
  });

  it('refuses a reason over 123 bytes, a reason without a code and abrupt with either', () => {
    const { service } = setup();
    const cases: [string, string][] = [
      [
        `/close?code=1000&reason=${'é'.repeat(62)}`,
        'reason must be at most 123 bytes of UTF-8 (a close frame carries at most 125, 2 of them the code, §5.5); got 124 bytes',
      ],
      ['/close?reason=bye', 'reason needs a code: in a close frame the reason follows the two-byte code (§5.5.1)'],
      [
        '/close?abrupt=1&code=4000',
        'abrupt=1 drops the connection with no close frame, so it cannot carry a code or reason; leave them out',
      ],
      ['/close?abrupt=yes', 'abrupt must be 1 (drop the connection with no close frame) or 0; got "yes"'],
      ['/close?after=60001', 'after must be a whole number of milliseconds from 0 to 60000; got 60001'],
      ['/close?after=soon', 'after must be a whole number of milliseconds from 0 to 60000; got "soon"'],
    ];
    for (const [target, reason] of cases) assert.deepEqual(refusal(service, target), { status: 400, reason }, target);
  });

  it('shows a long bad value cut short in the reason', () => {
    const { service } = setup();
    const { reason } = refusal(service, `/close?after=${'x'.repeat(500)}`);
    assert.equal(reason, `after must be a whole number of milliseconds from 0 to 60000; got "${'x'.repeat(40)}…"`);
  });
});
