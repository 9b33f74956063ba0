/**
 * Who a reader is, in memory: a sign-in gives a session id (the cookie) and
 * an access token, each a secret (secrets.ts) that names a grant. Both wires
 * hold their own store: the page's sign-ins live in the page, the server's in
 * the server (tickets can span instances, see tickets.ts; sign-ins need not,
 * since a ticket carries its grant).
 *
 * Bounded and swept: at most MAX_CREDENTIALS of each kind; expired ones are
 * kept a while (so the answer can say "expired" rather than "unknown") and
 * then forgotten. A lookup of a wrong secret allocates nothing.
 */
import { isSecret, newSecret, type RandomBytes } from '../protocol/index.ts';
import type { IntegerRule } from './query.ts';

export const Role = { member: 'member', reader: 'reader' } as const;
export type Role = (typeof Role)[keyof typeof Role];

/** What a credential allows: who, in which role, until when. */
export interface Grant {
  readonly user: string;
  readonly role: Role;
  /** When the credential it came from expires, in clock milliseconds. */
  readonly expiresAt: number;
}

/** The session cookie's lifetime (its Max-Age is this in seconds). */
export const SESSION_LIFETIME_MS = 600_000;
/** The access token's lifetime, as the page asks for it. */
export const TOKEN_LIFETIME: IntegerRule = { min: 3000, max: 600_000, of: 'milliseconds', fallback: 60_000 };
/** Most live sessions, and most live tokens, one store holds; past it a sign-in gets 503. */
export const MAX_CREDENTIALS = 10_000;
/** How long an expired credential is still known as expired before it is forgotten. */
export const EXPIRED_KEPT_MS = 60_000;

export interface SignIn {
  readonly user: string;
  readonly role: Role;
  readonly session: string;
  readonly sessionExpiresAt: number;
  readonly token: string;
  readonly tokenExpiresAt: number;
}

export type Lookup =
  { readonly ok: true; readonly grant: Grant } | { readonly ok: false; readonly why: 'unknown' | 'expired' };

export interface CredentialStore {
  /** A session and a token for this user, or undefined when the store is full. */
  signIn(user: string, role: Role, tokenLifetimeMs: number, now: number): SignIn | undefined;
  /** The grant of a session id (the cookie's value). */
  bySession(session: string, now: number): Lookup;
  /** The grant of an access token. */
  byToken(token: string, now: number): Lookup;
  /** Sessions and tokens held, expired ones not yet swept included. */
  readonly size: number;
}

const UNKNOWN: Lookup = { ok: false, why: 'unknown' };
const EXPIRED: Lookup = { ok: false, why: 'expired' };

/** A map of secrets to grants, swept of long-expired entries when it fills or every minute. */
class GrantMap {
  readonly #grants = new Map<string, Grant>();
  #sweptAt = Number.NEGATIVE_INFINITY;

  get size(): number {
    return this.#grants.size;
  }

  hasRoom(now: number): boolean {
    if (this.#grants.size >= MAX_CREDENTIALS || now - this.#sweptAt >= EXPIRED_KEPT_MS) this.#sweep(now);
    return this.#grants.size < MAX_CREDENTIALS;
  }

  add(secret: string, grant: Grant): void {
    this.#grants.set(secret, grant);
  }

  look(secret: string, now: number): Lookup {
    const grant = this.#grants.get(secret);
    if (!grant || now >= grant.expiresAt + EXPIRED_KEPT_MS) return UNKNOWN;
    return now < grant.expiresAt ? { ok: true, grant } : EXPIRED;
  }

  #sweep(now: number): void {
    this.#sweptAt = now;
    for (const [secret, grant] of this.#grants) {
      if (now >= grant.expiresAt + EXPIRED_KEPT_MS) this.#grants.delete(secret);
    }
  }
}

export function createCredentialStore(random: RandomBytes): CredentialStore {
  const sessions = new GrantMap();
  const tokens = new GrantMap();
  return {
    signIn(user, role, tokenLifetimeMs, now) {
      if (!sessions.hasRoom(now) || !tokens.hasRoom(now)) return undefined;
      const session = newSecret('session', random);
      const token = newSecret('token', random);
      const sessionExpiresAt = now + SESSION_LIFETIME_MS;
      const tokenExpiresAt = now + tokenLifetimeMs;
      sessions.add(session, { user, role, expiresAt: sessionExpiresAt });
      tokens.add(token, { user, role, expiresAt: tokenExpiresAt });
      return { user, role, session, sessionExpiresAt, token, tokenExpiresAt };
    },
    // The shape is checked first: a wrong secret of any length costs one test and no map lookup.
    bySession: (session, now) => (isSecret(session, 'session') ? sessions.look(session, now) : UNKNOWN),
    byToken: (token, now) => (isSecret(token, 'token') ? tokens.look(token, now) : UNKNOWN),
    get size() {
      return sessions.size + tokens.size;
    },
  };
}
