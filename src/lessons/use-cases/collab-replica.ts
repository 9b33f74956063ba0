/**
 * One client's copy of a shared `/collab` document, built only from the
 * server's messages applied in the order they came. The rule it follows is
 * the server's (src/service/collab-doc.ts): the server orders every change,
 * per item the last write it applies wins, a change to a deleted item is
 * rejected, and each applied change carries the next revision. A replica that
 * applies every change in order holds the same list as every other one.
 *
 * Carets follow the same rule as on the server: an edit that shortens an item
 * pulls the carets in it back to the new end, and a delete clears the carets
 * in the item. The server sends no `cursor` message for either, so the
 * replica does it itself when it applies `edited` and `deleted`.
 */
import type {
  CollabAddMessage,
  CollabCursor,
  CollabCursorUpdate,
  CollabDeleteMessage,
  CollabEditMessage,
  CollabItem,
  CollabMember,
  ServerMessage,
} from '../../service/json-messages.ts';

/** An item whose last write replaced someone else's newer one: the loser is named, so the page can say so. */
export interface OverwriteMark {
  /** Who won, and the revision of the winning write. */
  readonly by: string;
  readonly rev: number;
  /** Whose write was replaced, at which revision, and what it said. */
  readonly lostBy: string;
  readonly lostRev: number;
  readonly lostText: string;
}

/** The last change the server refused from this client, with the server's message. */
export interface Rejection {
  readonly action: 'add' | 'edit' | 'delete';
  readonly id: string | undefined;
  readonly message: string;
}

/** How many lines of "what happened" a replica keeps. */
const HISTORY = 8;

/** A caret after the item `id` became `length` long: pulled back to the end if it was past it (as collab-doc.ts). */
export function clampCaret(cursor: CollabCursor | null, id: string, length: number): CollabCursor | null {
  if (cursor?.item !== id || cursor.end <= length) return cursor;
  return { item: id, start: Math.min(cursor.start, length), end: length };
}

/** A caret after the item `id` was deleted: gone if it was in it. */
export function clearCaret(cursor: CollabCursor | null, id: string): CollabCursor | null {
  return cursor?.item === id ? null : cursor;
}

export class CollabReplica {
  /** This client's name as the server gave it (`ann (2)` when `ann` was taken); undefined before the welcome. */
  you: string | undefined;
  /** The revision of the last change applied: how many changes the server had applied. */
  rev = 0;
  items: readonly CollabItem[] = [];
  /** Everyone in the document, in order of arrival, with their carets. */
  members: readonly CollabMember[] = [];
  /** Items whose last write replaced someone else's, by item id. */
  readonly overwritten = new Map<string, OverwriteMark>();
  rejection: Rejection | undefined;
  /** The server's last `error` message: a malformed message of ours. */
  error: string | undefined;
  /** Set when a revision was skipped: this copy can no longer be trusted. */
  gap: string | undefined;
  /** What happened, newest last, in words: `rev 8: ann added "bread"`. */
  history: readonly string[] = [];
  /** Text typed here and sent, not yet confirmed by the server, by item id. */
  readonly #drafts = new Map<string, { readonly text: string; readonly ref: string }>();
  #nextRef = 1;

  /** The text this client shows for an item: its own unconfirmed typing, or the server's. */
  textOf(item: CollabItem): string {
    return this.#drafts.get(item.id)?.text ?? item.text;
  }

  /** Where a member's caret is, or null. */
  caretOf(name: string): CollabCursor | null {
    return this.members.find((member) => member.name === name)?.cursor ?? null;
  }

  /** The whole list as the server made it: equal in every replica that applied the same changes. */
  snapshot(): string {
    return JSON.stringify({ rev: this.rev, items: this.items });
  }

