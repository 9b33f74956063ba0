/**
 * What one Redis carries: room envelopes published as the server publishes
 * them, with 2 and 4 subscriber connections (instances) following every
 * room, kept in flight until Redis's core is full; then the delay from a
 * publish to its arrival at a subscriber when driven at shares of that
 * rate. The load is written as RESP (capacity-resp.ts) so that the bench's
 * process, on the other of this machine's two cores, outpaces Redis; one
 * more row sends the same lines through ioredis, as an instance does, to
 * show what one Node process's client pushes.
 */
import type { Redis } from 'ioredis';
import { startRedis } from '../../test/cluster/helpers/cluster.ts';
import {
  atRate,
  benchRooms,
  connect,
  fillHistory,
  HISTORY,
  lineUnit,
  publishUnit,
  redisCpuSeconds,
  saturate,
  type BenchRoom,
  type TimedRun,
  type Unit,
} from './capacity-pubsub.ts';
import { median, num, percent, type Table } from './capacity-report.ts';
import { RawConnection } from './capacity-resp.ts';

const ROOMS = 100;
const PUBLISHERS = 4;
/** Units kept in flight on each publishing connection. */
export const WINDOW = 512;
const RUN_MS = 1000;
const TIMED_MS = 2000;
const LEVELS = [0.1, 0.5, 0.9, 1];
/** Lines kept in flight through ioredis, over its PUBLISHERS connections. */
const IOREDIS_IN_FLIGHT = 256;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Case {
  readonly label: string;
  readonly subscribers: number;
  readonly unit: (room: BenchRoom, seq: number) => Unit;
  /** Through ioredis instead of RESP by hand. */
  readonly ioredis?: boolean;
}

const LINE = 'a chat line as the server sends it: MULTI (RPUSH, LTRIM, PUBLISH) + PUBLISH';
const CASES: readonly Case[] = [
  { label: 'PUBLISH of a message envelope', subscribers: 2, unit: publishUnit },
  { label: 'PUBLISH of a message envelope', subscribers: 4, unit: publishUnit },
  { label: LINE, subscribers: 4, unit: lineUnit },
  { label: `${LINE}, through ioredis`, subscribers: 4, unit: lineUnit, ioredis: true },
  // Instances following a room: a room's readers spread over many instances make many subscribers.
  { label: `${LINE}, through ioredis`, subscribers: 16, unit: lineUnit, ioredis: true },
];

/** Runs one unit kind for RUN_MS: the units answered per second, Redis's and this process's share of a core. */
async function run(
  one: Case,
  rooms: readonly BenchRoom[],
  control: Redis,
  publishers: readonly RawConnection[],
  ioredis: readonly Redis[],
  subscribers: readonly RawConnection[],
): Promise<{ units: number; redis: number; client: number; seconds: number; lost: number }> {
  const cpuBefore = await redisCpuSeconds(control);
  const wallBefore = performance.now();
  let units: number;
  let seconds: number;
  let client: number;
  if (one.ioredis) {
    ({ units, seconds, client } = await throughIoredis(ioredis, rooms));
  } else {
    const result = await saturate(
      publishers.map((connection, i) => ({
        connection,
        units: rooms.filter((_room, index) => index % PUBLISHERS === i).map((room) => one.unit(room, 0)),
      })),
      WINDOW,
      RUN_MS,
    );
    units = result.units.reduce((sum, count) => sum + count, 0);
    ({ seconds, clientCpu: client } = result);
  }
  const { pushBytes, publishes } = one.unit(rooms[0]!, 0);
  let lost = 0;
  for (const subscriber of subscribers) {
    lost += Math.round((units * pushBytes - (await subscriber.settle(units * pushBytes))) / (pushBytes / publishes));
    subscriber.reset();
  }
  const redis = ((await redisCpuSeconds(control)) - cpuBefore) / ((performance.now() - wallBefore) / 1000);
  return { units, redis, client, seconds, lost };
}

