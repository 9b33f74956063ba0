/**
 * Canonical Huffman codes (RFC 1951 §3.2.2) as lookup tables for inflate.ts.
 *
 * A table is indexed by the next bits of input, least significant first (the
 * order DEFLATE packs codes in, §3.1.1), so one read finds the symbol. Codes
 * longer than the root width go through a second-level table, as in zlib's
 * inftrees.c, so a table stays small (9 root bits for literal/length codes,
 * 6 for distances) although a code may take 15 bits.
 *
 * An entry is one 32-bit number (under 2^28, so never negative): bits 0-3 = how many bits to drop, bits 4-5 =
 * its kind, bits 8 and up = the symbol (a leaf) or, for a link, the
 * sub-table's offset × 16 + its width in bits.
 */

export const HuffmanEntry = { leaf: 0x00, link: 0x10, invalid: 0x20, kindMask: 0x30 } as const;

/** RFC 1951 §3.2.7: every code length is at most 15 bits. */
const MAX_BITS = 15;

/** What the code lengths are for: zlib's rule on incomplete codes depends on it. */
export type HuffmanUse = 'code-lengths' | 'literals' | 'distances';

export interface HuffmanTable {
  readonly entries: Int32Array;
  /** Width of the root table: index it with the next `rootBits` bits of input. */
  readonly rootBits: number;
}

/** Bit reversal of every byte, to turn a code (written most significant bit first) into a table index. */
const REVERSED_BYTE = /* @__PURE__ */ reversedBytes();

/** In a function marked pure, so a bundle that never inflates can drop this module. */
function reversedBytes(): Uint8Array {
  const table = new Uint8Array(256);
  for (let i = 0; i < 256; i++) {
    let r = 0;
    for (let bit = 0; bit < 8; bit++) r |= ((i >>> bit) & 1) << (7 - bit);
    table[i] = r;
  }
  return table;
}

function reverse(code: number, length: number): number {
  return ((REVERSED_BYTE[code & 0xff] << 8) | REVERSED_BYTE[code >>> 8]) >>> (16 - length);
}

const INVALID_ENTRY = HuffmanEntry.invalid | 1;

/**
 * Builds the table for `lengths` (one code length per symbol, 0 = unused).
 * Returns a plain sentence instead when the lengths describe no valid code:
 * over-subscribed, or incomplete where zlib refuses that (only a distance or
 * literal/length code with a single 1-bit code may be incomplete).
 */
export function buildHuffmanTable(lengths: Uint8Array, use: HuffmanUse, maxRootBits: number): HuffmanTable | string {
  const count = new Uint16Array(MAX_BITS + 1);
  for (let symbol = 0; symbol < lengths.length; symbol++) count[lengths[symbol]]++;
  count[0] = 0;
  let longest = MAX_BITS;
  while (longest > 0 && count[longest] === 0) longest--;
  if (longest === 0) {
    // No codes at all: a block may hold only literals, so an empty distance code is allowed.
    if (use !== 'distances') return `the ${describeUse(use)} code has no codes at all`;
    return { entries: Int32Array.of(INVALID_ENTRY), rootBits: 0 };
  }

  // §3.2.2: codes of each length take their share of the code space; more than all of it is impossible.
  let left = 1;
  for (let bits = 1; bits <= MAX_BITS; bits++) {
    left = (left << 1) - count[bits];
    if (left < 0) return `the ${describeUse(use)} code is over-subscribed: more codes than its lengths allow`;
  }
  if (left > 0 && (use === 'code-lengths' || longest !== 1)) {
    return `the ${describeUse(use)} code is incomplete: its lengths leave codes unassigned`;
  }

  // §3.2.2 step 2: the first code of each length.
  const next = new Uint16Array(MAX_BITS + 2);
  for (let bits = 1, code = 0; bits <= MAX_BITS; bits++) {
    code = (code + count[bits - 1]) << 1;
    next[bits] = code;
  }
  const codes = new Uint16Array(lengths.length);
  for (let symbol = 0; symbol < lengths.length; symbol++) {
    const length = lengths[symbol];
    if (length !== 0) codes[symbol] = next[length]++;
  }

  const rootBits = Math.min(maxRootBits, longest);
  const rootSize = 1 << rootBits;
  const rootMask = rootSize - 1;
  // Each root entry that starts longer codes gets a sub-table wide enough for the longest of them.
  const subBits = new Uint8Array(rootSize);
  for (let symbol = 0; symbol < lengths.length; symbol++) {
    const length = lengths[symbol];
    if (length <= rootBits) continue;
    const prefix = reverse(codes[symbol], length) & rootMask;
    subBits[prefix] = Math.max(subBits[prefix], length - rootBits);
  }
  const subOffset = new Uint32Array(rootSize);
  let size = rootSize;
  for (let prefix = 0; prefix < rootSize; prefix++) {
    if (subBits[prefix] === 0) continue;
    subOffset[prefix] = size;
    size += 1 << subBits[prefix];
  }

  const entries = new Int32Array(size).fill(INVALID_ENTRY);
  for (let prefix = 0; prefix < rootSize; prefix++) {
    if (subBits[prefix] !== 0) {
      entries[prefix] = (((subOffset[prefix] << 4) | subBits[prefix]) << 8) | HuffmanEntry.link | rootBits;
    }
  }
  for (let symbol = 0; symbol < lengths.length; symbol++) {
    const length = lengths[symbol];
    if (length === 0) continue;
    const index = reverse(codes[symbol], length);
    if (length <= rootBits) {
      const entry = (symbol << 8) | length;
      for (let i = index; i < rootSize; i += 1 << length) entries[i] = entry;
    } else {
      const prefix = index & rootMask;
      const width = length - rootBits;
      const entry = (symbol << 8) | width;
      const base = subOffset[prefix];
      for (let i = index >>> rootBits; i < 1 << subBits[prefix]; i += 1 << width) entries[base + i] = entry;
    }
  }
  return { entries, rootBits };
}

function describeUse(use: HuffmanUse): string {
  return use === 'code-lengths' ? 'code-length' : use === 'literals' ? 'literal/length' : 'distance';
}
