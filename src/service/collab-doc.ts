/**
 * A shared list of short text items and the rule for concurrent edits.
 *
 * The server orders every change: it applies them one at a time, in the
 * order they arrive, and each applied change makes the document's revision
 * one higher. Per item, the last write the server applies wins. A change
 * that names an item no longer there is rejected, never guessed at. Every
 * client receives every applied change in that same order, so all of them
 * end with the same list.
 */
import { LIMITS, type CollabCursor, type CollabItem } from './json-messages.ts';

/** Deleted items remembered to say who deleted them; older ones are only "deleted". */
const TOMBSTONES = 100;

export interface CollabDoc {
  /** How many changes have been applied. */
  rev: number;
  readonly items: CollabItem[];
  nextId: number;
  readonly deleted: Map<string, { readonly by: string; readonly rev: number }>;
  /** Each member's caret, by member name. */
  readonly cursors: Map<string, CollabCursor | null>;
}

export function createCollabDoc(): CollabDoc {
  return { rev: 0, items: [], nextId: 1, deleted: new Map(), cursors: new Map() };
}

export type Change<T> = ({ readonly ok: true } & T) | { readonly ok: false; readonly message: string };

/** Why `id` names no item: deleted (by whom, when) or never there. */
function missing(doc: CollabDoc, id: string): string {
  const tombstone = doc.deleted.get(id);
  if (tombstone) return `it was deleted by ${tombstone.by} at revision ${tombstone.rev}`;
  const number = /^i([1-9]\d{0,8})$/.exec(id)?.[1];
  if (number !== undefined && Number(number) < doc.nextId) return 'it was deleted';
  return 'there is no such item in this document';
}

function indexOf(doc: CollabDoc, id: string): number {
  return doc.items.findIndex((item) => item.id === id);
}

/** Adds an item after `after` (null: at the top; undefined: at the end). */
export function addItem(
  doc: CollabDoc,
  by: string,
  text: string,
  after: string | null | undefined,
): Change<{ item: CollabItem; index: number }> {
  if (doc.items.length >= LIMITS.items) {
    return { ok: false, message: `cannot add: the document is full (at most ${LIMITS.items} items); delete one first` };
  }
  let index = doc.items.length;
  if (after === null) index = 0;
  else if (after !== undefined) {
    const at = indexOf(doc, after);
    if (at === -1) return { ok: false, message: `cannot add after item ${after}: ${missing(doc, after)}` };
    index = at + 1;
  }
  doc.rev++;
  const item: CollabItem = { id: `i${doc.nextId++}`, text, by, rev: doc.rev };
  doc.items.splice(index, 0, item);
  return { ok: true, item, index };
}

/**
 * Replaces an item's text: last write wins. `base` is the item's revision
 * the author edited from; when someone changed the item since, the edit
 * still wins, and the result says whose write it replaced.
 */
export function editItem(
  doc: CollabDoc,
  by: string,
  id: string,
  text: string,
  base: number | undefined,
): Change<{ item: CollabItem; overwrote?: { by: string; rev: number } }> {
  const index = indexOf(doc, id);
  if (index === -1)
    return { ok: false, message: `cannot edit item ${id}: ${missing(doc, id)}; your edit was not applied` };
  const before = doc.items[index]!;
  doc.rev++;
  const item: CollabItem = { id, text, by, rev: doc.rev };
  doc.items[index] = item;
  // A caret past the new end would point at nothing: pull it back to the end.
  const length = text.length;
  for (const [name, cursor] of doc.cursors) {
    if (cursor?.item === id && cursor.end > length) {
      doc.cursors.set(name, { item: id, start: Math.min(cursor.start, length), end: length });
    }
  }
  const overwrote = base !== undefined && before.rev > base ? { by: before.by, rev: before.rev } : undefined;
  return overwrote ? { ok: true, item, overwrote } : { ok: true, item };
}

export function deleteItem(doc: CollabDoc, by: string, id: string): Change<object> {
  const index = indexOf(doc, id);
  if (index === -1) return { ok: false, message: `cannot delete item ${id}: ${missing(doc, id)}` };
  doc.items.splice(index, 1);
  doc.rev++;
  doc.deleted.set(id, { by, rev: doc.rev });
  if (doc.deleted.size > TOMBSTONES) doc.deleted.delete(doc.deleted.keys().next().value!);
  for (const [name, cursor] of doc.cursors) if (cursor?.item === id) doc.cursors.set(name, null);
  return { ok: true };
}

/**
 * Sets a member's caret, clamped to its item's text: the text may have
 * shrunk under it. A caret in an item that is gone becomes null: a move
 * racing a delete is normal, not an error.
 */
export function moveCursor(doc: CollabDoc, name: string, wanted: CollabCursor | null): CollabCursor | null {
  const item = wanted && doc.items.find((candidate) => candidate.id === wanted.item);
  const cursor = item
    ? { item: item.id, start: Math.min(wanted.start, item.text.length), end: Math.min(wanted.end, item.text.length) }
    : null;
  doc.cursors.set(name, cursor);
  return cursor;
}

/** What every instance must agree on: the document without the carets (those travel as presence). */
interface SavedDoc {
  readonly rev: number;
  readonly items: readonly CollabItem[];
  readonly nextId: number;
  readonly deleted: readonly (readonly [string, { readonly by: string; readonly rev: number }])[];
}

export function saveCollabDoc(doc: CollabDoc): SavedDoc {
  return { rev: doc.rev, items: doc.items, nextId: doc.nextId, deleted: [...doc.deleted] };
}

/**
 * Takes another instance's copy of the document, keeping this instance's
 * carets: a caret whose item is gone becomes null, one past its item's new
 * end is pulled back, as `editItem` and `deleteItem` do.
 */
export function loadCollabDoc(saved: unknown, into: CollabDoc): void {
  const doc = saved as SavedDoc;
  into.rev = doc.rev;
  into.items.splice(0, into.items.length, ...doc.items);
  into.nextId = doc.nextId;
  into.deleted.clear();
  for (const [id, tombstone] of doc.deleted) into.deleted.set(id, tombstone);
  for (const [name, cursor] of into.cursors) {
    if (!cursor) continue;
    const item = into.items.find((candidate) => candidate.id === cursor.item);
    if (!item) into.cursors.set(name, null);
    else if (cursor.end > item.text.length) {
      into.cursors.set(name, { ...cursor, start: Math.min(cursor.start, item.text.length), end: item.text.length });
    }
  }
}

/** A copy to try a change on. */
export function forkCollabDoc(doc: CollabDoc): CollabDoc {
  return {
    rev: doc.rev,
    items: [...doc.items],
    nextId: doc.nextId,
    deleted: new Map(doc.deleted),
    cursors: new Map(doc.cursors),
  };
}
