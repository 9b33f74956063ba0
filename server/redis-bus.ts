/**
 * The room bus over Redis (ioredis): several instances of the server share
 * `/chat`, `/notify` and `/collab` rooms. Loaded only when REDIS_URL or
 * REDIS_CLUSTER_NODES is set; on a Redis Cluster each room lives on one
 * shard, with a sharded channel (redis-wires.ts).
 *
 * - Each room has a pub/sub channel; every instance that has a member in it
 *   subscribes, and delivers what the others publish to its own members.
 * - What a newcomer needs lives in keys beside the channel: the members (a
 *   sorted set in order of arrival, and which instance holds each), the last
 *   messages (a capped list) and the shared state with its version (a hash).
 *   Names are made unique by a Lua script, atomically for the deployment.
 * - A change of shared state is a compare-and-set script that also
 *   publishes the change: Redis runs scripts one at a time, so the stored
 *   versions and the published changes come in one order on every instance.
 *
 * The keys and the scripts are in redis-scripts.ts; the connections and
 * what happens when Redis goes away, sickens and comes back in redis-link.ts;
 * which instances are alive in redis-heartbeat.ts. The same link carries the
 * tickets every instance honours (redis-tickets.ts).
 *
 * Every command goes through the link, which gives it a deadline. What
 * members say and do (a chat line, an alert, a document change) goes with
 * `send`, capped in number while it waits; what keeps the deployment's
 * picture right (claims, presence, departures, the repair after an outage)
 * with `upkeep`, never refused: its number is bounded by the members.
 */
import type { PresenceMessage } from '../src/service/json-messages.ts';
import type { Claim, Commit, FollowedRoom, RoomBus, RoomEvent, RoomSnapshot } from '../src/service/room-bus.ts';
import type { SharedRooms } from '../src/service/service.ts';
import type { Logger } from './log.ts';
import { RedisLink } from './redis-link.ts';
import { roomKeys, type RoomKeys } from './redis-scripts.ts';
import { RedisTicketStore, type RedisTicketOptions } from './redis-tickets.ts';
import { isClusterNode, type RedisTarget } from './redis-wires.ts';

export interface RedisRoomsOptions {
  /** `redis://[:password@]host:port[/db]` or `rediss://` for TLS: one server, or a node of a cluster (asked at start). */
  readonly url?: string | undefined;
  /** `host:port` of some nodes of a Redis Cluster (REDIS_CLUSTER_NODES); `url` then lends them its password and TLS. */
  readonly clusterNodes?: readonly string[] | undefined;
  readonly logger: Logger;
  /** How often this instance says it is alive; it counts as gone after three missed beats. Default 2000. */
  readonly heartbeatMs?: number | undefined;
  /** How long start-up waits for Redis before serving alone (it keeps trying). Default 3000. */
  readonly connectTimeoutMs?: number;
  /** How long a command may wait for Redis's answer before the link counts as lost. Default 1000. */
  readonly commandTimeoutMs?: number | undefined;
  /** Most commands of what members say and do waiting for Redis at once; more are refused. Default 1000. */
  readonly maxPending?: number | undefined;
}

export const DEFAULT_COMMAND_TIMEOUT_MS = 1000;
export const DEFAULT_MAX_PENDING = 1000;

export interface RedisRooms extends SharedRooms {
  /** Whether both connections are up and every followed room is subscribed. */
  readonly connected: boolean;
  /** Commands of what members say and do waiting for Redis's answer now, and the most that may. */
  readonly waiting: number;
  readonly maxPending: number;
  /** Whether the rooms are on a Redis Cluster, with sharded channels. */
  readonly cluster: boolean;
  /** On a cluster, the nodes whose shards this instance cannot reach now. */
  readonly lostShards: readonly string[];
  /** The deployment's ticket store, over the same link: a ticket issued here opens a connection on any instance. */
  tickets(options: RedisTicketOptions): RedisTicketStore;
  close(): Promise<void>;
}

function parseJson(text: string): unknown {
  return text === '' ? null : (JSON.parse(text) as unknown);
}

/** One endpoint's rooms across the deployment, over this instance's link to Redis. */
export class RedisRoomBus<M> implements RoomBus<M> {
  readonly #link: RedisLink;
  readonly #endpoint: string;

  constructor(link: RedisLink, endpoint: string) {
    this.#link = link;
    this.#endpoint = endpoint;
  }

  get connected(): boolean {
    return this.#link.up;
  }

  presence(kind: 'joined' | 'left', name: string): M {
    const message: PresenceMessage = { type: kind, name, at: Date.now() };
    // Every room endpoint's messages include PresenceMessage (see room-session.ts).
    return message as M;
  }

  follow(room: string, followed: FollowedRoom<M>): Promise<void> {
    return this.#link.follow(this.#keys(room), followed as FollowedRoom<unknown>);
  }

  unfollow(room: string): void {
    this.#link.unfollow(this.#keys(room));
  }

  async claim(
    room: string,
    wanted: string,
    limits: { readonly members: number; readonly history: number },
  ): Promise<Claim<M>> {
    const link = this.#link;
    const keys = this.#keys(room);
    const reply = await link.upkeep(() => link.scripts.claim(keys, wanted, link.instance, limits), keys.channel);
    if (!reply.ok) return { ok: false, reason: `room "${room}" is full: it holds at most ${limits.members} members` };
    return {
      ok: true,
      name: reply.name,
      members: reply.members,
      history: reply.history.map((line) => JSON.parse(line) as M),
      version: reply.version,
      state: parseJson(reply.state),
    };
  }

