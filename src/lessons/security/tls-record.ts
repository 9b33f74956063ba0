/**
 * An illustration, made in the page, of what an observer on the path sees
 * of a WebSocket frame under `wss:`: the frame sealed with AES-GCM as TLS 1.3
 * seals application data (RFC 8446 §5.2): a 5-byte record header in the
 * clear (type 23, "application data"; version 03 03; length), then the
 * ciphertext of the frame plus one byte of inner content type, then the
 * 16-byte tag. The key is random and stays in the page; a real connection's
 * keys come from its TLS handshake, and its nonce from the record's sequence
 * number, never sent (§5.3). Not a TLS implementation: the shape, not the
 * bytes, is what a real record would show.
 */

/** TLS's content type for application data (RFC 8446 §5.1). */
const APPLICATION_DATA = 23;
/** AES-GCM's tag, 128 bits (RFC 5116 §5.1). */
export const TAG_BYTES = 16;

export interface SealedRecord {
  /** Type, legacy version and length: the only bytes in the clear. */
  readonly header: Uint8Array;
  /** The sealed frame, then its tag: looks random to anyone without the key. */
  readonly sealed: Uint8Array;
}

/** The subtle crypto of this page, or undefined where the browser hides it (a page not on https or localhost). */
function subtle(): SubtleCrypto | undefined {
  return globalThis.crypto?.subtle;
}

/** Whether this page can make the illustration (Web Crypto needs a secure context). */
export function canSeal(): boolean {
  return subtle() !== undefined;
}

/** Seals `frame` as a TLS 1.3 record would carry it, with a fresh random key and nonce. */
export async function sealLikeTls(frame: Uint8Array): Promise<SealedRecord> {
  const crypto = subtle();
  if (!crypto) throw new Error('Web Crypto is not available here: a page needs https or localhost.');
  // TLSInnerPlaintext: the content, then its real type (§5.2); no padding here.
  const inner = new Uint8Array(frame.length + 1);
  inner.set(frame);
  inner[frame.length] = APPLICATION_DATA;
  const length = inner.length + TAG_BYTES;
  const header = new Uint8Array([APPLICATION_DATA, 0x03, 0x03, length >>> 8, length & 0xff]);
  const key = await crypto.generateKey({ name: 'AES-GCM', length: 128 }, false, ['encrypt']);
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  // The record header is the additional data (§5.2): authenticated, not hidden.
  const sealed = await crypto.encrypt({ name: 'AES-GCM', iv, additionalData: header }, key, inner);
  return { header, sealed: new Uint8Array(sealed) };
}
