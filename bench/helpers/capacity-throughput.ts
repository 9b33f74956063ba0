/**
 * Messages per second on one instance, and per CPU-second of its process:
 * echo (64 B, many connections, messages in flight) and room broadcast
 * (lines said into rooms, deliveries counted at every member), the playground
 * server beside the bare ws server, beside itself with every member traced
 * and with its rooms going through Redis, taking turns on connections kept
 * open; then one room's lines crossing two instances. Each turn's rate is
 * what the clients counted over the turn; the server's CPU time over the
 * same turn comes from its own process (process.cpuUsage, every thread), so
 * "per core" = messages / CPU-seconds and does not depend on how much of a
 * core the shared machine left it.
 */
import type { LoadProcess, BroadcastCount, EchoCount } from './capacity-load.ts';
import { ROOM_SIZE } from './capacity-memory.ts';
import { median, num, percent, type Table } from './capacity-report.ts';
import type { CapacityServer, CpuReading } from './capacity-server.ts';

const ECHO_SIZE = 64;
const ECHO_CONNECTIONS = 200;
const ECHO_WINDOW = 16;
const TURN_MS = 1000;
const ROOMS = 20;
/** Lines each room's sender keeps in flight at saturation. */
const LINE_WINDOW = 4;

/** A server under test, with the group of connections the load holds to it. */
export interface Target {
  readonly label: string;
  readonly server: CapacityServer;
  readonly group: string;
}

