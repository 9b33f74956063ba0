/**
 * A 3-shard Redis Cluster (test/cluster/helpers/redis-cluster.ts): classic
 * PUBLISH against sharded SPUBLISH to the same rooms, spread over the shards
 * by their channels' hash slots. Classic pub/sub in a cluster copies every
 * publish to every node over the cluster bus, so each node does the work of
 * every publish; a shard channel stays on the shard that owns its slot.
 * Each node's CPU time (INFO cpu) over a run shows it: the rate the cluster
 * carries once its busiest node fills one core is publishes / that node's
 * CPU-seconds. On this 2-core machine three nodes and the bench share the
 * cores, so the rates measured side by side are for context.
 */
import type { Redis } from 'ioredis';
import { startRedisCluster } from '../../test/cluster/helpers/redis-cluster.ts';
import { benchRooms, connect, publishUnit, redisCpuSeconds, saturate, type BenchRoom } from './capacity-pubsub.ts';
import { WINDOW } from './capacity-redis.ts';
import { median, num, percent, type Table } from './capacity-report.ts';
import { RawConnection } from './capacity-resp.ts';

const SHARDS = 3;
const ROOMS = 300;
/** Instances following every room: each has one subscriber connection (classic) or one per shard (sharded). */
const INSTANCES = 2;
const RUN_MS = 1000;

type Mode = 'classic PUBLISH / SUBSCRIBE' | 'sharded SPUBLISH / SSUBSCRIBE';

interface ModeTurn {
  readonly rate: number;
  /** Redis CPU µs per publish, every node's summed. */
  readonly micros: number;
  /** Publishes per second the cluster would carry with its busiest node at one core. */
  readonly projected: number;
  /** Each node's share of a core. */
  readonly shares: readonly number[];
  /** Deliveries that never came. */
  readonly lost: number;
}

export async function measureCluster(runs: number): Promise<Table> {
  const cluster = await startRedisCluster(SHARDS);
  const ports = cluster.nodes.map((node) => node.port);
  const controls = ports.map((port) => connect(port));
  const raw: RawConnection[] = [];
  const open = async (port: number): Promise<RawConnection> => {
    const connection = await RawConnection.open(port);
    raw.push(connection);
    return connection;
  };
  try {
    const rooms = benchRooms(ROOMS);
    // The node each room's channel hashes to: a cluster client sends the room's commands there.
    const owner = await Promise.all(
      rooms.map(async (room) => {
        const slot = Number(await controls[0]!.call('CLUSTER', 'KEYSLOT', room.keys.channel));
        return ports.indexOf(cluster.ownerOf(slot).port);
      }),
    );
    const roomsOf = (node: number): BenchRoom[] => rooms.filter((_room, index) => owner[index] === node);
    const publishers = await Promise.all(ports.map(open));
    const channels = rooms.map((room) => room.keys.channel);
    const classic = await Promise.all(Array.from({ length: INSTANCES }, (_unused, i) => open(ports[i % SHARDS]!)));
    for (const subscriber of classic) await subscriber.subscribe('subscribe', channels);
    // Per instance, one connection per shard, following that shard's rooms.
    const sharded: RawConnection[][] = [];
    for (let instance = 0; instance < INSTANCES; instance++) {
      sharded.push(await Promise.all(ports.map(open)));
      for (const [node, subscriber] of sharded[instance]!.entries()) {
        await subscriber.subscribe(
          'ssubscribe',
          roomsOf(node).map((room) => room.keys.channel),
        );
      }
    }

    const modes: Mode[] = ['classic PUBLISH / SUBSCRIBE', 'sharded SPUBLISH / SSUBSCRIBE'];
    const turns = new Map<Mode, ModeTurn[]>(modes.map((mode) => [mode, []]));
    for (let i = 0; i < runs; i++) {
      for (const mode of i % 2 === 0 ? modes : [...modes].reverse()) {
        turns.get(mode)!.push(await turn(mode, controls, publishers, roomsOf, classic, sharded));
      }
    }
    const rows = modes.map((mode) => {
      const mine = turns.get(mode)!;
      return [
        mode,
        num(median(mine.map((one) => one.rate))),
        num(median(mine.map((one) => one.micros)), 1),
        ports.map((_port, node) => percent(median(mine.map((one) => one.shares[node]!)))).join(' / '),
        num(median(mine.map((one) => one.projected))),
        num(mine.reduce((sum, one) => sum + one.lost, 0)),
      ];
    });
    return {
      title: `Redis Cluster of ${SHARDS} shards: classic against sharded pub/sub, ${ROOMS} rooms, ${INSTANCES} instances following each`,
      columns: [
        'pub/sub',
        'publishes/s measured >',
        'Redis CPU µs per publish, all nodes >',
        'CPU of each node >',
        'publishes/s with the busiest node at one core >',
        'deliveries lost, all runs >',
      ],
      rows,
      notes: [
        `Median of ${runs} runs of ${RUN_MS / 1000} s each, the two modes taking turns; ${WINDOW} message envelopes in flight`,
        "per node, each sent to the node owning its room's slot (where a cluster client sends the room's MULTI).",
        'Classic: each instance has one subscriber connection, to any node; sharded: one per shard, following',
        "the rooms that shard owns. Three redis-servers and the bench share this machine's 2 cores, so the",
        'measured rates are bounded by the machine; the last column is what the cluster would carry with a',
        "core per node, from the busiest node's CPU time per publish.",
      ],
    };
  } finally {
    for (const connection of raw) connection.close();
    await Promise.all(controls.map((connection) => connection.quit().catch(() => undefined)));
    await cluster.dispose();
  }
}

async function turn(
  mode: Mode,
  controls: readonly Redis[],
  publishers: readonly RawConnection[],
  roomsOf: (node: number) => BenchRoom[],
  classic: readonly RawConnection[],
  sharded: readonly (readonly RawConnection[])[],
): Promise<ModeTurn> {
  const isSharded = mode.startsWith('sharded');
  const cpuBefore = await Promise.all(controls.map(redisCpuSeconds));
  const wallBefore = performance.now();
  const result = await saturate(
    publishers.map((connection, node) => ({
      connection,
      units: roomsOf(node).map((room) => publishUnit(room, 0, isSharded)),
    })),
    WINDOW,
    RUN_MS,
  );
  const total = result.units.reduce((sum, count) => sum + count, 0);
  const frame = publishUnit(roomsOf(0)[0]!, 0, isSharded).pushBytes;
  let lost = 0;
  const arrivals = async (subscriber: RawConnection, expected: number): Promise<void> => {
    lost += expected - Math.floor((await subscriber.settle(expected * frame)) / frame);
  };
  if (isSharded) {
    for (const connections of sharded) {
      for (const [node, subscriber] of connections.entries()) await arrivals(subscriber, result.units[node]!);
    }
  } else {
    for (const subscriber of classic) await arrivals(subscriber, total);
  }
  for (const subscriber of [...classic, ...sharded.flat()]) subscriber.reset();
  const cpu = (await Promise.all(controls.map(redisCpuSeconds))).map((after, i) => after - cpuBefore[i]!);
  const wall = (performance.now() - wallBefore) / 1000;
  return {
    rate: total / result.seconds,
    micros: (cpu.reduce((sum, one) => sum + one, 0) / total) * 1e6,
    projected: total / Math.max(...cpu),
    shares: cpu.map((one) => one / wall),
    lost,
  };
}
