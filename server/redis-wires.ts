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

export interface RedisWires {
  readonly cluster: boolean;
  /** Where it connects, for the log (no password). */
  readonly shown: string;
  /** Commands and scripts: routed by key to the node that owns it on a cluster. */
  readonly command: RedisConnection;
  /** Subscribed to the channels of the rooms this instance follows. */
  readonly subscriber: RedisConnection;
  /** How a room's messages are published: PUBLISH on one server, SPUBLISH on a cluster. */
  readonly publish: 'publish' | 'spublish';
  subscribe(channel: string): Promise<unknown>;
  unsubscribe(channel: string): Promise<unknown>;
  onMessage(listener: (channel: string, text: string) => void): void;
  /** The node (`host:port`) that owns `key` now; undefined on one server. */
  nodeOf(key: string): string | undefined;
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

/**
 * Opens both connections; they connect (and reconnect) by themselves. On a
 * cluster the map of slots is read again every `refreshMs`: ioredis makes a
 * shard's subscriber connection again only when it reads the map, and
 * nothing else makes it read the map after the whole cluster was away.
 */
export function openRedisWires(target: RedisTarget, redisOptions: RedisOptions, refreshMs: number): RedisWires {
  if (target.kind === 'single') {
    const command = new Redis(target.url, redisOptions);
    const subscriber = new Redis(target.url, redisOptions);
    return {
      cluster: false,
      shown: shownUrl(target.url),
      command,
      subscriber,
      publish: 'publish',
      subscribe: (channel) => subscriber.subscribe(channel),
      unsubscribe: (channel) => subscriber.unsubscribe(channel),
      onMessage: (listener) => void subscriber.on('message', listener),
      nodeOf: () => undefined,
    };
  }
  const nodes = target.nodes.length > 0 ? target.nodes : target.url ? [hostOf(target.url)] : [];
  const clusterOptions = {
    // Fail at once while the cluster is unreachable, as on one server.
    enableOfflineQueue: false,
    slotsRefreshInterval: refreshMs,
    redisOptions: { ...redisOptions, ...credentials(target.url) },
  };
  const command = new Cluster([...nodes], clusterOptions);
  // One connection per shard for sharded channels, each subscribed only to the rooms its shard owns.
  const subscriber = new Cluster([...nodes], { ...clusterOptions, shardedSubscribers: true });
  return {
    cluster: true,
    shown: `Redis Cluster ${nodes.join(',')}`,
    command,
    subscriber,
    publish: 'spublish',
    subscribe: (channel) => subscriber.ssubscribe(channel),
    unsubscribe: (channel) => subscriber.sunsubscribe(channel),
    onMessage: (listener) => void subscriber.on('smessage', listener),
    nodeOf: (key) => {
      const owner = command.slots[calculateSlot(key)]?.[0];
      return owner ?? 'an unknown node';
    },
  };
}
