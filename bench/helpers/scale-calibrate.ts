/**
 * The unit costs the scale check predicts from, measured in the same run on
 * small populations:
 *
 * - one instance of its own on the cluster: its memory with no member and
 *   with CAL_MEMBERS in rooms of ROOM_SIZE (after GC, and after they talked,
 *   so the rooms hold their history), its CPU with them quiet, and its CPU
 *   per line said in two stretches: rooms of ROOM_SIZE and rooms of 2. A
 *   line costs the instance once (read, stored, published) and once per
 *   member it reaches; the two room sizes give two equations for the two
 *   costs.
 * - the cluster with every instance of the check: Redis CPU per SPUBLISH,
 *   from rooms of one member per instance (so each channel has as many
 *   subscribers as in the check) talking fast, less the same rooms quiet.
 *   The same stretches price what the model leaves out: the heartbeat's
 *   reap of every followed room (the rooms quiet, less no room), and the
 *   lines an instance hears from the others (talking, less quiet, less the
 *   model's lines and deliveries).
 */
import type { RedisCluster } from '../../test/cluster/helpers/redis-cluster.ts';
import type { ScaleClients, Tally } from './scale-clients.ts';
import type { UnitCosts, UpkeepCosts } from './scale-model.ts';
import { heardFromOthersPerLine, planRooms, type PlannedRoom } from './scale-plan.ts';
import { StretchMeter, sum, type Stretch } from './scale-measure.ts';
import type { ShardWatch } from './scale-redis.ts';
import { startScaleServer, type ScaleServer, type ScaleServerOptions } from './scale-server.ts';

export const CAL_MEMBERS = 1000;
const NARROW_MEMBERS = 500;
const NARROW_ROOM_SIZE = 2;
/** Each member's period in the two instance stretches: 250 lines/s either way. */
const WIDE_EVERY_MS = 4000;
const NARROW_EVERY_MS = 2000;
/** Rooms of one member per instance, each member a line a second: CAL_REDIS_ROOMS × instances lines/s. */
const CAL_REDIS_ROOMS = 100;
const REDIS_EVERY_MS = 1000;
/** Before a stretch is measured: joins' presence messages delivered, the talk's rate reached. */
const SETTLE_MS = 2000;
const MEASURE_MS = 8000;
const QUIET_MS = 5000;
const REAP_SETTLE_MS = 5000;
const JOIN_CONCURRENCY = 50;
const DRAIN_MS = 15_000;

export interface CalibrationContext {
  readonly cluster: RedisCluster;
  readonly shards: ShardWatch;
  readonly clients: ScaleClients;
  readonly server: ScaleServerOptions;
  readonly roomSize: number;
  readonly log: (line: string) => void;
}

/** What a calibration stretch measured, for the report. */
export interface CalibrationRow {
  readonly stretch: string;
  readonly seconds: number;
  readonly lines: number;
  readonly deliveries: number;
  readonly spublish: number;
  /** HGETALL and EXISTS: the heartbeat's reap. */
  readonly reap: number;
  /** CPU-seconds per second (share of a core): the instance (or all instances), and all shards. */
  readonly instanceCpu: number;
  readonly redisCpu: number;
}

export interface InstanceCalibration {
  readonly units: Omit<UnitCosts, 'redisCpuPerPublish' | 'redisIdleCpu'>;
  readonly rows: readonly CalibrationRow[];
  readonly tallies: readonly Tally[];
  readonly members: number;
}

