/**
 * The room bus over Redis (ioredis): several instances of the server share
 * `/chat`, `/notify` and `/collab` rooms. Loaded only when REDIS_URL is set.
 *
 * - Each room has a pub/sub channel; every instance that has a member in it
 *   subscribes, and delivers what the others publish to its own members.
 * - What a newcomer needs lives in keys beside the channel: the members (a
 *   sorted set in order of arrival, and which instance holds each), the last
 *   messages (a capped list) and the shared state with its version (a hash).
 *   Names are made unique by a Lua script, atomically for the deployment.
 * - A change of shared state is a compare-and-set script that also
 *   publishes the change: Redis runs scripts one at a time, so the stored
 *   versions and the published changes come in one order on every instance.
 * - Each instance refreshes a key with a time to live; members of an instance
 *   whose key expired (killed, cut off for good) are removed by the others.
 * - When Redis goes away the instance logs it once, serves its own clients
 *   alone, remembers the departures it owes, and on its return resubscribes,
 *   puts its members back and catches up (one log line each way).
 */
import { randomBytes } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import type { PresenceMessage } from '../src/service/json-messages.ts';
import type { Claim, Commit, FollowedRoom, RoomBus, RoomEvent, RoomSnapshot } from '../src/service/room-bus.ts';
import type { SharedRooms } from '../src/service/service.ts';
import type { Logger } from './log.ts';

export interface RedisRoomsOptions {
  /** `redis://[:password@]host:port[/db]` or `rediss://` for TLS. */
  readonly url: string;
  readonly logger: Logger;
  /** How often this instance says it is alive; it counts as gone after three missed beats. Default 2000. */
  readonly heartbeatMs?: number | undefined;
  /** How long start-up waits for Redis before serving alone (it keeps trying). Default 3000. */
  readonly connectTimeoutMs?: number;
}

export interface RedisRooms extends SharedRooms {
  /** Whether both connections are up and every followed room is subscribed. */
  readonly connected: boolean;
  close(): Promise<void>;
}

/** What travels on a channel: the event and the instance that published it. */
interface Envelope {
  readonly from: string;
  readonly event: RoomEvent<unknown>;
}

const PREFIX = 'wsp';

/** Joins a room if it has a place: picks a free name (`ann (2)`), stores it in order, reads the room. */
const CLAIM = `
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return {0} end
local name = ARGV[1]
local n = 2
while redis.call('ZSCORE', KEYS[1], name) do
  name = ARGV[1] .. ' (' .. n .. ')'
  n = n + 1
end
redis.call('ZADD', KEYS[1], redis.call('INCR', KEYS[3]), name)
redis.call('HSET', KEYS[2], name, ARGV[2])
local limit = tonumber(ARGV[4])
local history = {}
if limit > 0 then history = redis.call('LRANGE', KEYS[4], -limit, -1) end
local state = redis.call('HMGET', KEYS[5], 'version', 'body')
return {1, name, redis.call('ZRANGE', KEYS[1], 0, -1), history, state[1] or '0', state[2] or ''}`;

/** Puts back names an instance kept through an outage; returns those that were not there. */
const RESTORE = `
local added = {}
for i = 2, #ARGV do
  if not redis.call('ZSCORE', KEYS[1], ARGV[i]) then
    redis.call('ZADD', KEYS[1], redis.call('INCR', KEYS[3]), ARGV[i])
    redis.call('HSET', KEYS[2], ARGV[i], ARGV[1])
    table.insert(added, ARGV[i])
  end
end
return added`;

/** Removes a name held by instance ARGV[2]; forgets the room with its last member; publishes the farewell. */
const RELEASE = `
if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
if redis.call('ZCARD', KEYS[1]) == 0 then redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]) end
redis.call('PUBLISH', ARGV[3], ARGV[4])
return 1`;

