/**
 * Masking (§5.3): byte i of the payload is XORed with byte i mod 4 of the
 * masking key. Masking and unmasking are the same operation.
 */

// Builds a 32-bit mask word in the platform's byte order, without knowing it.
const scratchBytes = new Uint8Array(4);
const scratchWord = new Uint32Array(scratchBytes.buffer);

/** Below this many bytes a 32-bit view costs more than it saves. */
const WORD_THRESHOLD = 64;

/**
 * Writes `source` XOR `mask` into `target` from `offset` on. Short payloads
 * take one byte loop; long ones are copied, then XORed in place four bytes
 * at a time over their 4-aligned middle.
 */
export function maskInto(source: Uint8Array, mask: Uint8Array, target: Uint8Array, offset: number): void {
  const length = source.length;
  const m0 = mask[0];
  const m1 = mask[1];
  const m2 = mask[2];
  const m3 = mask[3];
  if (length < WORD_THRESHOLD) {
    let i = 0;
    for (; i + 4 <= length; i += 4) {
      target[offset + i] = source[i] ^ m0;
      target[offset + i + 1] = source[i + 1] ^ m1;
      target[offset + i + 2] = source[i + 2] ^ m2;
      target[offset + i + 3] = source[i + 3] ^ m3;
    }
    for (; i < length; i++) target[offset + i] = source[i] ^ mask[i & 3];
    return;
  }

  target.set(source, offset);
  const end = offset + length;
  let i = offset;
  // Step byte by byte until the address is 4-aligned, as Uint32Array needs.
  while (((target.byteOffset + i) & 3) !== 0) {
    target[i] ^= mask[(i - offset) & 3];
    i++;
  }
  const words = (end - i) >>> 2;
  const k = (i - offset) & 3; // the key byte that falls on the first aligned byte
  scratchBytes[0] = mask[k];
  scratchBytes[1] = mask[(k + 1) & 3];
  scratchBytes[2] = mask[(k + 2) & 3];
  scratchBytes[3] = mask[(k + 3) & 3];
  const word = scratchWord[0];
  const view = new Uint32Array(target.buffer, target.byteOffset + i, words);
  for (let w = 0; w < words; w++) view[w] ^= word;
  for (i += words << 2; i < end; i++) target[i] ^= mask[(i - offset) & 3];
}
