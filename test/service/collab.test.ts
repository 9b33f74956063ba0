import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CollabItem, CollabServerMessage } from '../../src/service/json-messages.ts';
import { createService, type PlaygroundService } from '../../src/service/service.ts';
import { createRandom } from '../protocol/helpers/fixtures.ts';
import { connect, refusal } from './helpers/connect.ts';
import { createFakeClock } from './helpers/fake-clock.ts';

function setup() {
  const clock = createFakeClock(0);
  return { clock, service: createService({ clock }) };
}

const UNDERSTANDS =
  '/collab understands {"type":"add","text":"…"}, {"type":"edit","id":"i1","text":"…"}, {"type":"delete","id":"i1"} and {"type":"cursor","item":"i1","start":0}';

function editor(service: PlaygroundService, doc: string, name: string) {
  const client = connect(service, `/collab?doc=${doc}&name=${name}`);
  return {
    ...client,
    send: (message: object) => client.session.message(JSON.stringify(message)),
    got: () => client.peer.json() as CollabServerMessage[],
  };
}

/** What a page keeps: the list as the server's messages build it, in the order they arrive. */
function replica(messages: readonly CollabServerMessage[]): { rev: number; items: CollabItem[] } {
  let rev = 0;
  let items: CollabItem[] = [];
  for (const message of messages) {
    switch (message.type) {
      case 'welcome':
        ({ rev } = message);
        items = [...message.items];
        break;
      case 'added':
        items.splice(message.index, 0, message.item);
        break;
      case 'edited':
        items = items.map((item) => (item.id === message.item.id ? message.item : item));
        break;
      case 'deleted':
        items = items.filter((item) => item.id !== message.id);
        break;
      default:
        continue;
    }
    if (message.type !== 'welcome') {
      assert.equal(message.rev, rev + 1, 'revisions arrive one by one, none missed');
      rev = message.rev;
    }
  }
  return { rev, items };
}

