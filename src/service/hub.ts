/**
 * Rooms of named members with broadcast: the logic `/chat`, `/notify`,
 * `/collab` and `/game` share. One hub per endpoint, so every connection an
 * endpoint admits meets the others there. The hub knows nothing of wires or
 * JSON: a member is whatever can take an `M`, and a room may carry a state
 * `S` of the endpoint's own (a document, a playfield) that lives exactly as
 * long as the room has members.
 *
 * A hub joins two parts: the rooms of this instance (rooms.ts) and, with a
 * `RoomBus` (several server instances, see room-bus.ts), their sync with the
 * other instances (room-sync.ts). What a member does reaches its room-mates
 * on this instance at once, and the bus carries the same to the others';
 * while the bus is down the hub goes on alone and catches up when it is back.
 */
import type { RoomBus, RoomEvent } from './room-bus.ts';
import { RoomSync, type SharedState } from './room-sync.ts';
import {
  LocalRooms,
  uniqueName,
  type ChangeHandlers,
  type ChangeResult,
  type LocalRoom,
  type Room,
  type RoomsOptions,
} from './rooms.ts';

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

/** The options of a hub, whose rooms span instances when it has a bus. */
export interface HubOptions<M, S> extends RoomsOptions<S> {
  /** The other instances; without it the hub is in memory only. */
  readonly bus?: RoomBus<M> | undefined;
  /** How the state crosses (none: the state stays on each instance). */
  readonly shared?: SharedState<M, S> | undefined;
  /** Makes this instance's tickets for its own changes unique in the deployment. */
  readonly instance?: string;
}

export function createHub<M, S = undefined>(options: HubOptions<M, S> = {}): Hub<M, S> {
  const rooms = new LocalRooms<M, S>(options);
  const sync =
    options.bus &&
    new RoomSync<M, S>({
      bus: options.bus,
      shared: options.shared,
      instance: options.instance ?? 'local',
      roomMembers: rooms.roomMembers,
      historyLimit: rooms.historyLimit,
    });

  function close(room: LocalRoom<M, S>): void {
    if (rooms.close(room)) sync?.unlink(room);
  }

  function membership(room: LocalRoom<M, S>, name: string, deliver: (message: M) => void): Membership<M, S> {
    room.add(name, deliver);
    const link = sync?.link(room);
    let present = true;
    const publish = (event: RoomEvent<M>): void => link?.publish(event);
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
        if (room.deliver(message, to)) return true;
        // Elsewhere in the deployment: names are unique across instances, so one instance delivers it.
        if (!link || !room.members.includes(to)) return false;
        publish({ kind: 'message', message, to });
        return true;
      },
      record(message) {
        if (!present) return;
        room.keep(message);
        publish({ kind: 'record', message });
      },
      announce(message) {
        if (!present) return;
        link?.arrived(name, message);
        room.deliver(message, undefined, name);
        publish({ kind: 'joined', name, message });
      },
      change(run, handlers) {
        if (!present) return;
        const local = (): void => {
          const result = run(room.state);
          if (!result.ok) return handlers.rejected(result.reason, room.state);
          const { message, to } = result;
          if (to === undefined) room.deliver(message);
          else if (!room.deliver(message, to)) publish({ kind: 'message', message, to });
          handlers.applied?.(message);
        };
        if (!link) return local();
        link.change(run, handlers, { local, present: () => present });
      },
      onResync(listener) {
        if (present) link?.onResync(name, listener);
      },
      leave(farewell) {
        if (!present) return;
        present = false;
        room.remove(name);
        if (farewell !== undefined) room.deliver(farewell);
        link?.left(name, farewell);
        close(room);
      },
    };
  }

  function join(roomName: string, wantedName: string, deliver: (message: M) => void): Membership<M, S> | undefined {
    if (rooms.refusal(roomName) !== undefined) return undefined;
    const room = rooms.open(roomName);
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
    if (!sync) return entered(join(roomName, wantedName, deliver));
    if (rooms.refusal(roomName) !== undefined) return entered(undefined);
    const fresh = !rooms.byName.has(roomName);
    const room = rooms.open(roomName);
    const link = sync.link(room);
    // Held open by the newcomer until it has its place, so a leaving neighbour does not delete it meanwhile.
    room.arriving++;
    link.claim(wantedName, fresh).then(
      (claim) => {
        room.arriving--;
        if (!room.open) return entered(undefined);
        if (!claim.ok) {
          close(room);
          return entered(undefined);
        }
        link.adopt(claim);
        entered(membership(room, claim.name, deliver));
      },
      // The bus is down: this instance goes on alone and puts the member back when it returns.
      () => {
        room.arriving--;
        entered(room.open ? join(roomName, wantedName, deliver) : undefined);
      },
    );
  }

  function broadcast(roomName: string, message: M): void {
    rooms.byName.get(roomName)?.deliver(message);
  }

  return { refusal: (roomName) => rooms.refusal(roomName), join, enter, broadcast, rooms: rooms.byName };
}
