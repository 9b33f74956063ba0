import { expect } from '@open-wc/testing';
import { CollabRace, type RaceSend, type Racer } from '../../../../src/lessons/use-cases/collab-race.ts';
import { CollabReplica } from '../../../../src/lessons/use-cases/collab-replica.ts';
import { addItem, createCollabDoc, deleteItem, editItem, type CollabDoc } from '../../../../src/service/collab-doc.ts';
import type { CollabServerMessage } from '../../../../src/service/json-messages.ts';

/** A message from the server on its way to one member. */
type Delivery = [Racer, CollabServerMessage];

/**
 * A document and its members with no wire: the server's own document rules
 * (src/service/collab-doc.ts) decide, and each change is handed to every
 * member's replica and then to the race, as the demo does.
 */
class Room {
  readonly doc: CollabDoc = createCollabDoc();
  readonly members: Racer[] = [];
  /** Follows the racers' messages once they have joined. */
  race: CollabRace<Racer> | undefined;

  join(name: string): Racer {
    const racer = { name, replica: new CollabReplica() };
    this.members.push(racer);
    racer.replica.apply({
      type: 'welcome',
      doc: 'groceries',
      you: name,
      rev: this.doc.rev,
      items: [...this.doc.items],
      members: this.members.map((member) => ({ name: member.name, cursor: null })),
    });
    return racer;
  }

  /** The server applies one message; returns what it sends, to whom, in order. */
  receive({ by, message }: RaceSend<Racer>): Delivery[] {
    const ref = message.ref === undefined ? {} : { ref: message.ref };
    const everyone = (change: CollabServerMessage) => this.members.map((member): Delivery => [member, change]);
    if (message.type === 'edit') {
      const result = editItem(this.doc, by.name, message.id, message.text, message.base);
      if (!result.ok)
        return [
          [
            by,
            { type: 'rejected', action: 'edit', id: message.id, ...ref, rev: this.doc.rev, message: result.message },
          ],
        ];
      const { item, overwrote } = result;
      return everyone({
        type: 'edited',
        rev: this.doc.rev,
        by: by.name,
        item,
        ...ref,
        ...(overwrote && { overwrote }),
      });
    }
    const result = deleteItem(this.doc, by.name, message.id);
    if (!result.ok)
      return [
        [
          by,
          { type: 'rejected', action: 'delete', id: message.id, ...ref, rev: this.doc.rev, message: result.message },
        ],
      ];
    return everyone({ type: 'deleted', rev: this.doc.rev, by: by.name, id: message.id, ...ref });
  }

  /** Delivers messages to their members; whatever the race sends next is returned, not yet received. */
  deliver(messages: Delivery[]): RaceSend<Racer>[] {
    const next: RaceSend<Racer>[] = [];
    for (const [member, message] of messages) {
      member.replica.apply(message);
      next.push(...(this.race?.follow(member, message) ?? []));
    }
    return next;
  }
}

function setUp(texts: string[] = ['milk', 'eggs']): {
  room: Room;
  race: CollabRace<Racer>;
  ann: Racer;
  bob: Racer;
  cy: Racer;
} {
  const room = new Room();
  for (const text of texts) addItem(room.doc, 'Ann', text, undefined);
  const [ann, bob, cy] = [room.join('Ann'), room.join('Bob'), room.join('Cy')];
  const race = new CollabRace(ann, bob);
  room.race = race;
  return { room, race, ann, bob, cy };
}

const texts = (racer: Racer): string[] => racer.replica.items.map((item) => item.text);

