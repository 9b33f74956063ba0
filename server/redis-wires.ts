/**
 * The two connections of the link to Redis, whichever Redis it is: one
 * server (REDIS_URL), or a Redis Cluster (REDIS_CLUSTER_NODES, or a
 * REDIS_URL whose server says it is a cluster node).
 *
 * On a cluster, rooms use sharded pub/sub (SSUBSCRIBE and SPUBLISH, Redis
 * 7+). Classic PUBLISH is copied to every node of a cluster, so every node
 * carries every room's traffic and adding nodes adds no capacity; a sharded
 * channel lives on the shard that owns its hash slot. A room's channel
 * shares its keys' hash tag (redis-scripts.ts), so its messages, its keys
 * and its scripts all stay on one shard.
 */
import calculateSlot from 'cluster-key-slot';
import { Cluster, Redis, type RedisOptions } from 'ioredis';

/** What the link connects to. */
export type RedisTarget =
  | { readonly kind: 'single'; readonly url: string }
  /** `nodes`: `host:port` of some nodes, the rest are discovered; `url` lends its password and TLS to every node. */
  | { readonly kind: 'cluster'; readonly nodes: readonly string[]; readonly url?: string | undefined };

/** A command connection or a subscriber: one server, or a whole cluster. */
export type RedisConnection = Redis | Cluster;

/** What the link hears from its connections. */
export interface WireEvents {
  /** A connection became ready: both may be now (see `ready`). */
  ready(): void;
  /** A connection closed: Redis, or the whole cluster, is out of reach. */
  close(): void;
  message(channel: string, text: string): void;
}

export interface RedisWires {
  readonly cluster: boolean;
  /** Where it connects, for the log (no password). */
  readonly shown: string;
  /** Commands and scripts: routed by key to the node that owns it on a cluster. */
  readonly command: RedisConnection;
  /** Whether both connections are ready now. */
  readonly ready: boolean;
  /** How a room's messages are published: PUBLISH on one server, SPUBLISH on a cluster. */
  readonly publish: 'publish' | 'spublish';
  subscribe(channel: string): Promise<unknown>;
  unsubscribe(channel: string): Promise<unknown>;
  /** The node (`host:port`) that owns `key` now; undefined on one server. */
  nodeOf(key: string): string | undefined;
  /** Resolves once both connections are ready. */
  whenReady(): Promise<void>;
  /** Drops both connections, which fails every command waiting; they reconnect by themselves. */
  drop(): void;
  /** Closes both for good, after the replies still due when they are up. */
  close(): Promise<void>;
}

/** The URL without its password, for the log. */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'an unreadable REDIS_URL';
  }
}

