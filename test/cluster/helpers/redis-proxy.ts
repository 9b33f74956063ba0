/**
 * A TCP relay in front of a redis-server, to put the network between the
 * instances and a Redis that keeps running and keeps its data: `cut` drops
 * every connection (a network drop: the instances see them close), and
 * `delay` holds Redis's answers back (a slow Redis, or a slow link: the
 * connections stay open and the answers come late, in order).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface RedisProxy {
  /** `redis://127.0.0.1:<relay port>`, for the instances. */
  readonly url: string;
  /** Drops every relayed connection and refuses new ones until `restore`. */
  cut(): void;
  restore(): void;
  /** Holds each piece of Redis's answers back `ms` before passing it on (0: at once); the order is kept. */
  delay(ms: number): void;
  close(): Promise<void>;
}

/** Relays connections on a free port to the redis-server on `redisPort`. */
export async function startRedisProxy(redisPort: number): Promise<RedisProxy> {
  const open = new Set<Socket>();
  let cut = false;
  let delayMs = 0;
  const server: Server = createServer((client) => {
    if (cut) {
      client.destroy();
      return;
    }
    const upstream = connect(redisPort, '127.0.0.1');
    client.pipe(upstream);
    relayLate(upstream, client, () => delayMs);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      open.add(from);
      // Either end gone ends the pair, as a dropped network would.
      from.on('error', () => to.destroy());
      from.on('close', () => {
        open.delete(from);
        to.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const dropAll = (): void => {
    for (const socket of open) socket.destroy();
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    cut() {
      cut = true;
      dropAll();
    },
    restore() {
      cut = false;
    },
    delay(ms) {
      delayMs = ms;
    },
    close() {
      dropAll();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Writes what `from` reads to `to`, each piece `delayMs()` after it came, never before the piece before it. */
function relayLate(from: Socket, to: Socket, delayMs: () => number): void {
  let previous = Promise.resolve();
  from.on('data', (chunk: Buffer) => {
    const due = performance.now() + delayMs();
    previous = previous.then(async () => {
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (!to.destroyed) to.write(chunk);
    });
  });
}
