/**
 * Memory per connection on one instance: for each kind of connection, a
 * fresh playground server process (in a process that held connections
 * before, the allocator keeps the pages they freed and RSS would not grow),
 * its memory after a full GC before and after the clients open `count`
 * connections of that kind that then stay quiet, divided by `count`; the
 * median of `rounds` fresh servers.
 */
import type { ServerLimits } from '../../server/limits.ts';
import type { LoadKind, LoadProcess } from './capacity-load.ts';
import { median, num, type Table } from './capacity-report.ts';
import { startCapacityServer } from './capacity-server.ts';

interface MemoryCase {
  readonly label: string;
  readonly kind: LoadKind;
  readonly hello?: number;
  /** What one unit measured is: a connection, or a member with its trace stream. */
  readonly per: string;
  /** Connections per unit. */
  readonly connections: number;
}

/** Messages each compressed connection sends first, in the second compressed case. */
const DEFLATE_MESSAGES = 10;
export const ROOM_SIZE = 50;
/**
 * Connections (members, for the chat kinds) opened before `before` is read and kept open: the code paths
 * are loaded and the V8 heap has grown its young generation for a burst of connections, a one-time cost
 * that would otherwise be spread over `count`.
 */
const WARM_UP = 1000;

const CASES: readonly MemoryCase[] = [
  { label: '/echo, idle', kind: 'echo', per: 'connection', connections: 1 },
  { label: `/chat member, rooms of ${ROOM_SIZE}, idle`, kind: 'chat', per: 'member (1 connection)', connections: 1 },
  {
    label: `/chat member with its trace stream (/inspect), rooms of ${ROOM_SIZE}`,
    kind: 'traced chat',
    per: 'member (2 connections)',
    connections: 2,
  },
  { label: '/deflate (permessage-deflate), no message yet', kind: 'deflate', per: 'connection', connections: 1 },
  {
    label: `/deflate (permessage-deflate), after ${DEFLATE_MESSAGES} messages each`,
    kind: 'deflate',
    hello: DEFLATE_MESSAGES,
    per: 'connection',
    connections: 1,
  },
];

export async function measureMemory(
  load: LoadProcess,
  limits: Partial<ServerLimits>,
  count: number,
  rounds: number,
): Promise<Table> {
  const rows: string[][] = [];
  /** The RSS of each fresh server before any connection. */
  const idle: number[] = [];
  for (const memoryCase of CASES) {
    const heaps: number[] = [];
    const rsss: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const server = await startCapacityServer({ kind: 'project', limits });
      try {
        const open = (group: string, n: number): Promise<number> =>
          load.call<number>({
            type: 'open',
            group,
            kind: memoryCase.kind,
            baseUrl: server.wsUrl,
            count: n,
            roomSize: ROOM_SIZE,
            ...(memoryCase.hello !== undefined && { hello: memoryCase.hello }),
          });
        // `count` connections in all: members with a trace stream hold two each.
        const units = Math.round(count / memoryCase.connections);
        idle.push((await server.memory()).rss);
        await open('warm-up', WARM_UP);
        const before = await server.memory();
        await open('measured', units);
        const after = await server.memory();
        heaps.push((after.heap - before.heap) / units);
        rsss.push((after.rss - before.rss) / units);
      } finally {
        for (const group of ['warm-up', 'measured']) await load.call({ type: 'drop', group }).catch(() => 0);
        await server.stop();
      }
    }
    const figures = { heap: median(heaps), rss: median(rsss) };
    rows.push([
      memoryCase.label,
      memoryCase.per,
      num(figures.heap),
      num(figures.rss),
      `${num(Math.min(...rsss))} – ${num(Math.max(...rsss))}`,
    ]);
  }
  return {
    title: `Memory per connection on one instance, ${num(count)} at a time`,
    columns: ['connection', 'per', 'heap + external B >', 'RSS B >', `RSS range of ${rounds} rounds B >`],
    rows,
    notes: [
      `A fresh server process per round, holding ${num(WARM_UP)} connections (members) of the kind already: its memory after full GCs`,
      `before and after the clients opened ${num(count)} more (then quiet), divided by the units they make; the median of the`,
      `rounds. A fresh server with no connection: ${num(median(idle) / 2 ** 20, 1)} MiB RSS (median). Compressed connections`,
      'offer permessage-deflate as Chromium does, and ws makes their zlib streams at the first message; zlib',
      'allocates its state itself, so RSS counts it and heap + external mostly does not.',
    ],
  };
}