describe('the collab demo’s race script', () => {
  it('has both racers edit the first item from the revision they both saw', () => {
    const { race, ann, bob } = setUp();
    const sends = race.startEdit();
    expect(sends.map(({ by, message }) => [by.name, message])).to.deep.equal([
      ['Ann', { type: 'edit', id: 'i1', text: "milk (Ann's edit)", base: 1, ref: 'e1' }],
      ['Bob', { type: 'edit', id: 'i1', text: "milk (Bob's edit)", base: 1, ref: 'e1' }],
    ]);
    expect(race.outcome).to.equal('Ann and Bob sent their edits in the same instant; waiting for the server’s order…');
    expect(ann.replica.textOf(ann.replica.items[0]!)).to.equal("milk (Ann's edit)");
    expect(bob.replica.textOf(bob.replica.items[0]!)).to.equal("milk (Bob's edit)");
  });

  for (const [order, winner, loser] of [
    ['Ann first', 'Bob', 'Ann'],
    ['Bob first', 'Ann', 'Bob'],
  ] as const) {
    it(`names the edit the server applied last as the winner (${order})`, () => {
      const { room, race, ann, bob, cy } = setUp();
      const [annEdit, bobEdit] = race.startEdit() as [RaceSend<Racer>, RaceSend<Racer>];
      const arrivals = order === 'Ann first' ? [annEdit, bobEdit] : [bobEdit, annEdit];
      for (const arrival of arrivals) expect(room.deliver(room.receive(arrival))).to.deep.equal([]);
      expect(race.outcome).to.equal(
        `The server applied ${loser}'s edit as revision 3 and ${winner}'s as revision 4. ` +
          `${winner}'s came last, so “milk (${winner}'s edit)” wins in every pane, and ${loser}'s is marked overwritten.`,
      );
      for (const member of [ann, bob, cy]) expect(texts(member)).to.deep.equal([`milk (${winner}'s edit)`, 'eggs']);
    });
  }

  it('does not pile up the tags of earlier races on the item', () => {
    const { room, race } = setUp();
    for (const send of race.startEdit()) room.deliver(room.receive(send));
    const again = race.startEdit().map(({ message }) => (message.type === 'edit' ? message.text : ''));
    expect(again).to.deep.equal(["milk (Ann's edit)", "milk (Bob's edit)"]);
  });

  it('ends an edit race with the server’s reason when an edit is rejected', () => {
    const { room, race, cy } = setUp();
    const sends = race.startEdit();
    room.deliver(room.receive({ by: cy, message: { type: 'delete', id: 'i1' } }));
    room.deliver(room.receive(sends[0]!));
    expect(race.outcome).to.equal(
      "Ann's edit was rejected: cannot edit item i1: it was deleted by Cy at revision 3; your edit was not applied",
    );
  });

  it('sends the second racer’s edit only once the first racer’s delete has come back, and reports its rejection', () => {
    const { room, race, ann, bob, cy } = setUp();
    const sends = race.startDelete();
    expect(sends.map(({ by, message }) => [by.name, message])).to.deep.equal([
      ['Ann', { type: 'delete', id: 'i1', ref: 'd1' }],
    ]);
    expect(race.outcome).to.equal('Ann deleted the first item; Bob is editing it…');
    const [toAnn, toBob, toCy] = room.receive(sends[0]!) as [Delivery, Delivery, Delivery];
    // Bob and Cy hear of the delete first: nothing happens until Ann's page has it.
    expect(room.deliver([toBob, toCy])).to.deep.equal([]);
    const late = room.deliver([toAnn]);
    expect(late.map(({ by, message }) => [by.name, message])).to.deep.equal([
      ['Bob', { type: 'edit', id: 'i1', text: "Bob's late edit", ref: 'e1' }],
    ]);
    expect(room.deliver(room.receive(late[0]!))).to.deep.equal([]);
    expect(race.outcome).to.equal(
      "Bob's edit reached the server just after Ann's delete, so the server rejected it: " +
        '“cannot edit item i1: it was deleted by Ann at revision 3; your edit was not applied”. ' +
        'The delete stands: the item is gone from every pane, and the edit changed nothing.',
    );
    for (const member of [ann, bob, cy]) expect(texts(member)).to.deep.equal(['eggs']);
  });

  it('reports a delete the server refused', () => {
    const { room, race, cy } = setUp();
    const sends = race.startDelete();
    room.deliver(room.receive({ by: cy, message: { type: 'delete', id: 'i1' } }));
    expect(room.deliver(room.receive(sends[0]!))).to.deep.equal([]);
    expect(race.outcome).to.equal(
      "Ann's delete was rejected: cannot delete item i1: it was deleted by Cy at revision 3",
    );
  });

  it('starts nothing on an empty list', () => {
    const { race } = setUp([]);
    expect(race.startEdit()).to.deep.equal([]);
    expect(race.startDelete()).to.deep.equal([]);
    expect(race.outcome).to.equal('');
  });

  it('ignores the messages of members who are not racing', () => {
    const { room, race, cy } = setUp();
    race.startEdit();
    room.deliver(room.receive({ by: cy, message: { type: 'edit', id: 'i1', text: 'oat milk', ref: 'e1' } }));
    expect(race.outcome).to.equal('Ann and Bob sent their edits in the same instant; waiting for the server’s order…');
  });

  it('forgets a race on reset, so its late answers change nothing', () => {
    const { room, race } = setUp();
    const sends = race.startEdit();
    race.reset();
    expect(race.outcome).to.equal('');
    for (const send of sends) room.deliver(room.receive(send));
    expect(race.outcome).to.equal('');
  });
});
