/**
 * Each shard of the scale check's Redis Cluster as the bench sees it: the
 * rooms whose channels hash to it, and its own counters read with INFO on a
 * connection of the bench's (never through the instances): the CPU time the
 * node used (`used_cpu_sys` + `used_cpu_user`), how many SPUBLISH it ran
 * (`cmdstat_spublish`, scripts' calls included), and how many HGETALL and
 * EXISTS (the instances' heartbeat reap).
 */
import calculateSlot from 'cluster-key-slot';
import { Redis } from 'ioredis';
import { roomKeys } from '../../server/redis-scripts.ts';
import type { RedisCluster } from '../../test/cluster/helpers/redis-cluster.ts';

export interface ShardReading {
  /** CPU time of the node's process since it started, in seconds. */
  readonly cpuSeconds: number;
  /** SPUBLISH commands it ran since it started. */
  readonly spublish: number;
  /** HGETALL and EXISTS commands it ran: the heartbeat's reap (server/redis-heartbeat.ts) is all of them here. */
  readonly reap: number;
}

/** The shard (index into `cluster.nodes`) that holds the chat room `room`: its channel's hash slot's owner. */
export function shardOfRoom(cluster: RedisCluster, room: string): number {
  const owner = cluster.ownerOf(calculateSlot(roomKeys('chat', room).channel));
  return cluster.nodes.indexOf(owner);
}

/** The value of a `name:value` line of an INFO section. */
function field(info: string, name: string): string | undefined {
  return new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim();
}

export class ShardWatch {
  readonly #nodes: Redis[];

  constructor(cluster: RedisCluster) {
    this.#nodes = cluster.nodes.map((node) => new Redis({ host: '127.0.0.1', port: node.port }));
  }

  async read(): Promise<ShardReading[]> {
    return Promise.all(
      this.#nodes.map(async (node) => {
        const [cpu, commands] = await Promise.all([node.info('cpu'), node.info('commandstats')]);
        const calls = (command: string): number =>
          Number(/calls=(\d+)/.exec(field(commands, `cmdstat_${command}`) ?? '')?.[1] ?? 0);
        return {
          cpuSeconds: Number(field(cpu, 'used_cpu_sys')) + Number(field(cpu, 'used_cpu_user')),
          spublish: calls('spublish'),
          reap: calls('hgetall') + calls('exists'),
        };
      }),
    );
  }

  close(): void {
    for (const node of this.#nodes) node.disconnect();
  }
}
