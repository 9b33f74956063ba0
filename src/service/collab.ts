import {
  addItem,
  createCollabDoc,
  deleteItem,
  editItem,
  forkCollabDoc,
  loadCollabDoc,
  moveCursor,
  saveCollabDoc,
  type CollabDoc,
} from './collab-doc.ts';
import type { Endpoint } from './endpoint.ts';
import { refuse } from './endpoint.ts';
import { readIntegerField, readKeyField, readTextField } from './fields.ts';
import { createHub, type Hub } from './hub.ts';
import type { ChangeResult } from './rooms.ts';
import { LIMITS, type CollabCursor, type CollabRef, type CollabServerMessage } from './json-messages.ts';
import { dispatchJson, sendError, sendJson, shownJson, type Incoming, type JsonHandlers } from './json-peer.ts';
import type { Clock } from './peer.ts';
import { characterCount, type Read } from './query.ts';
import type { RoomBus } from './room-bus.ts';
import { admitToRoom, readRoomAndName } from './room-session.ts';

const ITEM_TEXT = { minLength: 0, maxLength: LIMITS.itemText };
/** Item ids are `i` and at most 9 digits; anything longer names nothing. */
const ID_LENGTH = 10;
/** A caret offset counts UTF-16 units: up to two per character. */
const OFFSET = { min: 0, max: 2 * LIMITS.itemText, of: 'UTF-16 units' };
const UNDERSTANDS =
  '/collab understands {"type":"add","text":"…"}, {"type":"edit","id":"i1","text":"…"}, {"type":"delete","id":"i1"} and {"type":"cursor","item":"i1","start":0}';

export type CollabHub = Hub<CollabServerMessage, CollabDoc>;

/** The carets of other instances' editors, kept from what they tell the document. */
function observeCarets(doc: CollabDoc, message: CollabServerMessage): void {
  if (message.type === 'cursor') doc.cursors.set(message.name, message.cursor);
  else if (message.type === 'joined') doc.cursors.set(message.name, null);
  else if (message.type === 'left') doc.cursors.delete(message.name);
}

/**
 * The documents of one service; a document is forgotten when its last editor
 * leaves. With a bus, every instance holds a copy and the bus orders the
 * changes: while it is down, changes are refused rather than let the copies
 * part ways.
 */
export function createCollabHub(
  options: {
    readonly roomMembers?: number;
    readonly maxRooms?: number;
    readonly bus?: RoomBus<CollabServerMessage> | undefined;
    readonly instance?: string;
  } = {},
): CollabHub {
  return createHub<CollabServerMessage, CollabDoc>({
    ...options,
    createState: createCollabDoc,
    shared: {
      save: saveCollabDoc,
      load: loadCollabDoc,
      fork: forkCollabDoc,
      whileCutOff: 'refuse',
      observe: observeCarets,
    },
  });
}

/** Why a change was refused, for the `rejected` message. */
interface Refusal {
  readonly action: 'add' | 'edit' | 'delete';
  readonly message: string;
  readonly ref: CollabRef | undefined;
  readonly id?: string;
}

const CUT_OFF = 'the document cannot change right now: this server lost its link to the others; try again in a moment';

/** The optional `ref`: a short string or a whole number, echoed back untouched. */
function readRef(message: Incoming): Read<CollabRef | undefined> {
  const { ref } = message;
  if (ref === undefined) return { ok: true, value: undefined };
  if ((typeof ref === 'string' && characterCount(ref) <= LIMITS.ref) || Number.isSafeInteger(ref)) {
    return { ok: true, value: ref as CollabRef };
  }
  return {
    ok: false,
    reason: `"ref" must be a string of at most ${LIMITS.ref} characters or a whole number; got ${shownJson(ref)}`,
  };
}

/** The `ref` field to spread into a result: there only when the author gave one. */
function tagged(ref: CollabRef | undefined): { ref?: CollabRef } {
  return ref === undefined ? {} : { ref };
}

/**
 * `/collab?doc=D&name=N`: a shared list of short text items that everyone in
 * the document edits at once, and where each one's caret is. The rule for
 * concurrent edits is in collab-doc.ts: the server orders all changes, the
 * last write to an item wins, and a change to a deleted item is rejected.
 */
