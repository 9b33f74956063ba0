/**
 * The room store in Redis: the keys of each room, what travels on its
 * channel, and the Lua scripts that change them. Redis runs one script at a time, so each script is atomic for
 * the whole deployment: two instances cannot both hand out `ann`, and two
 * changes of a room's state cannot both build on the same version. Each
 * method names its arguments and reads its reply, so the order a script
 * takes KEYS and ARGV in and the shape of what it returns are written down
 * only here.
 */
import type { RoomEvent } from '../src/service/room-bus.ts';
import type { RedisConnection } from './redis-wires.ts';

const PREFIX = 'wsp';

/** The keys of one room: a pub/sub channel, and what a newcomer needs beside it. */
export interface RoomKeys {
  /** `endpoint:room`, for the log. */
  readonly name: string;
  readonly channel: string;
  /** A sorted set of member names, scored in order of arrival. */
  readonly members: string;
  /** A hash: which instance holds each member. */
  readonly where: string;
  /** The counter that scores arrivals. */
  readonly seq: string;
  /** A capped list of the last recorded messages, as JSON. */
  readonly history: string;
  /** A hash: the shared state's `version` and its `body` as JSON. */
  readonly state: string;
}

/**
 * The keys of one room, and its channel, in one hash slot (the `{…}` hash
 * tag): on a Redis Cluster its scripts and transactions run on one shard,
 * and its sharded channel lives on the same shard.
 */
export function roomKeys(endpoint: string, room: string): RoomKeys {
  const base = `${PREFIX}:{${endpoint}:${encodeURIComponent(room)}}`;
  return {
    name: `${endpoint}:${room}`,
    channel: base,
    members: `${base}:m`,
    where: `${base}:w`,
    seq: `${base}:s`,
    history: `${base}:h`,
    state: `${base}:st`,
  };
}

/** What travels on a room's channel: the event and the instance that published it. */
export interface Envelope {
  readonly from: string;
  readonly event: RoomEvent<unknown>;
}

/** The text of an envelope, as it is published. */
export const envelope = (from: string, event: RoomEvent<unknown>): string =>
  JSON.stringify({ from, event } satisfies Envelope);

/** The key an instance keeps refreshing while it is alive. */
export const aliveKey = (instance: string): string => `${PREFIX}:instance:${instance}`;

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

/**
 * Removes a name held by instance ARGV[2]; forgets the room with its last
 * member; publishes the farewell with ARGV[5] (publish, or spublish on a
 * cluster: the channel shares the keys' slot, so the script stays on one shard).
 */
const RELEASE = `
if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
if redis.call('ZCARD', KEYS[1]) == 0 then redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]) end
redis.call(ARGV[5], ARGV[3], ARGV[4])
return 1`;

/** Stores the next state if the stored version is still the one it was made from, and publishes it (ARGV[5] as in RELEASE). */
const COMMIT = `
local version = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if version ~= tonumber(ARGV[1]) then return {0, tostring(version), redis.call('HGET', KEYS[1], 'body') or ''} end
redis.call('HSET', KEYS[1], 'version', version + 1, 'body', ARGV[2])
redis.call(ARGV[5], ARGV[3], ARGV[4])
return {1}`;

/** Stores history and state kept through an outage where Redis has none, or an older state. */
const SEED = `
if redis.call('LLEN', KEYS[1]) == 0 and #ARGV > 2 then redis.call('RPUSH', KEYS[1], unpack(ARGV, 3)) end
if ARGV[2] ~= '' and tonumber(redis.call('HGET', KEYS[2], 'version') or '0') < tonumber(ARGV[1]) then
  redis.call('HSET', KEYS[2], 'version', ARGV[1], 'body', ARGV[2])
end
return 1`;

/** The scripts as ioredis's `defineCommand` adds them to a connection: KEYS first, then ARGV. */
interface ScriptCommands {
  claim(...args: (string | number)[]): Promise<[0] | [1, string, string[], string[], string, string]>;
  restore(...args: string[]): Promise<string[]>;
  release(...args: string[]): Promise<number>;
  commit(...args: (string | number)[]): Promise<[1] | [0, string, string]>;
  seed(...args: (string | number)[]): Promise<number>;
}

/** What `claim` read: no place, or the name it took and the room as stored. JSON texts are left to the caller. */
export type ClaimReply =
  | { readonly ok: false }
  | {
      readonly ok: true;
      readonly name: string;
      readonly members: string[];
      readonly history: string[];
      readonly version: number;
      /** The state's JSON, or '' before the first change. */
      readonly state: string;
    };

/** What `commit` did: stored, or the stored version was newer (here it is, with its JSON, '' when none). */
export type CommitReply =
  { readonly ok: true } | { readonly ok: false; readonly version: number; readonly state: string };

/** The room scripts, defined once on the command connection. */
export class RoomScripts {
  readonly #commands: ScriptCommands;
  readonly #publish: 'publish' | 'spublish';

  /** `publish`: how the scripts publish to a room's channel (SPUBLISH on a cluster). */
  constructor(command: RedisConnection, publish: 'publish' | 'spublish') {
    this.#publish = publish;
    command.defineCommand('claim', { numberOfKeys: 5, lua: CLAIM });
    command.defineCommand('restore', { numberOfKeys: 3, lua: RESTORE });
    command.defineCommand('release', { numberOfKeys: 5, lua: RELEASE });
    command.defineCommand('commit', { numberOfKeys: 1, lua: COMMIT });
    command.defineCommand('seed', { numberOfKeys: 2, lua: SEED });
    // defineCommand adds the methods at run time; ioredis's types cannot know them.
    this.#commands = command as unknown as ScriptCommands;
  }

  /** Takes a name for `wanted` held by `instance` if the room has fewer than `limits.members`, and reads the room. */
  async claim(
    keys: RoomKeys,
    wanted: string,
    instance: string,
    limits: { readonly members: number; readonly history: number },
  ): Promise<ClaimReply> {
    const reply = await this.#commands.claim(
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
    if (reply[0] === 0) return { ok: false };
    const [, name, members, history, version, state] = reply;
    return { ok: true, name, members, history, version: Number(version), state };
  }

  /** Puts `names` back as held by `instance`; answers those that were not there. */
  restore(keys: RoomKeys, instance: string, names: readonly string[]): Promise<string[]> {
    return this.#commands.restore(keys.members, keys.where, keys.seq, instance, ...names);
  }

  /** Removes `name` if `holder` holds it, and publishes `farewell` (an envelope's JSON) on the room's channel. */
  release(keys: RoomKeys, name: string, holder: string, farewell: string): Promise<number> {
    return this.#commands.release(
      keys.members,
      keys.where,
      keys.seq,
      keys.history,
      keys.state,
      name,
      holder,
      keys.channel,
      farewell,
      this.#publish,
    );
  }

  /** Stores `state` (JSON) as the next version if the stored one is still `version`, and publishes `change`. */
  async commit(keys: RoomKeys, version: number, state: string, change: string): Promise<CommitReply> {
    const reply = await this.#commands.commit(keys.state, version, state, keys.channel, change, this.#publish);
    if (reply[0] === 1) return { ok: true };
    return { ok: false, version: Number(reply[1]), state: reply[2] };
  }

  /** Stores `history` (JSON texts) where the room has none, and `state` (JSON, '' for none) where it is newer. */
  async seed(keys: RoomKeys, version: number, state: string, history: readonly string[]): Promise<void> {
    await this.#commands.seed(keys.history, keys.state, version, state, ...history);
  }
}
