/**
 * The scale check's server instances: each a playground server in a process
 * of its own (scale-server-child.ts), sharing its chat rooms with the others
 * through a Redis Cluster, so the heap, RSS and CPU time it reports are its
 * own. This module is the messages both sides share, and the bench's handle
 * on one child.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServerLimits } from '../../server/limits.ts';
import { stopChild } from './stop-child.ts';

export interface ScaleServerOptions {
  readonly limits: Partial<ServerLimits>;
  /** `host:port` of the cluster's nodes (REDIS_CLUSTER_NODES). */
  readonly clusterNodes: readonly string[];
  /** REDIS_HEARTBEAT_MS: each beat also reaps every followed room, so the model's upkeep counts it. */
  readonly heartbeatMs: number;
}

export interface ScaleSample {
  /** CPU time (user + system, every thread) since the process started, in seconds. */
  readonly cpuSeconds: number;
  /** Seconds its main thread was ready to run but waited for a core, since it started; null where unknown. */
  readonly waitedSeconds: number | null;
  readonly heapUsed: number;
  readonly external: number;
  readonly rss: number;
  /** WebSocket connections open: the log's connects less its disconnects. */
  readonly open: number;
  /** The server's log lines counted by event (`refused 503`, `redis-lost`…). */
  readonly events: Readonly<Record<string, number>>;
}

export type ScaleServerMessage =
  | { readonly type: 'ready'; readonly port: number }
  | { readonly type: 'sample'; readonly id: number; readonly sample: ScaleSample };

/** What the bench asks: a sample, after three full collections when `gc`. */
export interface ScaleSampleRequest {
  readonly id: number;
  readonly gc: boolean;
}

export interface ScaleServer {
  readonly port: number;
  readonly wsUrl: string;
  sample(gc: boolean): Promise<ScaleSample>;
  stop(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL('./scale-server-child.ts', import.meta.url));

/** Forks scale-server-child.ts with this process's loader flags (`--import tsx`) and waits until it listens. */
export async function startScaleServer(options: ScaleServerOptions): Promise<ScaleServer> {
  const child = fork(ENTRY, [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map<number, { resolve(sample: ScaleSample): void; reject(error: Error): void }>();
  let nextId = 0;
  let exitCode: number | null | undefined;
  const ready = new Promise<number>((resolve, reject) => {
    child.on('message', (message: ScaleServerMessage) => {
      if (message.type === 'ready') resolve(message.port);
      else {
        waiting.get(message.id)?.resolve(message.sample);
        waiting.delete(message.id);
      }
    });
    child.once('exit', (code) => {
      exitCode = code;
      const error = new Error(`a server instance exited with ${code}`);
      reject(error);
      for (const waiter of waiting.values()) waiter.reject(error);
      waiting.clear();
    });
  });
  const port = await ready;
  return {
    port,
    wsUrl: `ws://127.0.0.1:${port}`,
    sample(gc) {
      if (exitCode !== undefined) return Promise.reject(new Error(`a server instance exited with ${exitCode}`));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        child.send({ id, gc } satisfies ScaleSampleRequest);
      });
    },
    stop: () => stopChild(child),
  };
}
