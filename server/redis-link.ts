/**
 * This instance's link to Redis: two connections (one for commands, one
 * subscribed to the channels of the rooms its hubs follow), whether they are
 * up, and what happens around an outage. When Redis goes away the instance
 * logs it once, serves its own clients alone and remembers the departures it
 * owes; on its return it resubscribes, carries them out, and asks every
 * followed room to rejoin and, a beat later, to reconcile (one log line each
 * way).
 *
 * A Redis that is there but sick (paused, stuck, too slow) keeps its
 * connections open, so nothing would close: every command has a deadline
 * instead, and one that outlives it counts as the loss. Both connections are
 * then dropped, which fails and frees every command still waiting, and
 * ioredis reconnects; the link comes back when both are ready again. Commands
 * of what members say and do are also capped in number while they wait: past
 * the cap they are refused at once, never queued.
 *
 * On a Redis Cluster (redis-wires.ts) the link stays up while one shard is
 * lost: only that shard's rooms are cut off, and they rejoin on its return
 * (redis-shards.ts). A command past its deadline counts against its shard,
 * not the whole link.
 */
import { randomBytes } from 'node:crypto';
import type { RedisOptions } from 'ioredis';
import type { FollowedRoom, RoomEvent } from '../src/service/room-bus.ts';
import type { Logger } from './log.ts';
import { InstanceHeartbeat } from './redis-heartbeat.ts';
import { envelope, RoomScripts, type Envelope, type RoomKeys } from './redis-scripts.ts';
import { isShardFailure, LostShards, ShardLostError } from './redis-shards.ts';
import { openRedisWires, type RedisConnection, type RedisTarget, type RedisWires } from './redis-wires.ts';

export interface RedisLinkOptions {
  /** One Redis server, or a Redis Cluster (redis-wires.ts). */
  readonly target: RedisTarget;
  readonly logger: Logger;
  /** How often this instance says it is alive; it counts as gone after three missed beats. */
  readonly heartbeatMs: number;
  /** How long a command may wait for Redis's answer; past it the link counts as lost. */
  readonly commandTimeoutMs: number;
  /** Most commands sent with `send` waiting for an answer at once; more are refused. */
  readonly maxPending: number;
}

/**
 * Sends one command (or one script, or one transaction) through the link,
 * which watches its deadline. `key` is a key the command touches: on a
 * cluster it names the shard, so a lost shard cuts off only its own rooms.
 */
export type RedisSend = <T>(run: () => Promise<T>, key: string) => Promise<T>;

/** ioredis's message for a command past `commandTimeout`: it has no error class for it. */
const TIMED_OUT = 'Command timed out';

/** A command refused because `maxPending` others wait for Redis already: nothing was sent. */
export class RedisBacklogError extends Error {
  constructor(waiting: number) {
    super(`${waiting} commands already wait for Redis's answer (REDIS_MAX_PENDING): refused without waiting`);
    this.name = 'RedisBacklogError';
  }
}

/** A room some hub of this instance follows. */
interface Followed {
  readonly keys: RoomKeys;
  readonly room: FollowedRoom<unknown>;
}

/** A departure made while Redis was away, carried out when it is back. */
interface Departure {
  readonly keys: RoomKeys;
  readonly name: string;
  readonly farewell: RoomEvent<unknown>;
}

export class RedisLink {
  /** This instance's name in the deployment, unique among the others. */
  readonly instance: string;
  /** The connection for commands and scripts: it fails at once while Redis is away. */
  readonly command: RedisConnection;
  readonly scripts: RoomScripts;
  readonly #wires: RedisWires;
  /** On a cluster, the shards this instance cannot reach now, and their rooms. */
  readonly #shards: LostShards;
  readonly #heartbeat: InstanceHeartbeat;
  readonly #beating: NodeJS.Timeout;
  readonly #logger: Logger;
  readonly #commandTimeoutMs: number;
  readonly #maxPending: number;
  /** Commands sent with `send` that wait for an answer now. */
  #waiting = 0;
  /** Whether refusals were logged: once per episode, which ends when half the cap is answered. */
  #backlogged = false;
  /** No reaping before this time (performance.now()): see `#back`. */
  #reapFrom = 0;
  /** Every room some hub of this instance follows, by channel. */
  readonly #followed = new Map<string, Followed>();
  readonly #owed: Departure[] = [];
  #up = false;
  /** Whether the link was ever up: a connection that closes before is one that could not reach Redis at start. */
  #wasUp = false;
  /** Whether the loss was logged: once per outage, and once at start if Redis was not there. */
  #lostLogged = false;
  #closing = false;
  #rejoining: Promise<void> | undefined;

