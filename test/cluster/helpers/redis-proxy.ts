/**
 * A TCP relay in front of a redis-server, to cut the instances off from a
 * Redis that keeps running and keeps its data (a network drop). Pausing the
 * server (SIGSTOP, CLIENT PAUSE) would not do: the connections stay open, so
 * the commands only wait and the instances never see Redis go away.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface RedisProxy {
  /** `redis://127.0.0.1:<relay port>`, for the instances. */
  readonly url: string;
  /** Drops every relayed connection and refuses new ones until `restore`. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

/** Relays connections on a free port to the redis-server on `redisPort`. */
export async function startRedisProxy(redisPort: number): Promise<RedisProxy> {
  const open = new Set<Socket>();
  let cut = false;
  const server: Server = createServer((client) => {
    if (cut) {
      client.destroy();
      return;
    }
    const upstream = connect(redisPort, '127.0.0.1');
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      open.add(from);
      from.pipe(to);
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
    close() {
      dropAll();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