/** The password, user and TLS of a `redis://` or `rediss://` URL, for every node of a cluster. */
function credentials(url: string | undefined): Partial<RedisOptions> {
  if (url === undefined) return {};
  const parsed = new URL(url);
  return {
    ...(parsed.username && { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password && { password: decodeURIComponent(parsed.password) }),
    ...(parsed.protocol === 'rediss:' && { tls: {} }),
  };
}

/** `host:port` of the server a REDIS_URL names. */
function hostOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '6379'}`;
}

/**
 * Whether the server REDIS_URL names is a node of a cluster, asked once at
 * start within `timeoutMs`. A server not reachable then counts as one
 * server: a deployment whose cluster may be down at start names it with
 * REDIS_CLUSTER_NODES.
 */
export async function isClusterNode(url: string, timeoutMs: number): Promise<boolean> {
  const probe = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
  });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return /^cluster_enabled:1\s*$/m.test(await probe.info('cluster'));
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/** Closes a connection for good: after the replies still due when it is up, at once when not. */
function quit(connection: RedisConnection): Promise<unknown> {
  return connection.status === 'ready'
    ? connection.quit().catch(() => connection.disconnect())
    : Promise.resolve(connection.disconnect());
}

/** What differs between one server and a cluster. */
interface WireParts {
  readonly cluster: boolean;
  readonly shown: string;
  readonly publish: 'publish' | 'spublish';
  readonly command: RedisConnection;
  /** The subscriber now (a cluster's may be replaced). */
  readonly subscriber: () => RedisConnection;
  readonly subscribe: (channel: string) => Promise<unknown>;
  readonly unsubscribe: (channel: string) => Promise<unknown>;
  readonly nodeOf: (key: string) => string | undefined;
  /** Called first by `close`: nothing is to be replaced any more. */
  readonly closing?: () => void;
}

class Wires implements RedisWires {
  readonly cluster: boolean;
  readonly shown: string;
  readonly publish: 'publish' | 'spublish';
  readonly command: RedisConnection;
  readonly #parts: WireParts;
  readonly #waiting: (() => void)[] = [];
  /** Dropped and not ready again yet: many commands past their deadline at once drop the connections once. */
  #dropped = false;

  constructor(parts: WireParts) {
    this.#parts = parts;
    this.cluster = parts.cluster;
    this.shown = parts.shown;
    this.publish = parts.publish;
    this.command = parts.command;
  }

  get ready(): boolean {
    return this.command.status === 'ready' && this.#parts.subscriber().status === 'ready';
  }

  subscribe(channel: string): Promise<unknown> {
    return this.#parts.subscribe(channel);
  }

  unsubscribe(channel: string): Promise<unknown> {
    return this.#parts.unsubscribe(channel);
  }

  nodeOf(key: string): string | undefined {
    return this.#parts.nodeOf(key);
  }

  whenReady(): Promise<void> {
    return this.ready ? Promise.resolve() : new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** A connection became ready: wake those waiting if both are. */
  readied(): void {
    if (!this.ready) return;
    this.#dropped = false;
    for (const resolve of this.#waiting.splice(0)) resolve();
  }

  drop(): void {
    // ioredis adds a listener on each disconnect() until the socket closes: once is enough.
    if (this.#dropped) return;
    this.#dropped = true;
    for (const connection of [this.command, this.#parts.subscriber()]) {
      if (connection.status === 'ready') connection.disconnect(true);
    }
  }

  async close(): Promise<void> {
    this.#parts.closing?.();
    await Promise.all([quit(this.command), quit(this.#parts.subscriber())]);
  }
}

/** Hands `events` what a connection says, and keeps ioredis's reports of each failed reconnect out of the log. */
function watch(connection: RedisConnection, events: WireEvents, wires: () => Wires): void {
  connection.on('error', () => {});
  connection.on('close', () => events.close());
  connection.on('ready', () => {
    wires().readied();
    events.ready();
  });
}

/**
 * Opens both connections; they connect (and reconnect) by themselves.
 *
 * On a cluster the map of slots is read again every `refreshMs`: ioredis
 * makes a shard's subscriber connection again only when it reads the map.
 * And a subscriber that lost the whole cluster is replaced by a new one
 * rather than left to reconnect: ioredis 5's group of sharded subscribers
 * can stall for good after such a reconnect (a reset of the group waits on a
 * connection that its own stop abandoned, and every later reset waits
 * behind it), leaving rooms with no subscription.
 */
export function openRedisWires(
  target: RedisTarget,
  redisOptions: RedisOptions,
  refreshMs: number,
  events: WireEvents,
): RedisWires {
  if (target.kind === 'single') {
    const command = new Redis(target.url, redisOptions);
    const subscriber = new Redis(target.url, redisOptions);
    const single = new Wires({
      cluster: false,
      shown: shownUrl(target.url),
      publish: 'publish',
      command,
      subscriber: () => subscriber,
      subscribe: (channel) => subscriber.subscribe(channel),
      unsubscribe: (channel) => subscriber.unsubscribe(channel),
      nodeOf: () => undefined,
    });
    for (const connection of [command, subscriber]) watch(connection, events, () => single);
    subscriber.on('message', (channel: string, text: string) => events.message(channel, text));
    return single;
  }
  const nodes = target.nodes.length > 0 ? target.nodes : target.url ? [hostOf(target.url)] : [];
  const clusterOptions = {
    // Fail at once while the cluster is unreachable, as on one server.
    enableOfflineQueue: false,
    slotsRefreshInterval: refreshMs,
    redisOptions: { ...redisOptions, ...credentials(target.url) },
  };
  let closed = false;
  let renewing: NodeJS.Timeout | undefined;
  /** The channels subscribed, for a new subscriber to take over. */
  const channels = new Set<string>();
  // One connection per shard for sharded channels, each subscribed only to the rooms its shard owns.
  const newSubscriber = (): Cluster => {
    const made = new Cluster([...nodes], { ...clusterOptions, shardedSubscribers: true });
    // Before the link hears of it: a subscriber that replaced another subscribes to what that one had.
    made.on('ready', () => {
      for (const channel of channels) made.ssubscribe(channel).catch(() => {});
    });
    watch(made, events, () => wires);
    made.on('close', () => {
      if (closed || renewing) return;
      renewing = setTimeout(renew, refreshMs);
      renewing.unref();
    });
    made.on('smessage', (channel: string, text: string) => events.message(channel, text));
    return made;
  };
  const renew = (): void => {
    renewing = undefined;
    if (closed) return;
    subscriber.removeAllListeners();
    subscriber.on('error', () => {});
    subscriber.disconnect();
    subscriber = newSubscriber();
  };
  const command = new Cluster([...nodes], clusterOptions);
  let subscriber = newSubscriber();
  const wires = new Wires({
    cluster: true,
    shown: `Redis Cluster ${nodes.join(',')}`,
    publish: 'spublish',
    command,
    subscriber: () => subscriber,
    subscribe: (channel) => {
      channels.add(channel);
      return subscriber.ssubscribe(channel);
    },
    unsubscribe: (channel) => {
      channels.delete(channel);
      return subscriber.sunsubscribe(channel);
    },
    nodeOf: (key) => command.slots[calculateSlot(key)]?.[0] ?? 'an unknown node',
    closing: () => {
      closed = true;
      clearTimeout(renewing);
    },
  });
  watch(command, events, () => wires);
  return wires;
}
