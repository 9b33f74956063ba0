/**
 * Rooms of named members with broadcast: the logic `/chat`, `/notify`,
 * `/collab` and `/game` share. One hub per endpoint, so every connection an
 * endpoint admits meets the others there. The hub knows nothing of wires or
 * JSON: a member is whatever can take an `M`, and a room may carry a state
 * `S` of the endpoint's own (a document, a playfield) that lives exactly as
 * long as the room has members.
 */

export interface Room<M, S = undefined> {
  readonly name: string;
  /** Member names in order of arrival. */
  readonly members: readonly string[];
  /** The last recorded messages, oldest first, at most the hub's `historyLimit`. */
  readonly history: readonly M[];
  /** The endpoint's own state for this room, made by `createState` when the first member joined. */
  readonly state: S;
}

/** One member's place in a room, from joining to leaving. */
export interface Membership<M, S = undefined> {
  /** The member's name in the room: the one asked for, or `ann (2)` if that was taken. */
  readonly name: string;
  readonly room: Room<M, S>;
  /** Delivers `message` to every member, or to every member but this one. */
  broadcast(message: M, options?: { readonly others?: boolean }): void;
  /** Delivers `message` to the member called `name`; false when no one in the room has that name. */
  sendTo(name: string, message: M): boolean;
  /** Keeps `message` in the room's history, dropping the oldest past the limit. */
  record(message: M): void;
  /** Leaves the room; the last to leave deletes it. Calling it again does nothing. */
  leave(): void;
}

export interface Hub<M, S = undefined> {
  /** Why a newcomer cannot join `roomName` now (full, or too many rooms), or undefined when it can. */
  refusal(roomName: string): string | undefined;
  /** Joins the room, making it if needed; undefined when `refusal` says no. */
  join(roomName: string, wantedName: string, deliver: (message: M) => void): Membership<M, S> | undefined;
  /** Delivers `message` to every member of a room (no one, when the room is not open): for what the server says on its own, such as a game's ticks. */
  broadcast(roomName: string, message: M): void;
  /** The rooms with at least one member. */
  readonly rooms: ReadonlyMap<string, Room<M, S>>;
}

export interface HubOptions<S> {
  /** How many messages each room keeps for newcomers (default 20). */
  readonly historyLimit?: number;
  /** Most members one room holds (default 50). */
  readonly roomMembers?: number;
  /** What `roomMembers` counts, for the refusal: "members" (default), "players". */
  readonly memberNoun?: string;
  /** Most rooms open at once (default 1000): each holds memory, and on the live server anyone may open one. */
  readonly maxRooms?: number;
  /** Makes a new room's state; without it the state is undefined. */
  readonly createState?: (roomName: string) => S;
  /** Frees a room's state (timers and the like) when its last member leaves. */
  readonly disposeState?: (state: S) => void;
}

interface RoomState<M, S> extends Room<M, S> {
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

export function createHub<M, S = undefined>(options: HubOptions<S> = {}): Hub<M, S> {
  const historyLimit = options.historyLimit ?? 20;
  const roomMembers = options.roomMembers ?? 50;
  const maxRooms = options.maxRooms ?? 1000;
  const noun = options.memberNoun ?? 'members';
  const rooms = new Map<string, RoomState<M, S>>();

  function refusal(roomName: string): string | undefined {
    const room = rooms.get(roomName);
    if (room && room.members.length >= roomMembers) {
      return `room "${roomName}" is full: it holds at most ${roomMembers} ${noun}`;
    }
    if (!room && rooms.size >= maxRooms) {
      return `too many rooms are open (at most ${maxRooms}): join one that is already open, or try again later`;
    }
    return undefined;
  }

  function join(roomName: string, wantedName: string, deliver: (message: M) => void): Membership<M, S> | undefined {
    if (refusal(roomName) !== undefined) return undefined;
    let room = rooms.get(roomName);
    if (!room) {
      // Without createState, S is undefined (its default), so the cast says what is true.
      const state = options.createState ? options.createState(roomName) : (undefined as S);
      room = { name: roomName, members: [], history: [], deliverTo: new Map(), state };
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
      sendTo(to, message) {
        const send = present ? state.deliverTo.get(to) : undefined;
        send?.(message);
        return send !== undefined;
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
        if (state.members.length === 0) {
          rooms.delete(roomName);
          options.disposeState?.(state.state);
        }
      },
    };
  }

  function broadcast(roomName: string, message: M): void {
    const room = rooms.get(roomName);
    // A copy: a delivery may make a member leave while we loop.
    if (room) for (const send of [...room.deliverTo.values()]) send(message);
  }

  return { refusal, join, broadcast, rooms };
}
