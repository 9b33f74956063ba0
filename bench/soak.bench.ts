/**
 * The soak: `npm run bench -- soak [--minutes 5] [--connections 5000] [--churn 100]`.
 * Minutes long, so `npm run bench` alone leaves it out (main.ts), and never
 * part of `npm test`.
 *
 * The playground server runs in a process of its own (helpers/soak-server-child.ts),
 * so the memory, file descriptors and event loop delay it reports are its
 * own; the load runs here (helpers/soak-load.ts). Held connections, spread
 * over /echo, /chat, /ticker and /collab (rooms of 50 and documents of 40),
 * each send one message every 10 s; short visits come and go at a steady
 * rate beside them. Every numbered message is checked as it arrives.
 *
 * After the ramp, the first fifth of the run is warm-up: its end is the
 * reference, taken after full GCs, and the loop delay histogram starts then.
 * At the end, under the same load, the same measures again; then the traffic
 * stops, the last messages are waited for and the checks are summed
 * (helpers/soak-report.ts).
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { DEFAULT_LIMITS, type ServerLimits } from '../server/limits.ts';
import { ProcessWatch, type WatchSample } from './helpers/process-watch.ts';
import { ACT_EVERY_MS, CHAT_ROOM_MEMBERS, COLLAB_DOC_MEMBERS, SoakLoad } from './helpers/soak-load.ts';
import { count, mb, ms, percent, reportSoak, type SoakResult } from './helpers/soak-report.ts';
import { startSoakServer, type ServerSample, type SoakServer } from './helpers/soak-server.ts';

interface SoakOptions {
  readonly minutes: number;
  readonly connections: number;
  readonly churn: number;
}

const DEFAULTS: SoakOptions = { minutes: 5, connections: 5000, churn: 100 };
/** The share of the run (after the ramp) that is warm-up. */
const WARM_UP_SHARE = 0.2;
const SAMPLE_EVERY_MS = 5000;
/** How long the end waits for messages still on their way, and for the server to see every close. */
const DRAIN_MS = 30_000;
/** A held ticker (one tick a second) silent for this long at the end has stopped. */
const SILENT_MS = 5000;

function parseOptions(argv: readonly string[]): SoakOptions {
  const options: Record<string, number> = { ...DEFAULTS };
  const first = argv.findIndex((arg) => arg.startsWith('--'));
  const args = first === -1 ? [] : argv.slice(first);
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i]!.slice(2);
    const value = Number(args[i + 1]);
    if (!(name in DEFAULTS) || !(value > 0)) {
      throw new Error(
        `soak: unknown option or value "${args[i]} ${args[i + 1] ?? ''}"; ` +
          'use --minutes N (default 5), --connections N (default 5000), --churn N per second (default 100)',
      );
    }
    options[name] = name === 'minutes' ? value : Math.round(value);
  }
  return options as unknown as SoakOptions;
}

/** The open-files limit each process gets, from the shell; undefined where there is no `ulimit`. */
function openFilesLimit(): number | undefined {
  try {
    const text = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
    return text === 'unlimited' ? Infinity : Number(text);
  } catch {
    return undefined;
  }
}