export function createCollabEndpoint({ hub, clock }: { hub: CollabHub; clock: Clock }): Endpoint {
  return {
    path: '/collab',
    summary:
      'a shared list that several clients edit at once, with everyone\u2019s cursor; the server orders the changes',
    admit(target) {
      const wanted = readRoomAndName(target.query, 'doc');
      if (!wanted.ok) return refuse(wanted.reason);
      return admitToRoom({
        hub,
        clock,
        ...wanted.value,
        open(member, peer) {
          const state = member.room.state;
          state.cursors.set(member.name, null);
          const welcome = (): void =>
            sendJson(peer, {
              type: 'welcome',
              doc: wanted.value.room,
              you: member.name,
              rev: state.rev,
              items: [...state.items],
              members: member.room.members.map((who) => ({ name: who, cursor: state.cursors.get(who) ?? null })),
            });
          welcome();
          member.onResync(welcome);
          const rejected = ({ action, message, ref, id }: Refusal, rev: number) =>
            sendJson(peer, { type: 'rejected', action, ...(id && { id }), ...tagged(ref), rev, message });
          /** Applies a change in the document's order; a refusal goes to the author alone. */
          const change = (
            action: Refusal['action'],
            ref: CollabRef | undefined,
            id: string | undefined,
            run: (doc: CollabDoc) => ChangeResult<CollabServerMessage, Refusal>,
          ) =>
            member.change(run, {
              rejected: (refusal, doc) => rejected(refusal, doc.rev),
              unavailable: () =>
                rejected({ action, message: CUT_OFF, ref, ...(id !== undefined && { id }) }, state.rev),
            });
          const handlers: JsonHandlers = {
            add(message) {
              const ref = readRef(message);
              if (!ref.ok) return sendError(peer, ref.reason);
              const text = readTextField(message, 'text', ITEM_TEXT);
              if (!text.ok) return sendError(peer, text.reason);
              let after: string | null | undefined = message.after === null ? null : undefined;
              if (message.after !== undefined && message.after !== null) {
                const id = readKeyField(message, 'after', ID_LENGTH);
                if (!id.ok)
                  return sendError(peer, `${id.reason} (null adds at the top; leave it out to add at the end)`);
                after = id.value;
              }
              change('add', ref.value, undefined, (doc) => {
                const added = addItem(doc, member.name, text.value, after);
                if (!added.ok) return { ok: false, reason: { action: 'add', message: added.message, ref: ref.value } };
                const { item, index } = added;
                return {
                  ok: true,
                  message: { type: 'added', rev: doc.rev, by: member.name, ...tagged(ref.value), item, index },
                };
              });
            },
            edit(message) {
              const ref = readRef(message);
              if (!ref.ok) return sendError(peer, ref.reason);
              const id = readKeyField(message, 'id', ID_LENGTH);
              if (!id.ok) return sendError(peer, id.reason);
              const text = readTextField(message, 'text', ITEM_TEXT);
              if (!text.ok) return sendError(peer, text.reason);
              let base: number | undefined;
              if (message.base !== undefined) {
                const read = readIntegerField(message, 'base', { min: 0, max: state.rev });
                if (!read.ok) return sendError(peer, `${read.reason} (the item's "rev" you edited from)`);
                base = read.value;
              }
              change('edit', ref.value, id.value, (doc) => {
                const edited = editItem(doc, member.name, id.value, text.value, base);
                if (!edited.ok) {
                  return {
                    ok: false,
                    reason: { action: 'edit', message: edited.message, ref: ref.value, id: id.value },
                  };
                }
                const { item, overwrote } = edited;
                return {
                  ok: true,
                  message: {
                    type: 'edited',
                    rev: doc.rev,
                    by: member.name,
                    ...tagged(ref.value),
                    item,
                    ...(overwrote && { overwrote }),
                  },
                };
              });
            },
            delete(message) {
              const ref = readRef(message);
              if (!ref.ok) return sendError(peer, ref.reason);
              const id = readKeyField(message, 'id', ID_LENGTH);
              if (!id.ok) return sendError(peer, id.reason);
              change('delete', ref.value, id.value, (doc) => {
                const deleted = deleteItem(doc, member.name, id.value);
                if (!deleted.ok) {
                  return {
                    ok: false,
                    reason: { action: 'delete', message: deleted.message, ref: ref.value, id: id.value },
                  };
                }
                return {
                  ok: true,
                  message: { type: 'deleted', rev: doc.rev, by: member.name, ...tagged(ref.value), id: id.value },
                };
              });
            },
            cursor(message) {
              let wanted: CollabCursor | null = null;
              if (message.item !== null) {
                const item = readKeyField(message, 'item', ID_LENGTH);
                if (!item.ok) return sendError(peer, `${item.reason} (null when the caret is in no item)`);
                const start = readIntegerField(message, 'start', OFFSET);
                if (!start.ok) return sendError(peer, start.reason);
                const end = readIntegerField(message, 'end', { ...OFFSET, min: start.value, fallback: start.value });
                if (!end.ok) return sendError(peer, `${end.reason} (a selection's end is never before its start)`);
                wanted = { item: item.value, start: start.value, end: end.value };
              }
              const cursor = moveCursor(state, member.name, wanted);
              member.broadcast({ type: 'cursor', name: member.name, cursor }, { others: true });
            },
          };
          return {
            message: (data) => dispatchJson(peer, data, UNDERSTANDS, handlers),
            leaving: () => void state.cursors.delete(member.name),
          };
        },
      });
    },
  };
}
