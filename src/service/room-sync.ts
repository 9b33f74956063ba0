/**
 * Rooms that span several instances: what this instance tells the others
 * about a room through the bus (room-bus.ts), and what it does with what
 * they say. Names, members, history and shared state then come from the
 * bus; while the bus is down the room goes on with this instance's members
 * alone and catches up when it is back. Delivery to this instance's own
 * members stays with the room (rooms.ts).
 */
import type { Claim, FollowedRoom, RoomBus, RoomEvent } from './room-bus.ts';
import type { ChangeHandlers, ChangeResult, LocalRoom } from './rooms.ts';

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

export interface RoomSyncOptions<M, S> {
  /** The other instances. */
  readonly bus: RoomBus<M>;
  /** How the state crosses (none: the state stays on each instance). */
  readonly shared: SharedState<M, S> | undefined;
  /** Makes this instance's tickets for its own changes unique in the deployment. */
  readonly instance: string;
  /** The caps of every room, which the bus enforces for the whole deployment. */
  readonly roomMembers: number;
  readonly historyLimit: number;
}

/** Tries of one change against newer states before giving up (only under heavy contention). */
const CHANGE_TRIES = 16;

/** The sync of one hub's rooms: a link per room that has one, and the tickets of this instance's changes. */
export class RoomSync<M, S> {
  readonly bus: RoomBus<M>;
  readonly shared: SharedState<M, S> | undefined;
  readonly limits: { readonly members: number; readonly history: number };
  readonly #instance: string;
  #nextTicket = 1;
  readonly #links = new Map<LocalRoom<M, S>, RoomLink<M, S>>();

  constructor(options: RoomSyncOptions<M, S>) {
    this.bus = options.bus;
    this.shared = options.shared;
    this.limits = { members: options.roomMembers, history: options.historyLimit };
    this.#instance = options.instance;
  }

  /** The room's link to the other instances, made on first use. */
  link(room: LocalRoom<M, S>): RoomLink<M, S> {
    let link = this.#links.get(room);
    if (!link) {
      link = new RoomLink(room, this);
      this.#links.set(room, link);
    }
    return link;
  }

  /** The room was deleted here: stop following it. */
  unlink(room: LocalRoom<M, S>): void {
    this.#links.delete(room);
    this.bus.unfollow(room.name);
  }

  /** A name for one change of this instance, by which it recognises the change when the bus hands it back. */
  ticket(): string {
    return `${this.#instance}:${this.#nextTicket++}`;
  }
}

/** What a member's change needs of the member: how to apply it alone, and whether the member is still here. */
export interface ChangeContext {
  /** Applies the change on this instance alone. */
  readonly local: () => void;
  readonly present: () => boolean;
}

/** One room's link to the other instances: what it publishes, what it hears, and how it rejoins after an outage. */
export class RoomLink<M, S> implements FollowedRoom<M> {
  readonly #room: LocalRoom<M, S>;
  readonly #sync: RoomSync<M, S>;
  /** Changes of the shared state so far. */
  #version = 0;
  /** This instance's changes waiting to be applied, by ticket. */
  readonly #tickets = new Map<string, (message: M) => void>();
  /** This instance's changes in arrival order: each waits for the one before. */
  #queue: Promise<void> = Promise.resolve();
  readonly #resync = new Map<string, () => void>();
  /** Each local member's presence message, published again when the bus comes back. */
  readonly #arrivals = new Map<string, M>();

  constructor(room: LocalRoom<M, S>, sync: RoomSync<M, S>) {
    this.#room = room;
    this.#sync = sync;
  }

  /** Starts following the room when `follow`, then asks the bus for a name unique in the deployment. */
  claim(wanted: string, follow: boolean): Promise<Claim<M>> {
    const { bus, limits } = this.#sync;
    const room = this.#room;
    const following = follow ? bus.follow(room.name, this) : Promise.resolve();
    return following.then(() => bus.claim(room.name, wanted, limits));
  }

  /** Takes the room as the claim read it, when the newcomer is the first member here. */
  adopt(claim: Extract<Claim<M>, { readonly ok: true }>): void {
    const room = this.#room;
    if (room.deliverTo.size > 0) return;
    const { shared } = this.#sync;
    room.members.splice(0, room.members.length, ...claim.members.filter((name) => name !== claim.name));
    room.history = [...claim.history];
    if (shared && claim.version > this.#version) {
      shared.load(claim.state, room.state);
      this.#version = claim.version;
    }
  }