  /** Applies one server message; messages of other endpoints are ignored. */
  apply(message: ServerMessage): void {
    switch (message.type) {
      case 'welcome': {
        if (!('doc' in message)) return;
        this.you = message.you;
        this.rev = message.rev;
        this.items = [...message.items];
        this.members = [...message.members];
        this.#note(`rev ${message.rev}: joined "${message.doc}" as ${message.you}, ${message.items.length} items`);
        return;
      }
      case 'joined':
        if (!this.members.some((member) => member.name === message.name)) {
          this.members = [...this.members, { name: message.name, cursor: null }];
        }
        this.#note(`${message.name} joined`);
        return;
      case 'left':
        this.members = this.members.filter((member) => member.name !== message.name);
        this.#note(`${message.name} left`);
        return;
      case 'added': {
        this.#advance(message.rev);
        const items = [...this.items];
        items.splice(message.index, 0, message.item);
        this.items = items;
        this.#note(`rev ${message.rev}: ${message.by} added "${message.item.text}"`);
        return;
      }
      case 'edited': {
        this.#advance(message.rev);
        const { item, overwrote } = message;
        const before = this.items.find((candidate) => candidate.id === item.id);
        this.items = this.items.map((candidate) => (candidate.id === item.id ? item : candidate));
        this.#moveCarets((cursor) => clampCaret(cursor, item.id, item.text.length));
        const draft = this.#drafts.get(item.id);
        if (draft !== undefined && message.by === this.you && message.ref === draft.ref) this.#drafts.delete(item.id);
        // Replacing one's own earlier write (typing on) loses nothing; replacing someone else's does.
        if (overwrote && overwrote.by !== message.by) {
          this.overwritten.set(item.id, {
            by: message.by,
            rev: message.rev,
            lostBy: overwrote.by,
            lostRev: overwrote.rev,
            lostText: before?.text ?? '',
          });
          this.#note(
            `rev ${message.rev}: ${message.by} set "${item.text}", overwriting ${overwrote.by}'s "${before?.text ?? ''}" (rev ${overwrote.rev})`,
          );
        } else {
          this.overwritten.delete(item.id);
          this.#note(`rev ${message.rev}: ${message.by} set "${item.text}"`);
        }
        return;
      }
      case 'deleted': {
        this.#advance(message.rev);
        const gone = this.items.find((item) => item.id === message.id);
        this.items = this.items.filter((item) => item.id !== message.id);
        this.#moveCarets((cursor) => clearCaret(cursor, message.id));
        this.#drafts.delete(message.id);
        this.overwritten.delete(message.id);
        this.#note(`rev ${message.rev}: ${message.by} deleted "${gone?.text ?? message.id}"`);
        return;
      }
      case 'rejected': {
        const draft = message.id === undefined ? undefined : this.#drafts.get(message.id);
        if (draft !== undefined && draft.ref === message.ref) this.#drafts.delete(message.id!);
        this.rejection = { action: message.action, id: message.id, message: message.message };
        this.#note(`rejected: ${message.message}`);
        return;
      }
      case 'cursor':
        this.members = this.members.map((member) =>
          member.name === message.name ? { name: member.name, cursor: message.cursor } : member,
        );
        return;
      case 'error':
        this.error = message.message;
        this.#note(`error: ${message.message}`);
        return;
      default:
        return;
    }
  }

  /** A new item at the end, or after `after`. */
  add(text: string, after?: string): CollabAddMessage {
    return after === undefined
      ? { type: 'add', text, ref: this.#ref('a') }
      : { type: 'add', text, after, ref: this.#ref('a') };
  }

  /**
   * New text for an item, shown here at once and kept until the server's
   * result comes back. `base` is the item's revision as this client last saw it.
   */
  edit(id: string, text: string): CollabEditMessage {
    const ref = this.#ref('e');
    const base = this.items.find((item) => item.id === id)?.rev;
    this.#drafts.set(id, { text, ref });
    this.rejection = undefined;
    return base === undefined ? { type: 'edit', id, text, ref } : { type: 'edit', id, text, base, ref };
  }

  delete(id: string): CollabDeleteMessage {
    this.rejection = undefined;
    return { type: 'delete', id, ref: this.#ref('d') };
  }

  /** This client's caret, recorded here too (the server tells only the others). */
  moveCaret(cursor: CollabCursor | null): CollabCursorUpdate {
    const you = this.you;
    if (you !== undefined) {
      this.members = this.members.map((member) => (member.name === you ? { name: you, cursor } : member));
    }
    return cursor === null
      ? { type: 'cursor', item: null }
      : { type: 'cursor', item: cursor.item, start: cursor.start, end: cursor.end };
  }

  /** Forgets everything: the next welcome starts a new copy. */
  reset(): void {
    this.you = undefined;
    this.rev = 0;
    this.items = [];
    this.members = [];
    this.overwritten.clear();
    this.rejection = undefined;
    this.error = undefined;
    this.gap = undefined;
    this.history = [];
    this.#drafts.clear();
  }

  #ref(prefix: string): string {
    return `${prefix}${this.#nextRef++}`;
  }

  /** Each applied change is one revision more than the last: anything else means one went missing. */
  #advance(rev: number): void {
    if (rev !== this.rev + 1 && this.gap === undefined) {
      this.gap = `expected revision ${this.rev + 1} but got ${rev}: a change went missing`;
    }
    this.rev = rev;
  }

  #moveCarets(move: (cursor: CollabCursor | null) => CollabCursor | null): void {
    this.members = this.members.map((member) => {
      const cursor = move(member.cursor);
      return cursor === member.cursor ? member : { name: member.name, cursor };
    });
  }

  #note(line: string): void {
    this.history = [...this.history.slice(-(HISTORY - 1)), line];
  }
}
