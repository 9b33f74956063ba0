/**
 * The soak's server: a playground server in a process of its own
 * (soak-server-child.ts), so the heap, RSS, open file descriptors and event
 * loop delay it reports are the server's alone, not the load's. This module
 * is the messages both sides share, and the bench's handle on the child.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServerLimits } from '../../server/limits.ts';
import { stopChild } from './stop-child.ts';

export interface SoakServerOptions {
  readonly limits: Partial<ServerLimits>;
}

export interface SampleRequest {
  /** Three full collections first, so the heap is what is alive. */
  readonly gc: boolean;
  /** Starts the event loop delay histogram afresh once this sample is taken. */
  readonly resetLoop: boolean;
}

export interface ServerSample {
  readonly heapUsed: number;
  readonly external: number;
  readonly rss: number;
  /** Open file descriptors; null where the system has no /proc/self/fd to count them in. */
  readonly fds: number | null;
  /**
   * monitorEventLoopDelay since the last reset, read before any collection this sample asked for: how late
   * its timer ran, beyond the timer's own interval.
   */
  readonly loopP99Ms: number;
  readonly loopMaxMs: number;
  /** The share of one core the server used since the previous sample (1 = a whole core). */
  readonly cpu: number;
  /** The share of that time its main thread was ready to run but waited for a core; null where unknown. */
  readonly waited: number | null;
  /** WebSocket connections open: the log's connects less its disconnects. */
  readonly open: number;
  /** The server's log lines counted by event and what sets them apart: `refused 503: <reason>`, `disconnect 1000`. */
  readonly events: Readonly<Record<string, number>>;
}

export type SoakServerMessage =
  | { readonly type: 'ready'; readonly port: number }
  | { readonly type: 'sample'; readonly id: number; readonly sample: ServerSample };

export interface SoakServer {
  readonly port: number;
  sample(request: SampleRequest): Promise<ServerSample>;
  stop(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL('./soak-server-child.ts', import.meta.url));

/** Forks soak-server-child.ts with this process's loader flags (`--import tsx`) and waits until it listens. */
export async function startSoakServer(options: SoakServerOptions): Promise<SoakServer> {
  const child = fork(ENTRY, [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map<number, { resolve(sample: ServerSample): void; reject(error: Error): void }>();
  let nextId = 0;
  let exitCode: number | null | undefined;
  const ready = new Promise<number>((resolve, reject) => {
    child.on('message', (message: SoakServerMessage) => {
      if (message.type === 'ready') resolve(message.port);
      else {
        waiting.get(message.id)?.resolve(message.sample);
        waiting.delete(message.id);
      }
    });
    child.once('exit', (code) => {
      exitCode = code;
      const error = new Error(`the server process exited with ${code}`);
      reject(error);
      for (const waiter of waiting.values()) waiter.reject(error);
      waiting.clear();
    });
  });
  const port = await ready;
  return {
    port,
    sample(request) {
      if (exitCode !== undefined) return Promise.reject(new Error(`the server process exited with ${exitCode}`));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        child.send({ id, ...request });
      });
    },
    stop: () => stopChild(child),
  };
}
