/**
 * The two races of the collaborative editing demo, as a script with no DOM
 * and no wire: it reads the racers' copies of the list, says which messages
 * to send, follows the server's answers, and puts the outcome in words. The
 * demo sends what it is told and feeds back every message a racer receives
 * (after the racer's replica has applied it).
 *
 * - Edit race: both racers edit the first item in the same tick, each from
 *   the revision both saw. The server orders them; the later one wins
 *   (last write wins, src/service/collab-doc.ts).
 * - Delete race: the first racer deletes the first item; the second edits it
 *   the moment the server has applied the delete, before its own page has
 *   taken the news in. The order is certain on both wires, and the edit finds
 *   no item.
 */
import type { CollabDeleteMessage, CollabEditMessage, CollabRef, ServerMessage } from '../../service/json-messages.ts';
import type { CollabReplica } from './collab-replica.ts';

/** One racer: the name the outcome uses, and its copy of the list. */
export interface Racer {
  readonly name: string;
  readonly replica: CollabReplica;
}

/** A message the demo is to send on `by`'s connection. */
export interface RaceSend<R extends Racer> {
  readonly by: R;
  readonly message: CollabEditMessage | CollabDeleteMessage;
}

type Race<R extends Racer> =
  | {
      readonly kind: 'edit';
      readonly id: string;
      /** Each racer's `ref`, and the revision its edit got once it comes back. */
      readonly refs: Map<R, CollabRef | undefined>;
      readonly revs: Map<R, number>;
    }
  | { readonly kind: 'delete'; readonly id: string; readonly deleteRef: CollabRef | undefined; editRef?: CollabRef };

/** Longest text kept from the item before a racer's tag is added, so the edit stays within the item limit. */
const BASE_LENGTH = 150;

export class CollabRace<R extends Racer> {
  /** What the last race showed, in words; empty before the first. */
  outcome = '';
  readonly #first: R;
  readonly #second: R;
  #race: Race<R> | undefined;

  /** `first` edits first and deletes; `second` races it. */
  constructor(first: R, second: R) {
    this.#first = first;
    this.#second = second;
  }

  /** Both racers edit the first item at once; nothing to send when the list is empty. */
  startEdit(): RaceSend<R>[] {
    const racers = [this.#first, this.#second];
    const item = this.#first.replica.items[0];
    if (!item) return [];
    // Without the tag of an earlier race, so racing again does not pile them up.
    const tag = racers.map((racer) => ` (${racer.name}'s edit)`).find((end) => item.text.endsWith(end));
    const base = (tag ? item.text.slice(0, -tag.length) : item.text).slice(0, BASE_LENGTH);
    const refs = new Map<R, CollabRef | undefined>();
    const sends = racers.map((racer) => {
      const message = racer.replica.edit(item.id, `${base} (${racer.name}'s edit)`);
      refs.set(racer, message.ref);
      return { by: racer, message };
    });
    this.#race = { kind: 'edit', id: item.id, refs, revs: new Map() };
    this.outcome = `${this.#first.name} and ${this.#second.name} sent their edits in the same instant; waiting for the server’s order…`;
    return sends;
  }

  /** The first racer deletes the first item; the second's edit follows once the server has applied it. */
  startDelete(): RaceSend<R>[] {
    const item = this.#first.replica.items[0];
    if (!item) return [];
    const message = this.#first.replica.delete(item.id);
    this.#race = { kind: 'delete', id: item.id, deleteRef: message.ref };
    this.outcome = `${this.#first.name} deleted the first item; ${this.#second.name} is editing it…`;
    return [{ by: this.#first, message }];
  }

  /** A message `by` received, after its replica applied it: what to send next, if anything. */
  follow(by: R, message: ServerMessage): RaceSend<R>[] {
    const race = this.#race;
    if (!race || (by !== this.#first && by !== this.#second)) return [];
    return race.kind === 'edit' ? this.#followEdit(race, by, message) : this.#followDelete(race, by, message);
  }

  /** Forgets the race in progress and its outcome: the racers start over elsewhere. */
  reset(): void {
    this.#race = undefined;
    this.outcome = '';
  }

  #followEdit(race: Extract<Race<R>, { kind: 'edit' }>, by: R, message: ServerMessage): RaceSend<R>[] {
    const ref = race.refs.get(by);
    if (message.type === 'edited' && message.by === by.replica.you && message.ref === ref)
      race.revs.set(by, message.rev);
    if (message.type === 'rejected' && message.ref === ref) {
      this.#race = undefined;
      this.outcome = `${by.name}'s edit was rejected: ${message.message}`;
      return [];
    }
    if (race.revs.size < 2) return [];
    const [first, second] = [...race.revs].sort((a, b) => a[1] - b[1]) as [[R, number], [R, number]];
    const winner = second[0].replica.items.find((item) => item.id === race.id);
    this.#race = undefined;
    this.outcome =
      `The server applied ${first[0].name}'s edit as revision ${first[1]} and ${second[0].name}'s as revision ${second[1]}. ` +
      `${second[0].name}'s came last, so “${winner?.text ?? ''}” wins in every pane, ` +
      `and ${first[0].name}'s is marked overwritten.`;
    return [];
  }

  #followDelete(race: Extract<Race<R>, { kind: 'delete' }>, by: R, message: ServerMessage): RaceSend<R>[] {
    const [deleter, editor] = [this.#first, this.#second];
    if (by === deleter && message.type === 'deleted' && message.ref === race.deleteRef && race.editRef === undefined) {
      const edit = editor.replica.edit(race.id, `${editor.name}'s late edit`);
      race.editRef = edit.ref;
      return [{ by: editor, message: edit }];
    }
    if (by === editor && message.type === 'rejected' && race.editRef !== undefined && message.ref === race.editRef) {
      this.#race = undefined;
      this.outcome = `${editor.name}'s edit reached the server just after ${deleter.name}'s delete, so the server rejected it: “${message.message}”. The delete stands: the item is gone from every pane, and the edit changed nothing.`;
    }
    if (by === deleter && message.type === 'rejected' && message.ref === race.deleteRef) {
      this.#race = undefined;
      this.outcome = `${deleter.name}'s delete was rejected: ${message.message}`;
    }
    return [];
  }
}
