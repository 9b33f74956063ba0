/**
 * The rooms of one instance: who is in each room here and how to reach
 * them, the room's recent history and its state, and the caps that keep an
 * instance's memory bounded. In the page and on a single server this is all
 * a hub holds; room-sync.ts adds what crosses to the other instances.
 */

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

export interface RoomsOptions<S> {
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

/** `ann`, then `ann (2)`, `ann (3)`: unique in the room, still recognisable. */
export function uniqueName(wanted: string, taken: (name: string) => boolean): string {
  if (!taken(wanted)) return wanted;
  let n = 2;
  while (taken(`${wanted} (${n})`)) n++;
  return `${wanted} (${n})`;
}

/** One room as this instance holds it. */
export class LocalRoom<M, S> implements Room<M, S> {
  readonly name: string;
  readonly state: S;
  readonly members: string[] = [];
  history: M[] = [];
  /** This instance's members, each with the function that delivers to it. */
  readonly deliverTo = new Map<string, (message: M) => void>();
  /** Newcomers waiting for the bus to give them a name: they hold the room open meanwhile. */
  arriving = 0;
  /** False once the room was deleted: late bus answers for it are ignored. */
  open = true;
  readonly #historyLimit: number;

  constructor(name: string, state: S, historyLimit: number) {
    this.name = name;
    this.state = state;
    this.#historyLimit = historyLimit;
  }

  /** Whether nothing holds the room open any more: no member here, no newcomer on its way. */
  get idle(): boolean {
    return this.deliverTo.size === 0 && this.arriving === 0;
  }

  /** Lists `name` and delivers to it from now on. */
  add(name: string, deliver: (message: M) => void): void {
    // The name may be listed already: word of it from the bus can come before the claim's answer does.
    if (!this.members.includes(name)) this.members.push(name);
    this.deliverTo.set(name, deliver);
  }

  /** Forgets the member `name` of this instance. */
  remove(name: string): void {
    this.deliverTo.delete(name);
    this.members.splice(this.members.indexOf(name), 1);
  }

  /** Keeps `message` in the history, dropping the oldest past the limit. */
  keep(message: M): void {
    this.history.push(message);
    if (this.history.length > this.#historyLimit) this.history.splice(0, this.history.length - this.#historyLimit);
  }

  /** Delivers to this instance's members: to `to` only (false when it is not here), or to all but `except`. */
  deliver(message: M, to?: string, except?: string): boolean {
    if (to !== undefined) {
      const send = this.deliverTo.get(to);
      send?.(message);
      return send !== undefined;
    }
    // A copy: a delivery may make a member leave while we loop.
    for (const [member, send] of [...this.deliverTo]) if (member !== except) send(message);
    return true;
  }
}

/** Every open room of one endpoint on this instance, within the caps. */
export class LocalRooms<M, S> {
  /** The rooms with at least one member (or a newcomer on its way) on this instance. */
  readonly byName = new Map<string, LocalRoom<M, S>>();
  readonly historyLimit: number;
  readonly roomMembers: number;
  readonly #maxRooms: number;
  readonly #noun: string;
  readonly #options: RoomsOptions<S>;

  constructor(options: RoomsOptions<S>) {
    this.historyLimit = options.historyLimit ?? 20;
    this.roomMembers = options.roomMembers ?? 50;
    this.#maxRooms = options.maxRooms ?? 1000;
    this.#noun = options.memberNoun ?? 'members';
    this.#options = options;
  }

  /** Why a newcomer cannot join `roomName` now (full, or too many rooms), or undefined when it can. */
  refusal(roomName: string): string | undefined {
    const room = this.byName.get(roomName);
    if (room && room.members.length >= this.roomMembers) {
      return `room "${roomName}" is full: it holds at most ${this.roomMembers} ${this.#noun}`;
    }
    if (!room && this.byName.size >= this.#maxRooms) {
      return `too many rooms are open (at most ${this.#maxRooms}): join one that is already open, or try again later`;
    }
    return undefined;
  }

  /** The room called `roomName`, made (with a fresh state) if it is not open. */
  open(roomName: string): LocalRoom<M, S> {
    const existing = this.byName.get(roomName);
    if (existing) return existing;
    // Without createState, S is undefined (its default), so the cast says what is true.
    const state = this.#options.createState ? this.#options.createState(roomName) : (undefined as S);
    const room = new LocalRoom<M, S>(roomName, state, this.historyLimit);
    this.byName.set(roomName, room);
    return room;
  }

  /** Deletes the room once nothing holds it open, freeing its state; true when it was deleted now. */
  close(room: LocalRoom<M, S>): boolean {
    if (!room.idle || !room.open) return false;
    room.open = false;
    this.byName.delete(room.name);
    this.#options.disposeState?.(room.state);
    return true;
  }
}
