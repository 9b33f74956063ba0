/**
 * One-time tickets (the OWASP cheat sheet's "ticket-based authentication"):
 * a page that holds a token asks `POST /ticket` over HTTP, where it can send
 * an Authorization header, and opens `/secure?ticket=…` with what it got. A
 * ticket opens one connection, within seconds: one that leaks through a log
 * or a Referer is worth little.
 *
 * The store is an interface so a deployment of several instances can share
 * one (server/redis-tickets.ts): a ticket issued by one instance is redeemed
 * by another. The memory store here serves the page and a single server.
 */
import { isSecret, newSecret, type RandomBytes } from '../protocol/index.ts';
import type { Grant } from './credentials.ts';

export type Redemption =
  | { readonly ok: true; readonly grant: Grant }
  | { readonly ok: false; readonly why: 'unknown' | 'used' | 'expired' | 'unavailable' };

export interface TicketStore {
  /** A fresh ticket for this grant, valid `ttlMs` from `now`; undefined when the store is full or unreachable. */
  issue(grant: Grant, ttlMs: number, now: number): Promise<string | undefined>;
  /** Spends a ticket: the first redemption gets the grant, every later one `used`. */
  redeem(ticket: string, now: number): Promise<Redemption>;
  /** Tickets held (memory store), for tests and health pages. */
  readonly size?: number;
}

/** Default lifetime of a ticket (TICKET_TTL_MS on the live server). */
export const TICKET_TTL_MS = 30_000;
/** Shortest ticket a page may ask for. */
export const MIN_TICKET_TTL_MS = 1000;
/** Most tickets one memory store holds; past it `issue` answers undefined (503). */
export const MAX_TICKETS = 10_000;
/** A spent or expired ticket stays known this long past its expiry, so "used" and "expired" differ from "unknown". */
export const TICKET_KEPT_MS = 60_000;

interface StoredTicket {
  readonly grant: Grant;
  readonly expiresAt: number;
  used: boolean;
}

const UNKNOWN: Redemption = { ok: false, why: 'unknown' };
const USED: Redemption = { ok: false, why: 'used' };
const EXPIRED: Redemption = { ok: false, why: 'expired' };

export interface MemoryTicketStore extends TicketStore {
  readonly size: number;
}

/**
 * Tickets in this process's memory. Redeeming a wrong ticket only reads the
 * map (after a shape check), so a flood of guesses fills nothing; issuing
 * sweeps tickets past their keeping time, at most once a second or when full.
 */
export function createMemoryTicketStore(random: RandomBytes, limit = MAX_TICKETS): MemoryTicketStore {
  const tickets = new Map<string, StoredTicket>();
  let sweptAt = Number.NEGATIVE_INFINITY;

  function sweep(now: number): void {
    sweptAt = now;
    for (const [ticket, stored] of tickets) if (now >= stored.expiresAt + TICKET_KEPT_MS) tickets.delete(ticket);
  }

  return {
    async issue(grant, ttlMs, now) {
      if (tickets.size >= limit || now - sweptAt >= 1000) sweep(now);
      if (tickets.size >= limit) return undefined;
      const ticket = newSecret('ticket', random);
      tickets.set(ticket, { grant, expiresAt: now + ttlMs, used: false });
      return ticket;
    },
    async redeem(ticket, now) {
      const stored = isSecret(ticket, 'ticket') ? tickets.get(ticket) : undefined;
      // Past its keeping time a ticket is forgotten, whether or not a sweep has come by yet.
      if (!stored || now >= stored.expiresAt + TICKET_KEPT_MS) return UNKNOWN;
      if (stored.used) return USED;
      if (now >= stored.expiresAt) return EXPIRED;
      stored.used = true;
      return { ok: true, grant: stored.grant };
    },
    get size() {
      return tickets.size;
    },
  };
}
