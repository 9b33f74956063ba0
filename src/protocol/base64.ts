/**
 * Base64 (RFC 4648 §4) by hand: `btoa` is not in the ES2022 lib, and
 * `Sec-WebSocket-Accept` is the base64 of a SHA-1 digest (§4.2.2).
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Encodes `bytes` as padded base64. */
export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  const n = bytes.length;
  let i = 0;
  for (; i + 3 <= n; i += 3) {
    const triple = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out +=
      ALPHABET[triple >> 18] + ALPHABET[(triple >> 12) & 63] + ALPHABET[(triple >> 6) & 63] + ALPHABET[triple & 63];
  }
  const rest = n - i;
  if (rest === 1) {
    const b = bytes[i];
    out += ALPHABET[b >> 2] + ALPHABET[(b & 3) << 4] + '==';
  } else if (rest === 2) {
    const pair = (bytes[i] << 8) | bytes[i + 1];
    out += ALPHABET[pair >> 10] + ALPHABET[(pair >> 4) & 63] + ALPHABET[(pair & 15) << 2] + '=';
  }
  return out;
}
