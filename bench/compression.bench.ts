/**
 * What permessage-deflate (RFC 7692) costs and saves on the live server: the
 * playground server runs in this process, its clients in a child process
 * (helpers/clients.ts) that compress as Chromium does (every message, with
 * Chromium's offer). Compressed connections go to `/deflate`, uncompressed
 * ones to `/echo`: the same echo, one with ws's `perMessageDeflate`, one
 * without.
 *
 * - bytes on the wire: each message and its echo, as they crossed the TCP
 *   connection, for small and large, repetitive and random JSON;
 * - CPU per message: this process's CPU time (every thread, zlib's included)
 *   for a burst of echoes, divided by the messages; runs alternate, the
 *   ratio is the median of the ratios of runs taken side by side;
 * - memory per idle connection: a fresh server in a child process of its
 *   own (helpers/server-process.ts) for each measurement; its RSS and its
 *   heap + external after a full GC, before and after the clients open
 *   CONNECTIONS that then say nothing, divided by CONNECTIONS; the median of
 *   ROUNDS.
 *
 * The tables go to the console and to docs/benchmarks.md (its Compression section).
 */
import type { ServerLimits } from '../server/limits.ts';
import { silentLogger } from '../server/log.ts';
import { startPlaygroundServer } from '../server/playground-server.ts';
import { startClientProcess, type ClientProcess, type WireBytes } from './helpers/client-process.ts';
import type { MemorySnapshot } from './helpers/memory.ts';
import { machineLine, writeReportSection } from './helpers/report-section.ts';
import { startServerProcess } from './helpers/server-process.ts';
import { median } from './helpers/median.ts';

/** Distinct messages per shape: later messages find earlier ones in the window (context takeover). */
const MESSAGES = 20;
const CPU_RUNS = 7;
const CPU_CONNECTIONS = 10;
const CPU_WINDOW = 8;
const CONNECTIONS = 200;
const ROUNDS = 5;

/** One client address and thousands of messages a second; no heartbeat ping in the middle of a count. */
const BENCH_LIMITS: Partial<ServerLimits> = {
  messagesPerSecond: 10_000_000,
  maxConnectionsPerAddress: 20_000,
  heartbeatMs: 3_600_000,
};

const PLAIN = '/echo';
const DEFLATE = '/deflate';
const DEFLATE_NO_TAKEOVER = '/deflate?server_no_context_takeover=1&client_no_context_takeover=1';
const DEFLATE_SMALL_WINDOWS = '/deflate?server_max_window_bits=9&client_max_window_bits=9';

/** A seeded generator (mulberry32): every run sends the same messages. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function token(next: () => number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(next() * 64)];
  return text;
}

function tick(next: () => number, index: number): Record<string, unknown> {
  const symbols = ['ACME', 'GLOBEX', 'INITECH', 'UMBRELLA', 'HOOLI'];
  return {
    type: 'tick',
    symbol: symbols[Math.floor(next() * symbols.length)],
    price: Math.round(10_000 + next() * 5000) / 100,
    change: Math.round((next() - 0.5) * 400) / 100,
    volume: Math.floor(next() * 100_000),
    time: new Date(Date.UTC(2026, 11, 2, 10, 0, index, Math.floor(next() * 1000))).toISOString(),
  };
}

interface Shape {
  readonly name: string;
  readonly messages: readonly string[];
  /** Messages per CPU run. */
  readonly cpuCount: number;
}

/**
 * Repetitive: the keys and much of the values recur, as in most JSON a
 * server sends. Random: a random base64url token, which deflate can squeeze
 * to 6 bits a character at best; tiny random: a 16-character token alone,
 * where deflate's own bits outweigh what it saves.
 */
