/**
 * The scaled-down check of the capacity model:
 * `npm run bench -- scale-check [--members 10000] [--instances 4] [--seconds 90]`.
 * Minutes long, so `npm run bench` alone leaves it out (main.ts).
 *
 * A real 3-shard Redis Cluster, server instances each in a process of its
 * own (helpers/scale-server.ts), and chat members on real WebSockets in two
 * client processes (helpers/scale-clients.ts): rooms of ROOM_SIZE, every
 * room with members on every instance, each member saying a numbered line
 * every EVERY_S seconds.
 *
 * First the unit costs are measured on small populations
 * (helpers/scale-calibrate.ts); the model (helpers/scale-model.ts) turns
 * them into a prediction of every instance's memory and CPU and every
 * shard's publishes and CPU, printed before the full population joins. Then
 * the run: after a warm-up, a measured stretch; the table compares. Two
 * costs the model leaves out (the heartbeat's reap of every followed room,
 * and the lines an instance hears from the others) are priced by the same
 * calibration, to show how much of the difference they explain. The same
 * formulas extrapolate to 100,000 and 1,000,000 readers. Every line is
 * checked: each member of its room gets it once, in its sender's order.
 * Nothing here asserts a speed: a line lost or duplicated fails the run.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { DEFAULT_LIMITS, type ServerLimits } from '../server/limits.ts';
import { startRedisCluster } from '../test/cluster/helpers/redis-cluster.ts';
import { CAL_MEMBERS, calibrateInstance, calibrateRedis } from './helpers/scale-calibrate.ts';
import { startScaleClients, type ScaleClients, type Tally } from './helpers/scale-clients.ts';
import { DelayHistogram } from './helpers/scale-histogram.ts';
import { StretchMeter, sum, type Stretch } from './helpers/scale-measure.ts';
import { omitted, predict, type Budget, type Load, type UnitCosts } from './helpers/scale-model.ts';
import {
  deliveriesPerLine,
  heardFromOthersPerLine,
  membersPerInstance,
  planRooms,
  reapCommandsPerBeat,
  type PlannedRoom,
} from './helpers/scale-plan.ts';
import { shardOfRoom, ShardWatch } from './helpers/scale-redis.ts';
import { core, count, ms, otherBenches, ratio, table } from './helpers/scale-report.ts';
import { startScaleServer, type ScaleSample, type ScaleServer } from './helpers/scale-server.ts';
import {
  calibrationTable,
  comparisonTable,
  differenceTable,
  extrapolationTable,
  measuredTotals,
  omittedAtScaleTable,
  predictedTotals,
  predictionTable,
  totalsTable,
  unitsTable,
  type Measured,
  type ScaleShape,
} from './helpers/scale-tables.ts';

interface Options {
  readonly members: number;
  readonly instances: number;
  readonly seconds: number;
}

const DEFAULTS: Options = { members: 10_000, instances: 4, seconds: 90 };
const SHARDS = 3;
const ROOM_SIZE = 50;
/** Each member says a line this often: the scaled rate. */
const EVERY_S = 30;
/** REDIS_HEARTBEAT_MS as deployed by default. */
const BEAT_MS = 2000;
const SHAPE: ScaleShape = { everySeconds: EVERY_S, roomSize: ROOM_SIZE, beatSeconds: BEAT_MS / 1000 };
const WARM_UP_S = 15;
const CLIENT_PROCESSES = 2;
const JOIN_CONCURRENCY = 100;
/** After the joins: their presence messages delivered before the quiet stretch. */
const SETTLE_MS = 5000;
const QUIET_MS = 5000;
const PROGRESS_MS = 10_000;
const DRAIN_MS = 30_000;
/** The extrapolation's instance: 2 cores and 4 GiB, half of each kept free; a shard's one core, half kept free. */
const BUDGET: Budget = { cores: 2, memoryBytes: 4 * 2 ** 30, headroom: 0.5 };
const READERS = [100_000, 1_000_000];
/** An instance whose main thread waited for a core longer than this share of the time was starved. */
const STARVED = 0.25;

