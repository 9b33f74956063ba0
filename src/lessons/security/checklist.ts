/**
 * The OWASP WebSocket Security Cheat Sheet, item by item, against this
 * project: what the server does about it, the environment variables that
 * set it (with their defaults, as server/limits.ts and server/config.ts
 * have them; the lesson's test compares), and where the course shows it.
 */
import { HEARTBEAT_MS } from '../../service/heartbeat.ts';
import { TICKET_TTL_MS } from '../../service/tickets.ts';

/** A server setting: its environment variable and its default. */
export interface Setting {
  readonly name: string;
  readonly byDefault: string;
}

/** A place in the course: `#/lesson/section`. */
export interface Place {
  readonly href: string;
  readonly text: string;
}

export interface ChecklistRow {
  /** The cheat sheet's item, in its words as far as a line allows. */
  readonly item: string;
  /** What this project does about it. */
  readonly here: string;
  readonly settings: readonly Setting[];
  readonly see: readonly Place[];
}

const HERE = '#/security/';

export const CHECKLIST: readonly ChecklistRow[] = [
  {
    item: 'Always use wss:',
    here: 'The server speaks plain ws: and expects TLS to end at a proxy in front of it; behind one, the page uses wss:.',
    settings: [],
    see: [{ href: `${HERE}wss-what-tls-adds`, text: 'wss: what TLS adds' }],
  },
  {
    item: 'Support RFC 6455 only, not the old drafts',
    here: 'A handshake with any Sec-WebSocket-Version but 13 gets 426 and Sec-WebSocket-Version: 13.',
    settings: [],
    see: [{ href: '#/handshake/break-it', text: 'The handshake: break it' }],
  },
  {
    item: 'Disable permessage-deflate unless needed',
    here: 'Only /deflate accepts it; every other path declines.',
    settings: [],
    see: [{ href: '#/compression/the-defences', text: 'Compression: the defences' }],
  },
  {
    item: 'Validate Origin on every handshake, against an allowlist',
    here: 'Exact origins or port wildcards, never a substring; Origin: null is refused even under *.',
    settings: [{ name: 'ALLOWED_ORIGINS', byDefault: 'the server’s own origin and the local dev origins' }],
    see: [
      { href: '#/cors/try-it-an-allowlist-you-write', text: 'CORS and Origin: an allowlist you write' },
      { href: `${HERE}four-ways-to-prove-who-you-are`, text: 'the cookie way' },
    ],
  },
  {
    item: 'Authenticate the handshake; tokens in URLs end up in logs',
    here: 'POST /ticket trades a token for a ticket of 128 random bits that opens one connection and lives seconds; every log line and trace stars tickets and tokens.',
    settings: [{ name: 'TICKET_TTL_MS', byDefault: String(TICKET_TTL_MS) }],
    see: [{ href: `${HERE}four-ways-to-prove-who-you-are`, text: 'Four ways to prove who you are' }],
  },
  {
    item: 'Use SameSite cookies',
    here: 'The session cookie is HttpOnly; SameSite=Strict.',
    settings: [],
    see: [{ href: `${HERE}four-ways-to-prove-who-you-are`, text: 'the cookie way' }],
  },
  {
    item: 'Handle session expiry; rotate tokens on long-lived connections',
    here: '/secure warns before a credential expires, takes a fresh token as a message, and closes with 4001 otherwise.',
    settings: [],
    see: [
      {
        href: `${HERE}when-the-credential-expires-on-an-open-connection`,
        text: 'When the credential expires on an open connection',
      },
    ],
  },
  {
    item: 'Close a user’s connections when they log out',
    here: 'Not built here: the playground has no log-out. A server keeps each session’s connections to close them.',
    settings: [],
    see: [],
  },
  {
    item: 'Authorize each message, not only the connection',
    here: '/secure checks the role on every post; a refused message leaves the connection open.',
    settings: [],
    see: [{ href: `${HERE}checked-on-every-message`, text: 'Checked on every message' }],
  },
  {
    item: 'Validate messages; limit their size',
    here: 'A message over the limit closes the connection with 1009; /secure answers an unknown message with an error.',
    settings: [{ name: 'MAX_MESSAGE_BYTES', byDefault: '65536' }],
    see: [
      { href: `${HERE}limits-that-protect-the-server`, text: 'Limits that protect the server' },
      { href: `${HERE}checked-on-every-message`, text: 'an unknown message' },
    ],
  },
  {
    item: 'Rate-limit messages',
    here: 'One more message in a second closes the connection with 1008.',
    settings: [{ name: 'MAX_MESSAGES_PER_SECOND', byDefault: '100' }],
    see: [{ href: `${HERE}limits-that-protect-the-server`, text: 'Limits that protect the server' }],
  },
  {
    item: 'Limit connections, in all and per client',
    here: 'A handshake past either limit gets 503.',
    settings: [
      { name: 'MAX_CONNECTIONS', byDefault: '10000' },
      { name: 'MAX_CONNECTIONS_PER_ADDRESS', byDefault: '200' },
    ],
    see: [{ href: `${HERE}limits-that-protect-the-server`, text: 'Limits that protect the server' }],
  },
  {
    item: 'Apply backpressure',
    here: 'A client with more than the limit waiting to be sent is closed with 1008 rather than buffered for.',
    settings: [{ name: 'MAX_SEND_BUFFER_BYTES', byDefault: '1048576' }],
    see: [{ href: `${HERE}limits-that-protect-the-server`, text: 'Limits that protect the server' }],
  },
  {
    item: 'Close idle and dead connections (ping and pong)',
    here: 'Every client is pinged; one that missed the last pong is terminated.',
    settings: [{ name: 'HEARTBEAT_MS', byDefault: String(HEARTBEAT_MS) }],
    see: [{ href: '#/server/heartbeat-ping-pong-terminate', text: 'A Node server: heartbeat' }],
  },
  {
    item: 'Log connections, refusals and violations, never secrets or contents',
    here: 'One JSON line per connection, refusal and limit tripped; never a message’s contents, a ticket or a token.',
    settings: [],
    see: [{ href: `${HERE}limits-that-protect-the-server`, text: 'the log lines of the limits' }],
  },
];
