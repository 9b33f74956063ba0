import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createHub } from '../../src/service/hub.ts';

describe('a hub', () => {
  it('delivers a broadcast to every member of the room, or to all but the sender', () => {
    const hub = createHub<string>();
    const got: string[] = [];
    const ann = hub.join('r', 'ann', (message) => got.push(`ann:${message}`))!;
    hub.join('r', 'bob', (message) => got.push(`bob:${message}`));
    hub.join('other', 'cy', (message) => got.push(`cy:${message}`));
    ann.broadcast('a');
    ann.broadcast('b', { others: true });
    assert.deepEqual(got, ['ann:a', 'bob:a', 'bob:b']);
  });

  it('keeps only the last messages recorded, as many as asked', () => {
    const hub = createHub<number>({ historyLimit: 3 });
    const member = hub.join('r', 'ann', () => {})!;
    for (let i = 1; i <= 5; i++) member.record(i);
    assert.deepEqual(member.room.history, [3, 4, 5]);
  });

  it('deletes a room when its last member leaves, and a member leaves once', () => {
    const hub = createHub<string>();
    const ann = hub.join('r', 'ann', () => {})!;
    const bob = hub.join('r', 'bob', () => {})!;
    ann.leave();
    ann.leave();
    assert.deepEqual(hub.rooms.get('r')?.members, ['bob']);
    bob.leave();
    assert.equal(hub.rooms.size, 0);
  });

  it('frees a name when its member leaves', () => {
    const hub = createHub<string>();
    hub.join('r', 'ann', () => {});
    const second = hub.join('r', 'ann', () => {})!;
    assert.equal(second.name, 'ann (2)');
    second.leave();
    assert.equal(hub.join('r', 'ann', () => {})?.name, 'ann (2)');
  });

  it('ignores a broadcast or a record from a member that left', () => {
    const hub = createHub<string>();
    const got: string[] = [];
    hub.join('r', 'ann', (message) => got.push(message));
    const bob = hub.join('r', 'bob', () => {})!;
    bob.leave();
    bob.broadcast('late');
    bob.record('late');
    assert.deepEqual(got, []);
    assert.deepEqual(hub.rooms.get('r')?.history, []);
  });

  it('sends to one member by name, and says when no one has that name', () => {
    const hub = createHub<string>();
    const got: string[] = [];
    const ann = hub.join('r', 'ann', (message) => got.push(`ann:${message}`))!;
    hub.join('r', 'bob', (message) => got.push(`bob:${message}`));
    hub.join('other', 'cy', (message) => got.push(`cy:${message}`));
    assert.equal(ann.sendTo('bob', 'psst'), true);
    assert.equal(ann.sendTo('cy', 'psst'), false);
    hub.broadcast('r', 'tick');
    hub.broadcast('empty', 'tick');
    assert.deepEqual(got, ['bob:psst', 'ann:tick', 'bob:tick']);
  });

  it('refuses a newcomer to a full room, and a room past the most rooms open', () => {
    const hub = createHub<string>({ roomMembers: 2, maxRooms: 2, memberNoun: 'players' });
    hub.join('a', 'ann', () => {});
    hub.join('a', 'bob', () => {});
    assert.equal(hub.refusal('a'), 'room "a" is full: it holds at most 2 players');
    assert.equal(
      hub.join('a', 'cy', () => {}),
      undefined,
    );
    assert.equal(hub.refusal('b'), undefined);
    hub.join('b', 'cy', () => {});
    assert.equal(
      hub.refusal('c'),
      'too many rooms are open (at most 2): join one that is already open, or try again later',
    );
    assert.deepEqual(hub.rooms.get('a')?.members, ['ann', 'bob']);
  });

  it('makes a room\u2019s state with its first member and frees it with its last', () => {
    const made: string[] = [];
    const freed: string[] = [];
    const hub = createHub<string, { room: string }>({
      createState: (room) => (made.push(room), { room }),
      disposeState: (state) => void freed.push(state.room),
    });
    const ann = hub.join('r', 'ann', () => {})!;
    const bob = hub.join('r', 'bob', () => {})!;
    assert.equal(bob.room.state, ann.room.state);
    ann.leave();
    assert.deepEqual([made, freed], [['r'], []]);
    bob.leave();
    assert.deepEqual([made, freed], [['r'], ['r']]);
    hub.join('r', 'cy', () => {});
    assert.deepEqual(made, ['r', 'r']);
  });
});
