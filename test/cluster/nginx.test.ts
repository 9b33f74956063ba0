/**
 * deploy/nginx.conf, run by Debian's nginx in front of two instances: TLS at
 * the proxy, WebSocket upgrades passed on, chat across instances end to end,
 * and a lesson connection and its /inspect side channel kept on one instance
 * by their shared trace id.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  openClient,
  startInstance,
  startRedis,
  type Client,
  type Instance,
  type RedisProcess,
} from './helpers/cluster.ts';
import { ORIGIN, PAGE_OPTIONS, startNginx, type Nginx } from './helpers/nginx.ts';

describe('deploy/nginx.conf in front of two instances', () => {
  let redis: RedisProcess;
  let instances: Instance[] = [];
  let nginx: Nginx | undefined;
  let base: string;
  const clients: Client[] = [];

  before(async () => {
    redis = await startRedis();
    instances = await Promise.all([0, 1].map(() => startInstance(redis.url, { ALLOWED_ORIGINS: ORIGIN })));
    nginx = await startNginx(instances.map((instance) => instance.port));
    base = nginx.base;
  });
  after(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await nginx?.stop();
    await Promise.all(instances.map((instance) => instance.stop()));
    await redis?.dispose();
  });

  const open = async (path: string): Promise<Client> => {
    const client = await openClient(`${base}${path}`, PAGE_OPTIONS);
    clients.push(client);
    return client;
  };

  it('carries a chat over TLS to clients spread over both instances', async () => {
    const names = Array.from({ length: 12 }, (_, index) => `reader${index}`);
    const readers: Client[] = [];
    for (const name of names) {
      const reader = await open(`/chat?room=course&name=${name}`);
      await reader.until((m) => m.type === 'welcome');
      readers.push(reader);
    }
    const connects = instances.map((instance) => instance.log.filter((line) => line.path === '/chat').length);
    assert.ok(
      connects.every((count) => count > 0),
      `nginx spread the readers: ${connects.join(' and ')}`,
    );
    readers[0]!.send({ type: 'say', text: 'hello everyone' });
    readers[11]!.send({ type: 'say', text: 'hello back' });
    for (const reader of readers) {
      await reader.until((m) => m.text === 'hello everyone', 5000, 'the first line');
      await reader.until((m) => m.text === 'hello back', 5000, 'the last line');
    }
    const last = readers[11]!.received.find((m) => m.type === 'welcome')!;
    assert.deepEqual(last.members, names);
  });

  it('sends a lesson connection and its /inspect channel to the same instance', async () => {
    for (const trace of ['tracetracetracetrace0001', 'tracetracetracetrace0002', 'tracetracetracetrace0003']) {
      const inspector = await open(`/inspect?trace=${trace}`);
      const lesson = await open(`/echo?trace=${trace}`);
      lesson.socket.send('ping through nginx');
      await inspector.until(
        (m) => m.type === 'frame' && (m as { from?: string }).from === 'server',
        5000,
        'the server frame in the trace',
      );
      await lesson.close();
    }
  });
});
