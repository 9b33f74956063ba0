import { utf8Length } from '../../protocol/index.ts';

/** How the composer reads what the reader typed: text and JSON go as text messages, the rest as binary. */
export const MessageFormat = {
  text: 'text',
  json: 'json',
  hex: 'hex',
  base64: 'base64',
  base64url: 'base64url',
} as const;
export type MessageFormat = (typeof MessageFormat)[keyof typeof MessageFormat];

/** The formats in the order the composer offers them, each with its label. */
export const MESSAGE_FORMATS: readonly { readonly format: MessageFormat; readonly label: string }[] = [
  { format: MessageFormat.text, label: 'Text' },
  { format: MessageFormat.json, label: 'JSON (text, checked)' },
  { format: MessageFormat.hex, label: 'Hex (binary)' },
  { format: MessageFormat.base64, label: 'Base64 (binary)' },
  { format: MessageFormat.base64url, label: 'Base64url (binary)' },
];

export function isMessageFormat(value: unknown): value is MessageFormat {
  return typeof value === 'string' && Object.values<string>(MessageFormat).includes(value);
}

/** A body ready to send (a string for a text message, bytes for a binary one), or why it cannot be. */
export type EncodedMessage =
  | { readonly ok: true; readonly data: string | Uint8Array; readonly size: number }
  | { readonly ok: false; readonly reason: string };

/** Turns what the reader typed into a message, or a sentence saying why it is refused. Never throws. */
export function encodeMessage(format: MessageFormat, body: string): EncodedMessage {
  switch (format) {
    case MessageFormat.text:
      return text(body);
    case MessageFormat.json:
      return json(body);
    case MessageFormat.hex:
      return bytes(decodeHex(body));
    case MessageFormat.base64:
    case MessageFormat.base64url:
      return bytes(decodeBase64(body, format === MessageFormat.base64url));
  }
}

function text(body: string): EncodedMessage {
  return { ok: true, data: body, size: utf8Length(body) };
}

/** JSON is sent as typed (a text message), once the parser has accepted it. */
function json(body: string): EncodedMessage {
  try {
    JSON.parse(body);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `Not JSON, so not sent: ${message}` };
  }
  return text(body);
}

function bytes(decoded: Uint8Array | string): EncodedMessage {
  if (typeof decoded === 'string') return { ok: false, reason: decoded };
  return { ok: true, data: decoded, size: decoded.byteLength };
}

/** One character as a reader reads it in a sentence. */
function shown(character: string): string {
  return `“${character}”`;
}

/** Hex digits, two a byte; spaces and line breaks between them are allowed. Returns the bytes or why not. */
export function decodeHex(body: string): Uint8Array | string {
  const compact = body.replace(/\s+/g, '');
  const bad = /[^0-9a-fA-F]/.exec(compact);
  if (bad) return `Not hex, so not sent: ${shown(bad[0])} is not a hex digit (0-9, a-f).`;
  if (compact.length % 2 !== 0) {
    return `Not whole bytes, so not sent: ${compact.length} hex digits, and a byte takes two.`;
  }
  const out = new Uint8Array(compact.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(compact.slice(2 * i, 2 * i + 2), 16);
  return out;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Base64 (RFC 4648 §4) or base64url (§5): whitespace is skipped, padding is
 * optional but must be right when present, and the bits a last character
 * carries past the data must be zero (§3.5), so one text means one set of bytes.
 */
export function decodeBase64(body: string, url: boolean): Uint8Array | string {
  const name = url ? 'base64url' : 'base64';
  const alphabet = url ? BASE64URL : BASE64;
  const compact = body.replace(/\s+/g, '');
  const unpadded = compact.replace(/={1,2}$/, '');
  const padding = compact.length - unpadded.length;
  for (const character of unpadded) {
    if (!alphabet.includes(character)) {
      const hint = url && '+/'.includes(character) ? ' (base64url writes - and _ for + and /)' : '';
      return `Not ${name}, so not sent: ${shown(character)} is not in its alphabet${hint}.`;
    }
  }
  const rest = unpadded.length % 4;
  if (rest === 1) return `Not ${name}, so not sent: ${unpadded.length} characters cannot end in whole bytes.`;
  if (padding > 0 && compact.length % 4 !== 0) return `Not ${name}, so not sent: the = padding does not fit.`;
  const out = new Uint8Array(Math.floor((unpadded.length * 6) / 8));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const character of unpadded) {
    value = (value << 6) | alphabet.indexOf(character);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (value >> bits) & 0xff;
    }
  }
  if ((value & ((1 << bits) - 1)) !== 0) {
    return `Not ${name}, so not sent: its last character carries bits past the data that are not zero.`;
  }
  return out;
}
