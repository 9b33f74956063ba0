/**
 * The one piece of Web Crypto the handshake needs, typed here so the pure core
 * need not pull in the DOM lib. `globalThis.crypto` exists in browsers and in
 * Node 20.
 */

/** The part of `SubtleCrypto` used by `computeAccept` (§4.2.2 hashes with SHA-1). */
export interface DigestOnlySubtle {
  digest(algorithm: 'SHA-1', data: Uint8Array): Promise<ArrayBuffer>;
}

/** Returns `globalThis.crypto.subtle`, or throws if this runtime lacks it. */
export function subtleCrypto(): DigestOnlySubtle {
  const { crypto } = globalThis as typeof globalThis & { crypto?: { subtle?: DigestOnlySubtle } };
  if (!crypto?.subtle) {
    // Browsers hide crypto.subtle outside secure contexts (https or localhost).
    throw new Error('Web Crypto (crypto.subtle) is not available here: a page needs https or localhost.');
  }
  return crypto.subtle;
}
