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

/** Beats between two readings of which instances hold members in each followed room. */
const REREAD_BEATS = 10;

export class InstanceHeartbeat {
  /** How often this instance says it is alive. */
  readonly everyMs: number;
  readonly #command: RedisConnection;
  readonly #scripts: RoomScripts;
  readonly #instance: string;
  readonly #send: RedisSend;
  /** For each followed room's channel, the other instances holding members in it, as last read or heard. */
  readonly #holders = new Map<string, Set<string>>();
  #beats = 0;

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

  /** An envelope on a room's channel from `instance`: it holds, or held, a member there. */
  heard(channel: string, instance: string): void {
    if (instance !== this.#instance) this.#holders.get(channel)?.add(instance);
  }

  /** This instance no longer follows the room. */
  forget(channel: string): void {
    this.#holders.delete(channel);
  }

  /**
   * Removes from each room the members held by instances that stopped
   * beating. Each other instance's key is asked once a beat, however many
   * rooms it shares with this one: asking once per room made the reap grow
   * with rooms × instances per room, and at scale it cost more than the chat
   * (the scale-check bench measured it; docs/scaling.md). Which instances
   * hold members in a room is read from Redis every REREAD_BEATS beats, and
   * learned in between from what they publish on its channel. A room that
   * cannot be read (its shard of a cluster is lost) is left for a later
   * beat; the others are still reaped.
   */
  async reap(rooms: Iterable<RoomKeys>): Promise<void> {
    const reread = this.#beats++ % REREAD_BEATS === 0;
    const alive = new Map<string, Promise<boolean>>();
    const isAlive = (other: string): Promise<boolean> => {
      let answer = alive.get(other);
      if (!answer) {
        const key = aliveKey(other);
        answer = this.#send(() => this.#command.exists(key), key).then((found) => found === 1);
        alive.set(other, answer);
      }
      return answer;
    };
    for (const keys of rooms) {
      try {
        if (reread || !this.#holders.has(keys.channel)) await this.#readHolders(keys);
        for (const other of [...(this.#holders.get(keys.channel) ?? [])]) {
          if (!(await isAlive(other))) await this.#reapRoom(keys, other);
        }
      } catch {
        // The link has counted the failure; this room waits for the next beat.
      }
    }
  }

  async #readHolders(keys: RoomKeys): Promise<void> {
    const where = await this.#send(() => this.#command.hgetall(keys.where), keys.channel);
    this.#holders.set(keys.channel, new Set(Object.values(where).filter((id) => id !== this.#instance)));
  }

  /** Removes the room's members held by `other`, which stopped beating. */
  async #reapRoom(keys: RoomKeys, other: string): Promise<void> {
    const where = await this.#send(() => this.#command.hgetall(keys.where), keys.channel);
    for (const [name, holder] of Object.entries(where)) {
      if (holder !== other) continue;
      const message: PresenceMessage = { type: 'left', name, at: Date.now() };
      const event: RoomEvent<unknown> = { kind: 'left', name, message };
      // Published with the removal, so every instance (this one included) tells its members.
      await this.#send(() => this.#scripts.release(keys, name, other, envelope(other, event)), keys.channel);
    }
    this.#holders.get(keys.channel)?.delete(other);
  }
}
