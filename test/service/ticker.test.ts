import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TickMessage } from '../../src/service/json-messages.ts';
import { createService } from '../../src/service/service.ts';
import { connect, refusal } from './helpers/connect.ts';
import { createFakeClock } from './helpers/fake-clock.ts';

function setup() {
  const clock = createFakeClock(0);
  return { clock, service: createService({ clock }) };
}

function ticks(messages: unknown[]): TickMessage[] {
  return messages.filter((message): message is TickMessage => (message as { type: string }).type === 'tick');
}

const UNDERSTANDS = '/ticker understands {"type":"pause"}, {"type":"resume"} and {"type":"rate","every":1000}';

describe('/ticker', () => {
  it('pushes a tick every MS with a sequence number and the time it was sent', () => {
    const { clock, service } = setup();
    const { peer } = connect(service, '/ticker?topic=prices&every=200');
    clock.advance(199);
    assert.deepEqual(peer.sent, []);
    clock.advance(401);
    const sent = ticks(peer.json());
    assert.deepEqual(
      sent.map(({ type, topic, seq, sentAt }) => ({ type, topic, seq, sentAt })),
      [
        { type: 'tick', topic: 'prices', seq: 1, sentAt: 200 },
        { type: 'tick', topic: 'prices', seq: 2, sentAt: 400 },
        { type: 'tick', topic: 'prices', seq: 3, sentAt: 600 },
      ],
    );
  });

  it('ticks once a second when every is left out', () => {
    const { clock, service } = setup();
    const { peer } = connect(service, '/ticker?topic=scores');
    clock.advance(3000);
    assert.deepEqual(
      ticks(peer.json()).map((tick) => tick.sentAt),
      [1000, 2000, 3000],
    );
  });

  it('walks prices in cents from a seed, the same for every connection', () => {
    const { clock, service } = setup();
    const first = connect(service, '/ticker?topic=prices&every=50');
    clock.advance(50 * 200);
    const second = connect(service, '/ticker?topic=prices&every=50');
    clock.advance(50 * 200);
    const a = ticks(first.peer.json()).slice(0, 200);
    const b = ticks(second.peer.json());
    assert.deepEqual(
      a.map((tick) => tick.data),
      b.map((tick) => tick.data),
    );
    for (const { data } of a) {
      if (!('symbol' in data)) assert.fail('a prices tick carries a quote');
      assert.ok(['WSKT', 'PING', 'FRAM', 'MASK'].includes(data.symbol));
      assert.equal(Number(data.price.toFixed(2)), data.price, 'two decimals');
      assert.equal(Number(data.change.toFixed(2)), data.change, 'two decimals');
      assert.ok(data.price >= 1);
      assert.ok(Math.abs(data.change) <= data.price * 0.011, `${data.change} against ${data.price}`);
    }
  });

  it('plays matches from kick-off to full time, goals only going up', () => {
    const { clock, service } = setup();
    const { peer } = connect(service, '/ticker?topic=scores&every=50');
    clock.advance(50 * 500);
    const last = new Map<string, { home: number; away: number; minute: number }>();
    let kickOffs = 0;
    for (const { data } of ticks(peer.json())) {
      if (!('match' in data)) assert.fail('a scores tick carries a match');
      const before = last.get(data.match) ?? { home: 0, away: 0, minute: 0 };
      if (data.minute === 0) {
        kickOffs++;
        assert.equal(before.minute, 90);
        assert.deepEqual([data.home, data.away], [0, 0]);
      } else {
        assert.ok(data.minute > before.minute && data.minute <= 90);
        assert.ok(data.home >= before.home && data.away >= before.away);
      }
      last.set(data.match, data);
    }
    assert.ok(kickOffs > 0, 'some match reached full time and started again');
    assert.ok(
      [...last.values()].some(({ home, away }) => home + away > 0),
      'someone scored',
    );
  });

  it('pauses, resumes and changes its rate when asked, answering each with its state', () => {
    const { clock, service } = setup();
    const { peer, session } = connect(service, '/ticker?topic=prices&every=100');
    clock.advance(250);
    session.message('{"type":"pause"}');
    clock.advance(1000);
    session.message('{"type":"pause"}');
    session.message('{"type":"rate","every":500}');
    clock.advance(1000);
    session.message('{"type":"resume"}');
    clock.advance(1000);
    session.message('{"type":"rate","every":250}');
    session.message('{"type":"resume"}');
    clock.advance(500);
    assert.deepEqual(
      peer.json().map((message) => {
        const { type } = message as { type: string };
        if (type !== 'tick') return message;
        const { seq, sentAt } = message as TickMessage;
        return { seq, sentAt };
      }),
      [
        { seq: 1, sentAt: 100 },
        { seq: 2, sentAt: 200 },
        { type: 'state', paused: true, every: 100 },
        { type: 'state', paused: true, every: 100 },
        { type: 'state', paused: true, every: 500 },
        { type: 'state', paused: false, every: 500 },
        { seq: 3, sentAt: 2750 },
        { seq: 4, sentAt: 3250 },
        { type: 'state', paused: false, every: 250 },
        { type: 'state', paused: false, every: 250 },
        { seq: 5, sentAt: 3500 },
        { seq: 6, sentAt: 3750 },
      ],
    );
  });

  it('answers messages it cannot understand with an error and keeps ticking', () => {
    const { clock, service } = setup();
    const { peer, session } = connect(service, '/ticker?topic=scores&every=100');
    const cases: [string | Uint8Array, string][] = [
      ['faster!', `that message is not JSON; ${UNDERSTANDS}`],
      ['null', `a message must be a JSON object with a "type"; ${UNDERSTANDS}`],
      ['{"type":"stop"}', `unknown message type "stop"; ${UNDERSTANDS}`],
      ['{"type":"rate"}', '"every" must be a whole number of milliseconds from 50 to 60000; got nothing'],
      ['{"type":"rate","every":1}', '"every" must be a whole number of milliseconds from 50 to 60000; got 1'],
      ['{"type":"rate","every":"500"}', '"every" must be a whole number of milliseconds from 50 to 60000; got "500"'],
      ['{"type":"rate","every":100.5}', '"every" must be a whole number of milliseconds from 50 to 60000; got 100.5'],
      ['{"type":"rate","every":60001}', '"every" must be a whole number of milliseconds from 50 to 60000; got 60001'],
      [new Uint8Array(2), `got a binary message of 2 bytes, but ${UNDERSTANDS} as text`],
    ];
    for (const [data] of cases) session.message(data);
    assert.deepEqual(
      peer.json(),
      cases.map(([, message]) => ({ type: 'error', message })),
    );
    clock.advance(100);
    assert.equal(ticks(peer.json()).length, 1);
  });

  it('cancels its timer when the connection closes, even after a late resume', () => {
    const { clock, service } = setup();
    const { peer, session } = connect(service, '/ticker?topic=prices&every=100');
    session.message('{"type":"pause"}');
    session.closed(1000, '');
    session.message('{"type":"resume"}');
    assert.equal(clock.pending, 0);
    peer.clear();
    clock.advance(1000);
    assert.deepEqual(ticks(peer.json()), []);
  });

  it('refuses a missing or unknown topic and an every out of bounds with 400', () => {
    const { service } = setup();
    const cases: [string, string][] = [
      ['/ticker', 'topic is required: one of scores, prices'],
      ['/ticker?topic=weather', 'topic must be one of scores, prices; got "weather"'],
      ['/ticker?topic=Prices', 'topic must be one of scores, prices; got "Prices"'],
      ['/ticker?topic=prices&every=1', 'every must be a whole number of milliseconds from 50 to 60000; got 1'],
      ['/ticker?topic=prices&every=49', 'every must be a whole number of milliseconds from 50 to 60000; got 49'],
      ['/ticker?topic=prices&every=60001', 'every must be a whole number of milliseconds from 50 to 60000; got 60001'],
      ['/ticker?topic=prices&every=fast', 'every must be a whole number of milliseconds from 50 to 60000; got "fast"'],
      ['/ticker?topic=prices&every=1e3', 'every must be a whole number of milliseconds from 50 to 60000; got "1e3"'],
      ['/ticker?topic=prices&every=-100', 'every must be a whole number of milliseconds from 50 to 60000; got -100'],
    ];
    for (const [target, reason] of cases) assert.deepEqual(refusal(service, target), { status: 400, reason }, target);
    connect(service, '/ticker?topic=prices&every=50');
    connect(service, '/ticker?topic=prices&every=60000');
  });
});
