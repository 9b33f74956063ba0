import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createService } from '../../src/service/service.ts';
import { admitNow, connect, refusal } from './helpers/connect.ts';
import { createFakeClock } from './helpers/fake-clock.ts';

function setup() {
  const clock = createFakeClock(7000);
  return { clock, service: createService({ clock }) };
}

const UNDERSTANDS = '/notify understands {"type":"notify","text":"…"} and {"type":"notify","to":"bob","text":"…"}';

describe('/notify', () => {
  it('welcomes a client with its name and who is connected, and tells the others', () => {
    const { service } = setup();
    const ann = connect(service, '/notify?name=ann&room=ops');
    const bob = connect(service, '/notify?name=bob&room=ops');
    assert.deepEqual(ann.peer.json(), [
      { type: 'welcome', room: 'ops', you: 'ann', members: ['ann'] },
      { type: 'joined', name: 'bob', at: 7000 },
    ]);
    assert.deepEqual(bob.peer.json(), [{ type: 'welcome', room: 'ops', you: 'bob', members: ['ann', 'bob'] }]);
    bob.session.closed(1001, '');
    assert.deepEqual(ann.peer.json().at(-1), { type: 'left', name: 'bob', at: 7000 });
  });

  it('puts clients that name no room in room "main"', () => {
    const { service } = setup();
    connect(service, '/notify?name=ann');
    const bob = connect(service, '/notify?name=bob&room=');
    assert.deepEqual(bob.peer.json(), [{ type: 'welcome', room: 'main', you: 'bob', members: ['ann', 'bob'] }]);
  });

  it('pushes an alert to the one client named, and tells the sender it went', () => {
    const { clock, service } = setup();
    const ann = connect(service, '/notify?name=ann&room=r');
    const bob = connect(service, '/notify?name=bob&room=r');
    const cy = connect(service, '/notify?name=cy&room=r');
    for (const client of [ann, bob, cy]) client.peer.clear();
    clock.advance(5);
    ann.session.message(JSON.stringify({ type: 'notify', to: 'bob', text: 'build <b>failed</b>', level: 'urgent' }));
    const alert = {
      type: 'alert',
      id: 1,
      from: 'ann',
      to: 'bob',
      level: 'urgent',
      text: 'build <b>failed</b>',
      at: 7005,
    };
    assert.deepEqual(bob.peer.json(), [alert]);
    assert.deepEqual(cy.peer.json(), []);
    assert.deepEqual(ann.peer.json(), [{ type: 'sent', id: 1, to: 'bob', delivered: 1, at: 7005 }]);
  });

  it('pushes an alert to everyone in the room, the sender too, and to no other room', () => {
    const { service } = setup();
    const ann = connect(service, '/notify?name=ann&room=r');
    const bob = connect(service, '/notify?name=bob&room=r');
    const elsewhere = connect(service, '/notify?name=cy&room=other');
    for (const client of [ann, bob, elsewhere]) client.peer.clear();
    bob.session.message('{"type":"notify","text":"deploy at noon"}');
    const alert = { type: 'alert', id: 1, from: 'bob', to: null, level: 'info', text: 'deploy at noon', at: 7000 };
    assert.deepEqual(ann.peer.json(), [alert]);
    assert.deepEqual(bob.peer.json(), [alert, { type: 'sent', id: 1, to: null, delivered: 2, at: 7000 }]);
    assert.deepEqual(elsewhere.peer.json(), []);
    bob.session.message('{"type":"notify","text":"again","to":null,"level":"warning"}');
    assert.deepEqual(ann.peer.json().at(-1), { ...alert, id: 2, text: 'again', level: 'warning' });
  });

  it('answers an unknown name or bad JSON with an error and stays open', () => {
    const { service } = setup();
    const ann = connect(service, '/notify?name=ann&room=r');
    const bob = connect(service, '/notify?name=bob&room=r');
    connect(service, '/notify?name=zed&room=elsewhere');
    bob.session.closed(1000, '');
    ann.peer.clear();
    const cases: [string | Uint8Array, string][] = [
      [
        '{"type":"notify","to":"zed","text":"hi"}',
        'no one called "zed" is connected to room "r"; leave out "to" to alert everyone',
      ],
      [
        '{"type":"notify","to":"bob","text":"hi"}',
        'no one called "bob" is connected to room "r"; leave out "to" to alert everyone',
      ],
      ['{"type":"notify","to":"","text":"hi"}', '"to" must be a string of 1 to 64 characters; got ""'],
      ['{"type":"notify","to":7,"text":"hi"}', '"to" must be a string of 1 to 64 characters; got 7'],
      ['{"type":"notify"', `that message is not JSON; ${UNDERSTANDS}`],
      ['{"type":"alert","text":"hi"}', `unknown message type "alert"; ${UNDERSTANDS}`],
      ['{"type":"notify"}', '"text" must be a string of 1 to 280 characters; got nothing'],
      [
        JSON.stringify({ type: 'notify', text: 'x'.repeat(281) }),
        '"text" must be a string of 1 to 280 characters; got 281 characters',
      ],
      ['{"type":"notify","text":"hi","level":"panic"}', '"level" must be one of info, warning, urgent; got "panic"'],
      [
        JSON.stringify({ type: 'notify', text: 'a\u001bb' }),
        '"text" must not contain control characters other than a newline or a tab',
      ],
      [new Uint8Array(4), `got a binary message of 4 bytes, but ${UNDERSTANDS} as text`],
    ];
    for (const [data] of cases) ann.session.message(data);
    assert.deepEqual(
      ann.peer.json(),
      cases.map(([, message]) => ({ type: 'error', message })),
    );
    assert.ok(
      ann.peer.actions.every((action) => action.kind === 'send'),
      'never closes',
    );
    ann.session.message('{"type":"notify","to":"ann","text":"note to self"}');
    assert.equal((ann.peer.json().at(-1) as { type: string }).type, 'sent');
  });

  it('refuses a missing or bad name or room with 400, and a full room with 503', () => {
    const clock = createFakeClock(0);
    const service = createService({ clock, roomMembers: 1 });
    const cases: [string, string][] = [
      ['/notify', 'name is required: 1 to 32 characters'],
      ['/notify?name=a%0Ab', 'name must not contain control characters such as a newline or a tab'],
      [
        `/notify?name=ann&room=${'r'.repeat(33)}`,
        'room must be 1 to 32 characters, not counting spaces at either end; got 33',
      ],
    ];
    for (const [target, reason] of cases) assert.deepEqual(refusal(service, target), { status: 400, reason }, target);
    connect(service, '/notify?name=ann');
    assert.deepEqual(refusal(service, '/notify?name=bob'), {
      status: 503,
      reason: 'room "main" is full: it holds at most 1 members',
    });
  });

  it('closes a late arrival with 1013 when the last place went between its handshake and its open', () => {
    const clock = createFakeClock(0);
    const service = createService({ clock, roomMembers: 1 });
    const first = admitNow(service, '/notify?name=ann');
    const second = admitNow(service, '/notify?name=bob');
    assert.ok(first.ok && second.ok, 'both pass the handshake while the room is empty');
    const ann = connect(service, '/echo').peer;
    const bob = connect(service, '/echo').peer;
    first.open(ann);
    const session = second.open(bob);
    assert.deepEqual(bob.actions, [{ kind: 'close', code: 1013, reason: 'the room filled up; try again later' }]);
    session.message('{"type":"notify","text":"hi"}');
    session.closed(1013, '');
    assert.deepEqual(ann.json(), [{ type: 'welcome', room: 'main', you: 'ann', members: ['ann'] }]);
  });
});
