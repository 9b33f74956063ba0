/**
 * The playground's secrets (tickets, access tokens, session ids) and the
 * rule that keeps them out of what the reader and the operator see: every
 * secret has a recognisable prefix, so a log line, a trace note, a header or
 * a frame payload can be searched and starred before anyone reads it.
 *
 * A secret is its prefix and 22 base64url characters: 16 random bytes, 128
 * bits, so guessing one is hopeless (RFC 6749 §10.10 asks for at least 128
 * bits for tokens; OWASP asks the same of session ids).
 */
import { encodeBase64 } from './base64.ts';
import type { HeaderList } from './handshake.ts';
import { maskInto } from './mask.ts';
import type { FrameEvent, TraceEvent } from './trace.ts';

export const SecretKind = { ticket: 'ticket', token: 'token', session: 'session' } as const;
export type SecretKind = (typeof SecretKind)[keyof typeof SecretKind];

export const SECRET_PREFIX: Readonly<Record<SecretKind, string>> = {
  ticket: 'wsp_tk_',
  token: 'wsp_at_',
  session: 'wsp_ss_',
};

/** Random bytes: 16 of them make a secret. */
export const SECRET_BYTES = 16;
/** base64url of 16 bytes, unpadded. */
export const SECRET_CHARS = 22;

/** Any of the three kinds, anywhere in a text. Global: use with `replace`, or reset `lastIndex`. */
export const SECRET_PATTERN = /wsp_(?:tk|at|ss)_[A-Za-z0-9_-]{22}/g;

/** A source of random bytes: `cryptoRandom` in the page and the server, a fixed one in tests. */
export type RandomBytes = (bytes: number) => Uint8Array;

/** The one piece of Web Crypto a secret needs, typed here so the pure core need not pull in the DOM lib. */
interface RandomOnlyCrypto {
  getRandomValues<T extends Uint8Array>(array: T): T;
}

/** `globalThis.crypto.getRandomValues`, which browsers (even outside https) and Node 20 both provide. */
export function cryptoRandom(bytes: number): Uint8Array {
  const { crypto } = globalThis as typeof globalThis & { crypto?: RandomOnlyCrypto };
  if (!crypto?.getRandomValues) throw new Error('crypto.getRandomValues is not available here');
  return crypto.getRandomValues(new Uint8Array(bytes));
}

/** A fresh secret of this kind: `wsp_tk_` and 22 base64url characters. */
export function newSecret(kind: SecretKind, random: RandomBytes): string {
  const bytes = random(SECRET_BYTES);
  if (bytes.length !== SECRET_BYTES) throw new Error(`a secret needs ${SECRET_BYTES} random bytes`);
  // RFC 4648 §5: base64 with - and _ so the secret fits a URL query and a cookie as it is.
  const text = encodeBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return SECRET_PREFIX[kind] + text;
}

/** Whether `text` is exactly one secret of this kind (checked before any store is asked). */
export function isSecret(text: string, kind: SecretKind): boolean {
  return (
    text.length === SECRET_PREFIX[kind].length + SECRET_CHARS &&
    text.startsWith(SECRET_PREFIX[kind]) &&
    /^[A-Za-z0-9_-]+$/.test(text.slice(SECRET_PREFIX[kind].length))
  );
}

export function containsSecret(text: string): boolean {
  SECRET_PATTERN.lastIndex = 0;
  const found = SECRET_PATTERN.test(text);
  SECRET_PATTERN.lastIndex = 0;
  return found;
}

const STARS = '*'.repeat(SECRET_CHARS);

/** Keeps each secret's prefix (so the reader sees which kind travelled) and stars the rest, same length. */
export function redactSecrets(text: string): string {
  if (!text.includes('wsp_')) return text;
  return text.replace(SECRET_PATTERN, (secret) => secret.slice(0, secret.length - SECRET_CHARS) + STARS);
}

