/**
 * The capacity bench's clients, in a process of their own
 * (capacity-load-child.ts), so the server process's memory and CPU time hold
 * none of the clients' work. This module is the commands both sides share,
 * and the bench's handle on the child. A group is a set of connections kept
 * open between commands, to one server.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stopChild } from './stop-child.ts';

/**
 * - `echo`: /echo connections, uncompressed;
 * - `chat`: /chat members in rooms of `roomSize`, the first of each room its sender;
 * - `traced chat`: the same, each member with its trace stream (`/inspect?trace=ID` opened first, then the
 *   member with `&trace=ID`), as a lesson connection in Live mode has;
 * - `deflate`: /deflate connections offering permessage-deflate as Chromium does (every message compressed),
 *   each first sending `hello` messages and awaiting their echoes (ws makes the zlib streams at the first).
 */
export type LoadKind = 'echo' | 'chat' | 'traced chat' | 'deflate';

export type LoadCommand =
  /** Opens `count` connections (members, for the chat kinds) of `kind` and waits until no message arrives for a moment. */
  | {
      readonly type: 'open';
      readonly group: string;
      readonly kind: LoadKind;
      readonly baseUrl: string;
      readonly count: number;
      readonly roomSize?: number;
      readonly hello?: number;
      /** Chat kinds: where each room's sender connects, when not to `baseUrl` (another instance). */
      readonly senderBaseUrl?: string;
    }
  | { readonly type: 'close'; readonly group: string }
  /** Cuts every connection of the group at once (no closing handshake), for a server about to be stopped. */
  | { readonly type: 'drop'; readonly group: string }
  /** Every connection of an echo group keeps `window` messages of `size` bytes in flight for `ms`; then the last echoes. */
  | {
      readonly type: 'echo';
      readonly group: string;
      readonly size: number;
      readonly window: number;
      readonly ms: number;
    }
  /**
   * The senders of a chat group say lines for `ms`: each keeping `window` lines in flight (a line is answered
   * when its sender, a member too, receives it), or all of them together `linesPerSecond`; then every
   * member's last deliveries.
   */
  | {
      readonly type: 'broadcast';
      readonly group: string;
      readonly window?: number;
      readonly linesPerSecond?: number;
      readonly ms: number;
    };

export interface EchoCount {
  readonly messages: number;
  /** From the first send to the last echo. */
  readonly seconds: number;
}

export interface BroadcastCount {
  readonly lines: number;
  /** Lines received by members, the senders included. */
  readonly deliveries: number;
  /** Messages on the members' trace streams (traced groups only). */
  readonly traceMessages: number;
  /** From the first line said to the last delivery. */
  readonly seconds: number;
  /** The mean size of a delivered line's payload, and of a trace message's. */
  readonly deliveryBytes: number;
  readonly traceBytes: number;
}

export interface LoadReply {
  readonly id: number;
  readonly result?: unknown;
  readonly error?: string;
}

export interface LoadProcess {
  call<T>(command: LoadCommand): Promise<T>;
  stop(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL('./capacity-load-child.ts', import.meta.url));

/** Forks capacity-load-child.ts with this process's loader flags (`--import tsx`). */
export async function startLoadProcess(): Promise<LoadProcess> {
  const child = fork(ENTRY, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 0;
  child.on('message', (message: LoadReply) => {
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error !== undefined) waiter?.reject(new Error(`load process: ${message.error}`));
    else waiter?.resolve(message.result);
  });
  child.on('exit', (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`the load process exited with ${code}`));
    pending.clear();
  });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  return {
    call<T>(command: LoadCommand): Promise<T> {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, command });
      });
    },
    stop: () => stopChild(child),
  };
}
