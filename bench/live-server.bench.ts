/**
 * The live server against a bare `ws` server doing the same jobs, both in
 * this process with the same message size limit, on the same machine, taking
 * turns. The clients run in a child process (helpers/clients.ts), so this
 * process's memory and core belong to the servers alone.
 *
 * - echo throughput: text messages of 64 B and 4 KiB over 1 and 100
 *   connections, each connection keeping WINDOW messages in flight;
 * - memory per idle connection: this process's heap (V8 heap + external
 *   buffers, after a full GC) and RSS, before and after the clients open N
 *   connections that then say nothing, divided by N;
 * - broadcast delay: one member of a room of N receivers says a line; the
 *   time from the send to the moment the last receiver has it (/chat on the
 *   playground, a minimal room server on bare ws).
 *
 * Goals: echo >= 0.9x bare ws, memory <= 1.2x, broadcast p95 <= 1.2x. The
 * tables go to the console and, with the machine, to docs/benchmarks.md.
 */
import { cpus, platform, release, totalmem } from 'node:os';
import { DEFAULT_LIMITS, type ServerLimits } from '../server/limits.ts';
import { silentLogger } from '../server/log.ts';
import { startPlaygroundServer } from '../server/playground-server.ts';
import { startBareServer } from './helpers/bare-server.ts';
import { startClientProcess, type ClientProcess, type EchoResult } from './helpers/client-process.ts';
import { healthConnections } from '../test/server/helpers/echo-watcher.ts';
import { exposeGc, memoryAfterGc } from './helpers/memory.ts';
import { writeReportTop } from './helpers/report-section.ts';
import { median } from './helpers/median.ts';

const ECHO_CELLS = [
  { size: 64, connections: 1 },
  { size: 64, connections: 100 },
  { size: 4096, connections: 1 },
  { size: 4096, connections: 100 },
];
/** Messages each connection keeps in flight. */
const WINDOW = 16;
/**
 * Turns each server gets, taken alternately on connections kept open. The
 * machine is shared, so its speed drifts: each turn is compared with the
 * other server's turn beside it, and the ratio is the median of those.
 */
const ECHO_SLICES = 20;
const ECHO_RAMP_MS = 100;
const ECHO_SLICE_MS = 400;

const IDLE_COUNTS = [5000, 10_000];
/** Rounds per count, the servers' order swapped each round; the table shows the mean. */
const IDLE_ROUNDS = 2;

const ROOMS = [
  { receivers: 100, rounds: 200 },
  { receivers: 1000, rounds: 60 },
];
const BROADCAST_WARM_UP_ROUNDS = 5;

/**
 * The playground's limits are for strangers on the internet; the bench is one
 * client address opening thousands of connections and sending thousands of
 * messages a second on one. The message size limit stays as it is (the bare
 * server gets the same).
 */
const BENCH_LIMITS: Partial<ServerLimits> = {
  messagesPerSecond: 10_000_000,
  maxConnections: 20_000,
  maxConnectionsPerAddress: 20_000,
  roomMembers: 2000,
};

const GOALS = { echo: 0.9, memory: 1.2, broadcast: 1.2 };

interface Target {
  readonly name: 'project' | 'bare ws';
  readonly wsUrl: string;
  connections(): Promise<number>;
}

interface Row {
  readonly test: string;
  readonly project: number;
  readonly bare: number;
  /** project/bare when measured otherwise than from the two columns (see ECHO_SLICES). */
  readonly ratio?: number;
  /** A bound on project/bare, and which side of it is good; none for rows shown for context. */
  readonly goal?: { readonly bound: number; readonly atLeast: boolean };
}

