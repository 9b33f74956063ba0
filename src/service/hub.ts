/**
 * Rooms of named members with broadcast: the logic `/chat`, `/notify`,
 * `/collab` and `/game` share. One hub per endpoint, so every connection an
 * endpoint admits meets the others there. The hub knows nothing of wires or
 * JSON: a member is whatever can take an `M`, and a room may carry a state
 * `S` of the endpoint's own (a document, a playfield) that lives exactly as
 * long as the room has members.
 *
 * With a `RoomBus` (several server instances, see room-bus.ts) a room spans
 * the deployment: this hub still delivers to its own members at once, and
 * the bus carries the same messages to the other instances' members. Names,
 * members, history and shared state then come from the bus; while the bus is
 * down the hub goes on alone and catches up when it is back.
 */
import type { RoomBus, RoomEvent } from './room-bus.ts';

export interface Room<M, S = undefined> {
  readonly name: string;
  /** Member names in order of arrival (with a bus: every instance's). */
  readonly members: readonly string[];
  /** The last recorded messages, oldest first, at most the hub's `historyLimit`. */
  readonly history: readonly M[];
  /** The endpoint's own state for this room, made by `createState` when the first member joined. */
  readonly state: S;
}

/** What a change of a room's state does: tell the room (or only `to`) `message`, or refuse with `reason`. */
export type ChangeResult<M, R> =
  { readonly ok: true; readonly message: M; readonly to?: string } | { readonly ok: false; readonly reason: R };

export interface ChangeHandlers<M, R, S> {
  /** The change is applied and `message` delivered: called after the room heard it. */
  applied?(message: M): void;
  /** The change was refused; `state` is the state it was tried on. */
  rejected(reason: R, state: S): void;
  /** The change could not be ordered with the other instances' (the bus is down): nothing changed. */
  unavailable?(): void;
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
  /** Tells everyone else that this member arrived (`message` is the presence message). */
  announce(message: M): void;
  /**
   * Changes the room's state: `run` changes the state it is given and says
   * what to tell the room. Changes are applied one at a time, in one order
   * for every member (with a bus, `run` may run again on a newer state).
   */
  change<R>(run: (state: S) => ChangeResult<M, R>, handlers: ChangeHandlers<M, R, S>): void;
  /** Calls `listener` when the room's state jumped past changes this instance missed: resend the whole state. */
  onResync(listener: () => void): void;
  /** Leaves the room, telling the others `farewell`; the last to leave deletes it. Calling it again does nothing. */
  leave(farewell?: M): void;
}

export interface Hub<M, S = undefined> {
  /** Why a newcomer cannot join `roomName` now (full, or too many rooms), or undefined when it can. */
  refusal(roomName: string): string | undefined;
  /**
   * Joins the room on this instance only, making it if needed; undefined
   * when `refusal` says no. Endpoints use `enter`, which also works across
   * instances.
   */
  join(roomName: string, wantedName: string, deliver: (message: M) => void): Membership<M, S> | undefined;
  /**
   * Joins the room and hands the membership to `entered` (undefined when
   * there is no place): at once without a bus, once the bus has given the
   * newcomer a name unique in the deployment with one.
   */
  enter(
    roomName: string,
    wantedName: string,
    deliver: (message: M) => void,
    entered: (member: Membership<M, S> | undefined) => void,
  ): void;
  /** Delivers `message` to every member of a room (no one, when the room is not open): for what the server says on its own, such as a game's ticks. */
  broadcast(roomName: string, message: M): void;
  /** The rooms with at least one member on this instance. */
  readonly rooms: ReadonlyMap<string, Room<M, S>>;
}

