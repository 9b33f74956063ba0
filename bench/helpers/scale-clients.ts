/**
 * The scale check's chat members live in client processes of their own
 * (scale-client-child.ts), so the bench process stays light and measures
 * only. Each room lives wholly in one client process: its lines are timed
 * and checked where they are said and heard, on one clock. This module is
 * the commands both sides share, and the bench's handle on one child.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SparseHistogram } from './scale-histogram.ts';
import type { PlannedRoom } from './scale-plan.ts';
import { stopChild } from './stop-child.ts';

export type ClientCommand =
  /**
   * Opens every member of `rooms` on `/chat` of its instance (`urls[instance]`), `concurrency` handshakes at
   * a time, each waited for until its welcome. Answers how many were welcomed.
   */
  | {
      readonly type: 'join';
      readonly urls: readonly string[];
      readonly rooms: readonly PlannedRoom[];
      readonly concurrency: number;
    }
  /** The members of the rooms whose names start with `prefix` each say a numbered line every `everyMs`, spread evenly. */
  | { readonly type: 'talk'; readonly prefix: string; readonly everyMs: number }
  /** Stops talking. */
  | { readonly type: 'quiet' }
  /** Lines said and delivered so far (Counts). */
  | { readonly type: 'counts' }
  /** Starts the delay histograms afresh: the delays from here on are the measured ones. */
  | { readonly type: 'window' }
  /**
   * Waits (at most `timeoutMs`) until every line said in the `prefix` rooms reached every member, then
   * checks them all (Tally).
   */
  | { readonly type: 'settle'; readonly prefix: string; readonly timeoutMs: number }
  /** Closes the members of the `prefix` rooms with 1000 (RFC 6455 §7.4.1) and waits for each close. */
  | { readonly type: 'leave'; readonly prefix: string };

/** Cumulative since the process started, indexed by instance. */
export interface Counts {
  /** Lines said by members on each instance. */
  readonly said: readonly number[];
  /** Lines delivered (once, in order) to members on each instance. */
  readonly delivered: readonly number[];
  /** The client process's own CPU time (user + system) since it started, in seconds. */
  readonly cpuSeconds: number;
}

export interface Tally {
  readonly said: number;
  /** Deliveries the checks wait for: each line, to every member of its room at the time (its sender too). */
  readonly expected: number;
  readonly delivered: number;
  /** Lines a member never got, or got only after a later one of the same sender. */
  readonly lost: number;
  /** Lines a member got twice, or after a later one of the same sender. */
  readonly duplicated: number;
  /** Delays (ms, send to arrival) since the last `window`: sender and reader on one instance, and on two. */
  readonly within: SparseHistogram;
  readonly across: SparseHistogram;
  /** Refusals, unexpected closes and errors, by reason. */
  readonly problems: Readonly<Record<string, number>>;
}

export interface ClientReply {
  readonly id: number;
  readonly result?: unknown;
  readonly error?: string;
}

/** What each command answers. */
interface Results {
  join: number;
  talk: null;
  quiet: null;
  counts: Counts;
  window: null;
  settle: Tally;
  leave: null;
}

export interface ScaleClients {
  call<C extends ClientCommand>(command: C): Promise<Results[C['type']]>;
  stop(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL('./scale-client-child.ts', import.meta.url));

/** Forks scale-client-child.ts with this process's loader flags (`--import tsx`). */
export async function startScaleClients(): Promise<ScaleClients> {
  const child = fork(ENTRY, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 0;
  child.on('message', (message: ClientReply) => {
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error !== undefined) waiter?.reject(new Error(`client process: ${message.error}`));
    else waiter?.resolve(message.result);
  });
  child.on('exit', (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`a client process exited with ${code}`));
    pending.clear();
  });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  return {
    call<C extends ClientCommand>(command: C): Promise<Results[C['type']]> {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, command });
      });
    },
    stop: () => stopChild(child),
  };
}