interface Turn {
  /** Messages (echoes or deliveries) per second, as the clients counted them. */
  readonly rate: number;
  /** Messages per CPU-second of the server process. */
  readonly perCore: number;
  /** The share of a core the server used over the turn. */
  readonly cpu: number;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** How long a server is watched doing nothing, for its idle CPU. */
const IDLE_MS = 1000;
const idleRates = new WeakMap<CapacityServer, number>();

/**
 * The CPU time a server spends with its connections open and quiet (timers, Redis's heartbeat), in µs per
 * ms, watched once: taken off each turn's CPU time, so a slow turn is not charged for it.
 */
async function idleRate(server: CapacityServer): Promise<number> {
  const known = idleRates.get(server);
  if (known !== undefined) return known;
  const before = await server.cpu();
  await pause(IDLE_MS);
  const after = await server.cpu();
  const rate = (after.cpuMicros - before.cpuMicros) / (after.atMs - before.atMs);
  idleRates.set(server, rate);
  return rate;
}

/** CPU µs `server` spent between two readings, less what it spends idle. */
async function busyMicros(server: CapacityServer, before: CpuReading, after: CpuReading): Promise<number> {
  return Math.max(1, after.cpuMicros - before.cpuMicros - (await idleRate(server)) * (after.atMs - before.atMs));
}

async function turn<T extends { readonly seconds: number }>(
  server: CapacityServer,
  drive: () => Promise<T>,
  messages: (result: T) => number,
): Promise<Turn & { readonly result: T }> {
  await idleRate(server);
  const before: CpuReading = await server.cpu();
  const result = await drive();
  const after: CpuReading = await server.cpu();
  const cpuSeconds = (await busyMicros(server, before, after)) / 1e6;
  return {
    result,
    rate: messages(result) / result.seconds,
    perCore: messages(result) / cpuSeconds,
    cpu: (after.cpuMicros - before.cpuMicros) / 1000 / (after.atMs - before.atMs),
  };
}

/** Runs `runs` turns of each target, the order swapped each run; `drive` makes one turn's load. */
async function turns<T extends { readonly seconds: number }>(
  targets: readonly Target[],
  runs: number,
  drive: (target: Target) => Promise<T>,
  messages: (result: T) => number,
): Promise<Map<string, (Turn & { readonly result: T })[]>> {
  const results = new Map<string, (Turn & { readonly result: T })[]>(targets.map((target) => [target.label, []]));
  for (let run = 0; run < runs; run++) {
    for (const target of run % 2 === 0 ? targets : [...targets].reverse()) {
      results.get(target.label)!.push(await turn(target.server, () => drive(target), messages));
    }
  }
  return results;
}

/** The row of one target: medians of its turns, and its ratio to the reference's turn beside it. */
function row(label: string, mine: readonly Turn[], reference: readonly Turn[] | undefined, extra: string[]): string[] {
  const ratio = (key: 'rate' | 'perCore'): string =>
    reference ? median(mine.map((one, i) => one[key] / reference[i]![key])).toFixed(2) : '';
  return [
    label,
    num(median(mine.map((one) => one.rate))),
    num(median(mine.map((one) => one.perCore))),
    percent(median(mine.map((one) => one.cpu))),
    ratio('rate'),
    ratio('perCore'),
    ...extra,
  ];
}

/** `targets[0]` is the playground, `targets[1]` the reference; each holds an echo group of ECHO_CONNECTIONS. */
export async function measureEcho(load: LoadProcess, targets: readonly Target[], runs: number): Promise<Table> {
  const results = await turns(
    targets,
    runs,
    (target) =>
      load.call<EchoCount>({
        type: 'echo',
        group: target.group,
        size: ECHO_SIZE,
        window: ECHO_WINDOW,
        ms: TURN_MS,
      }),
    (result) => result.messages,
  );
  const project = results.get(targets[0]!.label)!;
  const reference = results.get(targets[1]!.label)!;
  return {
    title: `Echo, ${ECHO_SIZE} B text messages, ${ECHO_CONNECTIONS} connections, ${ECHO_WINDOW} in flight on each`,
    columns: ['server', 'echoes/s >', 'echoes per CPU-second >', 'server CPU >', 'rate / ws >', 'per core / ws >'],
    rows: [row(targets[0]!.label, project, reference, []), row(targets[1]!.label, reference, undefined, [])],
    notes: [
      `Median of ${runs} turns of ${TURN_MS / 1000} s each, the servers taking turns; the ratios are the medians of`,
      'the ratios of turns taken side by side. An echo is one message in and one out. "server CPU" is the share',
      'of one core the server process used: below 100% the clients (on the other core) set the pace, and the',
      'per-core figure is the one to scale by. Per CPU-second: the CPU time over the turn less what the server',
      `spends idle with the same connections open (watched for ${IDLE_MS / 1000} s), so quiet turns are not charged for timers.`,
    ],
  };
}

/**
 * `targets[0]` is the playground, `targets[1]` the reference, the rest more playground variants; each holds
 * a chat group of ROOMS rooms of ROOM_SIZE. Then the targets marked `halfRate` again, at half their
 * saturated line rate: fewer lines per event loop turn, as in a deployment far from its ceiling.
 */
export async function measureBroadcast(
  load: LoadProcess,
  targets: readonly (Target & { readonly halfRate?: boolean })[],
  runs: number,
): Promise<Table> {
  const results = await turns(
    targets,
    runs,
    (target) => load.call<BroadcastCount>({ type: 'broadcast', group: target.group, window: LINE_WINDOW, ms: TURN_MS }),
    (result) => result.deliveries,
  );
  const project = results.get(targets[0]!.label)!;
  const reference = results.get(targets[1]!.label)!;
  const linesPerSecond = (all: readonly (Turn & { result: BroadcastCount })[]): number =>
    median(all.map((one) => one.result.lines / one.result.seconds));
  const extra = (all: readonly (Turn & { result: BroadcastCount })[]): string[] => [
    num(linesPerSecond(all)),
    all.some((one) => one.result.traceMessages > 0)
      ? num(median(all.map((one) => one.result.traceMessages / one.result.seconds)))
      : '',
  ];
  const rows = [
    row(`${targets[0]!.label}, saturated`, project, reference, extra(project)),
    row(`${targets[1]!.label}, saturated`, reference, undefined, extra(reference)),
    ...targets.slice(2).map((target) => {
      const mine = results.get(target.label)!;
      return row(`${target.label}, saturated`, mine, project, extra(mine));
    }),
  ];
  for (const target of targets.filter((one) => one.halfRate)) {
    const rate = Math.round(linesPerSecond(results.get(target.label)!) / 2);
    const atRate: (Turn & { result: BroadcastCount })[] = [];
    for (let run = 0; run < runs; run++) {
      atRate.push(
        await turn(
          target.server,
          () =>
            load.call<BroadcastCount>({ type: 'broadcast', group: target.group, linesPerSecond: rate, ms: TURN_MS }),
          (result) => result.deliveries,
        ),
      );
    }
    rows.push(row(`${target.label}, ${num(rate)} lines/s (half its saturated rate)`, atRate, undefined, extra(atRate)));
  }
  const all = [...results.values()].flat();
  const traced = all.filter((one) => one.result.traceMessages > 0);
  return {
    title:
      `Room broadcast, ${ROOMS} /chat rooms of ${ROOM_SIZE} members, ` +
      `each room's sender keeping ${LINE_WINDOW} lines in flight (saturated) or all at a fixed rate`,
    columns: [
      'server',
      'deliveries/s >',
      'deliveries per CPU-second >',
      'server CPU >',
      'rate / ref >',
      'per core / ref >',
      'lines/s >',
      'trace messages/s >',
    ],
    rows,
    notes: [
      `A delivery is one line reaching one member (its sender included): ${ROOM_SIZE} per line. Median of ${runs} turns`,
      `of ${TURN_MS / 1000} s; the reference of the saturated playground is bare ws, the reference of its variants is`,
      'the playground alone (ratios: medians of the ratios of turns side by side). "traced": every member has',
      'its /inspect stream, which gets an event for each frame the member sends or receives. "Redis": the',
      'server has REDIS_URL set (a redis-server on this machine), so every line is also a MULTI (RPUSH, LTRIM,',
      'PUBLISH) and a PUBLISH, and comes back from Redis to the same instance. Mean payloads: a delivered line',
      `${num(median(all.map((one) => one.result.deliveryBytes)))} B` +
        (traced.length > 0 ? `, a trace message ${num(median(traced.map((one) => one.result.traceBytes)))} B.` : '.'),
    ],
  };
}

/** Rooms whose sender is on one instance and whose other members are on another. */
export interface AcrossGroup {
  readonly group: string;
  /** Members of each room on the members' instance. */
  readonly members: number;
  readonly rooms: number;
  readonly linesPerSecond: number;
}

/**
 * Lines crossing instances: each room's sender on instance `sender`, its other members on `members`, both
 * with REDIS_URL, every member traced. Each instance's CPU time per line: the sender's instance runs the
 * sender's session, delivers to it, publishes the line and hears it back; the members' instance hears it
 * from Redis and delivers it to its members. Two room shapes (many members there, or one) separate what
 * the members' instance pays per line from what it pays per member.
 */
export async function measureAcross(
  load: LoadProcess,
  sender: CapacityServer,
  members: CapacityServer,
  groups: readonly AcrossGroup[],
  runs: number,
): Promise<Table> {
  const servers = [sender, members];
  for (const server of servers) await idleRate(server);
  const rows: string[][] = [];
  const perLine: number[] = [];
  for (const { group, members: count, rooms, linesPerSecond } of groups) {
    const turns: { lines: number; deliveries: number; sender: number; members: number }[] = [];
    for (let run = 0; run < runs; run++) {
      const before = await Promise.all(servers.map((server) => server.cpu()));
      const result = await load.call<BroadcastCount>({ type: 'broadcast', group, linesPerSecond, ms: TURN_MS });
      const after = await Promise.all(servers.map((server) => server.cpu()));
      const micros = async (i: number): Promise<number> =>
        (await busyMicros(servers[i]!, before[i]!, after[i]!)) / result.lines;
      turns.push({
        lines: result.lines / result.seconds,
        deliveries: result.deliveries / result.seconds,
        sender: await micros(0),
        members: await micros(1),
      });
    }
    const mid = (pick: (turn: (typeof turns)[number]) => number): number => median(turns.map(pick));
    perLine.push(mid((turn) => turn.members));
    rows.push([
      `${num(rooms)} rooms, ${count} member${count === 1 ? '' : 's'} of each on the members' instance`,
      num(mid((turn) => turn.lines)),
      num(mid((turn) => turn.deliveries)),
      num(mid((turn) => turn.sender)),
      num(mid((turn) => turn.members)),
    ]);
  }
  const [many, one] = groups;
  const perMember = many && one ? (perLine[0]! - perLine[1]!) / (many.members - one.members) : undefined;
  return {
    title:
      "Lines across two instances: each room's sender on one, its other members on the other, through Redis, every member traced",
    columns: [
      'rooms',
      'lines/s >',
      'deliveries/s >',
      "sender's instance CPU µs per line >",
      "members' instance CPU µs per line >",
    ],
    rows,
    notes: [
      `Lines at a fixed rate; median of ${runs} turns of ${TURN_MS / 1000} s. Each instance's process CPU time over the turn, less`,
      "its idle CPU, divided by the lines. The sender's instance runs the sender's session, delivers to it,",
      "publishes the line (MULTI + PUBLISH) and hears both envelopes back; the members' instance hears both",
      'envelopes and delivers the line to its members and their trace streams.' +
        (perMember === undefined
          ? ''
          : ` From the two shapes: the members' instance pays ${num(perMember, 1)} µs per member it delivers to, and` +
            ` ${num(perLine[1]! - perMember, 0)} µs per line whatever its members (hearing the envelopes).`),
    ],
  };
}