function shapes(): Shape[] {
  const next = random(17);
  const many = (make: (index: number) => unknown): string[] =>
    Array.from({ length: MESSAGES }, (_unused, index) => JSON.stringify(make(index)));
  return [
    { name: 'tiny random', cpuCount: 4000, messages: many(() => token(next, 16)) },
    { name: 'small repetitive', cpuCount: 4000, messages: many((index) => tick(next, index)) },
    { name: 'small random', cpuCount: 4000, messages: many(() => ({ type: 'token', value: token(next, 64) })) },
    {
      name: 'large repetitive',
      cpuCount: 800,
      messages: many((index) => ({
        type: 'snapshot',
        ticks: Array.from({ length: 100 }, (_unused, at) => tick(next, index * 100 + at)),
      })),
    },
    { name: 'large random', cpuCount: 800, messages: many(() => ({ type: 'blob', data: token(next, 12_000) })) },
  ];
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;

interface Table {
  readonly title: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** A sentence under the table. */
  readonly note?: string;
}

const whole = (value: number): string => Math.round(value).toLocaleString('en-US');
const ratio = (value: number): string => value.toFixed(2);

async function wireTables(clients: ClientProcess, wsUrl: string, all: readonly Shape[]): Promise<Table[]> {
  const measure = (path: string, shape: Shape): Promise<WireBytes> =>
    clients.call<WireBytes>({ type: 'wire-bytes', url: `${wsUrl}${path}`, compress: true, messages: shape.messages });
  const directions = [
    { key: 'received', title: "the server's echo (the live server compresses: ws, zlib)" },
    { key: 'sent', title: "the client's message (the client compresses as Chromium does: ws, zlib)" },
  ] as const;
  const rows = new Map<string, string[][]>(directions.map(({ key }) => [key, []]));
  for (const shape of all) {
    const plain = await measure(PLAIN, shape);
    const takeover = await measure(DEFLATE, shape);
    const alone = await measure(DEFLATE_NO_TAKEOVER, shape);
    const payload = mean(shape.messages.map((message) => Buffer.byteLength(message)));
    for (const { key } of directions) {
      const uncompressed = mean(plain[key]);
      const later = mean(takeover[key].slice(1));
      const separate = mean(alone[key]);
      rows
        .get(key)!
        .push([
          shape.name,
          whole(payload),
          whole(uncompressed),
          whole(takeover[key][0]!),
          whole(later),
          whole(separate),
          ratio(later / uncompressed),
          ratio(separate / uncompressed),
        ]);
    }
  }
  return directions.map(({ key, title }) => ({
    title: `Bytes on the wire per message, ${title}`,
    header: [
      'shape',
      'payload B',
      'uncompressed B',
      'compressed, 1st B',
      'compressed, later B',
      'no takeover B',
      'later / uncompressed',
      'no takeover / uncompressed',
    ],
    rows: rows.get(key)!,
    note:
      `Frame header included; the mean of ${MESSAGES} distinct messages of each shape over one connection ` +
      `("later": messages 2 to ${MESSAGES}, with context takeover; "no takeover": ` +
      '`server_no_context_takeover` and `client_no_context_takeover`, every message on its own).',
  }));
}

async function cpuTable(clients: ClientProcess, wsUrl: string, all: readonly Shape[]): Promise<Table> {
  const perMessage = async (path: string, shape: Shape): Promise<number> => {
    const before = process.cpuUsage();
    await clients.call({
      type: 'echo-count',
      url: `${wsUrl}${path}`,
      compress: true,
      messages: shape.messages,
      count: shape.cpuCount,
      connections: CPU_CONNECTIONS,
      window: CPU_WINDOW,
    });
    const used = process.cpuUsage(before);
    return (used.user + used.system) / shape.cpuCount;
  };
  const rows: string[][] = [];
  for (const shape of all) {
    // A first pass of each loads the code paths and zlib, and is not counted.
    await perMessage(PLAIN, shape);
    await perMessage(DEFLATE, shape);
    const plain: number[] = [];
    const compressed: number[] = [];
    for (let run = 0; run < CPU_RUNS; run++) {
      if (run % 2 === 0) {
        plain.push(await perMessage(PLAIN, shape));
        compressed.push(await perMessage(DEFLATE, shape));
      } else {
        compressed.push(await perMessage(DEFLATE, shape));
        plain.push(await perMessage(PLAIN, shape));
      }
    }
    rows.push([
      shape.name,
      median(plain).toFixed(1),
      median(compressed).toFixed(1),
      ratio(median(compressed.map((cost, run) => cost / plain[run]!))),
    ]);
  }
  return {
    title: 'Server CPU time per message echoed',
    header: ['shape', 'uncompressed µs', 'compressed µs', 'compressed / uncompressed'],
    rows,
    note:
      `User + system time of the server's process (zlib's threads included) for ${CPU_CONNECTIONS} connections ` +
      `with ${CPU_WINDOW} messages in flight each, divided by the messages; compressed = inflate the client's ` +
      `message and deflate the echo. Median of ${CPU_RUNS} runs; the ratio is the median of the runs' ratios.`,
  };
}

interface IdleKind {
  readonly name: string;
  readonly path: string;
  readonly hello?: string;
}

/** Connections each fresh server first opens and closes, so the measured ones do not pay for loading code. */
const WARM_UP_CONNECTIONS = 5;

/**
 * Each measurement in a fresh server process: one that held connections
 * before keeps the pages they freed, and new ones fill those before RSS grows.
 */
async function memoryTable(clients: ClientProcess): Promise<Table> {
  const measure = async (kind: IdleKind): Promise<MemorySnapshot> => {
    const server = await startServerProcess({ limits: BENCH_LIMITS });
    try {
      const url = `ws://127.0.0.1:${server.port}${kind.path}`;
      const open = (count: number) =>
        clients.call({ type: 'open-idle', url, count, compress: true, hello: kind.hello });
      await open(WARM_UP_CONNECTIONS);
      await clients.call({ type: 'close-idle' });
      const before = await server.memory();
      await open(CONNECTIONS);
      await pause(300);
      const after = await server.memory();
      await clients.call({ type: 'close-idle' });
      return { heap: (after.heap - before.heap) / CONNECTIONS, rss: (after.rss - before.rss) / CONNECTIONS };
    } finally {
      await server.stop();
    }
  };
  const hello = JSON.stringify({ type: 'hello' });
  const baseline: IdleKind = { name: 'uncompressed (/echo), after one message', path: PLAIN, hello };
  const kinds: IdleKind[] = [
    { name: 'uncompressed (/echo), no message yet', path: PLAIN },
    { name: 'compressed, no message yet', path: DEFLATE },
    baseline,
    { name: 'compressed, after one message', path: DEFLATE, hello },
    { name: 'compressed, 9-bit windows, after one message', path: DEFLATE_SMALL_WINDOWS, hello },
  ];
  const results = new Map<IdleKind, MemorySnapshot[]>(kinds.map((kind) => [kind, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const kind of round % 2 === 0 ? kinds : [...kinds].reverse()) results.get(kind)!.push(await measure(kind));
  }
  const of = (kind: IdleKind, key: keyof MemorySnapshot): number => median(results.get(kind)!.map((r) => r[key]));
  const reference = (kind: IdleKind): IdleKind => (kind.hello === undefined ? kinds[0]! : baseline);
  return {
    title: 'Memory per idle connection on the server',
    header: ['connection', 'RSS B', 'heap + external B', 'RSS / uncompressed'],
    rows: kinds.map((kind) => [
      kind.name,
      whole(of(kind, 'rss')),
      whole(of(kind, 'heap')),
      ratio(of(kind, 'rss') / of(reference(kind), 'rss')),
    ]),
    note:
      `${CONNECTIONS} connections of each kind opened to a fresh server process, then silent; the growth of ` +
      `its memory divided by ${CONNECTIONS}, median of ${ROUNDS} rounds. Each ratio is against the ` +
      'uncompressed connection in the same state. ws makes a connection’s zlib streams at its first ' +
      'compressed message (an inflater for what it receives, a deflater for what it sends) and keeps them ' +
      'while the connection lives. zlib allocates their state itself, so RSS counts it and V8’s ' +
      '"heap + external" does not (Node tells V8 only a small part of it).',
  };
}

function printTable(table: Table): void {
  console.log(`\n${table.title}`);
  const widths = table.header.map((name, i) => Math.max(name.length, ...table.rows.map((row) => row[i]!.length)));
  const line = (values: readonly string[]): string =>
    values.map((value, i) => (i === 0 ? value.padEnd(widths[i]!) : value.padStart(widths[i]!))).join('  ');
  console.log(line(table.header));
  for (const row of table.rows) console.log(line(row));
}

function markdownTable(table: Table): string {
  const line = (values: readonly string[]): string => `| ${values.join(' | ')} |`;
  return [
    `### ${table.title}`,
    '',
    line(table.header),
    line(table.header.map((_name, i) => (i === 0 ? '---' : '---:'))),
    ...table.rows.map(line),
    '',
    ...(table.note ? [table.note, ''] : []),
  ].join('\n');
}

export default async function run(): Promise<void> {
  const server = await startPlaygroundServer({ port: 0, logger: silentLogger, limits: BENCH_LIMITS });
  const wsUrl = `ws://127.0.0.1:${server.port}`;
  const clients = await startClientProcess();
  try {
    const started = performance.now();
    const all = shapes();
    const tables: Table[] = [];
    for (const make of [
      () => wireTables(clients, wsUrl, all),
      async () => [await cpuTable(clients, wsUrl, all)],
      async () => [await memoryTable(clients)],
    ]) {
      for (const table of await make()) {
        printTable(table);
        tables.push(table);
      }
    }
    console.log(`\n${machineLine()}\n(${((performance.now() - started) / 1000).toFixed(0)} s)`);
    await writeReportSection(
      [
        '## Compression (`npm run bench -- compression`)',
        '',
        'permessage-deflate (RFC 7692) on the live server: `/deflate` (ws with `perMessageDeflate`, threshold 0)',
        'against `/echo` (no extension); the server in the bench’s process (a fresh one per memory measurement),',
        'the clients in a child process offering and compressing as Chromium does (bench/compression.bench.ts).',
        '',
        'How to read it: compression pays on repetitive JSON, and on small messages only while the context is',
        'kept (a message then copies its keys from earlier ones); a random token shrinks to about 6 bits a',
        'character and a tiny one grows. The price is CPU on every message and, per connection, the zlib',
        'streams ws keeps from its first compressed message on: the reason ws leaves `perMessageDeflate` off by',
        'default and this server turns it on for `/deflate` only. Smaller windows (`*_max_window_bits`) halve',
        'that memory; the rest is the deflater’s hash table and output buffer, sized by zlib’s `memLevel`, not',
        'by the window.',
        '',
        machineLine(),
        '',
        ...tables.map(markdownTable),
      ].join('\n'),
    );
  } finally {
    await clients.stop();
    await server.close();
  }
}