interface Table {
  readonly title: string;
  readonly unit: string;
  readonly digits: number;
  readonly rows: Row[];
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Waits (at most 30 s) until the server holds no WebSocket connection. */
async function drained(target: Target): Promise<void> {
  const deadline = performance.now() + 30_000;
  while ((await target.connections()) > 0) {
    if (performance.now() > deadline) throw new Error(`${target.name} still holds connections`);
    await pause(50);
  }
}

async function echoTable(clients: ClientProcess, targets: readonly Target[]): Promise<Table> {
  const rows: Row[] = [];
  for (const { size, connections } of ECHO_CELLS) {
    const { messagesPerSecond } = await clients.call<EchoResult>({
      type: 'echo',
      urls: targets.map((target) => `${target.wsUrl}/echo`),
      size,
      connections,
      window: WINDOW,
      slices: ECHO_SLICES,
      rampMs: ECHO_RAMP_MS,
      sliceMs: ECHO_SLICE_MS,
    });
    for (const target of targets) await drained(target);
    const [project, bare] = messagesPerSecond as [readonly number[], readonly number[]];
    rows.push({
      test: `${size >= 1024 ? `${size / 1024} KiB` : `${size} B`} x ${connections} conn`,
      project: median(project),
      bare: median(bare),
      ratio: median(project.map((rate, turn) => rate / bare[turn]!)),
      goal: { bound: GOALS.echo, atLeast: true },
    });
  }
  return {
    title:
      `echo throughput, text messages, ${WINDOW} in flight per connection (median of ${ECHO_SLICES} turns each; ` +
      `project/ws: median of the ratios of turns taken side by side)`,
    unit: 'msg/s',
    digits: 0,
    rows,
  };
}

async function memoryTables(clients: ClientProcess, targets: readonly Target[]): Promise<Table[]> {
  const gc = exposeGc();
  const snapshot = () => memoryAfterGc(gc);
  const measure = async (target: Target, count: number): Promise<{ heap: number; rss: number }> => {
    await drained(target);
    const before = await snapshot();
    await clients.call({ type: 'open-idle', url: `${target.wsUrl}/echo`, count });
    await pause(500);
    const after = await snapshot();
    await clients.call({ type: 'close-idle' });
    await drained(target);
    return { heap: (after.heap - before.heap) / count, rss: (after.rss - before.rss) / count };
  };
  // Loads the code paths and grows the heap once, so the first measurement does not pay for that alone.
  for (const target of targets) await measure(target, 1000);

  const heap: Row[] = [];
  const rss: Row[] = [];
  for (const count of IDLE_COUNTS) {
    const results = new Map<string, { heap: number; rss: number }[]>(targets.map((target) => [target.name, []]));
    for (let round = 0; round < IDLE_ROUNDS; round++) {
      for (const target of round % 2 === 0 ? targets : [...targets].reverse()) {
        results.get(target.name)!.push(await measure(target, count));
      }
    }
    const mean = (name: string, key: 'heap' | 'rss'): number =>
      results.get(name)!.reduce((sum, result) => sum + result[key], 0) / IDLE_ROUNDS;
    const test = `${count.toLocaleString('en-US')} idle`;
    heap.push({
      test,
      project: mean('project', 'heap'),
      bare: mean('bare ws', 'heap'),
      goal: { bound: GOALS.memory, atLeast: false },
    });
    rss.push({ test, project: mean('project', 'rss'), bare: mean('bare ws', 'rss') });
  }
  return [
    {
      title: `memory per idle connection: heap + external after GC (mean of ${IDLE_ROUNDS} rounds)`,
      unit: 'bytes',
      digits: 0,
      rows: heap,
    },
    {
      title: 'memory per idle connection: RSS (for context: the allocator keeps freed pages, so it depends on order)',
      unit: 'bytes',
      digits: 0,
      rows: rss,
    },
  ];
}

async function broadcastTable(clients: ClientProcess, targets: readonly Target[]): Promise<Table> {
  const rows: Row[] = [];
  for (const { receivers, rounds } of ROOMS) {
    const room = (target: Target): string => `${target.name}-${receivers}`;
    for (const target of targets) {
      await clients.call({
        type: 'join',
        room: room(target),
        url: `${target.wsUrl}/chat?room=bench${receivers}`,
        receivers,
      });
    }
    const delays = new Map<string, number[]>(targets.map((target) => [target.name, []]));
    for (let round = 0; round < BROADCAST_WARM_UP_ROUNDS + rounds; round++) {
      for (const target of round % 2 === 0 ? targets : [...targets].reverse()) {
        const delay = await clients.call<number>({ type: 'say', room: room(target) });
        if (round >= BROADCAST_WARM_UP_ROUNDS) delays.get(target.name)!.push(delay);
        await pause(5);
      }
    }
    for (const target of targets) await clients.call({ type: 'leave', room: room(target) });
    for (const target of targets) await drained(target);
    const project = delays.get('project')!;
    const bare = delays.get('bare ws')!;
    rows.push({ test: `p50, ${receivers} receivers`, project: percentile(project, 50), bare: percentile(bare, 50) });
    rows.push({
      test: `p95, ${receivers} receivers`,
      project: percentile(project, 95),
      bare: percentile(bare, 95),
      goal: { bound: GOALS.broadcast, atLeast: false },
    });
  }
  return {
    title: `broadcast: send to the last receiver's arrival (${ROOMS.map((room) => room.rounds).join(' and ')} rounds)`,
    unit: 'ms',
    digits: 2,
    rows,
  };
}

function ratioOf(row: Row): number {
  return row.ratio ?? row.project / row.bare;
}

function goalText(row: Row): string {
  if (!row.goal) return '';
  const ratio = ratioOf(row);
  const met = row.goal.atLeast ? ratio >= row.goal.bound : ratio <= row.goal.bound;
  return `${row.goal.atLeast ? '>=' : '<='} ${row.goal.bound.toFixed(2)} ${met ? 'met' : 'MISSED'}`;
}

function cells(table: Table, row: Row): string[] {
  const number = (value: number): string =>
    value.toLocaleString('en-US', { minimumFractionDigits: table.digits, maximumFractionDigits: table.digits });
  return [row.test, number(row.project), number(row.bare), ratioOf(row).toFixed(2), goalText(row)];
}

function header(table: Table): string[] {
  return ['test', `project ${table.unit}`, `bare ws ${table.unit}`, 'project/ws', 'goal'];
}

const WIDTHS = [22, 16, 16, 12, 16];

function printTable(table: Table): void {
  console.log(`\n${table.title}`);
  const line = (values: string[]): string =>
    values.map((value, i) => (i === 0 ? value.padEnd(WIDTHS[i]!) : value.padStart(WIDTHS[i]!))).join('');
  console.log(line(header(table)));
  for (const row of table.rows) console.log(line(cells(table, row)));
}

function markdownTable(table: Table): string {
  const line = (values: string[]): string => `| ${values.join(' | ')} |`;
  return [
    `### ${table.title[0]!.toUpperCase()}${table.title.slice(1)}`,
    '',
    line(header(table)),
    line(['---', '---:', '---:', '---:', '---']),
    ...table.rows.map((row) => line(cells(table, row))),
    '',
  ].join('\n');
}

function machine(): string {
  const cpu = cpus();
  return [
    `- CPU: ${cpu[0]?.model.trim() ?? 'unknown'}, ${cpu.length} cores`,
    `- memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- Node ${process.version} on ${platform()} ${release()}`,
    `- date: ${new Date().toISOString()}`,
  ].join('\n');
}

async function writeReport(tables: readonly Table[]): Promise<void> {
  const text = [
    '# Live server benchmarks',
    '',
    'Written by `npm run bench -- live-server` (bench/live-server.bench.ts); rerun it to refresh this page.',
    '',
    'The playground server (`startPlaygroundServer`) against a bare `ws` server doing the same jobs',
    '(bench/helpers/bare-server.ts), both in one process with the same 64 KiB message limit, taking turns;',
    'the clients run in a child process. The playground runs with its limits on rate, connections and room',
    'size raised past what the bench needs (every client comes from 127.0.0.1); everything else is as',
    'deployed: origin check, gatekeeper, sessions, heartbeat. Ratios are project / bare ws.',
    '',
    machine(),
    '',
    ...tables.map(markdownTable),
  ].join('\n');
  // The top of the page: the other benches' sections below it stay.
  await writeReportTop(text);
}

export default async function run(): Promise<void> {
  const project = await startPlaygroundServer({ port: 0, logger: silentLogger, limits: BENCH_LIMITS });
  const bare = await startBareServer(DEFAULT_LIMITS.maxMessageBytes);
  const clients = await startClientProcess();
  const targets: Target[] = [
    { name: 'project', wsUrl: `ws://127.0.0.1:${project.port}`, connections: () => healthConnections(project.port) },
    { name: 'bare ws', wsUrl: bare.wsUrl, connections: async () => bare.connections() },
  ];
  try {
    const tables: Table[] = [];
    const started = performance.now();
    const step = async (make: () => Promise<Table | Table[]>): Promise<void> => {
      for (const table of [await make()].flat()) {
        printTable(table);
        tables.push(table);
      }
    };
    await step(() => echoTable(clients, targets));
    await step(() => memoryTables(clients, targets));
    await step(() => broadcastTable(clients, targets));
    console.log(`\n${machine()}\n(${((performance.now() - started) / 1000).toFixed(0)} s)`);
    await writeReport(tables);
  } finally {
    await clients.stop();
    await bare.close();
    await project.close();
  }
}
