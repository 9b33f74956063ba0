/**
 * Which instances are alive: each refreshes a key with a time to live of
 * three beats, and removes from the rooms it follows the members of any
 * instance whose key expired (killed, or cut off for good). The removal
 * publishes the member's `left`, so every instance tells its members.
 */
import type { Redis } from 'ioredis';
import type { PresenceMessage } from '../src/service/json-messages.ts';
import type { RoomEvent } from '../src/service/room-bus.ts';
import type { RedisSend } from './redis-link.ts';
import { aliveKey, envelope, type RoomKeys, type RoomScripts } from './redis-scripts.ts';

export interface InstanceHeartbeatOptions {
  readonly command: Redis;
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
  readonly #command: Redis;
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
    await this.#send(() => this.#command.set(aliveKey(this.#instance), '1', 'PX', this.everyMs * 3));
  }

  /** This instance is going away: the others need not wait three beats to know. */
  async gone(): Promise<void> {
    await this.#send(() => this.#command.del(aliveKey(this.#instance)));
  }

  /** Removes from each room the members held by instances that stopped beating. */
  async reap(rooms: Iterable<RoomKeys>): Promise<void> {
    for (const keys of rooms) {
      const where = await this.#send(() => this.#command.hgetall(keys.where));
      const instances = [...new Set(Object.values(where))].filter((id) => id !== this.#instance);
      for (const other of instances) {
        if ((await this.#send(() => this.#command.exists(aliveKey(other)))) === 1) continue;
        for (const [name, holder] of Object.entries(where)) {
          if (holder !== other) continue;
          const message: PresenceMessage = { type: 'left', name, at: Date.now() };
          const event: RoomEvent<unknown> = { kind: 'left', name, message };
          // Published with the removal, so every instance (this one included) tells its members.
          await this.#send(() => this.#scripts.release(keys, name, other, envelope(other, event)));
        }
      }
    }
  }
}
