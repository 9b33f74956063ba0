import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createChatEndpoint } from '../../src/service/chat.ts';
import { createHub } from '../../src/service/hub.ts';
import type { ChatServerMessage } from '../../src/service/json-messages.ts';
import { createService } from '../../src/service/service.ts';
import { connect, handshake, refusal, settled } from './helpers/connect.ts';
import { createFakeClock } from './helpers/fake-clock.ts';
import { recordingPeer } from './helpers/recording-peer.ts';

function setup() {
  const clock = createFakeClock(5000);
  return { clock, service: createService({ clock }) };
}

const UNDERSTANDS = '/chat understands {"type":"say","text":"…"}';

describe('/chat', () => {
  it('welcomes a newcomer with its name, who is here and no history in a new room', () => {
    const { service } = setup();
    const { peer } = connect(service, '/chat?room=lobby&name=ann');
    assert.deepEqual(peer.json(), [{ type: 'welcome', room: 'lobby', you: 'ann', members: ['ann'], history: [] }]);
  });

  it('broadcasts to everyone in the room, sender included, and not to another room', () => {
    const { clock, service } = setup();
    const ann = connect(service, '/chat?room=lobby&name=ann');
    const bob = connect(service, '/chat?room=lobby&name=bob');
    const cy = connect(service, '/chat?room=garden&name=cy');
    assert.deepEqual(ann.peer.json().at(-1), { type: 'joined', name: 'bob', at: 5000 });
    assert.deepEqual(bob.peer.json(), [
      { type: 'welcome', room: 'lobby', you: 'bob', members: ['ann', 'bob'], history: [] },
    ]);
    for (const client of [ann, bob, cy]) client.peer.clear();

    clock.advance(250);
    bob.session.message(JSON.stringify({ type: 'say', text: 'hi <b>ann</b>' }));
    const line = { type: 'message', from: 'bob', text: 'hi <b>ann</b>', at: 5250 };
    assert.deepEqual(ann.peer.json(), [line]);
    assert.deepEqual(bob.peer.json(), [line]);
    assert.deepEqual(cy.peer.json(), []);

    cy.session.message('{"type":"say","text":"anyone?"}');
    assert.deepEqual(cy.peer.json(), [{ type: 'message', from: 'cy', text: 'anyone?', at: 5250 }]);
    assert.deepEqual(ann.peer.json(), [line]);
  });

  it('refuses a newcomer to a full room with 503, and lets one in once someone left', () => {
    const clock = createFakeClock(0);
    const service = createService({ clock, roomMembers: 2 });
    connect(service, '/chat?room=small&name=ann');
    const bob = connect(service, '/chat?room=small&name=bob');
    assert.deepEqual(refusal(service, '/chat?room=small&name=cy'), {
      status: 503,
      reason: 'room "small" is full: it holds at most 2 members',
    });
    connect(service, '/chat?room=other&name=cy');
    bob.session.closed(1000, '');
    connect(service, '/chat?room=small&name=dee');
  });

  it('tells the others when someone leaves, and forgets an empty room', () => {
    const hub = createHub<ChatServerMessage>();
    const clock = createFakeClock(0);
    const chat = createChatEndpoint({ hub, clock });
    const open = (room: string, name: string) => {
      const admission = settled(
        chat.admit(
          {
            path: '/chat',
            query: new Map([
              ['room', room],
              ['name', name],
            ]),
          },
          handshake(),
        ),
      );
      assert.ok(admission.ok);
      const peer = recordingPeer();
      return { peer, session: admission.open(peer) };
    };
    const ann = open('lobby', 'ann');
    const bob = open('lobby', 'bob');
    const cy = open('garden', 'cy');
    assert.deepEqual([...hub.rooms.keys()], ['lobby', 'garden']);

    clock.advance(10);
    bob.session.closed(1001, '');
    assert.deepEqual(ann.peer.json().at(-1), { type: 'left', name: 'bob', at: 10 });
    assert.deepEqual(hub.rooms.get('lobby')?.members, ['ann']);

    ann.session.closed(1000, '');
    cy.session.closed(1000, '');
    assert.equal(hub.rooms.size, 0);
    // A second report of the same close changes nothing.
    ann.session.closed(1000, '');
    assert.equal(hub.rooms.size, 0);
  });

  it('sends a newcomer the last 20 messages, oldest first', () => {
    const { clock, service } = setup();
    const ann = connect(service, '/chat?room=lobby&name=ann');
    for (let i = 1; i <= 25; i++) {
      clock.advance(1);
      ann.session.message(JSON.stringify({ type: 'say', text: `line ${i}` }));
    }
    const bob = connect(service, '/chat?room=lobby&name=bob');
    const [welcome] = bob.peer.json() as [{ history: { text: string; from: string; type: string }[] }];
    assert.equal(welcome.history.length, 20);
    assert.equal(welcome.history[0]?.text, 'line 6');
    assert.deepEqual(welcome.history.at(-1), { type: 'message', from: 'ann', text: 'line 25', at: 5025 });
  });

  it('starts a room afresh, history and all, once everyone has left', () => {
    const { service } = setup();
    const ann = connect(service, '/chat?room=lobby&name=ann');
    ann.session.message('{"type":"say","text":"hello"}');
    ann.session.closed(1000, '');
    const bob = connect(service, '/chat?room=lobby&name=bob');
    assert.deepEqual(bob.peer.json(), [{ type: 'welcome', room: 'lobby', you: 'bob', members: ['bob'], history: [] }]);
  });

  it('renames a second "ann" in the same room to "ann (2)", but not in another room', () => {
    const { service } = setup();
    connect(service, '/chat?room=lobby&name=ann');
    const second = connect(service, '/chat?room=lobby&name=ann');
    const third = connect(service, '/chat?room=lobby&name=ann');
    const elsewhere = connect(service, '/chat?room=garden&name=ann');
    assert.deepEqual(second.peer.json()[0], {
      type: 'welcome',
      room: 'lobby',
      you: 'ann (2)',
      members: ['ann', 'ann (2)'],
      history: [],
    });
    assert.equal((third.peer.json()[0] as { you: string }).you, 'ann (3)');
    assert.equal((elsewhere.peer.json()[0] as { you: string }).you, 'ann');
    second.session.message('{"type":"say","text":"me too"}');
    assert.equal((second.peer.json().at(-1) as { from: string }).from, 'ann (2)');
  });

  it('shares rooms between connections of one service, not between services', () => {
    const first = setup().service;
    const second = setup().service;
    connect(first, '/chat?room=lobby&name=ann');
    const bob = connect(second, '/chat?room=lobby&name=bob');
    assert.deepEqual((bob.peer.json()[0] as { members: string[] }).members, ['bob']);
  });

  it('trims spaces around the room and the name', () => {
    const { service } = setup();
    const { peer } = connect(service, '/chat?room=%20lobby%20&name=+ann+');
    assert.deepEqual(peer.json()[0], { type: 'welcome', room: 'lobby', you: 'ann', members: ['ann'], history: [] });
  });

  it('answers messages it cannot understand with an error and stays open', () => {
    const { service } = setup();
    const ann = connect(service, '/chat?room=lobby&name=ann');
    const bob = connect(service, '/chat?room=lobby&name=bob');
    ann.peer.clear();
    bob.peer.clear();
    const cases: [string | Uint8Array, string][] = [
      ['hello', `that message is not JSON; ${UNDERSTANDS}`],
      ['{"type":"say"', `that message is not JSON; ${UNDERSTANDS}`],
      ['42', `a message must be a JSON object with a "type"; ${UNDERSTANDS}`],
      ['[{"type":"say"}]', `a message must be a JSON object with a "type"; ${UNDERSTANDS}`],
      ['{"text":"hi"}', `a message must be a JSON object with a "type"; ${UNDERSTANDS}`],
      ['{"type":7}', `"type" must be a string; ${UNDERSTANDS}`],
      ['{"type":"shout","text":"hi"}', `unknown message type "shout"; ${UNDERSTANDS}`],
      ['{"type":"say"}', '"text" must be a string of 1 to 1000 characters; got nothing'],
      ['{"type":"say","text":42}', '"text" must be a string of 1 to 1000 characters; got 42'],
      ['{"type":"say","text":""}', '"text" must be a string of 1 to 1000 characters; got 0 characters'],
      [
        JSON.stringify({ type: 'say', text: 'x'.repeat(1001) }),
        '"text" must be a string of 1 to 1000 characters; got 1001 characters',
      ],
      [new Uint8Array([1, 2, 3]), `got a binary message of 3 bytes, but ${UNDERSTANDS} as text`],
    ];
    for (const [data] of cases) ann.session.message(data);
    assert.deepEqual(
      ann.peer.json(),
      cases.map(([, message]) => ({ type: 'error', message })),
    );
    assert.deepEqual(bob.peer.json(), []);
    assert.ok(ann.peer.actions.every((action) => action.kind === 'send'));

    ann.session.message(JSON.stringify({ type: 'say', text: '🙂'.repeat(1000) }));
    assert.equal((bob.peer.json()[0] as { type: string }).type, 'message');
  });

  it('refuses a missing, blank, too long or unprintable room or name with 400', () => {
    const { service } = setup();
    const cases: [string, string][] = [
      ['/chat?name=ann', 'room is required: 1 to 32 characters'],
      ['/chat?room=&name=ann', 'room is required: 1 to 32 characters'],
      ['/chat?room=lobby', 'name is required: 1 to 32 characters'],
      ['/chat?room=%20%20&name=ann', 'room must be 1 to 32 characters, not counting spaces at either end; got 0'],
      [
        `/chat?room=lobby&name=${'n'.repeat(33)}`,
        'name must be 1 to 32 characters, not counting spaces at either end; got 33',
      ],
      ['/chat?room=lobby&name=a%0Ab', 'name must not contain control characters such as a newline or a tab'],
    ];
    for (const [target, reason] of cases) assert.deepEqual(refusal(service, target), { status: 400, reason }, target);
    connect(service, `/chat?room=lobby&name=${'🙂'.repeat(32)}`);
  });
});

