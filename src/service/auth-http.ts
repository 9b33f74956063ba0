/**
 * The two HTTP requests of the security lesson, answered the same in the
 * page (Simulated mode) and on the live server: `POST /login` signs a reader
 * in (a session cookie and an access token), `POST /ticket` trades a token
 * for a one-time ticket. Plain HTTP, because a page can send an
 * Authorization header on a fetch and never on a WebSocket handshake.
 *
 * Origin rules and CORS headers are the live server's business (it decides
 * as for a handshake); the page's stand-in runs on its own origin.
 */
import { SESSION_LIFETIME_MS, TOKEN_LIFETIME, type CredentialStore, Role } from './credentials.ts';
import { fitsInteger, describeInteger, type IntegerRule, type Read } from './query.ts';
import { SESSION_COOKIE } from './security-messages.ts';
import type { Clock } from './peer.ts';
import { MIN_TICKET_TTL_MS, type TicketStore } from './tickets.ts';
import { shownJson } from './json-peer.ts';

export const LOGIN_PATH = '/login';
export const TICKET_PATH = '/ticket';

/** An HTTP answer: the live server writes it out, the page's stand-in hands it over as it is. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: [string, string][];
  /** JSON. */
  readonly body: string;
}

export interface AuthHttp {
  /** `POST /login` with `{"name","role","tokenLifetimeMs"?}`. */
  login(body: string): Promise<HttpAnswer>;
  /** `POST /ticket` with `Authorization: Bearer <token>` and `{}` or `{"ttlMs": n}`. */
  ticket(authorization: string | undefined, body: string): Promise<HttpAnswer>;
}

export interface LoginAnswer {
  readonly user: string;
  readonly role: Role;
  readonly token: string;
  readonly tokenExpiresInMs: number;
  readonly sessionExpiresInMs: number;
}

export interface TicketAnswer {
  readonly ticket: string;
  readonly expiresInMs: number;
}

export interface HttpErrorAnswer {
  readonly error: string;
}

/** Most characters of a request body either request reads; the live server caps what it reads too. */
export const MAX_AUTH_BODY = 1024;
/** A name: 1 to 24 letters, digits, spaces, - or _ (so it is safe in a log line and a cookie-free page). */
export const USER_NAME = /^[\p{L}\p{N} _-]{1,24}$/u;

export interface AuthHttpOptions {
  readonly clock: Clock;
  readonly credentials: CredentialStore;
  readonly tickets: TicketStore;
  /** The longest (and default) ticket lifetime. */
  readonly ticketTtlMs: number;
}

function answer(status: number, body: object, headers: [string, string][] = []): HttpAnswer {
  return {
    status,
    // no-store: the body may hold a token or a ticket, which no cache should keep (RFC 6749 §5.1).
    headers: [['Content-Type', 'application/json; charset=utf-8'], ['Cache-Control', 'no-store'], ...headers],
    body: JSON.stringify(body),
  };
}

function failure(status: number, error: string, headers: [string, string][] = []): HttpAnswer {
  const body: HttpErrorAnswer = { error };
  return answer(status, body, headers);
}

function readBody(body: string, example: string): Read<Readonly<Record<string, unknown>>> {
  if (body.length > MAX_AUTH_BODY) return { ok: false, reason: `the body is over ${MAX_AUTH_BODY} characters` };
  if (body.trim() === '') return { ok: true, value: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { ok: false, reason: `the body is not JSON; send ${example}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, reason: `the body must be a JSON object such as ${example}` };
  }
  return { ok: true, value: parsed as Readonly<Record<string, unknown>> };
}

function readNumber(fields: Readonly<Record<string, unknown>>, name: string, rule: IntegerRule): Read<number> {
  const value = fields[name];
  if (value === undefined && rule.fallback !== undefined) return { ok: true, value: rule.fallback };
  if (!fitsInteger(value, rule)) {
    return { ok: false, reason: `"${name}" must be ${describeInteger(rule)}; got ${shownJson(value)}` };
  }
  return { ok: true, value };
}

const LOGIN_EXAMPLE = '{"name":"ada","role":"member"}';
const ROLES = Object.values(Role);

/** `Authorization: Bearer <token>` (RFC 6750 §2.1); the scheme's case does not matter (RFC 9110 §11.1). */
function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^\s*bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
}

export function createAuthHttp({ clock, credentials, tickets, ticketTtlMs }: AuthHttpOptions): AuthHttp {
  const ttlRule: IntegerRule = { min: MIN_TICKET_TTL_MS, max: ticketTtlMs, of: 'milliseconds', fallback: ticketTtlMs };
  return {
    async login(body) {
      const read = readBody(body, LOGIN_EXAMPLE);
      if (!read.ok) return failure(400, read.reason);
      const fields = read.value;
      const name = typeof fields.name === 'string' ? fields.name.trim() : undefined;
      if (name === undefined || !USER_NAME.test(name)) {
        return failure(400, `"name" must be 1 to 24 letters, digits, spaces, - or _; got ${shownJson(fields.name)}`);
      }
      const role = ROLES.find((candidate) => candidate === fields.role);
      if (role === undefined) {
        return failure(400, `"role" must be one of ${ROLES.join(', ')}; got ${shownJson(fields.role)}`);
      }
      const lifetime = readNumber(fields, 'tokenLifetimeMs', TOKEN_LIFETIME);
      if (!lifetime.ok) return failure(400, lifetime.reason);
      const now = clock.now();
      const signedIn = credentials.signIn(name, role, lifetime.value, now);
      if (!signedIn) return failure(503, 'too many sign-ins at once: try again in a minute');
      const result: LoginAnswer = {
        user: signedIn.user,
        role: signedIn.role,
        token: signedIn.token,
        tokenExpiresInMs: signedIn.tokenExpiresAt - now,
        sessionExpiresInMs: signedIn.sessionExpiresAt - now,
      };
      // HttpOnly: no script reads it; SameSite=Strict: no other site's page makes the browser send it (§10.2's worry).
      const cookie = `${SESSION_COOKIE}=${signedIn.session}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_LIFETIME_MS / 1000}`;
      return answer(200, result, [['Set-Cookie', cookie]]);
    },

    async ticket(authorization, body) {
      const token = bearerToken(authorization);
      // RFC 6750 §3: a 401 names the scheme the client should use.
      if (token === undefined) {
        return failure(
          401,
          authorization === undefined
            ? 'no Authorization header: send "Authorization: Bearer <token>" with the token from POST /login'
            : 'the Authorization header is not "Bearer <token>"',
          [['WWW-Authenticate', 'Bearer']],
        );
      }
      const found = credentials.byToken(token, clock.now());
      if (!found.ok) {
        return failure(401, found.why === 'expired' ? 'token expired: sign in again' : 'token unknown: sign in again', [
          ['WWW-Authenticate', `Bearer error="invalid_token"`],
        ]);
      }
      const read = readBody(body, '{"ttlMs":10000}');
      if (!read.ok) return failure(400, read.reason);
      const ttl = readNumber(read.value, 'ttlMs', ttlRule);
      if (!ttl.ok) return failure(400, ttl.reason);
      let ticket: string | undefined;
      try {
        ticket = await tickets.issue(found.grant, ttl.value, clock.now());
      } catch {
        ticket = undefined;
      }
      if (ticket === undefined) return failure(503, 'the ticket store is full or unreachable: try again shortly');
      const result: TicketAnswer = { ticket, expiresInMs: ttl.value };
      return answer(200, result);
    },
  };
}
