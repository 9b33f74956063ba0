import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Starts `npm run server`'s entry point as its own process, on a free port, and reads the address it prints. */
async function startServerProcess(): Promise<{ child: ChildProcess; wsUrl: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address printed: ${output}`)), 15_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Open (http:\/\/\S+) in your browser/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
  });
  return { child, wsUrl: url.replace(/^http/, 'ws') };
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  describe(`the live server on ${signal}`, () => {
    it('closes every client with 1001 and exits with 0', async () => {
      const { child, wsUrl } = await startServerProcess();
      const clients = await Promise.all([
        open(`${wsUrl}/echo`),
        open(`${wsUrl}/echo`),
        open(`${wsUrl}/ping?every=1000`),
      ]);
      const codes = clients.map((client) => new Promise<number>((resolve) => client.once('close', resolve)));
      const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
      child.kill(signal);
      assert.deepEqual(await Promise.all(codes), [1001, 1001, 1001]);
      const [code] = await exited;
      assert.equal(code, 0);
    });
  });
}