  /** Tells the other instances `event` (nothing once the room was deleted). */
  publish(event: RoomEvent<M>): void {
    if (this.#room.open) this.#sync.bus.publish(this.#room.name, event, this.#sync.limits.history);
  }

  /** Remembers the member's presence message, to publish again after an outage. */
  arrived(name: string, message: M): void {
    this.#arrivals.set(name, message);
  }

  /** Calls `listener` when the state jumped past changes this instance missed. */
  onResync(name: string, listener: () => void): void {
    this.#resync.set(name, listener);
  }

  /** The member `name` of this instance left: give its name up and tell the others `farewell`. */
  left(name: string, farewell: M | undefined): void {
    this.#resync.delete(name);
    this.#arrivals.delete(name);
    this.#sync.bus.release(this.#room.name, name, {
      kind: 'left',
      name,
      ...(farewell !== undefined && { message: farewell }),
    });
  }

  /**
   * Orders a change of the room's state with the other instances': `run`
   * may run again on a newer state when another instance's change came
   * first. Without a shared state the change is applied here alone.
   */
  change<R>(run: (state: S) => ChangeResult<M, R>, handlers: ChangeHandlers<M, R, S>, member: ChangeContext): void {
    const { bus, shared } = this.#sync;
    const room = this.#room;
    if (!shared) return member.local();
    const cutOff = (): void => {
      if (shared.whileCutOff === 'local') member.local();
      else handlers.unavailable?.();
    };
    // One change of this instance at a time, in arrival order; the bus orders them with the others'.
    this.#queue = this.#queue.then(async () => {
      if (!member.present() || !room.open) return;
      if (!bus.connected) return cutOff();
      let version = this.#version;
      const base = shared.fork(room.state);
      for (let attempt = 0; attempt < CHANGE_TRIES; attempt++) {
        const trial = shared.fork(base);
        const result = run(trial);
        if (!result.ok) return handlers.rejected(result.reason, trial);
        const ticket = this.#sync.ticket();
        this.#tickets.set(ticket, (message) => handlers.applied?.(message));
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
          this.#tickets.delete(ticket);
          return cutOff();
        }
        if (commit.ok) return;
        this.#tickets.delete(ticket);
        version = commit.version;
        shared.load(commit.state, base);
      }
      handlers.unavailable?.();
    });
  }

  /** What another instance said about the room (or the bus, for a member of a vanished instance). */
  receive(event: RoomEvent<M>): void {
    const room = this.#room;
    const { shared } = this.#sync;
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
          room.deliver(event.message);
        }
        return;
      }
      case 'record':
        room.keep(event.message);
        return;
      case 'message':
        shared?.observe?.(room.state, event.message);
        room.deliver(event.message, event.to, event.except);
        return;
      case 'state':
        this.#applyState(event);
        return;
    }
  }

  /** The bus is back: put this instance's members, history and state back. */
  rejoin(): void {
    void this.#rejoin().catch(() => {});
  }

  /** Once every instance had time to rejoin: who came and went meanwhile, and the state this instance missed. */
  reconcile(): void {
    void this.#reconcile().catch(() => {});
  }

  #applyState(event: Extract<RoomEvent<M>, { kind: 'state' }>): void {
    const room = this.#room;
    const { shared } = this.#sync;
    if (!shared || event.version <= this.#version) return;
    const gap = event.version > this.#version + 1;
    shared.load(event.state, room.state);
    this.#version = event.version;
    const applied = this.#tickets.get(event.ticket);
    this.#tickets.delete(event.ticket);
    if (gap) {
      // Changes went by while this instance was cut off: its members need the whole state again.
      this.#resyncAll();
    } else {
      room.deliver(event.message, event.to);
    }
    applied?.(event.message);
  }

  async #rejoin(): Promise<void> {
    const room = this.#room;
    const { bus, shared } = this.#sync;
    if (!room.open) return;
    const locals = [...room.deliverTo.keys()];
    await bus.restore(room.name, locals);
    if (!room.open) return;
    for (const name of locals) {
      const message = this.#arrivals.get(name);
      // Published again for every member: instances that knew them already ignore it.
      bus.publish(room.name, { kind: 'joined', name, ...(message !== undefined && { message }) });
    }
    const version = this.#version;
    await bus.seed(room.name, room.history, version, shared && version > 0 ? shared.save(room.state) : null);
  }

  async #reconcile(): Promise<void> {
    const room = this.#room;
    const { bus, shared } = this.#sync;
    if (!room.open) return;
    const snapshot = await bus.snapshot(room.name, this.#sync.limits.history);
    if (!room.open) return;
    const stored = new Set(snapshot.members);
    for (const name of [...room.members]) {
      if (!stored.has(name) && !room.deliverTo.has(name)) {
        this.receive({ kind: 'left', name, message: bus.presence('left', name) });
      }
    }
    for (const name of snapshot.members) {
      if (!room.members.includes(name)) this.receive({ kind: 'joined', name, message: bus.presence('joined', name) });
    }
    if (snapshot.history.length >= room.history.length) room.history = [...snapshot.history];
    if (shared && snapshot.version > this.#version) {
      shared.load(snapshot.state, room.state);
      this.#version = snapshot.version;
      this.#resyncAll();
    }
  }

  #resyncAll(): void {
    for (const listener of [...this.#resync.values()]) listener();
  }
}