  async restore(room: string, names: readonly string[]): Promise<readonly string[]> {
    if (names.length === 0) return [];
    const link = this.#link;
    const keys = this.#keys(room);
    return link.upkeep(() => link.scripts.restore(keys, link.instance, names), keys.channel);
  }

  release(room: string, name: string, farewell: RoomEvent<M>): void {
    this.#link.release(this.#keys(room), name, farewell as RoomEvent<unknown>);
  }

  publish(room: string, event: RoomEvent<M>, historyLimit = 20): void {
    const keys = this.#keys(room);
    const link = this.#link;
    if (!link.reaches(keys.channel)) return;
    const { command, publishes } = link;
    const payload = link.envelope(event as RoomEvent<unknown>);
    const run = (): Promise<unknown> => {
      if (event.kind !== 'record') return command[publishes](keys.channel, payload);
      const transaction = command
        .multi()
        .rpush(keys.history, JSON.stringify(event.message))
        .ltrim(keys.history, -historyLimit, -1);
      return transaction[publishes](keys.channel, payload).exec();
    };
    // Presence is bounded by the members; what members say is capped while it waits.
    const sent =
      event.kind === 'joined' || event.kind === 'left' ? link.upkeep(run, keys.channel) : link.send(run, keys.channel);
    // Lost while Redis is away or refused: the others miss it, this instance's members already have it.
    sent.catch(() => {});
  }

  async commit(room: string, version: number, event: Extract<RoomEvent<M>, { kind: 'state' }>): Promise<Commit> {
    const link = this.#link;
    const keys = this.#keys(room);
    const reply = await link.send(
      () => link.scripts.commit(keys, version, JSON.stringify(event.state), link.envelope(event as RoomEvent<unknown>)),
      keys.channel,
    );
    if (reply.ok) return { ok: true };
    return { ok: false, version: reply.version, state: parseJson(reply.state) };
  }

  async snapshot(room: string, historyLimit: number): Promise<RoomSnapshot<M>> {
    const keys = this.#keys(room);
    const link = this.#link;
    const { command } = link;
    const [members, history, state] = await Promise.all([
      link.upkeep(() => command.zrange(keys.members, 0, -1), keys.channel),
      link.upkeep(() => command.lrange(keys.history, -historyLimit, -1), keys.channel),
      link.upkeep(() => command.hmget(keys.state, 'version', 'body'), keys.channel),
    ]);
    return {
      members,
      history: history.map((line) => JSON.parse(line) as M),
      version: Number(state[0] ?? 0),
      state: parseJson(state[1] ?? ''),
    };
  }

  async seed(room: string, history: readonly M[], version: number, state: unknown): Promise<void> {
    const link = this.#link;
    const keys = this.#keys(room);
    await link.upkeep(
      () =>
        link.scripts.seed(
          keys,
          version,
          state === null || state === undefined ? '' : JSON.stringify(state),
          history.map((message) => JSON.stringify(message)),
        ),
      keys.channel,
    );
  }

  #keys(room: string): RoomKeys {
    return roomKeys(this.#endpoint, room);
  }
}

/** One server or a cluster: named by REDIS_CLUSTER_NODES, or by the server REDIS_URL names saying it is a cluster node. */
async function targetOf(options: RedisRoomsOptions, timeoutMs: number): Promise<RedisTarget> {
  const { url, clusterNodes = [] } = options;
  if (clusterNodes.length > 0) return { kind: 'cluster', nodes: clusterNodes, url };
  if (url === undefined) throw new Error('connectRedisRooms needs a url or cluster nodes');
  return (await isClusterNode(url, timeoutMs)) ? { kind: 'cluster', nodes: [], url } : { kind: 'single', url };
}

/** Connects to Redis and returns the buses of the three shared endpoints; never throws for an unreachable Redis. */
export async function connectRedisRooms(options: RedisRoomsOptions): Promise<RedisRooms> {
  const connectTimeoutMs = options.connectTimeoutMs ?? 3000;
  const link = new RedisLink({
    target: await targetOf(options, connectTimeoutMs),
    logger: options.logger,
    heartbeatMs: options.heartbeatMs ?? 2000,
    commandTimeoutMs: options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
    maxPending: options.maxPending ?? DEFAULT_MAX_PENDING,
  });
  await link.started(connectTimeoutMs);
  return {
    instance: link.instance,
    bus: <M>(endpoint: 'chat' | 'notify' | 'collab'): RoomBus<M> => new RedisRoomBus<M>(link, endpoint),
    get connected() {
      return link.up;
    },
    get waiting() {
      return link.waiting;
    },
    maxPending: link.maxPending,
    cluster: link.cluster,
    get lostShards() {
      return link.lostShards;
    },
    // A ticket comes from a reader's request: capped like what members say.
    tickets: (ticketOptions) => new RedisTicketStore(link.command, ticketOptions, (run, key) => link.send(run, key)),
    close: () => link.close(),
  };
}
