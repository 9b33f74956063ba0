/**
 * Rooms of named members with broadcast: what `/chat` needs, and what later
 * shared features (editing, notifications) will build on. One hub per
 * service, so every connection the service admits meets the others there.
 * The hub knows nothing of wires or JSON: a member is whatever can take an
 * `M`.
 */

export interface Room<M> {
  readonly name: string;
  /** Member names in order of arrival. */
  readonly members: readonly string[];
  /** The last recorded messages, oldest first, at most the hub's `historyLimit`. */
  readonly history: readonly M[];
}

/** One member's place in a room, from joining to leaving. */
export interface Membership<M> {
  /** The member's name in the room: the one asked for, or `ann (2)` if that was taken. */
  readonly name: string;
  readonly room: Room<M>;
  /** Delivers `message` to every member, or to every member but this one. */
  broadcast(message: M, options?: { readonly others?: boolean }): void;
  /** Keeps `message` in the room's history, dropping the oldest past the limit. */
  record(message: M): void;
  /** Leaves the room; the last to leave deletes it. Calling it again does nothing. */
  leave(): void;
}

export interface Hub<M> {
  join(roomName: string, wantedName: string, deliver: (message: M) => void): Membership<M>;
  /** The rooms with at least one member. */
  readonly rooms: ReadonlyMap<string, Room<M>>;
}

export interface HubOptions {
  /** How many messages each room keeps for newcomers (default 20). */
  readonly historyLimit?: number;
}

interface RoomState<M> extends Room<M> {
  readonly members: string[];
  readonly history: M[];
  readonly deliverTo: Map<string, (message: M) => void>;
}

/** `ann`, then `ann (2)`, `ann (3)`: unique in the room, still recognisable. */
function uniqueName(wanted: string, taken: ReadonlyMap<string, unknown>): string {
  if (!taken.has(wanted)) return wanted;
  let n = 2;
  while (taken.has(`${wanted} (${n})`)) n++;
  return `${wanted} (${n})`;
}

export function createHub<M>(options: HubOptions = {}): Hub<M> {
  const historyLimit = options.historyLimit ?? 20;
  const rooms = new Map<string, RoomState<M>>();

  function join(roomName: string, wantedName: string, deliver: (message: M) => void): Membership<M> {
    let room = rooms.get(roomName);
    if (!room) {
      room = { name: roomName, members: [], history: [], deliverTo: new Map() };
      rooms.set(roomName, room);
    }
    const state = room;
    const name = uniqueName(wantedName, state.deliverTo);
    state.members.push(name);
    state.deliverTo.set(name, deliver);
    let present = true;
    return {
      name,
      room: state,
      broadcast(message, { others = false } = {}) {
        if (!present) return;
        // A copy: a delivery may make a member leave while we loop.
        for (const [member, send] of [...state.deliverTo]) {
          if (!(others && member === name)) send(message);
        }
      },
      record(message) {
        if (!present) return;
        state.history.push(message);
        if (state.history.length > historyLimit) state.history.splice(0, state.history.length - historyLimit);
      },
      leave() {
        if (!present) return;
        present = false;
        state.deliverTo.delete(name);
        state.members.splice(state.members.indexOf(name), 1);
        if (state.members.length === 0) rooms.delete(roomName);
      },
    };
  }

  return { join, rooms };
}
