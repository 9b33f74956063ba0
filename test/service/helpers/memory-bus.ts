import type { Claim, Commit, FollowedRoom, RoomBus, RoomEvent, RoomSnapshot } from '../../../src/service/room-bus.ts';

interface StoredRoom<M> {
  readonly members: string[];
  /** Which instance holds each member. */
  readonly where: Map<string, string>;
  history: M[];
  version: number;
  state: unknown;
}

/** Everything crosses as JSON, as it does through Redis: no instance holds another's objects. */
const copied = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * What Redis is to server/redis-bus.ts, in memory: one room store and the
 * channels of several instances, so hubs can be tested across instances
 * without a server. Events arrive a turn of the event loop later, as they
 * would over a socket; an instance hears its own state changes only, like
 * the Redis bus. `connected = false` cuts every instance off.
 */
export class MemoryDeployment<M> {
  connected = true;
  readonly #rooms = new Map<string, StoredRoom<M>>();
  /** By room, then by instance. */
  readonly #followers = new Map<string, Map<string, FollowedRoom<M>>>();
  readonly #presence: (kind: 'joined' | 'left', name: string) => M;

  constructor(presence: (kind: 'joined' | 'left', name: string) => M) {
    this.#presence = presence;
  }

  bus(instance: string): RoomBus<M> {
    const isUp = (): boolean => this.connected;
    return {
      get connected() {
        return isUp();
      },
      presence: (kind, name) => this.#presence(kind, name),
      follow: async (room, followed) => {
        const followers = this.#followers.get(room) ?? new Map<string, FollowedRoom<M>>();
        followers.set(instance, followed);
        this.#followers.set(room, followers);
      },
      unfollow: (room) => {
        this.#followers.get(room)?.delete(instance);
      },
      claim: async (room, wanted, limits): Promise<Claim<M>> => {
        this.#up();
        const stored = this.#stored(room);
        if (stored.members.length >= limits.members) return { ok: false, reason: `room "${room}" is full` };
        let name = wanted;
        for (let n = 2; stored.where.has(name); n++) name = `${wanted} (${n})`;
        stored.members.push(name);
        stored.where.set(name, instance);
        return { ok: true, name, ...this.#snapshot(stored, limits.history) };
      },
      restore: async (room, names) => {
        this.#up();
        const stored = this.#stored(room);
        const added = names.filter((name) => !stored.where.has(name));
        for (const name of added) {
          stored.members.push(name);
          stored.where.set(name, instance);
        }
        return added;
      },
      release: (room, name, farewell) => {
        const stored = this.#rooms.get(room);
        if (!this.connected || stored?.where.get(name) !== instance) return;
        stored.members.splice(stored.members.indexOf(name), 1);
        stored.where.delete(name);
        if (stored.members.length === 0) this.#rooms.delete(room);
        this.#send(room, instance, farewell);
      },
      publish: (room, event, historyLimit = 20) => {
        if (!this.connected) return;
        if (event.kind === 'record') {
          const stored = this.#stored(room);
          stored.history = [...stored.history, copied(event.message)].slice(-historyLimit);
        }
        this.#send(room, instance, event);
      },
      commit: async (room, version, event): Promise<Commit> => {
        this.#up();
        const stored = this.#stored(room);
        if (stored.version !== version) return { ok: false, version: stored.version, state: copied(stored.state) };
        stored.version = version + 1;
        stored.state = copied(event.state);
        this.#send(room, instance, event);
        return { ok: true };
      },
      snapshot: async (room, historyLimit): Promise<RoomSnapshot<M>> => {
        this.#up();
        return this.#snapshot(this.#stored(room), historyLimit);
      },
      seed: async (room, history, version, state) => {
        this.#up();
        const stored = this.#stored(room);
        if (stored.history.length === 0) stored.history = copied([...history]);
        if (state !== null && stored.version < version) {
          stored.version = version;
          stored.state = copied(state);
        }
      },
    };
  }

  /** Commands fail while the link is down, as the Redis bus's do. */
  #up(): void {
    if (!this.connected) throw new Error('the bus is down');
  }

  #stored(room: string): StoredRoom<M> {
    let stored = this.#rooms.get(room);
    if (!stored) {
      stored = { members: [], where: new Map(), history: [], version: 0, state: null };
      this.#rooms.set(room, stored);
    }
    return stored;
  }

  #snapshot(stored: StoredRoom<M>, historyLimit: number): RoomSnapshot<M> {
    return {
      members: [...stored.members],
      history: historyLimit > 0 ? copied(stored.history.slice(-historyLimit)) : [],
      version: stored.version,
      state: copied(stored.state),
    };
  }

  /** To every instance following the room but the sender; a state change to the sender too, to keep one order. */
  #send(room: string, from: string, event: RoomEvent<M>): void {
    const text = JSON.stringify(event);
    setImmediate(() => {
      for (const [instance, followed] of this.#followers.get(room) ?? []) {
        if (instance !== from || event.kind === 'state') followed.receive(JSON.parse(text) as RoomEvent<M>);
      }
    });
  }
}

/** Lets every event already sent arrive, and what they set off settle. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}