const W = 0x77;
const S = 0x73;
const P = 0x70;
const UNDERSCORE = 0x5f;
const STAR = 0x2a;

function isSecretByte(byte: number): boolean {
  return (
    (byte >= 0x41 && byte <= 0x5a) || // A-Z
    (byte >= 0x61 && byte <= 0x7a) || // a-z
    (byte >= 0x30 && byte <= 0x39) || // 0-9
    byte === UNDERSCORE ||
    byte === 0x2d // -
  );
}

/** The second and third bytes of a kind: tk, at, ss. */
function isKindBytes(a: number, b: number): boolean {
  return (a === 0x74 && b === 0x6b) || (a === 0x61 && b === 0x74) || (a === 0x73 && b === 0x73);
}

/**
 * The payload with every secret's random part starred, or undefined when it
 * holds none. Works on bytes, so a secret in a text frame (UTF-8 leaves ASCII
 * as it is) and in a binary one are both found.
 */
export function redactSecretBytes(payload: Uint8Array): Uint8Array | undefined {
  const prefix = SECRET_PREFIX.ticket.length;
  let copy: Uint8Array | undefined;
  for (let i = 0; i + prefix + SECRET_CHARS <= payload.length; i++) {
    if (payload[i] !== W || payload[i + 1] !== S || payload[i + 2] !== P || payload[i + 3] !== UNDERSCORE) continue;
    if (!isKindBytes(payload[i + 4], payload[i + 5]) || payload[i + 6] !== UNDERSCORE) continue;
    let run = 0;
    while (run < SECRET_CHARS && isSecretByte(payload[i + prefix + run])) run++;
    if (run < SECRET_CHARS) continue;
    copy ??= payload.slice();
    copy.fill(STAR, i + prefix, i + prefix + SECRET_CHARS);
    i += prefix + SECRET_CHARS - 1;
  }
  return copy;
}

function redactHeaderValues(headers: HeaderList): HeaderList {
  if (!headers.some(([, value]) => containsSecret(value))) return headers;
  return headers.map(([name, value]) => [name, redactSecrets(value)]);
}

/**
 * A frame with the secrets in its payload starred. A masked frame is masked
 * again with its own key (§5.3), so `bytes` stays a frame exactly as a client
 * could have sent it, and the frame view shows the same masking key.
 */
function redactFrame(event: FrameEvent): FrameEvent {
  const payload = redactSecretBytes(event.frame.payload);
  const inflated = event.inflated && redactSecretBytes(event.inflated);
  if (!payload && !inflated) return event;
  let { bytes, frame } = event;
  if (payload) {
    const { headerLength, mask } = frame;
    bytes = event.bytes.slice();
    if (mask) maskInto(payload, mask, bytes, headerLength);
    else bytes.set(payload, headerLength);
    frame = { ...frame, payload };
  }
  return { ...event, bytes, frame, ...(inflated && { inflated }), redacted: true };
}

/**
 * The event with every ticket, token and session id starred: in the request
 * path (`?ticket=`), in every header value (Sec-WebSocket-Protocol), in notes
 * and close reasons, and in frame payloads. The same object when it held none,
 * so a wire can run every event through it at no cost.
 */
export function redactTraceEvent(event: TraceEvent): TraceEvent {
  switch (event.type) {
    case 'handshake-request': {
      const path = redactSecrets(event.path);
      const headers = redactHeaderValues(event.headers);
      return path === event.path && headers === event.headers ? event : { ...event, path, headers };
    }
    case 'handshake-response': {
      const reason = redactSecrets(event.reason);
      const headers = redactHeaderValues(event.headers);
      return reason === event.reason && headers === event.headers ? event : { ...event, reason, headers };
    }
    case 'frame':
      return redactFrame(event);
    case 'closed': {
      const reason = redactSecrets(event.reason);
      return reason === event.reason ? event : { ...event, reason };
    }
    case 'note': {
      const text = redactSecrets(event.text);
      return text === event.text ? event : { ...event, text };
    }
  }
}