/** Each process holds a descriptor per connection, the churn's under way and some of its own. */
function checkOpenFilesLimit(options: SoakOptions): string {
  const needed = options.connections + 2 * options.churn + 256;
  const limit = openFilesLimit();
  if (limit === undefined) return 'open-files limit: unknown (no ulimit here)';
  if (limit < needed) {
    throw new Error(
      `soak: ${options.connections} connections need about ${needed} open files in each process, and ` +
        `the limit is ${limit}: raise it (ulimit -n ${needed}) or ask for fewer (--connections N)`,
    );
  }
  return `open-files limit: ${limit} (needs about ${needed})`;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function machine(loadBefore: readonly number[]): string {
  const cpu = cpus();
  const load = (values: readonly number[]): string => values.map((value) => value.toFixed(2)).join(' ');
  return [
    `- CPU: ${cpu[0]?.model.trim() ?? 'unknown'}, ${cpu.length} cores`,
    `- memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- Node ${process.version} on ${platform()} ${release()}`,
    `- date: ${new Date().toISOString()}`,
    `- load average (1, 5, 15 min) before: ${load(loadBefore)}, after: ${load(loadavg())}`,
  ].join('\n');
}

function progress(startedAt: number, server: ServerSample, own: WatchSample, load: SoakLoad): string {
  const t = ((performance.now() - startedAt) / 1000).toFixed(0).padStart(4);
  return (
    `t=${t}s  server: heap ${mb(server.heapUsed)} rss ${mb(server.rss)} fds ${server.fds ?? 'n/a'} ` +
    `open ${server.open} cpu ${percent(server.cpu)} waited ${percent(server.waited)} ` +
    `loop p99 ${ms(server.loopP99Ms)} max ${ms(server.loopMaxMs)}  ` +
    `load: cpu ${percent(own.cpu)} waited ${percent(own.waited)} ` +
    `loop p99 ${ms(own.loop.p99)} max ${ms(own.loop.max)}  churn ${load.churnFinished}/${load.churnStarted}`
  );
}

/** Waits (at most DRAIN_MS) until the server holds no connection; its memory and fds then, after GC. */
async function afterAllClosed(server: SoakServer): Promise<ServerSample> {
  const deadline = performance.now() + DRAIN_MS;
  while ((await server.sample({ gc: false, resetLoop: false })).open > 0 && performance.now() < deadline) {
    await pause(200);
  }
  return server.sample({ gc: true, resetLoop: false });
}

async function soak(server: SoakServer, options: SoakOptions): Promise<SoakResult> {
  const load = new SoakLoad(`ws://127.0.0.1:${server.port}`, {
    connections: options.connections,
    churnPerSecond: options.churn,
  });
  const idle = await server.sample({ gc: true, resetLoop: false });
  console.log(`server idle: heap ${mb(idle.heapUsed)}, rss ${mb(idle.rss)}, fds ${idle.fds ?? 'n/a'}`);
  const rampStart = performance.now();
  await load.open();
  const rampSeconds = ((performance.now() - rampStart) / 1000).toFixed(1);
  console.log(
    `ramp: ${count(load.alive())} of ${count(options.connections)} held connections open in ${rampSeconds} s`,
  );

  const runMs = options.minutes * 60_000;
  const startedAt = performance.now();
  load.start();
  const own = new ProcessWatch();
  let reference: ServerSample | undefined;
  const serverShares: ServerSample[] = [];
  const loadShares: WatchSample[] = [];
  let sampledAt = startedAt;
  while (performance.now() - startedAt < runMs - SAMPLE_EVERY_MS / 2) {
    await pause(Math.max(0, sampledAt + SAMPLE_EVERY_MS - performance.now()));
    sampledAt = performance.now();
    const warmedUp = reference === undefined && sampledAt - startedAt >= runMs * WARM_UP_SHARE;
    // The reference is collected and resets the loop histograms: the delays from here on are the run's.
    const sample = await server.sample({ gc: warmedUp, resetLoop: warmedUp });
    const mine = own.sample();
    if (warmedUp) {
      reference = sample;
      own.resetLoop();
    } else if (reference) {
      serverShares.push(sample);
      loadShares.push(mine);
    }
    console.log(`${progress(startedAt, sample, mine, load)}${warmedUp ? '  <- after warm-up (after GC)' : ''}`);
  }
  const end = await server.sample({ gc: true, resetLoop: false });
  const loadEnd = own.sample();
  console.log(`${progress(startedAt, end, loadEnd, load)}  <- end (after GC)`);
  if (!reference) throw new Error('soak: the run ended before its warm-up did');
  const silent = load.silentTickers(SILENT_MS);

  await load.stop();
  await load.drain(DRAIN_MS);
  await load.close();
  const closed = await afterAllClosed(server);
  console.log(`all closed: server open ${closed.open}, heap ${mb(closed.heapUsed)}, fds ${closed.fds ?? 'n/a'}`);
  return {
    connections: options.connections,
    load,
    idle,
    reference,
    end,
    closed,
    serverShares,
    loadShares,
    loadEnd,
    silent,
    silentMs: SILENT_MS,
  };
}

export default async function run(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const fdLine = checkOpenFilesLimit(options);
  const loadBefore = loadavg();
  // One client address opens every connection, so the per-address limit (200 by default) is raised to the
  // total; the total stays at its default unless the run asks for more. Everything else is as deployed.
  const maxConnections = Math.max(DEFAULT_LIMITS.maxConnections, options.connections + 10 * options.churn + 1000);
  const limits: Partial<ServerLimits> = { maxConnections, maxConnectionsPerAddress: maxConnections };
  console.log(
    `soak: ${options.minutes} min after the ramp, ${count(options.connections)} held connections ` +
      `(chat rooms of ${CHAT_ROOM_MEMBERS}, documents of ${COLLAB_DOC_MEMBERS}, a message each every ` +
      `${ACT_EVERY_MS / 1000} s), ${options.churn} visits a second; warm-up ${WARM_UP_SHARE * 100}% of the run; ` +
      `MAX_CONNECTIONS ${maxConnections}, MAX_CONNECTIONS_PER_ADDRESS raised to ${maxConnections}; ${fdLine}`,
  );
  const server = await startSoakServer({ limits });
  try {
    const passed = reportSoak(await soak(server, options));
    console.log(`\n${machine(loadBefore)}`);
    console.log(`\nsoak: ${passed ? 'every check passed' : 'SOME CHECKS FAILED'}`);
    if (!passed) process.exitCode = 1;
  } finally {
    await server.stop();
  }
}
