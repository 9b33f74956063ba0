/**
 * The capacity bench: `npm run bench -- capacity [--connections 2000] [--runs 5] [--parts memory,throughput,redis,cluster]`.
 * The figures docs/scaling.md builds its model from, measured on this
 * machine and printed as markdown tables under a run line that names it.
 *
 * 1. memory per connection on one instance (helpers/capacity-memory.ts);
 * 2. messages per second per instance and per CPU-second: echo and room
 *    broadcast against a bare ws server in the same run, broadcast with
 *    every member traced and through Redis, and lines crossing two
 *    instances (helpers/capacity-throughput.ts);
 * 3. what one Redis carries, and the delay at 10, 50, 90 and 100% of it
 *    (helpers/capacity-redis.ts), and classic against sharded pub/sub on a
 *    3-shard Redis Cluster (helpers/capacity-redis-cluster.ts).
 *
 * Servers run in processes of their own (helpers/capacity-server.ts), the
 * WebSocket clients in another (helpers/capacity-load.ts); the Redis clients
 * run in this process. Speeds are medians of several runs; nothing here
 * asserts a speed.
 */
import { execFileSync } from 'node:child_process';
import type { ServerLimits } from '../server/limits.ts';
import { startRedis } from '../test/cluster/helpers/cluster.ts';
import { startLoadProcess, type LoadProcess } from './helpers/capacity-load.ts';
import { measureMemory, ROOM_SIZE } from './helpers/capacity-memory.ts';
import { measureCluster } from './helpers/capacity-redis-cluster.ts';
import { measureRedis } from './helpers/capacity-redis.ts';
import { num, printTable, runLine, type Run } from './helpers/capacity-report.ts';
import { startCapacityServer, type CapacityServer } from './helpers/capacity-server.ts';
import {
  measureAcross,
  measureBroadcast,
  measureEcho,
  type AcrossGroup,
  type Target,
} from './helpers/capacity-throughput.ts';

const PARTS = ['memory', 'throughput', 'redis', 'cluster'] as const;
type Part = (typeof PARTS)[number];

interface Options {
  readonly connections: number;
  readonly runs: number;
  readonly parts: readonly Part[];
}

const DEFAULTS: Options = { connections: 2000, runs: 5, parts: PARTS };
/** Fresh servers per memory measurement: each costs a process start, so fewer rounds than speed runs. */
const MEMORY_ROUNDS = 2;
const ECHO_CONNECTIONS = 200;
const BROADCAST_ROOMS = 20;
/**
 * Lines a second across two instances, rooms of 50; four times as many in rooms of two, so the members'
 * instance is busy enough to measure. Below what one core carries for the sender's instance (about a
 * millisecond a line).
 */
const ACROSS_LINES_PER_SECOND = 150;
const PAIR_ROOMS = 200;

/**
 * One client address opening thousands of connections and sending thousands of messages a second on each:
 * the playground's limits for strangers are raised past what the bench needs. No heartbeat in the middle
 * of a measurement (its ping of every client every 30 s is a few hundred pings a second at most).
 */
const BENCH_LIMITS: Partial<ServerLimits> = {
  messagesPerSecond: 10_000_000,
  maxConnections: 50_000,
  maxConnectionsPerAddress: 50_000,
  maxTraces: 50_000,
  roomMembers: 2000,
  heartbeatMs: 3_600_000,
};

function parseOptions(argv: readonly string[]): Options {
  const first = argv.findIndex((arg) => arg.startsWith('--'));
  const args = first === -1 ? [] : argv.slice(first);
  const options: { connections: number; runs: number; parts: readonly Part[] } = { ...DEFAULTS };
  const usage = 'use --connections N (default 2000), --runs N (default 5), --parts memory,throughput,redis,cluster';
  for (let i = 0; i < args.length; i += 2) {
    const [name, value] = [args[i]!, args[i + 1] ?? ''];
    if (name === '--parts') {
      const parts = value.split(',');
      if (!parts.every((part): part is Part => (PARTS as readonly string[]).includes(part))) {
        throw new Error(`capacity: unknown part in "${value}"; ${usage}`);
      }
      options.parts = parts;
    } else if ((name === '--connections' || name === '--runs') && Number.isSafeInteger(Number(value))) {
      options[name.slice(2) as 'connections' | 'runs'] = Math.max(1, Number(value));
    } else {
      throw new Error(`capacity: unknown option or value "${name} ${value}"; ${usage}`);
    }
  }
  return options;
}