describe('/collab', () => {
  it('sends a newcomer the whole document and who is here, with their cursors', () => {
    const { service } = setup();
    const ann = editor(service, 'list', 'ann');
    assert.deepEqual(ann.got(), [
      { type: 'welcome', doc: 'list', you: 'ann', rev: 0, items: [], members: [{ name: 'ann', cursor: null }] },
    ]);
    ann.send({ type: 'add', text: 'milk' });
    ann.send({ type: 'add', text: 'eggs' });
    ann.send({ type: 'cursor', item: 'i2', start: 1, end: 3 });
    const bob = editor(service, 'list', 'bob');
    assert.deepEqual(bob.got(), [
      {
        type: 'welcome',
        doc: 'list',
        you: 'bob',
        rev: 2,
        items: [
          { id: 'i1', text: 'milk', by: 'ann', rev: 1 },
          { id: 'i2', text: 'eggs', by: 'ann', rev: 2 },
        ],
        members: [
          { name: 'ann', cursor: { item: 'i2', start: 1, end: 3 } },
          { name: 'bob', cursor: null },
        ],
      },
    ]);
    assert.deepEqual(ann.got().at(-1), { type: 'joined', name: 'bob', at: 0 });
  });

  it('adds at the end, at the top or after an item, and sends everyone the result with its revision', () => {
    const { service } = setup();
    const ann = editor(service, 'd', 'ann');
    const bob = editor(service, 'd', 'bob');
    ann.peer.clear();
    bob.peer.clear();
    ann.send({ type: 'add', text: 'b' });
    ann.send({ type: 'add', text: 'a', after: null, ref: 'mine-1' });
    bob.send({ type: 'add', text: 'a½', after: 'i2', ref: 7 });
    const expected = [
      { type: 'added', rev: 1, by: 'ann', item: { id: 'i1', text: 'b', by: 'ann', rev: 1 }, index: 0 },
      { type: 'added', rev: 2, by: 'ann', ref: 'mine-1', item: { id: 'i2', text: 'a', by: 'ann', rev: 2 }, index: 0 },
      { type: 'added', rev: 3, by: 'bob', ref: 7, item: { id: 'i3', text: 'a½', by: 'bob', rev: 3 }, index: 1 },
    ];
    assert.deepEqual(ann.got(), expected);
    assert.deepEqual(bob.got(), expected);
    assert.deepEqual(
      replica(ann.got()).items.map((item) => item.text),
      ['a', 'a½', 'b'],
    );
  });

  it('lets the last write the server applies win when two editors change one item at once', () => {
    const { service } = setup();
    const ann = editor(service, 'd', 'ann');
    const bob = editor(service, 'd', 'bob');
    ann.send({ type: 'add', text: 'buy milk' });
    // Both edit from revision 1, neither having seen the other's edit.
    ann.send({ type: 'edit', id: 'i1', text: 'buy oat milk', base: 1, ref: 'a' });
    bob.send({ type: 'edit', id: 'i1', text: 'buy milk and eggs', base: 1, ref: 'b' });
    const annEdit = {
      type: 'edited',
      rev: 2,
      by: 'ann',
      ref: 'a',
      item: { id: 'i1', text: 'buy oat milk', by: 'ann', rev: 2 },
    };
    const bobEdit = {
      type: 'edited',
      rev: 3,
      by: 'bob',
      ref: 'b',
      item: { id: 'i1', text: 'buy milk and eggs', by: 'bob', rev: 3 },
      overwrote: { by: 'ann', rev: 2 },
    };
    for (const client of [ann, bob]) {
      assert.deepEqual(client.got().slice(-2), [annEdit, bobEdit]);
      assert.deepEqual(replica(client.got()).items, [bobEdit.item]);
    }
    // A newcomer sees the same.
    const cy = editor(service, 'd', 'cy');
    assert.deepEqual(replica(cy.got()), { rev: 3, items: [bobEdit.item] });
  });

  it('rejects a change to a deleted item with a clear message, and changes nothing', () => {
    const { service } = setup();
    const ann = editor(service, 'd', 'ann');
    const bob = editor(service, 'd', 'bob');
    ann.send({ type: 'add', text: 'one' });
    ann.send({ type: 'add', text: 'two' });
    bob.send({ type: 'delete', id: 'i1' });
    ann.peer.clear();
    bob.peer.clear();
    ann.send({ type: 'edit', id: 'i1', text: 'uno', ref: 'e1' });
    ann.send({ type: 'delete', id: 'i1' });
    ann.send({ type: 'add', text: 'one and a half', after: 'i1' });
    ann.send({ type: 'edit', id: 'i99', text: 'x' });
    assert.deepEqual(ann.got(), [
      {
        type: 'rejected',
        action: 'edit',
        id: 'i1',
        ref: 'e1',
        rev: 3,
        message: 'cannot edit item i1: it was deleted by bob at revision 3; your edit was not applied',
      },
      {
        type: 'rejected',
        action: 'delete',
        id: 'i1',
        rev: 3,
        message: 'cannot delete item i1: it was deleted by bob at revision 3',
      },
      {
        type: 'rejected',
        action: 'add',
        rev: 3,
        message: 'cannot add after item i1: it was deleted by bob at revision 3',
      },
      {
        type: 'rejected',
        action: 'edit',
        id: 'i99',
        rev: 3,
        message: 'cannot edit item i99: there is no such item in this document; your edit was not applied',
      },
    ]);
    assert.deepEqual(bob.got(), []);
  });

  it('shows each caret to the others, clamped to the text and cleared when its item goes', () => {
    const { service } = setup();
    const ann = editor(service, 'd', 'ann');
    const bob = editor(service, 'd', 'bob');
    ann.send({ type: 'add', text: 'hello world' });
    ann.peer.clear();
    bob.peer.clear();
    ann.send({ type: 'cursor', item: 'i1', start: 6, end: 11 });
    assert.deepEqual(ann.got(), []);
    assert.deepEqual(bob.got(), [{ type: 'cursor', name: 'ann', cursor: { item: 'i1', start: 6, end: 11 } }]);
    bob.send({ type: 'cursor', item: 'i1', start: 300 });
    assert.deepEqual(ann.got(), [{ type: 'cursor', name: 'bob', cursor: { item: 'i1', start: 11, end: 11 } }]);
    // An edit that shortens the text pulls both carets back; a newcomer sees where they are now.
    bob.send({ type: 'edit', id: 'i1', text: 'hello' });
    const cy = editor(service, 'd', 'cy');
    const welcome = cy.got()[0];
    assert.ok(welcome?.type === 'welcome');
    assert.deepEqual(welcome.members, [
      { name: 'ann', cursor: { item: 'i1', start: 5, end: 5 } },
      { name: 'bob', cursor: { item: 'i1', start: 5, end: 5 } },
      { name: 'cy', cursor: null },
    ]);
    ann.send({ type: 'delete', id: 'i1' });
    bob.send({ type: 'cursor', item: 'i1', start: 0 });
    assert.deepEqual(cy.got().at(-1), { type: 'cursor', name: 'bob', cursor: null });
    ann.send({ type: 'cursor', item: null });
    assert.deepEqual(cy.got().at(-1), { type: 'cursor', name: 'ann', cursor: null });
    ann.session.closed(1000, '');
    const dee = editor(service, 'd', 'dee');
    const again = dee.got()[0];
    assert.ok(again?.type === 'welcome');
    assert.deepEqual(
      again.members.map((member) => member.name),
      ['bob', 'cy', 'dee'],
    );
  });

  it('holds at most 50 items, and forgets a document when its last editor leaves', () => {
    const { service } = setup();
    const ann = editor(service, 'big', 'ann');
    for (let i = 0; i < 51; i++) ann.send({ type: 'add', text: `item ${i}` });
    assert.deepEqual(ann.got().at(-1), {
      type: 'rejected',
      action: 'add',
      rev: 50,
      message: 'cannot add: the document is full (at most 50 items); delete one first',
    });
    ann.session.closed(1000, '');
    const bob = editor(service, 'big', 'bob');
    assert.deepEqual(replica(bob.got()), { rev: 0, items: [] });
  });

  it('answers a malformed change with an error and stays open', () => {
    const { service } = setup();
    const ann = editor(service, 'd', 'ann');
    ann.send({ type: 'add', text: 'x' });
    ann.peer.clear();
    const cases: [unknown, string][] = [
      ['{"type":"add"', `that message is not JSON; ${UNDERSTANDS}`],
      [{ type: 'move', id: 'i1' }, `unknown message type "move"; ${UNDERSTANDS}`],
      [{ type: 'add' }, '"text" must be a string of 0 to 200 characters; got nothing'],
      [{ type: 'add', text: 'x'.repeat(201) }, '"text" must be a string of 0 to 200 characters; got 201 characters'],
      [{ type: 'add', text: 'a\nb' }, '"text" must not contain control characters such as a newline or a tab'],
      [
        { type: 'add', text: 'x', after: 3 },
        '"after" must be a string of 1 to 10 characters; got 3 (null adds at the top; leave it out to add at the end)',
      ],
      [
        { type: 'add', text: 'x', ref: { a: 1 } },
        '"ref" must be a string of at most 32 characters or a whole number; got {"a":1}',
      ],
      [{ type: 'edit', text: 'x' }, '"id" must be a string of 1 to 10 characters; got nothing'],
      [{ type: 'edit', id: 'i1' }, '"text" must be a string of 0 to 200 characters; got nothing'],
      [
        { type: 'edit', id: 'i1', text: 'y', base: 2 },
        '"base" must be a whole number from 0 to 1; got 2 (the item\'s "rev" you edited from)',
      ],
      [{ type: 'delete' }, '"id" must be a string of 1 to 10 characters; got nothing'],
      [
        { type: 'cursor', start: 1 },
        '"item" must be a string of 1 to 10 characters; got nothing (null when the caret is in no item)',
      ],
      [{ type: 'cursor', item: 'i1' }, '"start" must be a whole number of UTF-16 units from 0 to 400; got nothing'],
      [
        { type: 'cursor', item: 'i1', start: -1 },
        '"start" must be a whole number of UTF-16 units from 0 to 400; got -1',
      ],
      [
        { type: 'cursor', item: 'i1', start: 3, end: 1 },
        '"end" must be a whole number of UTF-16 units from 3 to 400; got 1 (a selection\'s end is never before its start)',
      ],
    ];
    for (const [message] of cases) ann.session.message(typeof message === 'string' ? message : JSON.stringify(message));
    assert.deepEqual(
      ann.got(),
      cases.map(([, message]) => ({ type: 'error', message })),
    );
    assert.ok(
      ann.peer.actions.every((action) => action.kind === 'send'),
      'never closes',
    );
    ann.send({ type: 'edit', id: 'i1', text: '' });
    assert.equal(ann.got().at(-1)?.type, 'edited');
  });

  it('brings three editors making random changes at once to the same list', () => {
    const { service } = setup();
    const random = createRandom(0xc011ab);
    const editors = ['ann', 'bob', 'cy'].map((name) => editor(service, 'fuzz', name));
    // How many of its messages each editor has read: the rest are still on the wire, so its view lags.
    const read = editors.map(() => 1);
    for (let round = 0; round < 300; round++) {
      const index = random.int(0, 2);
      const who = editors[index]!;
      read[index] = random.int(read[index]!, who.got().length);
      const view = replica(who.got().slice(0, read[index]));
      const target = view.items.length > 0 ? view.items[random.int(0, view.items.length - 1)]! : undefined;
      const pick = random.int(0, 9);
      if (!target || pick < 3) who.send({ type: 'add', text: `t${round}`, after: target?.id });
      else if (pick < 8) who.send({ type: 'edit', id: target.id, text: `e${round}`, base: target.rev });
      else who.send({ type: 'delete', id: target.id });
    }
    const views = editors.map((client) => replica(client.got()));
    const late = replica(editor(service, 'fuzz', 'dee').got());
    for (const view of views) assert.deepEqual(view, late);
    assert.ok(late.rev > 250, `most changes applied (${late.rev})`);
  });

  it('refuses a missing or bad doc or name with 400', () => {
    const { service } = setup();
    const cases: [string, string][] = [
      ['/collab?name=ann', 'doc is required: 1 to 32 characters'],
      ['/collab?doc=d', 'name is required: 1 to 32 characters'],
      ['/collab?doc=d%09x&name=ann', 'doc must not contain control characters such as a newline or a tab'],
    ];
    for (const [target, reason] of cases) assert.deepEqual(refusal(service, target), { status: 400, reason }, target);
  });
});