/** Lines through ioredis, auto-pipelined, IOREDIS_IN_FLIGHT at once, each answer sending the next. */
async function throughIoredis(
  connections: readonly Redis[],
  rooms: readonly BenchRoom[],
): Promise<{ units: number; seconds: number; client: number }> {
  let running = true;
  let units = 0;
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const say = (connection: Redis, room: BenchRoom): Promise<unknown> =>
    Promise.all([
      connection
        .multi()
        .rpush(room.keys.history, room.line(0))
        .ltrim(room.keys.history, -HISTORY, -1)
        .publish(room.keys.channel, room.envelope('record', 0))
        .exec(),
      connection.publish(room.keys.channel, room.envelope('message', 0)),
    ]);
  const loop = async (): Promise<void> => {
    while (running) {
      const index = next++ % rooms.length;
      await say(connections[index % connections.length]!, rooms[index]!);
      units++;
    }
  };
  const loops = Array.from({ length: IOREDIS_IN_FLIGHT }, loop);
  await pause(RUN_MS);
  running = false;
  await Promise.all(loops);
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return { units, seconds, client: (cpu.user + cpu.system) / 1e6 / seconds };
}

/** The saturation table, then the delay table. */
export async function measureRedis(runs: number): Promise<Table[]> {
  const redis = await startRedis();
  const control = connect(redis.port);
  const ioredis = Array.from({ length: PUBLISHERS }, () => connect(redis.port, { pipelined: true }));
  const raw: RawConnection[] = [];
  const open = async (): Promise<RawConnection> => {
    const connection = await RawConnection.open(redis.port);
    raw.push(connection);
    return connection;
  };
  try {
    // A subscriber that falls more than 32 MB behind is cut off by default (`pubsub 32mb 8mb 60`): at 100% of
    // the saturated rate the bench's own subscribers may; the bench wants their delay, not their loss.
    await control.config('SET', 'client-output-buffer-limit', 'pubsub 0 0 0');
    const rooms = benchRooms(ROOMS);
    await fillHistory(control, rooms);
    const channels = rooms.map((room) => room.keys.channel);
    const publishers = await Promise.all(Array.from({ length: PUBLISHERS }, open));
    const subscribers: RawConnection[] = [];
    const rows: string[][] = [];
    let timed: Table | undefined;
    for (const one of CASES) {
      while (subscribers.length < one.subscribers) {
        const subscriber = await open();
        await subscriber.subscribe('subscribe', channels);
        subscribers.push(subscriber);
      }
      const turns: { rate: number; redis: number; client: number }[] = [];
      let lost = 0;
      for (let i = 0; i < runs; i++) {
        const result = await run(one, rooms, control, publishers, ioredis, subscribers);
        turns.push({ rate: result.units / result.seconds, redis: result.redis, client: result.client });
        lost += result.lost;
      }
      const publishes = one.unit(rooms[0]!, 0).publishes;
      const units = median(turns.map((turn) => turn.rate));
      const redisShare = median(turns.map((turn) => turn.redis));
      rows.push([
        one.label,
        String(one.subscribers),
        num(units),
        num(units * publishes),
        num(units * publishes * one.subscribers),
        percent(redisShare),
        percent(median(turns.map((turn) => turn.client))),
        num(median(turns.map((turn) => (turn.rate * publishes) / turn.redis))),
        num(lost),
      ]);
      if (one.unit === publishUnit && one.subscribers === 4) {
        timed = await timedTable(publishers, rooms, units, subscribers, control, Math.max(2, Math.floor(runs / 2)));
      }
    }
    const envelopeBytes = Buffer.byteLength(rooms[0]!.envelope('message', 0));
    const textLength = (JSON.parse(rooms[0]!.line(0)) as { text: string }).text.length;
    return [
      {
        title: `One Redis at saturation: ${ROOMS} rooms, ${PUBLISHERS} publishing connections`,
        columns: [
          'unit of work',
          'subscriber connections',
          'units/s >',
          'publishes/s >',
          'deliveries/s >',
          'Redis CPU >',
          'bench process CPU >',
          'publishes per Redis CPU-second >',
          'deliveries lost, all runs >',
        ],
        rows,
        notes: [
          `Median of ${runs} runs of ${RUN_MS / 1000} s; ${WINDOW} units in flight on each publishing connection (written as`,
          `RESP in batches), or ${IOREDIS_IN_FLIGHT} in all through ioredis (auto-pipelined). A message envelope is`,
          `${envelopeBytes} B: the server's JSON for a chat line of ${textLength} characters (server/redis-scripts.ts).`,
          'Every subscriber connection follows every room (an instance with members in all of them), so each',
          'publish is delivered once per connection; the subscribers count bytes and parse nothing. Redis is one',
          "redis-server on this same 2-core machine, beside the bench's process: Redis CPU near 100% means Redis",
          'set the pace; below it, the bench did, and "per Redis CPU-second" is what a full Redis core would carry.',
        ],
      },
      timed!,
    ];
  } finally {
    for (const connection of raw) connection.close();
    await Promise.all([control, ...ioredis].map((connection) => connection.quit()));
    await redis.dispose();
  }
}

