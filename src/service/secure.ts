/**
 * `/secure?auth=cookie|ticket|protocol|message`: one endpoint that checks
 * who connects in the four ways a browser page can prove it (the browser
 * API cannot set an Authorization header on a handshake), then checks what
 * the connection may do on every message, and closes it when its
 * credential expires unless the client re-authenticates over it.
 *
 * Nothing this endpoint says (a refusal, a close reason, an error message,
 * a log line) holds a secret: reasons pass through redactSecrets besides.
 */
import { SECRET_PREFIX, redactSecrets } from '../protocol/index.ts';
import type { CredentialStore, Grant, Lookup } from './credentials.ts';
import type { Admission, Endpoint, HandshakeInfo } from './endpoint.ts';
import { readTextField } from './fields.ts';
import { readJson, shownJson, type Incoming } from './json-peer.ts';
import type { Cancel, Clock, Peer, Session } from './peer.ts';
import { readChoice, readOptional } from './query.ts';
import {
  AUTH_DEADLINE_MS,
  AuthVia,
  BEARER_PROTOCOL,
  CLOSE_CREDENTIALS_EXPIRED,
  CREDENTIALS_EXPIRED_REASON,
  EXPIRY_WARNING_MS,
  POST_TEXT_MAX,
  SECURE_PATH,
  SECURE_SUMMARY,
  SESSION_COOKIE,
  type SecureServerMessage,
} from './security-messages.ts';
import { createSessionTimers } from './session-timers.ts';
import type { Redemption, TicketStore } from './tickets.ts';

export interface SecureOptions {
  readonly clock: Clock;
  readonly credentials: CredentialStore;
  readonly tickets: TicketStore;
}

/** §7.4.1: 1008 Policy Violation, "a generic status code" for a message that breaks the endpoint's policy. */
const POLICY_VIOLATION = 1008;

const UNDERSTANDS = '/secure understands {"type":"post","text":"…"} and {"type":"auth","token":"…"}';
const AUTH_EXAMPLE = '{"type":"auth","token":"wsp_at_…"}';

/** Why a token or session is refused, in words that never repeat it. */
function lookupReason(kind: 'token' | 'session', why: Extract<Lookup, { ok: false }>['why']): string {
  return why === 'expired' ? `${kind} expired: sign in again` : `${kind} unknown: sign in again`;
}

const TICKET_REASONS: Readonly<Record<Extract<Redemption, { ok: false }>['why'], string>> = {
  unknown: 'ticket unknown: it was never issued, or is long gone; ask POST /ticket for one',
  used: 'ticket already used: a ticket opens one connection; ask POST /ticket for another',
  expired: 'ticket expired: tickets live for seconds; ask POST /ticket for a fresh one',
  unavailable: 'the ticket store is unreachable: try again shortly',
};

type Refusal = Extract<Admission, { ok: false }>;

/** A refusal whose words cannot carry a secret, whatever went into them. */
function refuseSafely(reason: string, status = 400): Refusal {
  return { ok: false, status, reason: redactSecrets(reason) };
}

const isRefusal = (checked: Grant | Refusal): checked is Refusal => 'ok' in checked;

