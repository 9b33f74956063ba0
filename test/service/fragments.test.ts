import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createService } from '../../src/service/service.ts';
import { connect, refusal } from './helpers/connect.ts';
import { createFakeClock } from './helpers/fake-clock.ts';

const service = createService({ clock: createFakeClock() });

describe('/fragments', () => {
  it('sends each message back, same type, asking the wire for N frames', () => {
    const { peer, session } = connect(service, '/fragments?parts=5');
    session.message('hello, fragments');
    session.message(new Uint8Array([1, 2, 3, 4, 5, 6]));
    assert.deepEqual(peer.actions, [
      { kind: 'send', data: 'hello, fragments', fragments: 5 },
      { kind: 'send', data: new Uint8Array([1, 2, 3, 4, 5, 6]), fragments: 5 },
    ]);
  });

  it('still asks for N frames when the message is shorter than N bytes', () => {
    const { peer, session } = connect(service, '/fragments?parts=64');
    session.message('hi');
    session.message('');
    assert.deepEqual(
      peer.actions.map((action) => (action.kind === 'send' ? action.fragments : action.kind)),
      [64, 64],
    );
  });

  it('splits into 3 frames when parts is left out, and sends one frame for parts=1', () => {
    assert.deepEqual(
      [undefined, '1'].map((parts) => {
        const { peer, session } = connect(service, parts === undefined ? '/fragments' : `/fragments?parts=${parts}`);
        session.message('x');
        return peer.actions[0]?.kind === 'send' ? peer.actions[0].fragments : undefined;
      }),
      [3, 1],
    );
  });

  it('refuses parts out of 1 to 64 or not a whole number with 400', () => {
    for (const parts of ['0', '65', '10000', 'two', '2.5', '+3']) {
      const shown = /^\d+$/.test(parts) ? parts : JSON.stringify(parts);
      assert.deepEqual(refusal(service, `/fragments?parts=${encodeURIComponent(parts)}`), {
        status: 400,
        reason: `parts must be a whole number from 1 to 64; got ${shown}`,
      });
    }
  });
});
