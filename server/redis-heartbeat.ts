/**
 * Which instances are alive: each refreshes a key with a time to live of
 * three beats, and removes from the rooms it follows the members of any
 * instance whose key expired (killed, or cut off for good). The removal
 * publishes the member's `left`, so every instance tells its members.
 */
import type { PresenceMessage } from '../src/service/json-messages.ts';
import type { RoomEvent } from '../src/service/room-bus.ts';
import type { RedisSend } from './redis-link.ts';
import { aliveKey, envelope, type RoomKeys, type RoomScripts } from './redis-scripts.ts';
import type { RedisConnection } from './redis-wires.ts';

export interface InstanceHeartbeatOptions {
  readonly command: RedisConnection;
  readonly scripts: RoomScripts;
  /** This instance's name in the deployment. */
  readonly instance: string;
  /** How often this instance says it is alive. */
  readonly everyMs: number;
  /** How each command goes out (the link watches its deadline). */
  readonly send: RedisSend;
}

export class InstanceHeartbeat {
  /** How often this instance says it is alive. */
  readonly everyMs: number;
  readonly #command: RedisConnection;
  readonly #scripts: RoomScripts;
  readonly #instance: string;
  readonly #send: RedisSend;

  constructor(options: InstanceHeartbeatOptions) {
    this.#command = options.command;
    this.#scripts = options.scripts;
    this.#instance = options.instance;
    this.everyMs = options.everyMs;
    this.#send = options.send;
  }

  /** Says this instance is alive for the next three beats. */
  async alive(): Promise<void> {
    const key = aliveKey(this.#instance);
    await this.#send(() => this.#command.set(key, '1', 'PX', this.everyMs * 3), key);
  }

  /** This instance is going away: the others need not wait three beats to know. */
  async gone(): Promise<void> {
    const key = aliveKey(this.#instance);
    await this.#send(() => this.#command.del(key), key);
  }

  /**
   * Removes from each room the members held by instances that stopped
   * beating. A room that cannot be read (its shard of a cluster is lost) is
   * left for a later beat; the others are still reaped.
   */
  async reap(rooms: Iterable<RoomKeys>): Promise<void> {
    for (const keys of rooms) {
      try {
        await this.#reapRoom(keys);
      } catch {
        // The link has counted the failure; this room waits for the next beat.
      }
    }
  }

  async #reapRoom(keys: RoomKeys): Promise<void> {
    const where = await this.#send(() => this.#command.hgetall(keys.where), keys.channel);
    const instances = [...new Set(Object.values(where))].filter((id) => id !== this.#instance);
    for (const other of instances) {
      const key = aliveKey(other);
      if ((await this.#send(() => this.#command.exists(key), key)) === 1) continue;
      for (const [name, holder] of Object.entries(where)) {
        if (holder !== other) continue;
        const message: PresenceMessage = { type: 'left', name, at: Date.now() };
        const event: RoomEvent<unknown> = { kind: 'left', name, message };
        // Published with the removal, so every instance (this one included) tells its members.
        await this.#send(() => this.#scripts.release(keys, name, other, envelope(other, event)), keys.channel);
      }
    }
  }
}