/** Stores the next state if the stored version is still the one it was made from, and publishes it. */
const COMMIT = `
local version = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if version ~= tonumber(ARGV[1]) then return {0, tostring(version), redis.call('HGET', KEYS[1], 'body') or ''} end
redis.call('HSET', KEYS[1], 'version', version + 1, 'body', ARGV[2])
redis.call('PUBLISH', ARGV[3], ARGV[4])
return {1}`;

/** Stores history and state kept through an outage where Redis has none, or an older state. */
const SEED = `
if redis.call('LLEN', KEYS[1]) == 0 and #ARGV > 2 then redis.call('RPUSH', KEYS[1], unpack(ARGV, 3)) end
if ARGV[2] ~= '' and tonumber(redis.call('HGET', KEYS[2], 'version') or '0') < tonumber(ARGV[1]) then
  redis.call('HSET', KEYS[2], 'version', ARGV[1], 'body', ARGV[2])
end
return 1`;

interface Scripts {
  claim(...args: (string | number)[]): Promise<[0] | [1, string, string[], string[], string, string]>;
  restore(...args: string[]): Promise<string[]>;
  release(...args: string[]): Promise<number>;
  commit(...args: (string | number)[]): Promise<[1] | [0, string, string]>;
  seed(...args: (string | number)[]): Promise<number>;
}

/** The keys of one room, in one hash slot (`{…}`) so a Redis Cluster could run the scripts too. */
function roomKeys(endpoint: string, room: string) {
  const base = `${PREFIX}:{${endpoint}:${encodeURIComponent(room)}}`;
  return {
    channel: base,
    members: `${base}:m`,
    where: `${base}:w`,
    seq: `${base}:s`,
    history: `${base}:h`,
    state: `${base}:st`,
  };
}

const aliveKey = (instance: string): string => `${PREFIX}:instance:${instance}`;

/** The URL without its password, for the log. */
function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'an unreadable REDIS_URL';
  }
}

function parseJson(text: string): unknown {
  return text === '' ? null : (JSON.parse(text) as unknown);
}