async function timedTable(
  publishers: readonly RawConnection[],
  rooms: readonly BenchRoom[],
  saturatedRate: number,
  subscribers: readonly RawConnection[],
  control: Redis,
  runs: number,
): Promise<Table> {
  const rows: string[][] = [];
  const frameBytes = publishUnit(rooms[0]!, 0).pushBytes;
  for (const level of LEVELS) {
    const results: (TimedRun & { redis: number })[] = [];
    let lost = 0;
    for (let i = 0; i < runs; i++) {
      const cpuBefore = await redisCpuSeconds(control);
      const wallBefore = performance.now();
      const result = await atRate(publishers, rooms, level * saturatedRate, TIMED_MS, subscribers[0]!);
      lost += result.lost;
      for (const subscriber of subscribers.slice(1)) {
        lost += result.units - Math.floor((await subscriber.settle(result.units * frameBytes)) / frameBytes);
      }
      for (const subscriber of subscribers) subscriber.reset();
      const redis = ((await redisCpuSeconds(control)) - cpuBefore) / ((performance.now() - wallBefore) / 1000);
      results.push({ ...result, redis });
    }
    const mid = (pick: (result: TimedRun & { redis: number }) => number): number => median(results.map(pick));
    rows.push([
      percent(level),
      num(level * saturatedRate),
      num(mid((result) => result.units / result.seconds)),
      percent(mid((result) => result.redis)),
      num(
        mid((result) => result.p50),
        2,
      ),
      num(
        mid((result) => result.p90),
        2,
      ),
      num(
        mid((result) => result.p99),
        2,
      ),
      num(lost),
    ]);
  }
  return {
    title: `One Redis: delay from PUBLISH to arrival, ${subscribers.length} subscriber connections, at shares of the saturated rate`,
    columns: [
      'share of saturated rate',
      'asked publishes/s >',
      'achieved publishes/s >',
      'Redis CPU >',
      'p50 ms >',
      'p90 ms >',
      'p99 ms >',
      'deliveries lost, all runs >',
    ],
    rows,
    notes: [
      `Medians of ${runs} runs of ${TIMED_MS / 1000} s at each rate; what is due is written every millisecond whether or not`,
      'earlier publishes were answered (copies of prebuilt bytes, so the bench can outpace Redis). The delay runs',
      "from that write to the arrival at one subscriber connection (both in the bench's process, so its own lag",
      'is in it), about 20,000 publishes a second timed. Past what Redis carries, its output buffers to the',
      'subscribers grow and the delay with them. The bench lifts the default limit on those buffers',
      '(`client-output-buffer-limit pubsub 32mb 8mb 60`): with it, Redis would cut off a subscriber that far behind.',
    ],
  };
}
