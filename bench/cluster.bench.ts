/**
 * Chat delivery delay across instances against within one instance, in the
 * same run: two playground servers in this process share rooms through a
 * redis-server of their own. Each round, a member on instance A says a line;
 * one receiver on A and one on B time its arrival from the moment it was
 * sent. The difference is the price of Redis: a publish, a hop to Redis and
 * one back, and the other instance's delivery.
 */
import { silentLogger } from '../server/log.ts';
import { startPlaygroundServer } from '../server/playground-server.ts';
import { openClient, pause, startRedis, type Client } from '../test/cluster/helpers/cluster.ts';

const ROUNDS = 400;
const WARM_UP = 20;

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Resolves with the time `client` receives the line `text`. */
function arrival(client: Client, text: string): Promise<number> {
  return new Promise((resolve) => {
    const listener = (data: Buffer): void => {
      if (!data.toString().includes(`"text":"${text}"`)) return;
      client.socket.off('message', listener);
      resolve(performance.now());
    };
    client.socket.on('message', listener);
  });
}

export default async function clusterBench(): Promise<void> {
  const redis = await startRedis();
  const limits = { messagesPerSecond: 100_000 };
  const servers = await Promise.all(
    [0, 1].map(() => startPlaygroundServer({ port: 0, logger: silentLogger, redisUrl: redis.url, limits })),
  );
  const [a, b] = servers as [(typeof servers)[0], (typeof servers)[0]];
  try {
    const sender = await openClient(`${a.wsUrl}/chat?room=bench&name=sender`);
    const local = await openClient(`${a.wsUrl}/chat?room=bench&name=local`);
    const remote = await openClient(`${b.wsUrl}/chat?room=bench&name=remote`);
    await sender.until((m) => m.type === 'joined' && m.name === 'remote', 5000);
    const within: number[] = [];
    const across: number[] = [];
    for (let round = 0; round < WARM_UP + ROUNDS; round++) {
      const text = `line ${round}`;
      const arrivals = Promise.all([arrival(local, text), arrival(remote, text)]);
      const sentAt = performance.now();
      sender.send({ type: 'say', text });
      const [here, there] = await arrivals;
      if (round >= WARM_UP) {
        within.push(here - sentAt);
        across.push(there - sentAt);
      }
      await pause(2);
    }
    const rows = [
      ['p50', percentile(within, 50), percentile(across, 50)],
      ['p95', percentile(within, 95), percentile(across, 95)],
    ] as const;
    process.stdout.write(`Chat line delivery, ${ROUNDS} rounds, ms from send to arrival (ratio: across / within)\n\n`);
    process.stdout.write(
      '| percentile | within one instance | across instances (Redis) | ratio |\n| --- | --- | --- | --- |\n',
    );
    for (const [name, here, there] of rows) {
      process.stdout.write(`| ${name} | ${here.toFixed(3)} | ${there.toFixed(3)} | ${(there / here).toFixed(2)}x |\n`);
    }
    await Promise.all([sender.close(), local.close(), remote.close()]);
  } finally {
    await Promise.all(servers.map((server) => server.close()));
    await redis.dispose();
  }
}