/** Connects to Redis and returns the buses of the three shared endpoints; never throws for an unreachable Redis. */
export async function connectRedisRooms(options: RedisRoomsOptions): Promise<RedisRooms> {
  const { logger } = options;
  const heartbeatMs = options.heartbeatMs ?? 2000;
  const instance = randomBytes(6).toString('hex');
  const redisOptions: RedisOptions = {
    // Fail at once while Redis is away instead of queueing: the hub then serves its own members alone.
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    autoResubscribe: false,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(50 * times, 1000),
    connectionName: `websocket-playground-${instance}`,
  };
  const command = new Redis(options.url, redisOptions);
  const subscriber = new Redis(options.url, redisOptions);
  const scripts = command as unknown as Scripts;
  command.defineCommand('claim', { numberOfKeys: 5, lua: CLAIM });
  command.defineCommand('restore', { numberOfKeys: 3, lua: RESTORE });
  command.defineCommand('release', { numberOfKeys: 5, lua: RELEASE });
  command.defineCommand('commit', { numberOfKeys: 1, lua: COMMIT });
  command.defineCommand('seed', { numberOfKeys: 2, lua: SEED });

  /** Every room some hub of this instance follows, by channel. */
  const followed = new Map<
    string,
    { readonly endpoint: string; readonly room: string; readonly followed: FollowedRoom<unknown> }
  >();
  /** Departures made while Redis was away, carried out when it is back. */
  const owed: { endpoint: string; room: string; name: string; farewell: RoomEvent<unknown> }[] = [];
  let up = false;
  /** Whether the loss was logged: once per outage, and once at start if Redis was not there. */
  let lostLogged = false;
  let closing = false;
  let rejoining: Promise<void> | undefined;

  for (const connection of [command, subscriber]) {
    // ioredis reports every failed reconnect; the state change is what we log.
    connection.on('error', () => {});
    connection.on('close', () => lost('connection closed'));
    connection.on('ready', () => void back());
  }

  subscriber.on('message', (channel: string, text: string) => {
    const entry = followed.get(channel);
    if (!entry) return;
    let envelope: Envelope;
    try {
      envelope = JSON.parse(text) as Envelope;
    } catch {
      return;
    }
    // This instance delivered its own messages already; its state changes come back here to keep one order.
    if (envelope.from === instance && envelope.event.kind !== 'state') return;
    entry.followed.receive(envelope.event);
  });

  function lost(reason: string): void {
    if (closing) return;
    const wasUp = up;
    up = false;
    if (wasUp || !lostLogged) {
      lostLogged = true;
      logger('redis-lost', { url: shownUrl(options.url), reason, serving: 'own clients only' });
    }
  }

  async function back(): Promise<void> {
    if (closing || up || command.status !== 'ready' || subscriber.status !== 'ready') return;
    if (rejoining) return rejoining;
    rejoining = (async () => {
      try {
        await command.set(aliveKey(instance), '1', 'PX', heartbeatMs * 3);
        if (followed.size > 0) await subscriber.subscribe(...followed.keys());
        for (const departure of owed.splice(0))
          release(departure.endpoint, departure.room, departure.name, departure.farewell);
        up = true;
        logger('redis-connected', { url: shownUrl(options.url), instance, rooms: followed.size });
        for (const entry of followed.values()) entry.followed.rejoin();
        // A beat later the other instances have put their members back too: then compare.
        setTimeout(() => {
          if (up) for (const entry of followed.values()) entry.followed.reconcile();
        }, heartbeatMs).unref();
      } catch (error) {
        lost((error as Error).message);
      } finally {
        rejoining = undefined;
      }
    })();
    return rejoining;
  }

  const envelope = (event: RoomEvent<unknown>): string => JSON.stringify({ from: instance, event } satisfies Envelope);

  function release(endpoint: string, room: string, name: string, farewell: RoomEvent<unknown>): void {
    const keys = roomKeys(endpoint, room);
    if (!up) {
      owed.push({ endpoint, room, name, farewell });
      return;
    }
    scripts
      .release(
        keys.members,
        keys.where,
        keys.seq,
        keys.history,
        keys.state,
        name,
        instance,
        keys.channel,
        envelope(farewell),
      )
      .catch(() => owed.push({ endpoint, room, name, farewell }));
  }

  /** Keeps this instance alive in Redis, and removes the members of instances that stopped doing so. */
  async function beat(): Promise<void> {
    if (!up) return;
    await command.set(aliveKey(instance), '1', 'PX', heartbeatMs * 3);
    for (const { endpoint, room } of followed.values()) {
      const keys = roomKeys(endpoint, room);
      const where = await command.hgetall(keys.where);
      const instances = [...new Set(Object.values(where))].filter((id) => id !== instance);
      for (const other of instances) {
        if ((await command.exists(aliveKey(other))) === 1) continue;
        for (const [name, holder] of Object.entries(where)) {
          if (holder !== other) continue;
          const message: PresenceMessage = { type: 'left', name, at: Date.now() };
          const event: RoomEvent<unknown> = { kind: 'left', name, message };
          // Published with the removal, so every instance (this one included) tells its members.
          await scripts.release(
            keys.members,
            keys.where,
            keys.seq,
            keys.history,
            keys.state,
            name,
            other,
            keys.channel,
            JSON.stringify({ from: other, event }),
          );
        }
      }
    }
  }
  const beating = setInterval(() => void beat().catch((error: Error) => lost(error.message)), heartbeatMs);
  beating.unref();

  function bus<M>(endpoint: 'chat' | 'notify' | 'collab'): RoomBus<M> {
    return {
      get connected() {
        return up;
      },
      presence(kind, name) {
        const message: PresenceMessage = { type: kind, name, at: Date.now() };
        // Every room endpoint's messages include PresenceMessage (see room-session.ts).
        return message as M;
      },
      async follow(room, entry) {
        const keys = roomKeys(endpoint, room);
        followed.set(keys.channel, { endpoint, room, followed: entry as FollowedRoom<unknown> });
        if (!up) return;
        try {
          await subscriber.subscribe(keys.channel);
        } catch (error) {
          lost((error as Error).message);
        }
      },
      unfollow(room) {
        const keys = roomKeys(endpoint, room);
        followed.delete(keys.channel);
        if (up) subscriber.unsubscribe(keys.channel).catch(() => {});
      },
      async claim(room, wanted, limits): Promise<Claim<M>> {
        const keys = roomKeys(endpoint, room);
        const result = await scripts.claim(
          keys.members,
          keys.where,
          keys.seq,
          keys.history,
          keys.state,
          wanted,
          instance,
          limits.members,
          limits.history,
        );
        if (result[0] === 0) {
          return { ok: false, reason: `room "${room}" is full: it holds at most ${limits.members} members` };
        }
        const [, name, members, history, version, state] = result;
        return {
          ok: true,
          name,
          members,
          history: history.map((line) => JSON.parse(line) as M),
          version: Number(version),
          state: parseJson(state),
        };
      },
      async restore(room, names) {
        const keys = roomKeys(endpoint, room);
        if (names.length === 0) return [];
        return scripts.restore(keys.members, keys.where, keys.seq, instance, ...names);
      },
      release(room, name, farewell) {
        release(endpoint, room, name, farewell as RoomEvent<unknown>);
      },
      publish(room, event, historyLimit = 20) {
        if (!up) return;
        const keys = roomKeys(endpoint, room);
        const payload = envelope(event as RoomEvent<unknown>);
        const sent =
          event.kind === 'record'
            ? command
                .multi()
                .rpush(keys.history, JSON.stringify(event.message))
                .ltrim(keys.history, -historyLimit, -1)
                .publish(keys.channel, payload)
                .exec()
            : command.publish(keys.channel, payload);
        // Lost while Redis is away: the others miss it, this instance's members already have it.
        sent.catch(() => {});
      },
      async commit(room, version, event): Promise<Commit> {
        const keys = roomKeys(endpoint, room);
        const result = await scripts.commit(
          keys.state,
          version,
          JSON.stringify(event.state),
          keys.channel,
          envelope(event as RoomEvent<unknown>),
        );
        if (result[0] === 1) return { ok: true };
        return { ok: false, version: Number(result[1]), state: parseJson(result[2]) };
      },
      async snapshot(room, historyLimit): Promise<RoomSnapshot<M>> {
        const keys = roomKeys(endpoint, room);
        const [members, history, state] = await Promise.all([
          command.zrange(keys.members, 0, -1),
          command.lrange(keys.history, -historyLimit, -1),
          command.hmget(keys.state, 'version', 'body'),
        ]);
        return {
          members,
          history: history.map((line) => JSON.parse(line) as M),
          version: Number(state[0] ?? 0),
          state: parseJson(state[1] ?? ''),
        };
      },
      async seed(room, history, version, state) {
        const keys = roomKeys(endpoint, room);
        await scripts.seed(
          keys.history,
          keys.state,
          version,
          state === null || state === undefined ? '' : JSON.stringify(state),
          ...history.map((message) => JSON.stringify(message)),
        );
      },
    };
  }

  // Start-up waits a little for Redis; without it the server still starts and serves alone until it comes.
  const ready = Promise.all(
    [command, subscriber].map(
      (connection) =>
        new Promise<void>((resolve) => {
          if (connection.status === 'ready') resolve();
          else connection.once('ready', () => resolve());
        }),
    ),
  );
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, options.connectTimeoutMs ?? 3000).unref());
  await Promise.race([ready.then(() => back()), timeout]);
  if (!up) lost('not reachable at start');

  return {
    instance,
    bus,
    get connected() {
      return up;
    },
    async close() {
      closing = true;
      clearInterval(beating);
      if (up) await command.del(aliveKey(instance)).catch(() => {});
      // quit waits for the replies still due (the last members' departures); disconnect when Redis is away.
      await Promise.all(
        [command, subscriber].map((connection) =>
          connection.status === 'ready'
            ? connection.quit().catch(() => connection.disconnect())
            : connection.disconnect(),
        ),
      );
    },
  };
}
