/**
 * A playground server in a fresh process, for measuring its memory: in a
 * process that held other connections before, the allocator keeps the pages
 * they freed, and the next connections fill those before RSS grows. This
 * module is the messages both sides share, and the bench's handle on the
 * child (server-child.ts).
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServerLimits } from '../../server/limits.ts';
import type { MemorySnapshot } from './memory.ts';
import { stopChild } from './stop-child.ts';

export interface ServerChildOptions {
  readonly limits: Partial<ServerLimits>;
}

export type ServerChildMessage =
  { readonly type: 'ready'; readonly port: number } | { readonly type: 'memory'; readonly memory: MemorySnapshot };

export interface ServerProcess {
  readonly port: number;
  /** The child's memory after a full GC. */
  memory(): Promise<MemorySnapshot>;
  stop(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL('./server-child.ts', import.meta.url));

/** Forks server-child.ts with this process's loader flags (`--import tsx`) and waits until it listens. */
export async function startServerProcess(options: ServerChildOptions): Promise<ServerProcess> {
  const child = fork(ENTRY, [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = <T extends ServerChildMessage['type']>(type: T): Promise<Extract<ServerChildMessage, { type: T }>> =>
    new Promise((resolve, reject) => {
      const exited = (code: number | null): void => reject(new Error(`the server process exited with ${code}`));
      const listener = (message: ServerChildMessage): void => {
        if (message.type !== type) return;
        child.off('message', listener);
        child.off('exit', exited);
        resolve(message as Extract<ServerChildMessage, { type: T }>);
      };
      child.on('message', listener);
      child.once('exit', exited);
    });
  const { port } = await next('ready');
  return {
    port,
    async memory() {
      const reply = next('memory');
      child.send({ type: 'memory' });
      return (await reply).memory;
    },
    stop: () => stopChild(child),
  };
}
