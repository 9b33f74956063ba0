/**
 * The shards of a Redis Cluster this instance cannot reach now. Losing one
 * shard (its node crashed, with no replica to take over) leaves the others
 * serving, so the link stays up: only the rooms whose hash slots the lost
 * node owns are cut off. They go on with this instance's members alone, as
 * every room does while a single Redis is away, and their commands are
 * refused at once instead of each waiting for its deadline. A probe each
 * beat finds the shard again (the node restarted, or a replica took its
 * slots over); its rooms then rejoin, and one log line each way says which
 * node and which rooms.
 */
import type { Logger } from './log.ts';

/** A command for a room on a shard that is lost: nothing was sent. */
export class ShardLostError extends Error {
  constructor(node: string) {
    super(`the Redis Cluster node ${node} that holds this room does not answer: not sent`);
    this.name = 'ShardLostError';
  }
}

/** Errors of the shard itself (unreachable, moving, down), as opposed to an answer to a bad command. */
export function isShardFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name !== 'ReplyError') return true;
  return /^(CLUSTERDOWN|TRYAGAIN|MOVED|ASK|LOADING|MASTERDOWN)\b/.test(error.message);
}

interface Lost {
  /** A key of the shard to ask whether it is back. */
  readonly probeKey: string;
  /** The followed rooms' channels cut off with it, to rejoin on its return. */
  readonly channels: Set<string>;
}

export interface LostShardsOptions {
  readonly logger: Logger;
  /** The node that owns a key or channel now. */
  readonly nodeOf: (key: string) => string | undefined;
  /** The channels of the followed rooms, and each room's name for the log. */
  readonly followed: () => Iterable<readonly [channel: string, name: string]>;
}

export class LostShards {
  readonly #lost = new Map<string, Lost>();
  readonly #options: LostShardsOptions;

  constructor(options: LostShardsOptions) {
    this.#options = options;
  }

  /** The lost node that holds `key`, if its shard is lost. */
  holding(key: string): string | undefined {
    const node = this.#options.nodeOf(key);
    return node !== undefined && this.#lost.has(node) ? node : undefined;
  }

  /** A command on `key` failed as a shard fails: cut off the rooms of its node (logged once). */
  lose(key: string, reason: string): void {
    const node = this.#options.nodeOf(key);
    if (node === undefined || this.#lost.has(node)) return;
    const channels = new Set<string>();
    const names: string[] = [];
    for (const [channel, name] of this.#options.followed()) {
      if (this.#options.nodeOf(channel) !== node) continue;
      channels.add(channel);
      names.push(name);
    }
    this.#lost.set(node, { probeKey: key, channels });
    this.#options.logger('redis-shard-lost', {
      node,
      reason,
      rooms: names.join(', '),
      serving: "own clients only in these rooms, until the shard answers; the other shards' rooms go on",
    });
  }

  /** A room followed while its shard is lost: it rejoins with the others on the shard's return. */
  include(channel: string): void {
    const node = this.holding(channel);
    if (node !== undefined) this.#lost.get(node)!.channels.add(channel);
  }

  /**
   * Asks each lost shard whether it is back: `ask` runs a command on a key
   * of it and subscribes its rooms' channels again, and the shard is back
   * when both succeed. Answers the channels of the rooms to rejoin.
   */
  async probe(ask: (key: string, channels: readonly string[]) => Promise<unknown>): Promise<string[]> {
    const back: string[] = [];
    for (const [node, lost] of [...this.#lost]) {
      const followed = new Set([...this.#options.followed()].map(([channel]) => channel));
      try {
        await ask(
          lost.probeKey,
          [...lost.channels].filter((channel) => followed.has(channel)),
        );
      } catch {
        continue;
      }
      this.#lost.delete(node);
      const names = [...this.#options.followed()].filter(([channel]) => lost.channels.has(channel));
      this.#options.logger('redis-shard-back', {
        node,
        rooms: names.map(([, name]) => name).join(', '),
        rejoining: true,
      });
      back.push(...names.map(([channel]) => channel));
    }
    return back;
  }

  /** Whether any shard is lost now. */
  get any(): boolean {
    return this.#lost.size > 0;
  }

  /** The nodes of the lost shards. */
  get nodes(): string[] {
    return [...this.#lost.keys()];
  }

  /** The whole link came back: every room rejoins anyway. */
  clear(): void {
    this.#lost.clear();
  }
}
