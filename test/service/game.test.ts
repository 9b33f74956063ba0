import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  GamePiece,
  GameServerMessage,
  GameTickMessage,
  GameWelcomeMessage,
} from '../../src/service/json-messages.ts';
import { createService, type PlaygroundService } from '../../src/service/service.ts';
import { connect, refusal } from './helpers/connect.ts';
import { createFakeClock } from './helpers/fake-clock.ts';

function setup(options: { gamePlayers?: number } = {}) {
  const clock = createFakeClock(0);
  return { clock, service: createService({ clock, ...options }) };
}

const UNDERSTANDS = '/game understands {"type":"input","seq":1,"move":"up"} (moves: up, down, left, right)';

function player(service: PlaygroundService, room: string, name: string) {
  const client = connect(service, `/game?room=${room}&name=${name}`);
  let seq = 0;
  return {
    ...client,
    move: (...moves: string[]) => {
      for (const move of moves) client.session.message(JSON.stringify({ type: 'input', seq: ++seq, move }));
    },
    got: () => client.peer.json() as GameServerMessage[],
    ticks: () => (client.peer.json() as GameServerMessage[]).filter((m): m is GameTickMessage => m.type === 'tick'),
    lastPieces: (): readonly GamePiece[] =>
      (client.peer.json() as GameServerMessage[]).filter((m): m is GameTickMessage => m.type === 'tick').at(-1)
        ?.pieces ?? [],
  };
}

