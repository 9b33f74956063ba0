/**
 * The messages and numbers of the security lesson's endpoints, both ways:
 * `/secure` (who may connect, what each may do) and `/limited` (the limits
 * that protect the server). The page's demos and the service share them, so
 * the lesson states the same numbers the server enforces.
 */
import type { Role } from './credentials.ts';

export const SECURE_PATH = '/secure';
export const LIMITED_PATH = '/limited';
export const SECURE_SUMMARY =
  'who may connect (a cookie, a one-time ticket, a token in the subprotocol or the first message) and what each may do';

/**
 * The subprotocol a client offers beside its token in `auth=protocol`. The
 * server must answer with one of the offered values (§4.1, §4.2.2): it answers
 * this one, so the token is never echoed into the 101.
 */
export const BEARER_PROTOCOL = 'wsp.bearer';

/** The session cookie `POST /login` sets (HttpOnly, SameSite=Strict). */
export const SESSION_COOKIE = 'wsp_session';

/** `auth=message`: how long the server waits for `{"type":"auth"}` before closing with 1008. */
export const AUTH_DEADLINE_MS = 3000;

/**
 * The close code for credentials that ran out on an open connection: an
 * application's own code (§7.4.2: 4000-4999 are for applications).
 */
export const CLOSE_CREDENTIALS_EXPIRED = 4001;
export const CREDENTIALS_EXPIRED_REASON = 'credentials expired';

/** How long before expiry the server warns: at most this, at most half of what was left at the welcome. */
export const EXPIRY_WARNING_MS = 5000;

/** Most characters in a post. */
export const POST_TEXT_MAX = 280;

/** How a connection to /secure proved who it is: the `auth=` query parameter. */
export const AuthVia = { cookie: 'cookie', ticket: 'ticket', protocol: 'protocol', message: 'message' } as const;
export type AuthVia = (typeof AuthVia)[keyof typeof AuthVia];

// /secure, client to server

/** The credential for `auth=message` (the first message), or a fresh one later (re-authentication). */
export interface AuthMessage {
  readonly type: 'auth';
  readonly token: string;
}

/** Write something: members may, readers may not (checked on every message). */
export interface PostMessage {
  readonly type: 'post';
  readonly text: string;
}

export type SecureClientMessage = AuthMessage | PostMessage;

// /secure, server to client

/** Once the connection has proved who it is. */
export interface SecureWelcomeMessage {
  readonly type: 'welcome';
  readonly user: string;
  readonly role: Role;
  readonly via: AuthVia;
  /** Until the credential expires and the server closes with 4001, unless re-authenticated. */
  readonly expiresInMs: number;
}

/** A member's post, sent back to the member. */
export interface PostedMessage {
  readonly type: 'posted';
  readonly by: string;
  readonly text: string;
}

/** Sent shortly before the credential expires: send a fresh `auth` within `inMs`. */
export interface ExpiringMessage {
  readonly type: 'expiring';
  readonly inMs: number;
}

/** A fresh token for the same user was accepted: the connection lives on. */
export interface ReauthenticatedMessage {
  readonly type: 'reauthenticated';
  readonly expiresInMs: number;
}

/** A message refused; the connection stays open. */
export interface SecureErrorMessage {
  readonly type: 'error';
  readonly reason: string;
}

export type SecureServerMessage =
  SecureWelcomeMessage | PostedMessage | ExpiringMessage | ReauthenticatedMessage | SecureErrorMessage;

// /limited

/** The limits /limited enforces, the same in the page and on the live server. */
export const LESSON_LIMITS = {
  /** Largest message, in bytes; a bigger one is closed with 1009 (§7.4.1). */
  maxMessageBytes: 1024,
  /** Most messages in one second; one more is closed with 1008. */
  messagesPerSecond: 5,
  /** Most open connections in one group; one more is refused with 503 at the handshake. */
  connectionsPerGroup: 3,
  /** Most bytes waiting for a slow reader; past it the connection is closed with 1008. */
  sendBufferBytes: 65_536,
} as const;

/** Client to server on /limited: start pushing binary messages as fast as the clock allows. */
export interface FloodMessage {
  readonly type: 'flood';
}
export const FLOOD_MESSAGE = '{"type":"flood"}';

/** One binary message of the flood. */
export const FLOOD_CHUNK_BYTES = 16_384;
/** The flood stops by itself after this many bytes. */
export const FLOOD_TOTAL_BYTES = 64 * 1024 * 1024;
/**
 * How often the flood sends, and how many messages each time: 1.6 MB/s, fast enough to fill a stalled
 * reader's kernel buffers (about 5 MB on loopback) in seconds, slow enough that the page keeps up with the
 * trace of it on /inspect (every frame as hex, twice the bytes), which is cut off past 1 MiB behind.
 */
export const FLOOD_TICK_MS = 20;
export const FLOOD_CHUNKS_PER_TICK = 2;

/** The flood ended without the reader being closed: `sent` bytes. */
export interface FloodDoneMessage {
  readonly type: 'flood-done';
  readonly sent: number;
}
