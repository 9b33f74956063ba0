/**
 * Tickets in Redis, so a ticket one instance issued opens a connection on
 * any other (the page's `POST /ticket` and its `/secure?ticket=` may reach
 * two instances behind a load balancer). Used when REDIS_URL is set; the
 * in-memory store (src/service/tickets.ts) otherwise.
 *
 * - A ticket is stored under the SHA-256 of its text, never the text: a
 *   key seen in Redis (KEYS, MONITOR, a slow log, a dump) or in our starred
 *   logs cannot be turned back into a ticket that opens a connection.
 * - Redeeming is one Lua script: Redis runs one script at a time, so of two
 *   instances redeeming the same ticket at once exactly one wins, and the
 *   other reads "used".
 * - A key lives until the ticket's expiry plus a minute, so a reused ticket
 *   is told apart from an unknown one; a sorted set of the keys by that time
 *   bounds how many live at once.
 * - While Redis is away the store answers 'unavailable' at once (the
 *   connection queues nothing), never a guess; while it is sick, once the
 *   command's deadline has passed or too many commands wait already.
 */
import { createHash } from 'node:crypto';
import { isSecret, newSecret, type RandomBytes } from '../src/protocol/index.ts';
import { Role, type Grant } from '../src/service/credentials.ts';
import { MAX_TICKETS, TICKET_KEPT_MS, type Redemption, type TicketStore } from '../src/service/tickets.ts';
import type { RedisSend } from './redis-link.ts';
import type { RedisConnection } from './redis-wires.ts';

/** One hash slot (`{…}`) for every ticket key and the index: on a Redis Cluster the scripts run on one shard. */
const PREFIX = 'wsp:{tickets}';
const INDEX = `${PREFIX}:live`;

/** The key of a ticket: its SHA-256, base64url. */
export function ticketKey(ticket: string): string {
  return `${PREFIX}:${createHash('sha256').update(ticket).digest('base64url')}`;
}

/**
 * Stores a ticket if there is a place. KEYS: the ticket, the index. ARGV: now, the key's time to live, the most
 * tickets, then user, role, the grant's expiry and the ticket's own.
 */
const ISSUE = `
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[3]) then return 0 end
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'user', ARGV[4], 'role', ARGV[5], 'grant', ARGV[6], 'expires', ARGV[7], 'used', '0')
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], tonumber(ARGV[1]) + tonumber(ARGV[2]), KEYS[1])
return 1`;

/**
 * Redeems a ticket once. KEYS: the ticket. ARGV: now. Reads only, and writes nothing, for a ticket it does not
 * know: a flood of wrong tickets costs Redis no memory.
 */
const REDEEM = `
local t = redis.call('HMGET', KEYS[1], 'used', 'expires', 'user', 'role', 'grant')
if not t[1] then return {'unknown'} end
if t[1] == '1' then return {'used'} end
if tonumber(ARGV[1]) >= tonumber(t[2]) then return {'expired'} end
redis.call('HSET', KEYS[1], 'used', '1')
return {'ok', t[3], t[4], t[5]}`;

/** The scripts as ioredis's `defineCommand` adds them to a connection: KEYS first, then ARGV. */
interface TicketCommands {
  issueTicket(...args: (string | number)[]): Promise<0 | 1>;
  redeemTicket(key: string, now: number): Promise<[string, string?, string?, string?]>;
}

const ROLES: ReadonlySet<string> = new Set(Object.values(Role));

function isRole(value: string | undefined): value is Role {
  return value !== undefined && ROLES.has(value);
}

export interface RedisTicketOptions {
  /** Random bytes for new tickets (node's randomBytes on the server). */
  readonly random: RandomBytes;
  /** Most tickets held at once; MAX_TICKETS by default. */
  readonly maxTickets?: number;
}

/** The TicketStore of a deployment of several instances, over the instance's command connection. */
export class RedisTicketStore implements TicketStore {
  readonly #commands: TicketCommands;
  readonly #random: RandomBytes;
  readonly #maxTickets: number;
  readonly #send: RedisSend;

  /** `send` is how each script goes out: the link's, which gives it a deadline and a cap. */
  constructor(command: RedisConnection, options: RedisTicketOptions, send: RedisSend = (run) => run()) {
    command.defineCommand('issueTicket', { numberOfKeys: 2, lua: ISSUE });
    command.defineCommand('redeemTicket', { numberOfKeys: 1, lua: REDEEM });
    // defineCommand adds the methods at run time; ioredis's types cannot know them.
    this.#commands = command as unknown as TicketCommands;
    this.#random = options.random;
    this.#maxTickets = options.maxTickets ?? MAX_TICKETS;
    this.#send = send;
  }

  async issue(grant: Grant, ttlMs: number, now: number): Promise<string | undefined> {
    const ticket = newSecret('ticket', this.#random);
    try {
      const stored = await this.#send(
        () =>
          this.#commands.issueTicket(
            ticketKey(ticket),
            INDEX,
            now,
            ttlMs + TICKET_KEPT_MS,
            this.#maxTickets,
            grant.user,
            grant.role,
            grant.expiresAt,
            now + ttlMs,
          ),
        INDEX,
      );
      return stored === 1 ? ticket : undefined;
    } catch {
      // Redis is away, sick or has too many commands waiting: no ticket, as when the store is full.
      return undefined;
    }
  }

  async redeem(ticket: string, now: number): Promise<Redemption> {
    // Not even the shape of a ticket: no need to ask Redis.
    if (!isSecret(ticket, 'ticket')) return { ok: false, why: 'unknown' };
    let reply: Awaited<ReturnType<TicketCommands['redeemTicket']>>;
    try {
      reply = await this.#send(() => this.#commands.redeemTicket(ticketKey(ticket), now), INDEX);
    } catch {
      return { ok: false, why: 'unavailable' };
    }
    const [state, user, role, expiresAt] = reply;
    if (state === 'used' || state === 'expired' || state === 'unknown') return { ok: false, why: state };
    if (state !== 'ok' || user === undefined || !isRole(role)) return { ok: false, why: 'unknown' };
    return { ok: true, grant: { user, role, expiresAt: Number(expiresAt) } };
  }
}
