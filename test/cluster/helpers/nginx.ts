/**
 * deploy/nginx.conf run by the system's nginx in a throwaway prefix, in
 * front of the cluster tests' instances: the repo's file with only its ports
 * and certificate changed, a self-signed certificate made by openssl, and
 * the frame Debian's /etc/nginx/nginx.conf gives a conf.d file.
 */
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import WebSocket from 'ws';
import { freePort, pause, ROOT } from './cluster.ts';
import { Programs, requireProgram } from '../../helpers/programs.ts';

const run = promisify(execFile);

/** The public origin the config serves; start the instances with ALLOWED_ORIGINS set to it. */
export const ORIGIN = 'https://playground.example.org';

/** What a client through nginx passes to ws: the page's origin, and trust in the throwaway certificate. */
export const PAGE_OPTIONS: WebSocket.ClientOptions = { rejectUnauthorized: false, origin: ORIGIN };

export interface Nginx {
  /** `wss://127.0.0.1:PORT`: the proxy's TLS address. */
  readonly base: string;
  /** What nginx wrote to its error log so far (level warn and up). */
  errorLog(): Promise<string>;
  /** Stops nginx (SIGQUIT: it finishes what it is doing) and removes its folder. */
  stop(): Promise<void>;
}

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

async function makeCertificate(dir: string): Promise<void> {
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
}

/** Runs nginx and waits until a WebSocket handshake goes through it. */
async function runNginx(dir: string, config: string, port: number): Promise<ChildProcess> {
  const nginx = requireProgram(Programs.nginx);
  await run(nginx, ['-t', '-q', '-p', dir, '-c', config]);
  const child = spawn(nginx, ['-p', dir, '-c', config], { stdio: ['ignore', 'inherit', 'inherit'] });
  for (let tries = 0; tries < 100; tries++) {
    const up = await new Promise<boolean>((resolve) => {
      const probe = new WebSocket(`wss://127.0.0.1:${port}/echo`, PAGE_OPTIONS);
      probe.once('open', () => (probe.close(), resolve(true)));
      probe.once('error', () => resolve(false));
    });
    if (up) return child;
    await pause(50);
  }
  await quit(child);
  throw new Error('nginx did not come up');
}

/** SIGQUIT: nginx finishes what it is doing and exits. */
async function quit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGQUIT');
  await exited;
}

/** deploy/nginx.conf in front of the instances listening on `upstreams`, on a free TLS port. */
export async function startNginx(upstreams: number[]): Promise<Nginx> {
  const dir = await mkdtemp(join(tmpdir(), 'wsp-nginx-'));
  const ports = { https: await freePort(), http: await freePort() };
  let child: ChildProcess;
  try {
    await mkdir(join(dir, 'tmp'));
    await mkdir(join(dir, 'logs'));
    await makeCertificate(dir);
    child = await runNginx(dir, await nginxConfig(dir, ports, upstreams), ports.https);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    base: `wss://127.0.0.1:${ports.https}`,
    errorLog: () => readFile(join(dir, 'error.log'), 'utf8').catch(() => ''),
    async stop() {
      await quit(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