/** The open-files limit each process gets, from the shell; undefined where there is no `ulimit`. */
function openFilesLimit(): string {
  try {
    return execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function memoryPart(run: Run, load: LoadProcess, options: Options): Promise<void> {
  printTable(run, await measureMemory(load, BENCH_LIMITS, options.connections, MEMORY_ROUNDS));
}

/** Opens `kind` groups on each target and runs the echo and broadcast measurements. */
async function throughputPart(run: Run, load: LoadProcess, options: Options): Promise<void> {
  const redis = await startRedis();
  const servers: CapacityServer[] = [];
  try {
    const start = async (kind: 'project' | 'bare ws', redisUrl?: string): Promise<CapacityServer> => {
      const server = await startCapacityServer({ kind, limits: BENCH_LIMITS, ...(redisUrl && { redisUrl }) });
      servers.push(server);
      return server;
    };
    const project = await start('project');
    const bare = await start('bare ws');
    const withRedis = await start('project', redis.url);
    const open = async (target: Target, kind: 'echo' | 'chat' | 'traced chat', count: number): Promise<Target> => {
      await load.call({
        type: 'open',
        group: target.group,
        kind,
        baseUrl: target.server.wsUrl,
        count,
        roomSize: ROOM_SIZE,
      });
      return target;
    };
    const echoTargets = [
      await open({ label: 'project', server: project, group: 'echo-project' }, 'echo', ECHO_CONNECTIONS),
      await open({ label: 'bare ws', server: bare, group: 'echo-bare' }, 'echo', ECHO_CONNECTIONS),
    ];
    printTable(run, await measureEcho(load, echoTargets, options.runs));
    for (const target of echoTargets) await load.call({ type: 'close', group: target.group });

    const members = BROADCAST_ROOMS * ROOM_SIZE;
    // The last is the deployed case: rooms shared through Redis, every member's lesson connection traced.
    const broadcastTargets = [
      { ...(await open({ label: 'project', server: project, group: 'chat' }, 'chat', members)), halfRate: true },
      await open({ label: 'bare ws', server: bare, group: 'chat-bare' }, 'chat', members),
      await open({ label: 'project, every member traced', server: project, group: 'traced' }, 'traced chat', members),
      {
        ...(await open(
          { label: 'project with REDIS_URL, every member traced', server: withRedis, group: 'deployed' },
          'traced chat',
          members,
        )),
        halfRate: true,
      },
    ];
    printTable(run, await measureBroadcast(load, broadcastTargets, options.runs));
    for (const target of broadcastTargets) await load.call({ type: 'close', group: target.group });

    // Rooms whose sender is on one instance and the rest on another: of 50 (49 there), and of 2 (1 there).
    const other = await start('project', redis.url);
    const across: AcrossGroup[] = [
      { group: 'across', members: ROOM_SIZE - 1, rooms: BROADCAST_ROOMS, linesPerSecond: ACROSS_LINES_PER_SECOND },
      { group: 'across-pairs', members: 1, rooms: PAIR_ROOMS, linesPerSecond: ACROSS_LINES_PER_SECOND * 4 },
    ];
    for (const { group, members: count, rooms } of across) {
      await load.call({
        type: 'open',
        group,
        kind: 'traced chat',
        baseUrl: other.wsUrl,
        senderBaseUrl: withRedis.wsUrl,
        count: rooms * (count + 1),
        roomSize: count + 1,
      });
    }
    printTable(run, await measureAcross(load, withRedis, other, across, options.runs));
    for (const { group } of across) await load.call({ type: 'close', group });
  } finally {
    for (const server of servers) await server.stop();
    await redis.dispose();
  }
}

async function redisPart(run: Run, options: Options): Promise<void> {
  for (const table of await measureRedis(options.runs)) printTable(run, table);
}

async function clusterPart(run: Run, options: Options): Promise<void> {
  printTable(run, await measureCluster(Math.max(3, Math.ceil(options.runs / 2))));
}

export default async function capacity(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const run = runLine();
  const started = performance.now();
  console.log(run.line);
  console.log(
    `Options: --connections ${options.connections} --runs ${options.runs} --parts ${options.parts.join(',')}; ` +
      `open-files limit ${openFilesLimit()}. Servers, clients and Redis share this machine's cores; ` +
      'the machine is shared with other work, so speeds drift from run to run.',
  );
  console.log(
    '\nThe static site: what a first visit downloads is what `npm run bench -- page-weight` prints; hosted ' +
      'statically (README, "Hosting the site statically"), the live server serves none of those bytes.',
  );
  const load = await startLoadProcess();
  try {
    const parts: Record<Part, () => Promise<void>> = {
      memory: () => memoryPart(run, load, options),
      throughput: () => throughputPart(run, load, options),
      redis: () => redisPart(run, options),
      cluster: () => clusterPart(run, options),
    };
    for (const part of options.parts) {
      const partStarted = performance.now();
      await parts[part]();
      console.log(`\n(${part}: ${num((performance.now() - partStarted) / 1000)} s)`);
    }
  } finally {
    await load.stop();
  }
  console.log(`\n${run.line.replace(/; load average before.*/, '')} (${num((performance.now() - started) / 1000)} s)`);
}
