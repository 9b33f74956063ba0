import { expect } from '@open-wc/testing';
import { CollabReplica, clampCaret, clearCaret } from '../../../../src/lessons/use-cases/collab-replica.ts';
import { addItem, createCollabDoc, deleteItem, editItem, moveCursor } from '../../../../src/service/collab-doc.ts';
import type { CollabCursor, CollabServerMessage, CollabWelcomeMessage } from '../../../../src/service/json-messages.ts';

const welcome = (over: Partial<CollabWelcomeMessage> = {}): CollabWelcomeMessage => ({
  type: 'welcome',
  doc: 'groceries',
  you: 'ann',
  rev: 2,
  items: [
    { id: 'i1', text: 'milk', by: 'ann', rev: 1 },
    { id: 'i2', text: 'bread', by: 'bob', rev: 2 },
  ],
  members: [
    { name: 'bob', cursor: { item: 'i2', start: 2, end: 5 } },
    { name: 'ann', cursor: null },
  ],
  ...over,
});

function replicaOf(...messages: CollabServerMessage[]): CollabReplica {
  const replica = new CollabReplica();
  for (const message of messages) replica.apply(message);
  return replica;
}

describe('the collaborative list replica', () => {
  it('builds the list from the welcome and the applied changes, in the server order', () => {
    const replica = replicaOf(
      welcome(),
      { type: 'added', rev: 3, by: 'bob', item: { id: 'i3', text: 'eggs', by: 'bob', rev: 3 }, index: 1 },
      { type: 'edited', rev: 4, by: 'ann', item: { id: 'i1', text: 'oat milk', by: 'ann', rev: 4 } },
      { type: 'deleted', rev: 5, by: 'bob', id: 'i2' },
    );
    expect(replica.items.map((item) => item.text)).to.deep.equal(['oat milk', 'eggs']);
    expect(replica.rev).to.equal(5);
    expect(replica.gap).to.equal(undefined);
  });

  it('says so when a revision is skipped', () => {
    const replica = replicaOf(welcome(), { type: 'deleted', rev: 4, by: 'bob', id: 'i2' });
    expect(replica.gap).to.equal('expected revision 3 but got 4: a change went missing');
  });

  it('marks an item whose last write replaced someone else’s, and names the loser', () => {
    const replica = replicaOf(
      welcome(),
      { type: 'edited', rev: 3, by: 'ann', item: { id: 'i1', text: 'oat milk', by: 'ann', rev: 3 } },
      {
        type: 'edited',
        rev: 4,
        by: 'bob',
        item: { id: 'i1', text: 'soy milk', by: 'bob', rev: 4 },
        overwrote: { by: 'ann', rev: 3 },
      },
    );
    expect(replica.overwritten.get('i1')).to.deep.equal({
      by: 'bob',
      rev: 4,
      lostBy: 'ann',
      lostRev: 3,
      lostText: 'oat milk',
    });
  });

  it('does not mark an author replacing its own earlier write (typing on)', () => {
    const replica = replicaOf(welcome(), {
      type: 'edited',
      rev: 3,
      by: 'bob',
      item: { id: 'i2', text: 'breads', by: 'bob', rev: 3 },
      overwrote: { by: 'bob', rev: 2 },
    });
    expect(replica.overwritten.size).to.equal(0);
  });

  it('pulls carets back to the end when an edit shortens their item, as the server does', () => {
    const replica = replicaOf(welcome(), {
      type: 'edited',
      rev: 3,
      by: 'ann',
      item: { id: 'i2', text: 'bre', by: 'ann', rev: 3 },
    });
    expect(replica.caretOf('bob')).to.deep.equal({ item: 'i2', start: 2, end: 3 });
  });

  it('clears the carets in a deleted item', () => {
    const replica = replicaOf(welcome(), { type: 'deleted', rev: 3, by: 'ann', id: 'i2' });
    expect(replica.caretOf('bob')).to.equal(null);
  });

  it('follows cursor, joined and left messages', () => {
    const replica = replicaOf(
      welcome(),
      { type: 'joined', name: 'cy', at: 1 },
      { type: 'cursor', name: 'cy', cursor: { item: 'i1', start: 1, end: 1 } },
      { type: 'left', name: 'bob', at: 2 },
    );
    expect(replica.members).to.deep.equal([
      { name: 'ann', cursor: null },
      { name: 'cy', cursor: { item: 'i1', start: 1, end: 1 } },
    ]);
  });

  it('shows its own typing until the server’s result for it comes back, even past another’s edit', () => {
    const replica = replicaOf(welcome());
    const first = replica.edit('i1', 'mil');
    const second = replica.edit('i1', 'mi');
    expect(second).to.deep.include({ type: 'edit', id: 'i1', text: 'mi', base: 1 });
    replica.apply({
      type: 'edited',
      rev: 3,
      by: 'ann',
      ref: first.ref!,
      item: { id: 'i1', text: 'mil', by: 'ann', rev: 3 },
    });
    expect(replica.textOf(replica.items[0]!)).to.equal('mi');
    replica.apply({ type: 'edited', rev: 4, by: 'bob', item: { id: 'i1', text: 'MILK', by: 'bob', rev: 4 } });
    expect(replica.textOf(replica.items[0]!)).to.equal('mi');
    replica.apply({
      type: 'edited',
      rev: 5,
      by: 'ann',
      ref: second.ref!,
      item: { id: 'i1', text: 'mi', by: 'ann', rev: 5 },
    });
    expect(replica.textOf(replica.items[0]!)).to.equal('mi');
    replica.apply({ type: 'edited', rev: 6, by: 'bob', item: { id: 'i1', text: 'milk!', by: 'bob', rev: 6 } });
    expect(replica.textOf(replica.items[0]!)).to.equal('milk!');
  });

  it('keeps the server’s message when an edit is rejected, and drops the unconfirmed text', () => {
    const replica = replicaOf(welcome());
    const edit = replica.edit('i2', 'rye');
    const message = 'cannot edit item i2: it was deleted by bob at revision 3; your edit was not applied';
    replica.apply({ type: 'deleted', rev: 3, by: 'bob', id: 'i2' });
    replica.apply({ type: 'rejected', action: 'edit', id: 'i2', ref: edit.ref!, rev: 3, message });
    expect(replica.rejection?.message).to.equal(message);
    expect(replica.items.map((item) => item.id)).to.deep.equal(['i1']);
  });

  it('moves carets exactly as the service’s document does, over a run of changes', () => {
    const doc = createCollabDoc();
    const names = ['ann', 'bob', 'cy'];
    const replica = new CollabReplica();
    replica.apply({ type: 'welcome', doc: 'd', you: 'ann', rev: 0, items: [], members: [] });
    for (const name of names) replica.apply({ type: 'joined', name, at: 0 });
    for (const name of names) doc.cursors.set(name, null);
    // A fixed pseudo-random run, so a failure can be replayed.
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let step = 0; step < 300; step++) {
      const by = names[next(3)]!;
      const ids = doc.items.map((item) => item.id);
      const choice = next(5);
      if (choice === 0 || ids.length === 0) {
        const added = addItem(doc, by, 'x'.repeat(next(12)), undefined);
        if (added.ok) replica.apply({ type: 'added', rev: doc.rev, by, item: added.item, index: added.index });
      } else if (choice === 1) {
        const id = ids[next(ids.length)]!;
        const edited = editItem(doc, by, id, 'y'.repeat(next(12)), undefined);
        if (edited.ok) replica.apply({ type: 'edited', rev: doc.rev, by, item: edited.item });
      } else if (choice === 2) {
        const id = ids[next(ids.length)]!;
        if (deleteItem(doc, by, id).ok) replica.apply({ type: 'deleted', rev: doc.rev, by, id });
      } else {
        const id = ids[next(ids.length)]!;
        const start = next(12);
        const cursor = moveCursor(doc, by, { item: id, start, end: start + next(4) });
        replica.apply({ type: 'cursor', name: by, cursor });
      }
      for (const name of names)
        expect(replica.caretOf(name), `${name} at step ${step}`).to.deep.equal(doc.cursors.get(name));
    }
    expect(replica.items).to.deep.equal(doc.items);
    expect(replica.gap).to.equal(undefined);
  });

  it('leaves carets in other items, and short enough ones, alone', () => {
    const caret: CollabCursor = { item: 'i1', start: 1, end: 2 };
    expect(clampCaret(caret, 'i1', 2)).to.equal(caret);
    expect(clampCaret(caret, 'i2', 0)).to.equal(caret);
    expect(clearCaret(caret, 'i2')).to.equal(caret);
    expect(clampCaret(null, 'i1', 0)).to.equal(null);
  });
});