describe('/game', () => {
  it('welcomes a player with the field, the tick rate and every piece', () => {
    const { service } = setup();
    const ann = player(service, 'r', 'ann');
    const bob = player(service, 'r', 'bob');
    assert.deepEqual(ann.got(), [
      {
        type: 'welcome',
        room: 'r',
        you: 'ann',
        width: 16,
        height: 10,
        every: 100,
        tick: 0,
        pieces: [{ name: 'ann', x: 1, y: 1, seq: 0 }],
      },
      { type: 'joined', name: 'bob', at: 0 },
    ]);
    assert.deepEqual((bob.got()[0] as GameWelcomeMessage).pieces, [
      { name: 'ann', x: 1, y: 1, seq: 0 },
      { name: 'bob', x: 14, y: 8, seq: 0 },
    ]);
  });

  it('applies inputs at the next tick, and ticks at a fixed rate with the last input applied per piece', () => {
    const { clock, service } = setup();
    const ann = player(service, 'r', 'ann');
    const bob = player(service, 'r', 'bob');
    clock.advance(50);
    ann.move('right', 'right', 'down');
    assert.deepEqual(ann.ticks(), [], 'nothing moves before the tick');
    clock.advance(50);
    bob.move('up');
    clock.advance(100);
    assert.deepEqual(ann.ticks(), bob.ticks());
    assert.deepEqual(ann.ticks(), [
      {
        type: 'tick',
        tick: 1,
        sentAt: 100,
        pieces: [
          { name: 'ann', x: 3, y: 2, seq: 3 },
          { name: 'bob', x: 14, y: 8, seq: 0 },
        ],
      },
      {
        type: 'tick',
        tick: 2,
        sentAt: 200,
        pieces: [
          { name: 'ann', x: 3, y: 2, seq: 3 },
          { name: 'bob', x: 14, y: 7, seq: 1 },
        ],
      },
    ]);
    clock.advance(300);
    assert.deepEqual(
      ann.ticks().map((tick) => tick.sentAt),
      [100, 200, 300, 400, 500],
    );
  });

  it('acknowledges a move into a wall or another piece without making it, so a predicting client snaps back', () => {
    const { clock, service } = setup();
    const ann = player(service, 'r', 'ann');
    const bob = player(service, 'r', 'bob');
    ann.move('up', 'up', 'left', 'left');
    clock.advance(100);
    assert.deepEqual(ann.lastPieces()[0], { name: 'ann', x: 0, y: 0, seq: 4 });
    // bob walks next to ann, then tries to step onto her.
    bob.move(...Array<string>(13).fill('left'), ...Array<string>(8).fill('up'));
    clock.advance(100);
    assert.deepEqual(ann.lastPieces()[1], { name: 'bob', x: 1, y: 0, seq: 21 });
    bob.move('left');
    clock.advance(100);
    assert.deepEqual(ann.lastPieces()[1], { name: 'bob', x: 1, y: 0, seq: 22 });
  });

  it('removes the piece of a player who leaves mid-game, and the others play on', () => {
    const { clock, service } = setup();
    const ann = player(service, 'r', 'ann');
    const bob = player(service, 'r', 'bob');
    const cy = player(service, 'r', 'cy');
    ann.move('right');
    clock.advance(100);
    assert.deepEqual(
      cy.lastPieces().map((piece) => piece.name),
      ['ann', 'bob', 'cy'],
    );
    bob.move('left');
    bob.session.closed(1001, '');
    assert.deepEqual(ann.got().at(-1), { type: 'left', name: 'bob', at: 100 });
    cy.move('down');
    clock.advance(100);
    assert.deepEqual(ann.lastPieces(), [
      { name: 'ann', x: 2, y: 1, seq: 1 },
      { name: 'cy', x: 14, y: 2, seq: 1 },
    ]);
    bob.peer.clear();
    clock.advance(100);
    assert.deepEqual(bob.peer.sent, [], 'a closed connection gets no more ticks');
    // A newcomer starts on the first free starting place: ann has left (1, 1), bob's (14, 8) is free again.
    const dee = player(service, 'r', 'dee');
    const eve = player(service, 'r', 'eve');
    assert.deepEqual((eve.got()[0] as GameWelcomeMessage).pieces.slice(-2), [
      { name: 'dee', x: 1, y: 1, seq: 0 },
      { name: 'eve', x: 14, y: 8, seq: 0 },
    ]);
    assert.equal(dee.got()[0]?.type, 'welcome');
  });

  it('stops ticking when the last player leaves, and starts a fresh field for the next', () => {
    const { clock, service } = setup();
    const ann = player(service, 'r', 'ann');
    ann.move('down');
    clock.advance(250);
    ann.session.closed(1000, '');
    assert.equal(clock.pending, 0);
    const bob = player(service, 'r', 'bob');
    assert.deepEqual(bob.got()[0], {
      type: 'welcome',
      room: 'r',
      you: 'bob',
      width: 16,
      height: 10,
      every: 100,
      tick: 0,
      pieces: [{ name: 'bob', x: 1, y: 1, seq: 0 }],
    });
  });

  it('refuses a newcomer to a full room with 503 at the handshake', () => {
    const { service } = setup({ gamePlayers: 2 });
    player(service, 'small', 'ann');
    const bob = player(service, 'small', 'bob');
    assert.deepEqual(refusal(service, '/game?room=small&name=cy'), {
      status: 503,
      reason: 'room "small" is full: it holds at most 2 players',
    });
    bob.session.closed(1000, '');
    player(service, 'small', 'cy');
  });

  it('answers bad inputs with an error, keeps playing and keeps the connection open', () => {
    const { clock, service } = setup();
    const ann = player(service, 'r', 'ann');
    ann.session.message('{"type":"input","seq":5,"move":"right"}');
    ann.peer.clear();
    const cases: [string | Uint8Array, string][] = [
      ['{"type":"input","seq":5,"move":"right"}', '"seq" must be greater than your last input\'s (5); got 5'],
      ['{"type":"input","seq":4,"move":"right"}', '"seq" must be greater than your last input\'s (5); got 4'],
      ['{"type":"input","seq":0,"move":"up"}', '"seq" must be a whole number from 1 to 2147483647; got 0'],
      ['{"type":"input","seq":"6","move":"up"}', '"seq" must be a whole number from 1 to 2147483647; got "6"'],
      ['{"type":"input","seq":6,"move":"jump"}', '"move" must be one of up, down, left, right; got "jump"'],
      ['{"type":"input","seq":6}', '"move" must be one of up, down, left, right; got nothing'],
      ['{"type":"fire"}', `unknown message type "fire"; ${UNDERSTANDS}`],
      ['up', `that message is not JSON; ${UNDERSTANDS}`],
      [new Uint8Array([1]), `got a binary message of 1 bytes, but ${UNDERSTANDS} as text`],
    ];
    for (const [data] of cases) ann.session.message(data);
    assert.deepEqual(
      ann.peer.json(),
      cases.map(([, message]) => ({ type: 'error', message })),
    );
    for (let seq = 6; seq < 6 + 31; seq++) ann.session.message(JSON.stringify({ type: 'input', seq, move: 'down' }));
    ann.peer.clear();
    ann.session.message('{"type":"input","seq":99,"move":"down"}');
    assert.deepEqual(ann.peer.json(), [
      { type: 'error', message: 'too many inputs wait for the next tick (at most 32); send fewer' },
    ]);
    clock.advance(100);
    assert.deepEqual(ann.lastPieces(), [{ name: 'ann', x: 2, y: 9, seq: 36 }]);
    assert.ok(
      ann.peer.actions.every((action) => action.kind === 'send'),
      'never closes',
    );
  });

  it('keeps rooms apart, and refuses a missing or bad room or name with 400', () => {
    const { clock, service } = setup();
    const ann = player(service, 'one', 'ann');
    const bob = player(service, 'two', 'bob');
    clock.advance(100);
    assert.deepEqual(
      ann.lastPieces().map((piece) => piece.name),
      ['ann'],
    );
    assert.deepEqual(
      bob.lastPieces().map((piece) => piece.name),
      ['bob'],
    );
    const cases: [string, string][] = [
      ['/game?name=ann', 'room is required: 1 to 32 characters'],
      ['/game?room=r', 'name is required: 1 to 32 characters'],
    ];
    for (const [target, reason] of cases) assert.deepEqual(refusal(service, target), { status: 400, reason }, target);
  });
});