/** How a room's state crosses to other instances: only the part every instance must agree on. */
export interface SharedState<M, S> {
  /** The shared part of `state` as a JSON value. */
  save(state: S): unknown;
  /** Overwrites the shared part of `into` with `saved`, in place (sessions hold the state object). */
  load(saved: unknown, into: S): void;
  /** A copy to try a change on: changing it leaves `state` as it was. */
  fork(state: S): S;
  /** While the bus is down: `local` applies changes on this instance alone, `refuse` refuses them. */
  readonly whileCutOff: 'local' | 'refuse';
  /** Called for each message from another instance, to keep this instance's copy of what is not shared (cursors). */
  observe?(state: S, message: M): void;
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

/** The options of a hub whose rooms span instances. */
export interface SharedHubOptions<M, S> extends HubOptions<S> {
  /** The other instances; without it the hub is in memory only. */
  readonly bus?: RoomBus<M> | undefined;
  /** How the state crosses (none: the state stays on each instance). */
  readonly shared?: SharedState<M, S> | undefined;
  /** Makes this instance's tickets for its own changes unique in the deployment. */
  readonly instance?: string;
}

interface RoomState<M, S> extends Room<M, S> {
  readonly members: string[];
  history: M[];
  readonly deliverTo: Map<string, (message: M) => void>;
  /** With a bus: changes of the shared state so far, and this instance's changes waiting to be applied. */
  version: number;
  readonly tickets: Map<string, (message: M) => void>;
  /** This instance's changes in arrival order: each waits for the one before. */
  queue: Promise<void>;
  readonly resync: Map<string, () => void>;
  /** Each local member's presence message, published again when the bus comes back. */
  readonly arrivals: Map<string, M>;
  /** Newcomers waiting for the bus to give them a name: they hold the room open meanwhile. */
  arriving: number;
  /** False once the room was deleted: late bus answers for it are ignored. */
  open: boolean;
}

/** `ann`, then `ann (2)`, `ann (3)`: unique in the room, still recognisable. */
function uniqueName(wanted: string, taken: (name: string) => boolean): string {
  if (!taken(wanted)) return wanted;
  let n = 2;
  while (taken(`${wanted} (${n})`)) n++;
  return `${wanted} (${n})`;
}

/** Tries of one change against newer states before giving up (only under heavy contention). */
const CHANGE_TRIES = 16;

export function createHub<M, S = undefined>(options: SharedHubOptions<M, S> = {}): Hub<M, S> {
  const historyLimit = options.historyLimit ?? 20;
  const roomMembers = options.roomMembers ?? 50;
  const maxRooms = options.maxRooms ?? 1000;
  const noun = options.memberNoun ?? 'members';
  const { bus, shared } = options;
  const instance = options.instance ?? 'local';
  let nextTicket = 1;
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

  function openRoom(roomName: string): RoomState<M, S> {
    const existing = rooms.get(roomName);
    if (existing) return existing;
    // Without createState, S is undefined (its default), so the cast says what is true.
    const state = options.createState ? options.createState(roomName) : (undefined as S);
    const room: RoomState<M, S> = {
      name: roomName,
      members: [],
      history: [],
      deliverTo: new Map(),
      state,
      version: 0,
      tickets: new Map(),
      queue: Promise.resolve(),
      resync: new Map(),
      arrivals: new Map(),
      arriving: 0,
      open: true,
    };
    rooms.set(roomName, room);
    return room;
  }

  function closeRoom(room: RoomState<M, S>): void {
    if (room.deliverTo.size > 0 || room.arriving > 0 || !room.open) return;
    room.open = false;
    rooms.delete(room.name);
    bus?.unfollow(room.name);
    options.disposeState?.(room.state);
  }

  function keep(room: RoomState<M, S>, message: M): void {
    room.history.push(message);
    if (room.history.length > historyLimit) room.history.splice(0, room.history.length - historyLimit);
  }

  /** Delivers to this instance's members: to `to` only, or to all but `except`. */
  function deliverHere(room: RoomState<M, S>, message: M, to?: string, except?: string): boolean {
    if (to !== undefined) {
      const send = room.deliverTo.get(to);
      send?.(message);
      return send !== undefined;
    }
    // A copy: a delivery may make a member leave while we loop.
    for (const [member, send] of [...room.deliverTo]) if (member !== except) send(message);
    return true;
  }

  /** What another instance said about the room (or the bus, for a member of a vanished instance). */
  function receive(room: RoomState<M, S>, event: RoomEvent<M>): void {
    if (!room.open) return;
    switch (event.kind) {
      case 'joined':
      case 'left': {
        const at = room.members.indexOf(event.name);
        // A member of this instance is never removed by another's word (a name held twice after an outage).
        if (event.kind === 'left' && (at === -1 || room.deliverTo.has(event.name))) return;
        if (event.kind === 'joined' && at !== -1) return;
        if (event.kind === 'joined') room.members.push(event.name);
        else room.members.splice(at, 1);
        if (event.message !== undefined) {
          shared?.observe?.(room.state, event.message);
          deliverHere(room, event.message);
        }
        return;
      }
      case 'record':
        keep(room, event.message);
        return;
      case 'message':
        shared?.observe?.(room.state, event.message);
        deliverHere(room, event.message, event.to, event.except);
        return;
      case 'state':
        applyState(room, event);
        return;
    }
  }

  function applyState(room: RoomState<M, S>, event: Extract<RoomEvent<M>, { kind: 'state' }>): void {
    if (!shared || event.version <= room.version) return;
    const gap = event.version > room.version + 1;
    shared.load(event.state, room.state);
    room.version = event.version;
    const applied = room.tickets.get(event.ticket);
    room.tickets.delete(event.ticket);
    if (gap) {
      // Changes went by while this instance was cut off: its members need the whole state again.
      for (const listener of [...room.resync.values()]) listener();
    } else {
      deliverHere(room, event.message, event.to);
    }
    applied?.(event.message);
  }

  /** The bus is back: put this instance's members, history and state back. */
  async function rejoin(room: RoomState<M, S>): Promise<void> {
    if (!bus || !room.open) return;
    const locals = [...room.deliverTo.keys()];
    await bus.restore(room.name, locals);
    if (!room.open) return;
    for (const name of locals) {
      const message = room.arrivals.get(name);
      // Published again for every member: instances that knew them already ignore it.
      bus.publish(room.name, { kind: 'joined', name, ...(message !== undefined && { message }) });
    }
    await bus.seed(room.name, room.history, room.version, shared && room.version > 0 ? shared.save(room.state) : null);
  }

  /** Once every instance had time to rejoin: who came and went meanwhile, and the state this instance missed. */
  async function reconcile(room: RoomState<M, S>): Promise<void> {
    if (!bus || !room.open) return;
    const snapshot = await bus.snapshot(room.name, historyLimit);
    if (!room.open) return;
    const stored = new Set(snapshot.members);
    for (const name of [...room.members]) {
      if (!stored.has(name) && !room.deliverTo.has(name)) {
        receive(room, { kind: 'left', name, message: bus.presence('left', name) });
      }
    }
    for (const name of snapshot.members) {
      if (!room.members.includes(name)) receive(room, { kind: 'joined', name, message: bus.presence('joined', name) });
    }
    if (snapshot.history.length >= room.history.length) room.history = [...snapshot.history];
    if (shared && snapshot.version > room.version) {
      shared.load(snapshot.state, room.state);
      room.version = snapshot.version;
      for (const listener of [...room.resync.values()]) listener();
    }
  }

  function membership(room: RoomState<M, S>, name: string, deliver: (message: M) => void): Membership<M, S> {
    // The name may be listed already: word of it from the bus can come before the claim's answer does.
    if (!room.members.includes(name)) room.members.push(name);
    room.deliverTo.set(name, deliver);
    let present = true;
    const publish = (event: RoomEvent<M>): void => {
      if (bus && room.open) bus.publish(room.name, event, historyLimit);
    };
    const deliverResult = (message: M, to: string | undefined): void => {
      if (to === undefined) deliverHere(room, message);
      else if (!deliverHere(room, message, to)) publish({ kind: 'message', message, to });
    };
    return {
      name,
      room,
      broadcast(message, { others = false } = {}) {
        if (!present) return;
        // A copy: a delivery may make a member leave while we loop.
        for (const [member, send] of [...room.deliverTo]) {
          if (!(others && member === name)) send(message);
        }
        publish({ kind: 'message', message, ...(others && { except: name }) });
      },
      sendTo(to, message) {
        if (!present) return false;
        const send = room.deliverTo.get(to);
        if (send) {
          send(message);
          return true;
        }
        // Elsewhere in the deployment: names are unique across instances, so one instance delivers it.
        if (!bus || !room.members.includes(to)) return false;
        publish({ kind: 'message', message, to });
        return true;
      },
      record(message) {
        if (!present) return;
        keep(room, message);
        publish({ kind: 'record', message });
      },
      announce(message) {
        if (!present) return;
        room.arrivals.set(name, message);
        for (const [member, send] of [...room.deliverTo]) if (member !== name) send(message);
        publish({ kind: 'joined', name, message });
      },
      change(run, handlers) {
        if (!present) return;
        const local = (): void => {
          const result = run(room.state);
          if (!result.ok) return handlers.rejected(result.reason, room.state);
          deliverResult(result.message, result.to);
          handlers.applied?.(result.message);
        };
        if (!bus || !shared) return local();
        const cutOff = (): void => {
          if (shared.whileCutOff === 'local') local();
          else handlers.unavailable?.();
        };
        // One change of this instance at a time, in arrival order; the bus orders them with the others'.
        room.queue = room.queue.then(async () => {
          if (!present || !room.open) return;
          if (!bus.connected) return cutOff();
          let version = room.version;
          const base = shared.fork(room.state);
          for (let attempt = 0; attempt < CHANGE_TRIES; attempt++) {
            const trial = shared.fork(base);
            const result = run(trial);
            if (!result.ok) return handlers.rejected(result.reason, trial);
            const ticket = `${instance}:${nextTicket++}`;
            room.tickets.set(ticket, (message) => handlers.applied?.(message));
            let commit;
            try {
              commit = await bus.commit(room.name, version, {
                kind: 'state',
                version: version + 1,
                state: shared.save(trial),
                message: result.message,
                ...(result.to !== undefined && { to: result.to }),
                ticket,
              });
            } catch {
              room.tickets.delete(ticket);
              return cutOff();
            }
            if (commit.ok) return;
            room.tickets.delete(ticket);
            version = commit.version;
            shared.load(commit.state, base);
          }
          handlers.unavailable?.();
        });
      },
      onResync(listener) {
        if (present) room.resync.set(name, listener);
      },
      leave(farewell) {
        if (!present) return;
        present = false;
        room.deliverTo.delete(name);
        room.resync.delete(name);
        room.arrivals.delete(name);
        room.members.splice(room.members.indexOf(name), 1);
        if (farewell !== undefined) for (const send of [...room.deliverTo.values()]) send(farewell);
        bus?.release(room.name, name, { kind: 'left', name, ...(farewell !== undefined && { message: farewell }) });
        closeRoom(room);
      },
    };
  }

  function join(roomName: string, wantedName: string, deliver: (message: M) => void): Membership<M, S> | undefined {
    if (refusal(roomName) !== undefined) return undefined;
    const room = openRoom(roomName);
    return membership(
      room,
      uniqueName(wantedName, (name) => room.members.includes(name)),
      deliver,
    );
  }

  function enter(
    roomName: string,
    wantedName: string,
    deliver: (message: M) => void,
    entered: (member: Membership<M, S> | undefined) => void,
  ): void {
    if (!bus) return entered(join(roomName, wantedName, deliver));
    if (refusal(roomName) !== undefined) return entered(undefined);
    const fresh = !rooms.has(roomName);
    const room = openRoom(roomName);
    // Held open by the newcomer until it has its place, so a leaving neighbour does not delete it meanwhile.
    room.arriving++;
    const release = (): void => {
      room.arriving--;
    };
    const alone = (): void => {
      release();
      const member = room.open ? join(roomName, wantedName, deliver) : undefined;
      entered(member);
    };
    const following = fresh
      ? bus.follow(roomName, {
          receive: (event) => receive(room, event),
          rejoin: () => void rejoin(room).catch(() => {}),
          reconcile: () => void reconcile(room).catch(() => {}),
        })
      : Promise.resolve();
    following
      .then(() => bus.claim(roomName, wantedName, { members: roomMembers, history: historyLimit }))
      .then(
        (claim) => {
          release();
          if (!room.open) return entered(undefined);
          if (!claim.ok) {
            closeRoom(room);
            return entered(undefined);
          }
          const firstHere = room.deliverTo.size === 0;
          if (firstHere) {
            room.members.splice(0, room.members.length, ...claim.members.filter((name) => name !== claim.name));
            room.history = [...claim.history];
            if (shared && claim.version > room.version) {
              shared.load(claim.state, room.state);
              room.version = claim.version;
            }
          }
          entered(membership(room, claim.name, deliver));
        },
        // The bus is down: this instance goes on alone and puts the member back when it returns.
        () => alone(),
      );
  }

  function broadcast(roomName: string, message: M): void {
    const room = rooms.get(roomName);
    // A copy: a delivery may make a member leave while we loop.
    if (room) for (const send of [...room.deliverTo.values()]) send(message);
  }

  return { refusal, join, enter, broadcast, rooms };
}