describe('/chat text', () => {
  it('keeps newlines and tabs but refuses other control characters, lone surrogates and blank text', () => {
    const { service } = setup();
    const ann = connect(service, '/chat?room=junk&name=ann');
    ann.peer.clear();
    const cases: [string, string][] = [
      [
        JSON.stringify({ type: 'say', text: 'a\u0000b' }),
        '"text" must not contain control characters other than a newline or a tab',
      ],
      [
        JSON.stringify({ type: 'say', text: 'bell\u0007' }),
        '"text" must not contain control characters other than a newline or a tab',
      ],
      ['{"type":"say","text":"half \\ud83d"}', '"text" must be well-formed Unicode: it holds half of a surrogate pair'],
      [JSON.stringify({ type: 'say', text: ' \n\t ' }), '"text" must not be only spaces'],
      ['{"type":"toString"}', `unknown message type "toString"; ${UNDERSTANDS}`],
    ];
    for (const [data] of cases) ann.session.message(data);
    assert.deepEqual(
      ann.peer.json(),
      cases.map(([, message]) => ({ type: 'error', message })),
    );
    ann.peer.clear();
    ann.session.message(JSON.stringify({ type: 'say', text: 'two\nlines\tand a tab' }));
    assert.deepEqual(ann.peer.json(), [{ type: 'message', from: 'ann', text: 'two\nlines\tand a tab', at: 5000 }]);
  });

  it('keeps every member list right as clients come and go across two rooms', () => {
    const { service } = setup();
    const ann = connect(service, '/chat?room=a&name=ann');
    const bob = connect(service, '/chat?room=a&name=bob');
    const cy = connect(service, '/chat?room=b&name=cy');
    // What a page does: start from the welcome's list, then follow joined and left.
    const members = (client: { peer: { json(): unknown[] } }): string[] => {
      let list: string[] = [];
      for (const message of client.peer.json() as { type: string; members?: string[]; name?: string }[]) {
        if (message.type === 'welcome') list = [...message.members!];
        if (message.type === 'joined') list.push(message.name!);
        if (message.type === 'left') list = list.filter((name) => name !== message.name);
      }
      return list;
    };
    const dee = connect(service, '/chat?room=a&name=dee');
    bob.session.closed(1000, '');
    assert.deepEqual(members(ann), ['ann', 'dee']);
    assert.deepEqual(members(dee), ['ann', 'dee']);
    assert.deepEqual(members(cy), ['cy']);
  });
});
