/**
 * The two kinds of Redis the instances can share rooms through, for suites
 * that must pass the same on both: one redis-server, and a Redis Cluster of
 * three shards. On the cluster the first instance finds it through
 * REDIS_URL (naming one node) and the others are given REDIS_CLUSTER_NODES.
 */
import calculateSlot from 'cluster-key-slot';
import { startInstance, startRedis, type Instance } from './cluster.ts';
import { startRedisCluster } from './redis-cluster.ts';

export interface StartedBackend {
  /** Starts a server instance sharing rooms through this Redis. */
  instance(): Promise<Instance>;
  /** A `redis://` URL of the server that holds `key`. */
  urlHolding(key: string): string;
  /** Makes the server that holds `key` vanish (SIGKILL): the only one, or that key's shard. */
  lose(key: string): Promise<void>;
  /** Kills every server of it; `recover` starts them again on the same ports, empty. */
  outage(): Promise<void>;
  recover(): Promise<void>;
  dispose(): Promise<void>;
}

export interface RedisBackend {
  readonly name: string;
  start(): Promise<StartedBackend>;
}

export const ONE_REDIS: RedisBackend = {
  name: 'one Redis',
  async start() {
    const redis = await startRedis();
    return {
      instance: () => startInstance(redis.url),
      urlHolding: () => redis.url,
      lose: () => redis.stop(),
      outage: () => redis.stop(),
      recover: () => redis.start(),
      dispose: () => redis.dispose(),
    };
  },
};

export const THREE_SHARDS: RedisBackend = {
  name: 'a Redis Cluster of three shards',
  async start() {
    const cluster = await startRedisCluster(3);
    let started = 0;
    const owner = (key: string) => cluster.ownerOf(calculateSlot(key));
    return {
      instance: () =>
        started++ === 0
          ? startInstance(`redis://127.0.0.1:${cluster.nodes[0]!.port}`)
          : startInstance('', { REDIS_URL: '', REDIS_CLUSTER_NODES: cluster.nodeList }),
      urlHolding: (key) => `redis://127.0.0.1:${owner(key).port}`,
      lose: (key) => cluster.kill(owner(key)),
      outage: async () => void (await Promise.all(cluster.nodes.map((node) => cluster.kill(node)))),
      // Together: a node alone cannot see the cluster whole again.
      recover: async () => void (await Promise.all(cluster.nodes.map((node) => cluster.restart(node)))),
      dispose: () => cluster.dispose(),
    };
  },
};

export const BACKENDS = [ONE_REDIS, THREE_SHARDS] as const;