export interface RedisCalibration {
  readonly redisCpuPerPublish: number;
  readonly redisIdleCpu: number;
  readonly upkeep: UpkeepCosts;
  readonly rows: readonly CalibrationRow[];
  readonly tally: Tally;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function row(name: string, stretch: Stretch): CalibrationRow {
  return {
    stretch: name,
    seconds: stretch.seconds,
    lines: sum(stretch.said),
    deliveries: sum(stretch.delivered),
    spublish: sum(stretch.shards.map((shard) => shard.spublish)),
    reap: sum(stretch.shards.map((shard) => shard.reap)),
    instanceCpu: sum(stretch.cpuSeconds) / stretch.seconds,
    redisCpu: sum(stretch.shards.map((shard) => shard.cpuSeconds)) / stretch.seconds,
  };
}

async function join(
  clients: ScaleClients,
  urls: readonly string[],
  rooms: readonly PlannedRoom[],
  what: string,
): Promise<number> {
  const planned = rooms.reduce((total, room) => total + room.members.length, 0);
  const joined = await clients.call({ type: 'join', urls, rooms, concurrency: JOIN_CONCURRENCY });
  if (joined < planned) throw new Error(`calibration: only ${joined} of ${planned} ${what} members were welcomed`);
  await pause(SETTLE_MS);
  return joined;
}

/** Talks in the `prefix` rooms every `everyMs`, measures a stretch once the rate is reached, and checks every line. */
async function talkStretch(
  context: CalibrationContext,
  meter: StretchMeter,
  prefix: string,
  everyMs: number,
): Promise<{ stretch: Stretch; tally: Tally }> {
  await context.clients.call({ type: 'talk', prefix, everyMs });
  await pause(SETTLE_MS);
  const stretch = await meter.over(MEASURE_MS);
  await context.clients.call({ type: 'quiet' });
  const tally = await context.clients.call({ type: 'settle', prefix, timeoutMs: DRAIN_MS });
  return { stretch, tally };
}

/** One instance alone: memory per member, CPU with nobody talking, CPU per line and per delivery. */
export async function calibrateInstance(context: CalibrationContext): Promise<InstanceCalibration> {
  const server = await startScaleServer(context.server);
  const urls = [server.wsUrl];
  const meter = new StretchMeter([server], [context.clients], context.shards);
  try {
    await pause(SETTLE_MS);
    const idle = await server.sample(true);
    const wide = planRooms({ prefix: 'cal-wide', members: CAL_MEMBERS, roomSize: context.roomSize, instances: 1 });
    const members = await join(context.clients, urls, wide, 'wide');
    context.log(`calibration: ${members} members on one instance in rooms of ${context.roomSize}`);
    const quiet = await meter.over(QUIET_MS);
    const wideRun = await talkStretch(context, meter, 'cal-wide', WIDE_EVERY_MS);
    const loaded = await server.sample(true);

    const narrow = planRooms({
      prefix: 'cal-narrow',
      members: NARROW_MEMBERS,
      roomSize: NARROW_ROOM_SIZE,
      instances: 1,
    });
    await join(context.clients, urls, narrow, 'narrow');
    const narrowRun = await talkStretch(context, meter, 'cal-narrow', NARROW_EVERY_MS);
    await context.clients.call({ type: 'leave', prefix: 'cal-wide' });
    await context.clients.call({ type: 'leave', prefix: 'cal-narrow' });

    const idleCpu = sum(quiet.cpuSeconds) / quiet.seconds;
    // Per line said: CPU less what the instance uses anyway, and the deliveries each line made.
    const perLine = (stretch: Stretch): { cpu: number; deliveries: number } => {
      const lines = sum(stretch.said);
      return {
        cpu: (sum(stretch.cpuSeconds) - idleCpu * stretch.seconds) / lines,
        deliveries: sum(stretch.delivered) / lines,
      };
    };
    const w = perLine(wideRun.stretch);
    const n = perLine(narrowRun.stretch);
    const cpuPerDelivery = (w.cpu - n.cpu) / (w.deliveries - n.deliveries);
    const idleHeap = idle.heapUsed + idle.external;
    return {
      units: {
        idleHeap,
        idleRss: idle.rss,
        heapPerMember: (loaded.heapUsed + loaded.external - idleHeap) / members,
        rssPerMember: (loaded.rss - idle.rss) / members,
        idleCpu,
        cpuPerLine: n.cpu - n.deliveries * cpuPerDelivery,
        cpuPerDelivery,
        publishesPerLine: sum(wideRun.stretch.shards.map((shard) => shard.spublish)) / sum(wideRun.stretch.said),
      },
      rows: [
        row(`one instance, ${members} members quiet`, quiet),
        row(`one instance, rooms of ${context.roomSize} talking`, wideRun.stretch),
        row(`one instance, rooms of ${NARROW_ROOM_SIZE} talking`, narrowRun.stretch),
      ],
      tallies: [wideRun.tally, narrowRun.tally],
      members,
    };
  } finally {
    await server.stop();
  }
}

/**
 * Redis CPU per SPUBLISH on the cluster, with the check's instances following every room: rooms of one
 * member per instance talk fast; the same rooms quiet, and the cluster with no rooms, are the baselines.
 * `units` (from calibrateInstance) separate the lines heard from other instances from the rest.
 */
export async function calibrateRedis(
  context: CalibrationContext,
  servers: readonly ScaleServer[],
  units: InstanceCalibration['units'],
): Promise<RedisCalibration> {
  const meter = new StretchMeter(servers, [context.clients], context.shards);
  // Fresh processes: their start-up's compiling is not the idle.
  await pause(SETTLE_MS);
  const empty = await meter.over(QUIET_MS);
  const instances = servers.length;
  const rooms = planRooms({
    prefix: 'cal-redis',
    members: CAL_REDIS_ROOMS * instances,
    roomSize: instances,
    instances,
  });
  const members = await join(
    context.clients,
    servers.map((server) => server.wsUrl),
    rooms,
    'Redis',
  );
  // The reap starts three beats after an instance linked up, and its first rounds run cold: let both pass.
  await pause(REAP_SETTLE_MS);
  const quiet = await meter.over(QUIET_MS);
  const run = await talkStretch(context, meter, 'cal-redis', REDIS_EVERY_MS);
  await context.clients.call({ type: 'leave', prefix: 'cal-redis' });

  const perSecond = (stretch: Stretch, value: (stretch: Stretch) => number): number => value(stretch) / stretch.seconds;
  const redisCpu = (stretch: Stretch): number =>
    perSecond(stretch, (s) => sum(s.shards.map((shard) => shard.cpuSeconds)));
  const instanceCpu = (stretch: Stretch): number => perSecond(stretch, (s) => sum(s.cpuSeconds));
  // As Redis counted them: a reap that takes longer than a beat sends fewer than the rooms call for.
  const reapPerSecond = perSecond(quiet, (s) => sum(s.shards.map((shard) => shard.reap)));
  const linesPerSecond = perSecond(run.stretch, (s) => sum(s.said));
  const heardPerSecond = (sum(heardFromOthersPerLine(rooms, instances)) * linesPerSecond) / members;
  const modelled =
    linesPerSecond * units.cpuPerLine + perSecond(run.stretch, (s) => sum(s.delivered)) * units.cpuPerDelivery;
  const publishes = sum(run.stretch.shards.map((shard) => shard.spublish));
  return {
    redisCpuPerPublish: ((redisCpu(run.stretch) - redisCpu(quiet)) * run.stretch.seconds) / publishes,
    redisIdleCpu: redisCpu(empty) / context.cluster.nodes.length,
    upkeep: {
      instanceCpuPerReapCommand: (instanceCpu(quiet) - instanceCpu(empty)) / reapPerSecond,
      redisCpuPerReapCommand: (redisCpu(quiet) - redisCpu(empty)) / reapPerSecond,
      cpuPerLineHeard: (instanceCpu(run.stretch) - instanceCpu(quiet) - modelled) / heardPerSecond,
    },
    rows: [
      row(`${instances} instances, no room`, empty),
      row(`${instances} instances, ${rooms.length} rooms of ${instances} quiet`, quiet),
      row(`${instances} instances, ${rooms.length} rooms of ${instances} talking`, run.stretch),
    ],
    tally: run.tally,
  };
}
