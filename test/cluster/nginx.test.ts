/**
 * deploy/nginx.conf, run by Debian's nginx in front of two instances: TLS at
 * the proxy, WebSocket upgrades passed on, chat across instances end to end,
 * and a lesson connection and its /inspect side channel kept on one instance
 * by their shared trace id.
 */
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import WebSocket from 'ws';
import {
  freePort,
  openClient,
  pause,
  ROOT,
  startInstance,
  startRedis,
  type Client,
  type Instance,
  type RedisProcess,
} from './helpers/cluster.ts';
import { Programs, requireProgram } from '../helpers/programs.ts';

const run = promisify(execFile);
const ORIGIN = 'https://playground.example.org';

/** The repo's config with this test's ports and certificate: the only lines changed. */
async function nginxConfig(dir: string, ports: { https: number; http: number }, upstreams: number[]): Promise<string> {
  const site = (await readFile(join(ROOT, 'deploy/nginx.conf'), 'utf8'))
    .replace(/^ *server 127\.0\.0\.1:8081 .*\n *server 127\.0\.0\.1:8082 .*$/m, () =>
      upstreams.map((port) => `    server 127.0.0.1:${port} max_fails=1 fail_timeout=5s;`).join('\n'),
    )
    .replace('listen 443 ssl;', `listen 127.0.0.1:${ports.https} ssl;`)
    .replace('listen 80;', `listen 127.0.0.1:${ports.http};`)
    .replace('/etc/ssl/certs/playground.example.org.pem', join(dir, 'cert.pem'))
    .replace('/etc/ssl/private/playground.example.org.key', join(dir, 'key.pem'));
  assert.ok(site.includes(`127.0.0.1:${upstreams[1]}`) && site.includes(join(dir, 'key.pem')), 'the config changed');
  await writeFile(join(dir, 'site.conf'), site);
  // The frame Debian's /etc/nginx/nginx.conf gives a conf.d file, in a throwaway prefix.
  const main = `pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
daemon off;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path ${join(dir, 'tmp')};
    proxy_temp_path ${join(dir, 'tmp')};
    include ${join(dir, 'site.conf')};
}
`;
  await writeFile(join(dir, 'nginx.conf'), main);
  return join(dir, 'nginx.conf');
}

async function startNginx(dir: string, config: string, port: number): Promise<ChildProcess> {
  const nginx = requireProgram(Programs.nginx);
  await run(nginx, ['-t', '-q', '-p', dir, '-c', config]);
  const child = spawn(nginx, ['-p', dir, '-c', config], { stdio: ['ignore', 'inherit', 'inherit'] });
  for (let tries = 0; tries < 100; tries++) {
    const up = await new Promise<boolean>((resolve) => {
      const probe = new WebSocket(`wss://127.0.0.1:${port}/echo`, { rejectUnauthorized: false, origin: ORIGIN });
      probe.once('open', () => (probe.close(), resolve(true)));
      probe.once('error', () => resolve(false));
    });
    if (up) return child;
    await pause(50);
  }
  throw new Error('nginx did not come up');
}

describe('deploy/nginx.conf in front of two instances', () => {
  let dir: string;
  let redis: RedisProcess;
  let instances: Instance[] = [];
  let nginx: ChildProcess | undefined;
  let base: string;
  const clients: Client[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wsp-nginx-'));
    await mkdir(join(dir, 'tmp'));
    await mkdir(join(dir, 'logs'));
    await run(requireProgram(Programs.openssl), [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=playground.example.org',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ]);
    redis = await startRedis();
    instances = await Promise.all([0, 1].map(() => startInstance(redis.url, { ALLOWED_ORIGINS: ORIGIN })));
    const ports = { https: await freePort(), http: await freePort() };
    const config = await nginxConfig(
      dir,
      ports,
      instances.map((instance) => instance.port),
    );
    nginx = await startNginx(dir, config, ports.https);
    base = `wss://127.0.0.1:${ports.https}`;
  });
  after(async () => {
    await Promise.all(clients.map((client) => client.close()));
    if (nginx && nginx.exitCode === null) {
      const exited = once(nginx, 'exit');
      nginx.kill('SIGQUIT');
      await exited;
    }
    await Promise.all(instances.map((instance) => instance.stop()));
    await redis?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  const open = async (path: string): Promise<Client> => {
    const client = await openClient(`${base}${path}`, { rejectUnauthorized: false, origin: ORIGIN });
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
