/**
 * Real processes for the cluster tests: a redis-server of our own (a free
 * port, a temporary folder, no persistence), server instances started as
 * `npm run server` starts one (so a test can kill one), nginx with a
 * temporary prefix, and a WebSocket client that collects JSON messages.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { Programs, requireProgram } from '../../helpers/programs.ts';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for `check` to hold, at most `timeoutMs`; then fails with what `state` says. */
export async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
  state: () => unknown = () => '',
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out: ${what} ${JSON.stringify(await state())}`);
    await pause(20);
  }
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Waits for `pattern` in what `child` prints on stdout; rejects after `timeoutMs` or if it exits. */
function waitForOutput(
  child: ChildProcess,
  pattern: RegExp,
  what: string,
  timeoutMs = 15_000,
): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${what}: nothing matched ${pattern} in ${output}`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve(match);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}: ${output}`));
    });
  });
}

export interface RedisProcess {
  readonly port: number;
  readonly url: string;
  /** Stops it (SIGKILL: Redis vanishes as in a crash); `start` brings it back on the same port, empty. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /**
   * Freezes it (SIGSTOP) with its data and its connections open: commands
   * wait unanswered, as with a Redis stuck on a slow disk or a long script.
   * `resume` (SIGCONT) lets it answer again.
   */
  pause(): void;
  resume(): void;
  /** Stops it and removes its folder. */
  dispose(): Promise<void>;
}

/** Starts a redis-server on a free port in a temporary folder, saving nothing to disk. */
export async function startRedis(): Promise<RedisProcess> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'wsp-redis-'));
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    child = spawn(
      requireProgram(Programs.redis),
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await waitForOutput(child, /Ready to accept connections/, 'redis-server');
  };
  await start();
  const stop = async (): Promise<void> => {
    if (!child || child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
    child = undefined;
  };
  const signal = (name: 'SIGSTOP' | 'SIGCONT'): void => {
    if (!child || child.exitCode !== null) throw new Error(`redis-server is not running: cannot send ${name}`);
    child.kill(name);
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    pause: () => signal('SIGSTOP'),
    resume: () => signal('SIGCONT'),
    async dispose() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface Instance {
  readonly child: ChildProcess;
  readonly port: number;
  readonly wsUrl: string;
  /** Every JSON log line the instance printed so far. */
  readonly log: Record<string, unknown>[];
  stop(): Promise<void>;
}

/** The instance's log lines of one `event` (`redis-lost`, `connect`…). */
export const logEvents = (instance: Instance, event: string): Record<string, unknown>[] =>
  instance.log.filter((line) => line.event === event);

/** Starts `server/main.ts` as its own process on a free port, sharing rooms through `redisUrl`. */
export async function startInstance(redisUrl: string, env: Record<string, string> = {}): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', REDIS_URL: redisUrl, REDIS_HEARTBEAT_MS: '500', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const log: Record<string, unknown>[] = [];
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    partial += chunk.toString();
    const lines = partial.split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      if (line.startsWith('{')) log.push(JSON.parse(line) as Record<string, unknown>);
    }
  });
  const [, url] = await waitForOutput(child, /Open (http:\/\/\S+) in your browser/, 'the server');
  const port = Number(new URL(url!).port);
  return {
    child,
    port,
    wsUrl: url!.replace(/^http/, 'ws'),
    log,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export type Json = Record<string, unknown> & { readonly type: string };

/** A ws client that keeps every JSON message it got, and can wait for the next one that matches. */
export interface Client {
  readonly socket: WebSocket;
  readonly received: Json[];
  /** The close code, once closed. */
  readonly closedWith: number | undefined;
  send(message: object): void;
  /** The first message (from the start) matching `test`, waiting at most `timeoutMs`. */
  until(test: (message: Json) => boolean, timeoutMs?: number, what?: string): Promise<Json>;
  close(): Promise<void>;
}

/** Opens a client to a room endpoint, keeps it in `clients` (for the suite's cleanup) and waits for its welcome. */
export async function joinRoom(url: string, clients: Client[]): Promise<Client> {
  const client = await openClient(url);
  clients.push(client);
  await client.until((m) => m.type === 'welcome');
  return client;
}

/** Ann and Cy in `room` on instance `a`, Bob on `b`, once Ann has heard Bob join: one room across two instances. */
export async function roomAcross(
  a: Instance,
  b: Instance,
  room: string,
  clients: Client[],
): Promise<{ ann: Client; cy: Client; bob: Client }> {
  const ann = await joinRoom(`${a.wsUrl}/chat?room=${room}&name=ann`, clients);
  const cy = await joinRoom(`${a.wsUrl}/chat?room=${room}&name=cy`, clients);
  const bob = await joinRoom(`${b.wsUrl}/chat?room=${room}&name=bob`, clients);
  await ann.until((m) => m.type === 'joined' && m.name === 'bob');
  return { ann, cy, bob };
}

export async function openClient(url: string, options: WebSocket.ClientOptions = {}): Promise<Client> {
  const socket = new WebSocket(url, options);
  const received: Json[] = [];
  let closedWith: number | undefined;
  const waiters = new Set<() => void>();
  socket.on('message', (data) => {
    const text = data.toString();
    // JSON endpoints send objects; anything else (an echo) is kept as text.
    try {
      received.push(JSON.parse(text) as Json);
    } catch {
      received.push({ type: 'text', text });
    }
    for (const waiter of [...waiters]) waiter();
  });
  socket.on('close', (code) => {
    closedWith = code;
    for (const waiter of [...waiters]) waiter();
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return {
    socket,
    received,
    get closedWith() {
      return closedWith;
    },
    send: (message) => socket.send(JSON.stringify(message)),
    until(test, timeoutMs = 5000, what = 'a matching message') {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const found = received.find(test);
          if (found) {
            finish();
            resolve(found);
          } else if (closedWith !== undefined) {
            finish();
            reject(new Error(`closed with ${closedWith} before ${what}; got ${JSON.stringify(received)}`));
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`no ${what} within ${timeoutMs} ms; got ${JSON.stringify(received)}`));
        }, timeoutMs);
        const finish = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      if (socket.readyState === WebSocket.CLOSED) return;
      const closed = once(socket, 'close');
      socket.close();
      await closed;
    },
  };
}

/** The resident memory of process `pid`, in kB (Linux: /proc). */
export function rssKb(pid: number): number {
  const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]);
}

/** What an instance's /healthz says of its link to Redis. */
export interface RedisHealth {
  readonly connected: boolean;
  readonly waiting: number;
  readonly maxWaiting: number;
  /** On a Redis Cluster: the nodes whose shards the instance cannot reach. */
  readonly lostShards?: readonly string[];
}

export async function redisHealth(port: number): Promise<RedisHealth> {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`);
  const body = (await response.json()) as { redis?: RedisHealth };
  if (!body.redis) throw new Error(`/healthz on ${port} says nothing of Redis`);
  return body.redis;
}

/** Reads an instance's /healthz again and again until `stop`, which answers the most commands seen waiting. */
export function watchHealth(port: number): { stop(): Promise<{ peakWaiting: number; last: RedisHealth }> } {
  let stopped = false;
  let peakWaiting = 0;
  const watching = (async (): Promise<RedisHealth> => {
    let last = await redisHealth(port);
    while (!stopped) {
      peakWaiting = Math.max(peakWaiting, last.waiting);
      await pause(10);
      last = await redisHealth(port);
    }
    return last;
  })();
  return {
    async stop() {
      stopped = true;
      const last = await watching;
      return { peakWaiting: Math.max(peakWaiting, last.waiting), last };
    },
  };
}

/** Says `count` long chat lines (`<tag> <n> xxx…`) at once; resolves when `until` (if any) has heard the last. */
export function floodLines(client: Client, tag: string, count: number, until?: Client): Promise<void> {
  const filler = 'x'.repeat(900);
  for (let n = 0; n < count; n++) client.send({ type: 'say', text: `${tag} ${n} ${filler}` });
  const last = `${tag} ${count - 1} ${filler}`;
  return until
    ? until.until((m) => m.text === last, 15_000, `the last line of ${tag}`).then(() => {})
    : Promise.resolve();
}