  constructor(options: RedisLinkOptions) {
    this.#logger = options.logger;
    this.#commandTimeoutMs = options.commandTimeoutMs;
    this.#maxPending = options.maxPending;
    this.instance = randomBytes(6).toString('hex');
    const redisOptions: RedisOptions = {
      // Fail at once while Redis is away instead of queueing: the hub then serves its own members alone.
      enableOfflineQueue: false,
      autoResendUnfulfilledCommands: false,
      maxRetriesPerRequest: 0,
      autoResubscribe: false,
      connectTimeout: 2000,
      // Also bounds the handshake (its ready check), so a paused Redis never becomes ready.
      commandTimeout: options.commandTimeoutMs,
      // A dropped connection to a paused Redis would wait for an answer to its FIN: close it at once.
      disconnectTimeout: 0,
      retryStrategy: (times) => Math.min(50 * times, 1000),
      connectionName: `websocket-playground-${this.instance}`,
    };
    const wires = openRedisWires(options.target, redisOptions, options.heartbeatMs, {
      ready: () => void this.#back(),
      close: () => this.#lost(this.#wasUp ? 'connection closed' : 'not reachable at start'),
      message: (channel, text) => this.#heard(channel, text),
    });
    this.#wires = wires;
    this.command = wires.command;
    this.scripts = new RoomScripts(this.command, wires.publish);
    this.#shards = new LostShards({
      logger: options.logger,
      nodeOf: (key) => wires.nodeOf(key),
      followed: () => [...this.#followed].map(([channel, { keys }]) => [channel, keys.name] as const),
    });
    this.#heartbeat = new InstanceHeartbeat({
      command: this.command,
      scripts: this.scripts,
      instance: this.instance,
      everyMs: options.heartbeatMs,
      send: (run, key) => this.upkeep(run, key),
    });
    this.#beating = setInterval(
      () => void this.#beat().catch((error: Error) => this.#retryLater(error.message)),
      options.heartbeatMs,
    );
    this.#beating.unref();
  }

  /** Whether both connections are up and every followed room is subscribed. */
  get up(): boolean {
    return this.#up;
  }

  /** Commands sent with `send` that wait for Redis's answer now: at most `maxPending`. */
  get waiting(): number {
    return this.#waiting;
  }

  get maxPending(): number {
    return this.#maxPending;
  }

  /** Whether the link is to a Redis Cluster, where rooms use sharded channels. */
  get cluster(): boolean {
    return this.#wires.cluster;
  }

  /** How a room's messages are published: PUBLISH on one server, SPUBLISH (sharded) on a cluster. */
  get publishes(): 'publish' | 'spublish' {
    return this.#wires.publish;
  }

  /** On a cluster, the nodes whose shards this instance cannot reach now. */
  get lostShards(): readonly string[] {
    return this.#shards.nodes;
  }

  /** Whether commands on `key` can reach Redis now: the link is up and, on a cluster, the key's shard is not lost. */
  reaches(key: string): boolean {
    return this.#up && this.#shards.holding(key) === undefined;
  }

  /**
   * Sends a command that what members say and do causes (a chat line, an
   * alert, a document change, a ticket): refused at once with a
   * RedisBacklogError while `maxPending` such commands wait already, so a
   * Redis that answers slowly costs a bounded amount of memory.
   */
  send<T>(run: () => Promise<T>, key: string): Promise<T> {
    if (this.#waiting >= this.#maxPending) {
      if (!this.#backlogged) {
        this.#backlogged = true;
        this.#logger('redis-backlog', {
          url: this.#wires.shown,
          waiting: this.#waiting,
          max: this.#maxPending,
          refusing: 'chat lines, alerts, document changes and tickets, until half of those waiting are answered',
        });
      }
      return Promise.reject(new RedisBacklogError(this.#waiting));
    }
    this.#waiting++;
    return this.upkeep(run, key).finally(() => {
      this.#waiting--;
      if (this.#backlogged && this.#waiting <= this.#maxPending / 2) this.#backlogged = false;
    });
  }

  /**
   * Sends a command that keeps the deployment's picture right (presence,
   * departures, the heartbeat, the repair after an outage): never refused,
   * as its number is bounded by the members and rooms this instance holds.
   * Either way a command past its deadline drops the link; on a cluster,
   * a command that fails as a shard fails cuts off that shard's rooms
   * instead, and commands on a lost shard are refused at once.
   */
  upkeep<T>(run: () => Promise<T>, key: string): Promise<T> {
    if (this.#wires.cluster) {
      const lost = this.#shards.holding(key);
      if (lost !== undefined) return Promise.reject(new ShardLostError(lost));
      return run().catch((error: unknown) => {
        // While the whole cluster is out of reach the link itself is lost; no one shard is.
        if (!this.#closing && this.command.status === 'ready' && isShardFailure(error)) {
          this.#shards.lose(key, (error as Error).message);
        }
        throw error;
      });
    }
    return run().catch((error: unknown) => {
      if (error instanceof Error && error.message === TIMED_OUT) this.#stalled();
      throw error;
    });
  }

  /** Waits for Redis at most `timeoutMs`; without it the instance still starts and serves alone until it comes. */
  async started(timeoutMs: number): Promise<void> {
    const ready = this.#wires.whenReady();
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
    await Promise.race([ready.then(() => this.#back()), timeout]);
    if (!this.#up) this.#lost('not reachable at start');
  }

  /** Hands `room` what the other instances publish on its channel; resolves once subscribed (at once while Redis is away). */
  async follow(keys: RoomKeys, room: FollowedRoom<unknown>): Promise<void> {
    this.#followed.set(keys.channel, { keys, room });
    if (!this.#up) return;
    try {
      await this.upkeep(() => this.#wires.subscribe(keys.channel), keys.channel);
    } catch (error) {
      // The return subscribes every followed room again; on a cluster, the return of its shard.
      if (this.#wires.cluster) this.#shards.include(keys.channel);
      else this.#retryLater((error as Error).message);
    }
  }

  unfollow(keys: RoomKeys): void {
    this.#followed.delete(keys.channel);
    this.#heartbeat.forget(keys.channel);
    if (this.#up) this.upkeep(() => this.#wires.unsubscribe(keys.channel), keys.channel).catch(() => {});
  }

  /** The text this instance publishes for `event`. */
  envelope(event: RoomEvent<unknown>): string {
    return envelope(this.instance, event);
  }

  /** Gives up this instance's member `name` and publishes `farewell`; while Redis is away the departure is owed. */
  release(keys: RoomKeys, name: string, farewell: RoomEvent<unknown>): void {
    if (this.#up) this.#carryOut({ keys, name, farewell });
    else this.#owed.push({ keys, name, farewell });
  }

  async close(): Promise<void> {
    this.#closing = true;
    clearInterval(this.#beating);
    if (this.#up) await this.#heartbeat.gone().catch(() => {});
    // The replies still due (the last members' departures) come first; at once when Redis is away.
    await this.#wires.close();
  }

  /** Removes the member in Redis and publishes its farewell; owed again if Redis fails meanwhile. */
  #carryOut(departure: Departure): void {
    const { keys, name, farewell } = departure;
    this.upkeep(() => this.scripts.release(keys, name, this.instance, this.envelope(farewell)), keys.channel).catch(
      () => this.#owed.push(departure),
    );
  }

  #heard(channel: string, text: string): void {
    const followed = this.#followed.get(channel);
    if (!followed) return;
    let received: Envelope;
    try {
      received = JSON.parse(text) as Envelope;
    } catch {
      return;
    }
    // Who speaks in a room holds a member there (a farewell may come for one that does not any more).
    if (received.event.kind !== 'left') this.#heartbeat.heard(channel, received.from);
    // This instance delivered its own messages already; its state changes come back here to keep one order.
    if (received.from === this.instance && received.event.kind !== 'state') return;
    followed.room.receive(received.event);
  }

  #lost(reason: string): void {
    if (this.#closing) return;
    const wasUp = this.#up;
    this.#up = false;
    if (wasUp || !this.#lostLogged) {
      this.#lostLogged = true;
      this.#logger('redis-lost', { url: this.#wires.shown, reason, serving: 'own clients only' });
    }
  }

  /**
   * A command outlived its deadline: Redis is paused, stuck or too slow. Both
   * connections are dropped, which fails every command still waiting and
   * frees what they held; ioredis reconnects, and while Redis stays sick the
   * reconnection never becomes ready (its ready check has the same deadline),
   * so new commands fail at once. The 'ready' of both brings the link back.
   */
  #stalled(): void {
    if (this.#closing) return;
    this.#lost(`no answer within ${this.#commandTimeoutMs} ms (REDIS_COMMAND_TIMEOUT_MS)`);
    this.#wires.drop();
  }

  /** A failure that may have left both connections open (an error answer): try the return again a beat later. */
  #retryLater(reason: string): void {
    this.#lost(reason);
    setTimeout(() => void this.#back(), this.#heartbeat.everyMs).unref();
  }

  async #back(): Promise<void> {
    if (this.#closing || this.#up || !this.#wires.ready) return;
    if (this.#rejoining) return this.#rejoining;
    this.#rejoining = (async () => {
      try {
        // The others' keys may have lapsed only because Redis was away or paused: they need a moment to come back too.
        this.#reapFrom = performance.now() + 3 * this.#heartbeat.everyMs;
        this.#shards.clear();
        await this.#alive();
        await this.#subscribe([...this.#followed.keys()]);
        // Straight to Redis, not through `release`: the link is still marked down, so that would owe them again.
        for (const departure of this.#owed.splice(0)) this.#carryOut(departure);
        this.#up = true;
        this.#wasUp = true;
        this.#logger('redis-connected', {
          url: this.#wires.shown,
          instance: this.instance,
          rooms: this.#followed.size,
          ...(this.#wires.cluster && { cluster: true, shardedPubSub: true }),
        });
        for (const followed of this.#followed.values()) followed.room.rejoin();
        // A beat later the other instances have put their members back too: then compare.
        setTimeout(() => {
          if (this.#up) for (const followed of this.#followed.values()) followed.room.reconcile();
        }, this.#heartbeat.everyMs).unref();
      } catch (error) {
        this.#retryLater((error as Error).message);
      } finally {
        this.#rejoining = undefined;
      }
    })();
    return this.#rejoining;
  }

  /** Keeps this instance alive in Redis, removes the members of instances that stopped doing so, and pays what it owes. */
  async #beat(): Promise<void> {
    if (!this.#up) return;
    await this.#alive();
    for (const departure of this.#owed.splice(0)) this.#carryOut(departure);
    if (this.#shards.any) await this.#probeShards();
    if (performance.now() >= this.#reapFrom) await this.#heartbeat.reap(this.#followedKeys());
  }

  /**
   * Says this instance is alive. On a cluster its key may sit on a lost
   * shard: then nobody can read it either, and the rest of the beat goes on.
   */
  async #alive(): Promise<void> {
    try {
      await this.#heartbeat.alive();
    } catch (error) {
      if (!this.#wires.cluster || !isShardFailure(error)) throw error;
    }
  }

  /** Subscribes to the rooms' channels: on a cluster, a lost shard's rooms wait for its return. */
  async #subscribe(channels: readonly string[]): Promise<void> {
    const subscribed = channels.map((channel) => this.upkeep(() => this.#wires.subscribe(channel), channel));
    if (this.#wires.cluster) await Promise.allSettled(subscribed);
    else await Promise.all(subscribed);
  }

  /**
   * Asks each lost shard whether it is back. Its rooms, subscribed again,
   * then do what every room does when a single Redis returns: put their members,
   * history and state back (the shard may have returned empty), and compare
   * a beat later. The others' heartbeat keys on it may have returned empty
   * too, so nobody is reaped until they had time to beat again.
   */
  async #probeShards(): Promise<void> {
    const back = await this.#shards.probe(async (key, channels) => {
      await this.command.exists(key);
      await Promise.all(channels.map((channel) => this.#wires.subscribe(channel)));
    });
    if (back.length === 0) return;
    this.#reapFrom = performance.now() + 3 * this.#heartbeat.everyMs;
    const rooms = back.flatMap((channel) => this.#followed.get(channel)?.room ?? []);
    for (const room of rooms) room.rejoin();
    setTimeout(() => {
      if (this.#up) for (const room of rooms) room.reconcile();
    }, this.#heartbeat.everyMs).unref();
  }

  /** The keys of the followed rooms, read as the reaping goes: a room followed or left meanwhile counts as it is then. */
  *#followedKeys(): Generator<RoomKeys> {
    for (const { keys } of this.#followed.values()) yield keys;
  }
}