/** The value of one cookie in a Cookie header (RFC 6265 §4.2.1: `a=1; b=2`), the first if repeated. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const pair of header.split(';')) {
    const equals = pair.indexOf('=');
    if (equals !== -1 && pair.slice(0, equals).trim() === name) return pair.slice(equals + 1).trim();
  }
  return undefined;
}

const isToken = (value: string): boolean => value.startsWith(SECRET_PREFIX.token);

async function admitByTicket(ticket: string | undefined, tickets: TicketStore, now: number): Promise<Refusal | Grant> {
  if (ticket === undefined) return refuseSafely('ticket is required with auth=ticket: ask POST /ticket for one', 401);
  let redeemed: Redemption;
  try {
    redeemed = await tickets.redeem(ticket, now);
  } catch {
    redeemed = { ok: false, why: 'unavailable' };
  }
  if (!redeemed.ok) return refuseSafely(TICKET_REASONS[redeemed.why], redeemed.why === 'unavailable' ? 503 : 403);
  // The ticket is fresh, but the token it was bought with may have run out meanwhile.
  if (now >= redeemed.grant.expiresAt)
    return refuseSafely('the token behind this ticket has expired: sign in again', 403);
  return redeemed.grant;
}

function admitByProtocol(protocols: readonly string[], credentials: CredentialStore, now: number): Refusal | Grant {
  const tokens = protocols.filter(isToken);
  if (tokens.length === 0) {
    return refuseSafely(
      `auth=protocol needs a token offered in Sec-WebSocket-Protocol beside "${BEARER_PROTOCOL}"`,
      401,
    );
  }
  if (tokens.length > 1) return refuseSafely('offer one token in Sec-WebSocket-Protocol, not several');
  const found = credentials.byToken(tokens[0], now);
  return found.ok ? found.grant : refuseSafely(lookupReason('token', found.why), 403);
}

function admitByCookie(cookie: string | undefined, credentials: CredentialStore, now: number): Refusal | Grant {
  const session = readCookie(cookie, SESSION_COOKIE);
  if (session === undefined || session === '') {
    return refuseSafely(`no ${SESSION_COOKIE} cookie: sign in first (POST /login sets it)`, 401);
  }
  const found = credentials.bySession(session, now);
  return found.ok ? found.grant : refuseSafely(lookupReason('session', found.why), 403);
}

export function createSecureEndpoint({ clock, credentials, tickets }: SecureOptions): Endpoint {
  async function admit(query: ReadonlyMap<string, string>, handshake: HandshakeInfo): Promise<Admission> {
    const via = readChoice(query, 'auth', Object.values(AuthVia));
    if (!via.ok) return refuseSafely(via.reason);
    // §4.1: the client fails a 101 whose Sec-WebSocket-Protocol it did not offer, so a server that took the
    // token as the subprotocol would have to echo it. This one answers "wsp.bearer", and wants it offered.
    if (handshake.protocols.some(isToken) && !handshake.protocols.includes(BEARER_PROTOCOL)) {
      return refuseSafely(
        `a token was offered in Sec-WebSocket-Protocol without "${BEARER_PROTOCOL}": the server must answer with an offered value, and this server never echoes a token`,
      );
    }
    const now = clock.now();
    let grant: Refusal | Grant | undefined;
    switch (via.value) {
      case AuthVia.cookie:
        grant = admitByCookie(handshake.cookie, credentials, now);
        break;
      case AuthVia.ticket:
        grant = await admitByTicket(readOptional(query, 'ticket'), tickets, now);
        break;
      case AuthVia.protocol:
        grant = admitByProtocol(handshake.protocols, credentials, now);
        break;
      case AuthVia.message:
        // Admitted unauthenticated: the first message must bring the token, within the deadline.
        grant = undefined;
        break;
    }
    if (grant !== undefined && isRefusal(grant)) return grant;
    const admitted = grant;
    return { ok: true, open: (peer) => openSecureSession(peer, via.value, admitted) };
  }

  function openSecureSession(peer: Peer, via: AuthVia, admitted: Grant | undefined): Session {
    const timers = createSessionTimers(clock);
    let grant: Grant | undefined;
    let open = true;
    let cancelExpiry: Cancel[] = [];

    function send(message: SecureServerMessage): void {
      peer.send(JSON.stringify(message));
    }

    function sendError(reason: string): void {
      send({ type: 'error', reason: redactSecrets(reason) });
    }

    function close(code: number, reason: string): void {
      if (!open) return;
      open = false;
      timers.stop();
      peer.close(code, redactSecrets(reason));
    }

    /** The warning, then the close, unless a fresh token moves them on. */
    function scheduleExpiry(expiresAt: number): void {
      for (const cancel of cancelExpiry) cancel();
      const remaining = expiresAt - clock.now();
      const warning = Math.min(EXPIRY_WARNING_MS, Math.floor(remaining / 2));
      cancelExpiry = [
        timers.after(remaining - warning, () => send({ type: 'expiring', inMs: expiresAt - clock.now() })),
        timers.after(remaining, () => {
          peer.log('credentials-expired', { user: grant?.user, code: CLOSE_CREDENTIALS_EXPIRED });
          close(CLOSE_CREDENTIALS_EXPIRED, CREDENTIALS_EXPIRED_REASON);
        }),
      ];
    }

    function welcome(granted: Grant): void {
      grant = granted;
      const expiresInMs = granted.expiresAt - clock.now();
      peer.log('authenticated', { user: granted.user, role: granted.role, via });
      send({ type: 'welcome', user: granted.user, role: granted.role, via, expiresInMs });
      scheduleExpiry(granted.expiresAt);
    }

    function refuseFirstMessage(why: string): void {
      peer.log('auth-failed', { via, why });
      close(POLICY_VIOLATION, why);
    }

    /** `auth=message`: the one message a connection may send before it is known. */
    function firstMessage(data: string | Uint8Array): void {
      const read = readJson(data, UNDERSTANDS);
      const token = read.ok && read.value.type === 'auth' ? read.value.token : undefined;
      if (typeof token !== 'string') return refuseFirstMessage(`first message must be ${AUTH_EXAMPLE}`);
      const found = credentials.byToken(token, clock.now());
      if (!found.ok) return refuseFirstMessage(lookupReason('token', found.why));
      welcome(found.grant);
    }

    function post(message: Incoming, granted: Grant): void {
      // Authorization on every message: being connected says who you are, not what you may do.
      if (granted.role !== 'member') {
        peer.log('post-refused', { user: granted.user, role: granted.role });
        return sendError(`${granted.user} signed in as a ${granted.role}: readers may read, not post`);
      }
      const text = readTextField(message, 'text', { maxLength: POST_TEXT_MAX, lines: true });
      if (!text.ok) return sendError(text.reason);
      send({ type: 'posted', by: granted.user, text: text.value });
    }

    function reauthenticate(message: Incoming, granted: Grant): void {
      const { token } = message;
      if (typeof token !== 'string') return sendError(`"token" must be a string; got ${shownJson(token)}`);
      const found = credentials.byToken(token, clock.now());
      const why = !found.ok
        ? lookupReason('token', found.why)
        : found.grant.user !== granted.user
          ? 'that token is for another user: re-authentication keeps the user'
          : undefined;
      if (why !== undefined || !found.ok) {
        peer.log('reauth-refused', { user: granted.user, why });
        return sendError(why ?? lookupReason('token', 'unknown'));
      }
      grant = found.grant;
      peer.log('reauthenticated', { user: grant.user, role: grant.role });
      send({ type: 'reauthenticated', expiresInMs: grant.expiresAt - clock.now() });
      scheduleExpiry(grant.expiresAt);
    }

    if (admitted) {
      // A ticket looked up elsewhere may have taken long enough for its grant to run out.
      if (admitted.expiresAt <= clock.now()) {
        peer.log('credentials-expired', { user: admitted.user, code: CLOSE_CREDENTIALS_EXPIRED });
        close(CLOSE_CREDENTIALS_EXPIRED, CREDENTIALS_EXPIRED_REASON);
      } else {
        welcome(admitted);
      }
    } else {
      timers.after(AUTH_DEADLINE_MS, () => {
        if (grant) return;
        peer.log('auth-timeout', { via, limitMs: AUTH_DEADLINE_MS });
        close(POLICY_VIOLATION, `no credentials within ${AUTH_DEADLINE_MS / 1000} s`);
      });
    }

    return {
      message(data) {
        if (!open) return;
        if (!grant) return firstMessage(data);
        const read = readJson(data, UNDERSTANDS);
        if (!read.ok) return sendError(read.reason);
        const granted = grant;
        if (read.value.type === 'post') return post(read.value, granted);
        if (read.value.type === 'auth') return reauthenticate(read.value, granted);
        sendError(`unknown message type ${shownJson(read.value.type)}; ${UNDERSTANDS}`);
      },
      closed() {
        open = false;
        timers.stop();
      },
    };
  }

  return {
    path: SECURE_PATH,
    summary: SECURE_SUMMARY,
    protocols: [BEARER_PROTOCOL],
    admit: (target, handshake) => admit(target.query, handshake),
  };
}
