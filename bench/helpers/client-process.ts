/**
 * The bench's clients live in their own process (clients.ts), so the server
 * process measures only the servers: its memory holds no client sockets and
 * its core spends no time on the clients' side of the work. This module is
 * the commands both sides share, and the server side's handle on the child.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stopChild } from './stop-child.ts';

export type Command =
  /**
   * Opens `connections` to each of `urls`; then, `slices` times, each url in
   * turn keeps `window` messages of `size` bytes in flight on each of its
   * connections, and is counted for `sliceMs` after `rampMs`.
   */
  | {
      readonly type: 'echo';
      readonly urls: readonly string[];
      readonly size: number;
      readonly connections: number;
      readonly window: number;
      readonly slices: number;
      readonly rampMs: number;
      readonly sliceMs: number;
    }
  /**
   * Opens `count` connections to `url` that then say nothing. With `compress` each offers permessage-deflate
   * and compresses every message, as Chromium does; with `hello` each first sends one message and waits for
   * its echo (ws makes a connection's zlib contexts at its first compressed message).
   */
  | {
      readonly type: 'open-idle';
      readonly url: string;
      readonly count: number;
      readonly compress?: boolean;
      readonly hello?: string;
    }
  /**
   * Opens one connection to `url` (compressing as `open-idle` says), sends each message in turn and waits for
   * its echo: the bytes each took on the TCP connection, per direction.
   */
  | {
      readonly type: 'wire-bytes';
      readonly url: string;
      readonly compress: boolean;
      readonly messages: readonly string[];
    }
  /**
   * Opens `connections` to `url`, sends `count` messages taken in turn from `messages`, `window` in flight per
   * connection, waits for every echo, and closes them.
   */
  | {
      readonly type: 'echo-count';
      readonly url: string;
      readonly compress: boolean;
      readonly messages: readonly string[];
      readonly count: number;
      readonly connections: number;
      readonly window: number;
    }
  /** Closes the idle connections and waits until they are gone. */
  | { readonly type: 'close-idle' }
  /** Opens `receivers` members and one sender in the room at `url` (a name per member is appended), and waits for quiet. */
  | { readonly type: 'join'; readonly room: string; readonly url: string; readonly receivers: number }
  /** The sender of `room` says one line; resolves with the ms until the last receiver had it. */
  | { readonly type: 'say'; readonly room: string }
  | { readonly type: 'leave'; readonly room: string };

export interface WireBytes {
  /** Per message: the client's frame as it crossed the connection (masked, compressed or not). */
  readonly sent: readonly number[];
  /** Per message: the server's echo as it crossed the connection. */
  readonly received: readonly number[];
}

export interface EchoResult {
  /** Per url, per slice. */
  readonly messagesPerSecond: readonly (readonly number[])[];
}

export interface Reply {
  readonly id: number;
  readonly result?: unknown;
  readonly error?: string;
}

export interface ClientProcess {
  call<T>(command: Command): Promise<T>;
  stop(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL('./clients.ts', import.meta.url));

/** Forks clients.ts with this process's loader flags (`--import tsx`). */
export async function startClientProcess(): Promise<ClientProcess> {
  const child: ChildProcess = fork(ENTRY, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 0;
  child.on('message', (message: Reply) => {
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error !== undefined) waiter?.reject(new Error(`client process: ${message.error}`));
    else waiter?.resolve(message.result);
  });
  child.on('exit', (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`the client process exited with ${code}`));
    pending.clear();
  });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  return {
    call<T>(command: Command): Promise<T> {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, command });
      });
    },
    stop: () => stopChild(child),
  };
}