function parseOptions(argv: readonly string[]): Options {
  const options: Record<string, number> = { ...DEFAULTS };
  const first = argv.findIndex((arg) => arg.startsWith('--'));
  const args = first === -1 ? [] : argv.slice(first);
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i]!.slice(2);
    const value = Number(args[i + 1]);
    if (!(name in DEFAULTS) || !Number.isInteger(value) || value < 1) {
      throw new Error(
        `scale-check: unknown option or value "${args[i]} ${args[i + 1] ?? ''}"; use --members N ` +
          `(default ${DEFAULTS.members}), --instances N (default ${DEFAULTS.instances}), --seconds N ` +
          `(measured, after a ${WARM_UP_S} s warm-up; default ${DEFAULTS.seconds})`,
      );
    }
    options[name] = value;
  }
  return options as unknown as Options;
}

/** Each client process holds a descriptor per member it runs, each instance one per member it serves. */
function checkOpenFiles(options: Options): string {
  const needed = Math.ceil(Math.max(options.members / CLIENT_PROCESSES, CAL_MEMBERS) + 512);
  let text: string;
  try {
    text = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
  } catch {
    return 'open-files limit: unknown (no ulimit here)';
  }
  const limit = text === 'unlimited' ? Infinity : Number(text);
  if (limit < needed) {
    throw new Error(
      `scale-check: ${options.members} members need about ${needed} open files in each client process, and ` +
        `the limit is ${limit}: raise it (ulimit -n ${needed}) or ask for fewer (--members N)`,
    );
  }
  return `open-files limit ${text} (a client process needs about ${needed})`;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const say = (line = ''): void => void process.stdout.write(`${line}\n`);

function machine(loadBefore: readonly number[]): string[] {
  const cpu = cpus();
  const load = (values: readonly number[]): string => values.map((value) => value.toFixed(2)).join(' ');
  return [
    `- CPU: ${cpu[0]?.model.trim() ?? 'unknown'}, ${cpu.length} cores, shared by the Redis nodes, the instances, ` +
      'the client processes, this bench and whatever else runs here: the figures are noisy',
    `- memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB; Node ${process.version} on ${platform()} ${release()}`,
    `- load average (1, 5, 15 min) before: ${load(loadBefore)}, after: ${load(loadavg())}`,
  ];
}

/** The planned load: each member says a line every EVERY_S; each line reaches every member of its room. */
function plannedLoad(rooms: readonly PlannedRoom[], instances: number, shardOf: readonly number[]): Load {
  const members = membersPerInstance(rooms, instances);
  const deliveries = deliveriesPerLine(rooms, instances);
  const heard = heardFromOthersPerLine(rooms, instances);
  const reap = reapCommandsPerBeat(rooms, instances);
  const shardMembers = new Array<number>(SHARDS).fill(0);
  rooms.forEach((room, index) => (shardMembers[shardOf[index]!]! += room.members.length));
  return {
    instances: members.map((held, i) => ({
      members: held,
      linesPerSecond: held / EVERY_S,
      deliveriesPerSecond: deliveries[i]! / EVERY_S,
      linesHeardPerSecond: heard[i]! / EVERY_S,
      reapCommandsPerSecond: reap[i]! / SHAPE.beatSeconds,
    })),
    shards: shardMembers.map((held) => ({ linesPerSecond: held / EVERY_S })),
  };
}

function addTallies(tallies: readonly Tally[]): Tally & { readonly delays: readonly [DelayHistogram, DelayHistogram] } {
  const within = new DelayHistogram();
  const across = new DelayHistogram();
  const problems: Record<string, number> = {};
  for (const tally of tallies) {
    within.addSparse(tally.within);
    across.addSparse(tally.across);
    for (const [reason, times] of Object.entries(tally.problems)) problems[reason] = (problems[reason] ?? 0) + times;
  }
  const total = (key: 'said' | 'expected' | 'delivered' | 'lost' | 'duplicated'): number =>
    sum(tallies.map((tally) => tally[key]));
  return {
    said: total('said'),
    expected: total('expected'),
    delivered: total('delivered'),
    lost: total('lost'),
    duplicated: total('duplicated'),
    within: within.sparse(),
    across: across.sparse(),
    problems,
    delays: [within, across],
  };
}

function exactnessRow(name: string, tally: Tally): string[] {
  return [name, ...[tally.said, tally.expected, tally.delivered, tally.lost, tally.duplicated].map(count)];
}

function delayRow(name: string, histogram: DelayHistogram): string[] {
  return [name, count(histogram.count), ...[50, 90, 99].map((p) => ms(histogram.percentile(p)))];
}

/** Samples every instance after GC, one at a time: their collections would otherwise share the cores. */
async function memoryOf(servers: readonly ScaleServer[]): Promise<ScaleSample[]> {
  const samples: ScaleSample[] = [];
  for (const server of servers) samples.push(await server.sample(true));
  return samples;
}

const shares = (values: readonly number[], seconds: number): string =>
  values.map((value) => core(value / seconds)).join(' ');

function progress(seconds: number, stretch: Stretch): string {
  const redis = stretch.shards.map((shard) => shard.cpuSeconds);
  const publishes = stretch.shards.map((shard) => (shard.spublish / stretch.seconds).toFixed(0)).join(' ');
  const reap = sum(stretch.shards.map((shard) => shard.reap)) / stretch.seconds;
  return (
    `t=${seconds.toFixed(0).padStart(4)}s  lines/s ${(sum(stretch.said) / stretch.seconds).toFixed(0)}  ` +
    `deliveries/s ${count(sum(stretch.delivered) / stretch.seconds)}  instance CPU ` +
    `${shares(stretch.cpuSeconds, stretch.seconds)} (waited for a core ${waitedShares(stretch)})  clients CPU ` +
    `${core(stretch.clientCpuSeconds / stretch.seconds)}  Redis CPU ${shares(redis, stretch.seconds)}  ` +
    `SPUBLISH/s ${publishes}  reap commands/s ${count(reap)}  ${machineShare(stretch)}`
  );
}

/** How busy the whole machine was: every process on it, this run's and others'. */
function machineShare(stretch: Stretch): string {
  if (stretch.machineCpuSeconds === null) return 'machine: n/a';
  const mine =
    sum(stretch.cpuSeconds) + stretch.clientCpuSeconds + sum(stretch.shards.map((shard) => shard.cpuSeconds));
  return (
    `machine busy ${(stretch.machineCpuSeconds / stretch.seconds).toFixed(2)} of ${cpus().length} cores ` +
    `(this run's servers, Redis and clients ${(mine / stretch.seconds).toFixed(2)}; steal ` +
    `${((stretch.stealSeconds ?? 0) / stretch.seconds).toFixed(2)})`
  );
}

/** The share of the time each instance's main thread waited for a core: near 0 on an idle machine. */
function waitedShares(stretch: Stretch): string {
  return stretch.waitedSeconds.map((value) => (value === null ? 'n/a' : core(value / stretch.seconds))).join(' ');
}

/** What the members' server log said beyond connects and closes, per instance. */
function serverEvents(memory: readonly ScaleSample[]): string {
  const quiet = ['connect', 'disconnect', 'listening', 'redis-connected'];
  const lists = memory.map((sample) =>
    Object.entries(sample.events)
      .filter(([event]) => !quiet.includes(event))
      .map(([event, times]) => `${event} ×${times}`),
  );
  if (lists.every((list) => list.length === 0)) return 'nothing';
  return lists.map((list, i) => `instance ${i + 1}: ${list.join(', ') || 'nothing'}`).join('; ');
}

export default async function run(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const fdLine = checkOpenFiles(options);
  const loadBefore = loadavg();
  const othersBefore = otherBenches();
  const startedAt = new Date();
  // One client address opens every member: the per-address limit is raised to the total, as the soak does.
  // Everything else (messages per second, room size, client heartbeat) is as deployed.
  const maxConnections = Math.max(DEFAULT_LIMITS.maxConnections, options.members + 2000);
  const limits: Partial<ServerLimits> = { maxConnections, maxConnectionsPerAddress: maxConnections };
  say(
    `scale-check: ${count(options.members)} chat members in rooms of ${ROOM_SIZE} over ${options.instances} ` +
      `instances (each its own process) and a ${SHARDS}-shard Redis Cluster (sharded pub/sub), each member a ` +
      `line every ${EVERY_S} s; ${WARM_UP_S} s warm-up, then ${options.seconds} s measured. ` +
      `MAX_CONNECTIONS and MAX_CONNECTIONS_PER_ADDRESS ${count(maxConnections)}, REDIS_HEARTBEAT_MS ${BEAT_MS}; ` +
      `${fdLine}.`,
  );
  say(`started ${startedAt.toISOString()}`);
  say(
    `This machine has ${cpus().length} cores, shared and noisy: Redis, the instances, the clients and this ` +
      'bench all run on them, so every CPU figure includes the neighbours\u2019 cache misses and waits for a core.',
  );
  say(`other bench runs at the start: ${othersBefore.length === 0 ? 'none' : othersBefore.join('; ')}`);

  const cluster = await startRedisCluster(SHARDS);
  const shards = new ShardWatch(cluster);
  const clients: ScaleClients[] = [];
  const servers: ScaleServer[] = [];
  try {
    for (let i = 0; i < CLIENT_PROCESSES; i++) clients.push(await startScaleClients());
    const serverOptions = { limits, clusterNodes: cluster.nodeList.split(','), heartbeatMs: BEAT_MS };
    const context = {
      cluster,
      shards,
      clients: clients[0]!,
      server: serverOptions,
      roomSize: ROOM_SIZE,
      log: (line: string) => say(line),
    };

    say('\n### Calibration: the unit costs, measured in this run\n');
    const instanceCalibration = await calibrateInstance(context);
    const started = await Promise.all(Array.from({ length: options.instances }, () => startScaleServer(serverOptions)));
    servers.push(...started);
    const redisCalibration = await calibrateRedis(context, servers, instanceCalibration.units);
    const units: UnitCosts = {
      ...instanceCalibration.units,
      redisCpuPerPublish: redisCalibration.redisCpuPerPublish,
      redisIdleCpu: redisCalibration.redisIdleCpu,
    };
    const upkeep = redisCalibration.upkeep;
    say(calibrationTable([...instanceCalibration.rows, ...redisCalibration.rows]));
    say();
    say(unitsTable(units, upkeep, instanceCalibration.members));

    const rooms = planRooms({
      prefix: 'room',
      members: options.members,
      roomSize: ROOM_SIZE,
      instances: options.instances,
    });
    const shardOf = rooms.map((room) => shardOfRoom(cluster, room.name));
    const load = plannedLoad(rooms, options.instances, shardOf);
    const prediction = predict(units, load);
    say('\n### Prediction (the model applied to the unit costs above, before the members join)\n');
    const perShard = cluster.nodes.map((node, k) => {
      const held = shardOf.filter((shard) => shard === k).length;
      return `shard ${k + 1} (port ${node.port}) ${held} rooms, ${count(load.shards[k]!.linesPerSecond * EVERY_S)} members`;
    });
    say(`${rooms.length} rooms over the shards by their channels' hash slots: ${perShard.join('; ')}`);
    say();
    say(predictionTable(load, prediction));

    say('\n### The run\n');
    const urls = servers.map((server) => server.wsUrl);
    const joinStart = performance.now();
    const joined = await Promise.all(
      clients.map((client, c) =>
        client.call({
          type: 'join',
          urls,
          rooms: rooms.filter((_, index) => index % CLIENT_PROCESSES === c),
          concurrency: JOIN_CONCURRENCY,
        }),
      ),
    );
    say(
      `joined: ${count(sum(joined))} of ${count(options.members)} members welcomed in ` +
        `${((performance.now() - joinStart) / 1000).toFixed(1)} s`,
    );
    await pause(SETTLE_MS);
    const meter = new StretchMeter(servers, clients, shards);
    const quiet = await meter.over(QUIET_MS);
    const quietRedis = quiet.shards.map((shard) => shard.cpuSeconds);
    const reapPlanned = sum(load.instances.map((instance) => instance.reapCommandsPerSecond));
    say(
      `quiet (every member connected, nobody talking, ${quiet.seconds.toFixed(1)} s): instance CPU ` +
        `${shares(quiet.cpuSeconds, quiet.seconds)} (waited for a core ${waitedShares(quiet)}); Redis CPU ` +
        `${shares(quietRedis, quiet.seconds)}; reap commands/s ` +
        `${count(sum(quiet.shards.map((shard) => shard.reap)) / quiet.seconds)} (the rooms call for ` +
        `${count(reapPlanned)}); ${machineShare(quiet)}`,
    );

    await Promise.all(clients.map((client) => client.call({ type: 'talk', prefix: 'room', everyMs: EVERY_S * 1000 })));
    const talkStart = performance.now();
    await pause(WARM_UP_S * 1000);
    await Promise.all(clients.map((client) => client.call({ type: 'window' })));
    const first = await meter.read();
    say(`warm-up done (${WARM_UP_S} s); measuring ${options.seconds} s`);
    let previous = first;
    const endAt = performance.now() + options.seconds * 1000;
    while (performance.now() < endAt - 500) {
      await pause(Math.min(PROGRESS_MS, endAt - performance.now()));
      const next = await meter.read();
      say(progress((performance.now() - talkStart) / 1000, StretchMeter.between(previous, next)));
      previous = next;
    }
    const stretch = StretchMeter.between(first, previous);
    const memory = await memoryOf(servers);
    await Promise.all(clients.map((client) => client.call({ type: 'quiet' })));
    const main = addTallies(
      await Promise.all(clients.map((client) => client.call({ type: 'settle', prefix: 'room', timeoutMs: DRAIN_MS }))),
    );
    const measured: Measured = { stretch, memory };

    say('\n### Predicted against measured\n');
    say(
      `measured over ${stretch.seconds.toFixed(1)} s: ${(sum(stretch.said) / stretch.seconds).toFixed(1)} lines/s ` +
        `(planned ${(options.members / EVERY_S).toFixed(1)}), ${count(sum(stretch.delivered) / stretch.seconds)} ` +
        `deliveries/s (planned ${count(sum(load.instances.map((instance) => instance.deliveriesPerSecond)))}), ` +
        `${count(sum(stretch.shards.map((shard) => shard.reap)) / stretch.seconds)} reap commands/s (the rooms ` +
        `call for ${count(reapPlanned)}). Memory after GC at the end of the stretch, traffic still flowing. ` +
        `Each instance\u2019s main thread waited for a core ${waitedShares(stretch)} of the time; the two client ` +
        `processes used ${core(stretch.clientCpuSeconds / stretch.seconds)} of a core; ${machineShare(stretch)}.`,
    );
    const starved = stretch.waitedSeconds.some((value) => value !== null && value / stretch.seconds > STARVED);
    if (starved) {
      say(
        `\nWARNING: an instance waited for a core more than ${core(STARVED)} of the time: the machine was ` +
          'overloaded (by this run or by others), and what follows measures a starved deployment.',
      );
    }
    say();
    say(comparisonTable(prediction, measured));
    const predicted = predictedTotals(prediction);
    const actual = measuredTotals(measured);
    say();
    say(totalsTable(predicted, actual));

    say('\n### Where the difference comes from\n');
    say(
      'The model counts memory per member, and CPU per line said, per delivery and per SPUBLISH. The same ' +
        'calibration priced two costs it leaves out; here they are added for this run\u2019s rooms ' +
        `(${rooms.length} rooms, each followed by every instance holding one of its members):\n`,
    );
    say(
      differenceTable({
        units,
        instances: options.instances,
        shards: SHARDS,
        predicted,
        measured: actual,
        omitted: omitted(upkeep, load),
        quietCpu: sum(quiet.cpuSeconds) / quiet.seconds,
        quietRedisCpu: sum(quietRedis) / quiet.seconds,
      }),
    );
    say(
      `\nMemory: heap + external ${ratio(actual.heap, predicted.heap)} the prediction, RSS ` +
        `${ratio(actual.rss, predicted.rss)}. The calibration's ${instanceCalibration.members} members sat in ` +
        `${instanceCalibration.members / ROOM_SIZE} rooms on one instance; here every instance follows all ` +
        `${rooms.length} rooms, and keeps each room's member list and last lines.`,
    );

    say('\n### Delivery delay, send to arrival\n');
    const [within, across] = main.delays;
    say(
      table(
        ['sender and reader', 'deliveries', 'p50', 'p90', 'p99'],
        [delayRow('on different instances (through Redis)', across), delayRow('on the same instance', within)],
      ),
    );

    say('\n### Exactness: every line to every member of its room once, in its sender\u2019s order\n');
    const calibrationTally = addTallies([...instanceCalibration.tallies, redisCalibration.tally]);
    say(
      table(
        ['population', 'lines said', 'deliveries expected', 'delivered in order', 'lost', 'duplicated'],
        [exactnessRow('calibration', calibrationTally), exactnessRow('the run', main)],
      ),
    );
    const problems = { ...calibrationTally.problems, ...main.problems };
    say(
      `\nclient problems: ${Object.keys(problems).length === 0 ? 'none' : JSON.stringify(problems)}; ` +
        `the instances' log beyond connects and closes, since they started: ${serverEvents(memory)}`,
    );

    say('\n### Extrapolation (PREDICTION, not measured)\n');
    say(
      `The model with this run's unit costs, at the same per-member rate (a line every ${EVERY_S} s, rooms of ` +
        `${ROOM_SIZE}). An instance has ${BUDGET.cores} cores and ${BUDGET.memoryBytes / 2 ** 30} GiB and keeps ` +
        `${BUDGET.headroom * 100}% of each free (memory counted as RSS); a shard is one Redis process, one core ` +
        `for commands, ${BUDGET.headroom * 100}% kept free. Redis CPU per SPUBLISH as measured with ` +
        `${options.instances} instances following each room.\n`,
    );
    say(extrapolationTable(units, READERS, SHAPE, BUDGET));
    say(
      '\nThe left-out terms at that scale, priced as calibrated above, for the instances the model needs: ' +
        'members placed at random (a room on as many instances as it has members, up to the instances there ' +
        'are) or routed so that a room lives on one instance. Placed at random, more instances spread each ' +
        'room wider and cost more again: the instances with them are a floor.\n',
    );
    say(omittedAtScaleTable(units, upkeep, READERS, SHAPE, BUDGET));

    const passed =
      main.lost + main.duplicated + calibrationTally.lost + calibrationTally.duplicated === 0 &&
      sum(joined) === options.members;
    await Promise.all(clients.map((client) => client.call({ type: 'leave', prefix: 'room' })));
    const othersAfter = otherBenches();
    say('\n### Machine\n');
    say(machine(loadBefore).join('\n'));
    say(`- run from ${startedAt.toISOString()} to ${new Date().toISOString()}`);
    say(`- other bench runs at the end: ${othersAfter.length === 0 ? 'none' : othersAfter.join('; ')}`);
    say(
      `\nscale-check: ${passed ? 'every member joined; every line delivered once and in order' : 'SOME CHECKS FAILED'}`,
    );
    if (!passed) process.exitCode = 1;
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await Promise.all(clients.map((client) => client.stop()));
    shards.close();
    await cluster.dispose();
  }
}
