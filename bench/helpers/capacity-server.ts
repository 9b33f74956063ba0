/**
 * The capacity bench's server: the playground server, or the bare ws server
 * for reference, in a process of its own (capacity-server-child.ts), so the
 * memory and the CPU time it reports are the server's alone. This module is
 * the messages both sides share, and the bench's handle on the child.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServerLimits } from '../../server/limits.ts';
import type { MemorySnapshot } from './memory.ts';
import { stopChild } from './stop-child.ts';

export interface CapacityServerOptions {
  /** The playground server, or the least a ws server needs for the same jobs (bare-server.ts). */
  readonly kind: 'project' | 'bare ws';
  readonly limits: Partial<ServerLimits>;
  /** REDIS_URL, for the playground server: its rooms go through this Redis. */
  readonly redisUrl?: string;
}

/** The server process's CPU time so far and a monotonic clock, so two readings give the share of a core it used. */
export interface CpuReading {
  /** User + system time of the whole process (every thread), in µs. */
  readonly cpuMicros: number;
  readonly atMs: number;
}

export type CapacityRequest = { readonly type: 'memory' } | { readonly type: 'cpu' } | { readonly type: 'open' };

export type CapacityServerMessage =
  | { readonly type: 'ready'; readonly port: number }
  | { readonly type: 'reply'; readonly id: number; readonly value: MemorySnapshot | CpuReading | number };

export interface CapacityServer {
  readonly kind: CapacityServerOptions['kind'];
  readonly wsUrl: string;
  /** Memory after three full collections. */
  memory(): Promise<MemorySnapshot>;
  cpu(): Promise<CpuReading>;
  /** WebSocket connections open now. */
  open(): Promise<number>;
  /** Waits (at most 30 s) until the server holds no WebSocket connection. */
  drained(): Promise<void>;
  stop(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL('./capacity-server-child.ts', import.meta.url));

/** Forks capacity-server-child.ts with this process's loader flags (`--import tsx`) and waits until it listens. */
export async function startCapacityServer(options: CapacityServerOptions): Promise<CapacityServer> {
  const child = fork(ENTRY, [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 0;
  let exited: Error | undefined;
  const port = await new Promise<number>((resolve, reject) => {
    child.on('message', (message: CapacityServerMessage) => {
      if (message.type === 'ready') return resolve(message.port);
      waiting.get(message.id)?.resolve(message.value);
      waiting.delete(message.id);
    });
    child.once('exit', (code) => {
      exited = new Error(`the ${options.kind} server process exited with ${code}`);
      reject(exited);
      for (const waiter of waiting.values()) waiter.reject(exited);
      waiting.clear();
    });
  });
  const ask = <T>(request: CapacityRequest): Promise<T> => {
    if (exited) return Promise.reject(exited);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ id, ...request });
    });
  };
  const open = (): Promise<number> => ask<number>({ type: 'open' });
  return {
    kind: options.kind,
    wsUrl: `ws://127.0.0.1:${port}`,
    memory: () => ask<MemorySnapshot>({ type: 'memory' }),
    cpu: () => ask<CpuReading>({ type: 'cpu' }),
    open,
    async drained() {
      const deadline = performance.now() + 30_000;
      while ((await open()) > 0) {
        if (performance.now() > deadline) throw new Error(`the ${options.kind} server still holds connections`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    stop: () => stopChild(child),
  };
}
