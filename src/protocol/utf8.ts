/**
 * UTF-8 for text frames and close reasons, which must be valid UTF-8 (§5.6,
 * §5.5.1); an endpoint that finds otherwise fails the connection (§8.1),
 * with close code 1007 (defined in §7.4.1). Validation and encoding are
 * written by hand. Decoding to a string uses the runtime's TextDecoder where
 * there is one (see `text-decoder.ts`), and the hand-written decoder below
 * where there is none.
 */
import { FrameError } from './errors.ts';
import { nativeUtf8Decoder } from './text-decoder.ts';

/**
 * The validator's states, named after what the next byte must be. Invalid
 * sequences follow RFC 3629 §4: no overlong forms, no surrogates
 * (U+D800-U+DFFF), nothing above U+10FFFF.
 */
export const Utf8State = {
  /** Between characters: any lead byte or ASCII may follow. */
  accept: 0,
  /** Invalid: stays invalid. */
  reject: 1,
  /** One continuation byte (0x80-0xBF) left. */
  tail1: 2,
  /** Two continuation bytes left. */
  tail2: 3,
  /** Three continuation bytes left. */
  tail3: 4,
  /** After 0xE0: 0xA0-0xBF, or the character would be overlong. */
  afterE0: 5,
  /** After 0xED: 0x80-0x9F, or it would encode a surrogate. */
  afterED: 6,
  /** After 0xF0: 0x90-0xBF, or the character would be overlong. */
  afterF0: 7,
  /** After 0xF4: 0x80-0x8F, or it would pass U+10FFFF. */
  afterF4: 8,
} as const;

export type Utf8State = (typeof Utf8State)[keyof typeof Utf8State];

const { accept: ACCEPT, reject: REJECT, tail1: TAIL1, tail2: TAIL2, tail3: TAIL3 } = Utf8State;
const { afterE0: AFTER_E0, afterED: AFTER_ED, afterF0: AFTER_F0, afterF4: AFTER_F4 } = Utf8State;

/**
 * Runs the validator over `bytes`, starting from `state`. Feed the fragments
 * of one text message in order (a character may straddle two frames, §5.6);
 * the message is valid when the last call returns `Utf8State.accept`.
 */
export function scanUtf8(bytes: Uint8Array, state: Utf8State = ACCEPT): Utf8State {
  const n = bytes.length;
  let i = 0;
  // Finish a character the previous fragment began, one byte at a time.
  let s: Utf8State = state;
  while (s !== ACCEPT) {
    if (s === REJECT) return REJECT;
    if (i === n) return s;
    s = step(s, bytes[i++]);
  }
  // Long input gets a 32-bit view of its 4-aligned part to skip ASCII runs with.
  const wordsStart = i + ((4 - ((bytes.byteOffset + i) & 3)) & 3);
  const words =
    n - i >= 64 ? new Uint32Array(bytes.buffer, bytes.byteOffset + wordsStart, (n - wordsStart) >>> 2) : null;
  // Whole characters: check each sequence in one go instead of byte by byte.
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      // ASCII dominates real text: skip it four bytes at a time, and through
      // the 32-bit view once the run proves long.
      const run = i;
      i++;
      while (i + 4 <= n && ((bytes[i] | bytes[i + 1] | bytes[i + 2] | bytes[i + 3]) & 0x80) === 0) {
        i += 4;
        if (words !== null && i - run > 32) {
          i = skipAsciiWords(bytes, i, words, wordsStart);
          break;
        }
      }
      while (i < n && bytes[i] < 0x80) i++;
      continue;
    }
    if (b < 0xe0) {
      if (b < 0xc2) return REJECT; // a stray continuation byte, or C0/C1 (overlong)
      if (i + 1 === n) return TAIL1;
      if ((bytes[i + 1] & 0xc0) !== 0x80) return REJECT;
      i += 2;
    } else if (b < 0xf0) {
      if (i + 3 > n) return scanTail(bytes, i, n);
      const b1 = bytes[i + 1];
      // E0 needs A0-BF (else overlong), ED needs 80-9F (else a surrogate).
      if (b1 < (b === 0xe0 ? 0xa0 : 0x80) || b1 > (b === 0xed ? 0x9f : 0xbf)) return REJECT;
      if ((bytes[i + 2] & 0xc0) !== 0x80) return REJECT;
      i += 3;
    } else {
      if (b > 0xf4) return REJECT; // F5-FF would pass U+10FFFF
      if (i + 4 > n) return scanTail(bytes, i, n);
      const b1 = bytes[i + 1];
      // F0 needs 90-BF (else overlong), F4 needs 80-8F (else past U+10FFFF).
      if (b1 < (b === 0xf0 ? 0x90 : 0x80) || b1 > (b === 0xf4 ? 0x8f : 0xbf)) return REJECT;
      if (((bytes[i + 2] | bytes[i + 3]) & 0xc0) !== 0x80 || (bytes[i + 2] & bytes[i + 3] & 0xc0) !== 0x80) {
        return REJECT;
      }
      i += 4;
    }
  }
  return ACCEPT;
}

/** Skips whole ASCII words of `words` (a view of `bytes` from `wordsStart`) from about `i`. */
function skipAsciiWords(bytes: Uint8Array, i: number, words: Uint32Array, wordsStart: number): number {
  while (((i - wordsStart) & 3) !== 0 && bytes[i] < 0x80) i++;
  if (i < wordsStart || ((i - wordsStart) & 3) !== 0) return i;
  let w = (i - wordsStart) >>> 2;
  const count = words.length;
  while (w + 4 <= count && ((words[w] | words[w + 1] | words[w + 2] | words[w + 3]) & 0x80808080) === 0) w += 4;
  while (w < count && (words[w] & 0x80808080) === 0) w++;
  return wordsStart + (w << 2);
}

/** A character cut off by the end of `bytes`: the state its available bytes leave. */
function scanTail(bytes: Uint8Array, start: number, end: number): Utf8State {
  let s: Utf8State = ACCEPT;
  for (let i = start; i < end && s !== REJECT; i++) s = step(s, bytes[i]);
  return s;
}

/** One byte through the state machine. */
function step(state: Utf8State, b: number): Utf8State {
  switch (state) {
    case ACCEPT:
      if (b < 0x80) return ACCEPT;
      if (b < 0xc2) return REJECT;
      if (b < 0xe0) return TAIL1;
      if (b === 0xe0) return AFTER_E0;
      if (b === 0xed) return AFTER_ED;
      if (b < 0xf0) return TAIL2;
      if (b === 0xf0) return AFTER_F0;
      if (b < 0xf4) return TAIL3;
      return b === 0xf4 ? AFTER_F4 : REJECT;
    case TAIL1:
      return (b & 0xc0) === 0x80 ? ACCEPT : REJECT;
    case TAIL2:
      return (b & 0xc0) === 0x80 ? TAIL1 : REJECT;
    case TAIL3:
      return (b & 0xc0) === 0x80 ? TAIL2 : REJECT;
    case AFTER_E0:
      return b >= 0xa0 && b <= 0xbf ? TAIL1 : REJECT;
    case AFTER_ED:
      return b >= 0x80 && b <= 0x9f ? TAIL1 : REJECT;
    case AFTER_F0:
      return b >= 0x90 && b <= 0xbf ? TAIL2 : REJECT;
    case AFTER_F4:
      return b >= 0x80 && b <= 0x8f ? TAIL2 : REJECT;
    case REJECT:
      return REJECT;
  }
}

/**
 * How a piece of a UTF-8 text reads when it may be cut inside characters at
 * either end, as a text message's fragments may be (§5.6).
 */
export interface Utf8Span {
  /** Bytes at the start that finish a character an earlier piece began (0 when `before` is accept). */
  readonly head: number;
  /** Bytes at the end that begin a character a later piece must finish (0 when the piece ends between characters). */
  readonly tail: number;
  /**
   * The validator's state after the whole piece: accept, reject (bytes no
   * later piece can make valid), or a character still in progress.
   */
  readonly state: Utf8State;
}

/**
 * Reads `bytes` as the piece of a text that follows `before` (the state its
 * earlier pieces left). The whole characters are `bytes[head, length - tail)`
 * unless the state is reject; a piece that lies entirely inside one character
 * has `head` equal to its length.
 */
export function utf8Span(bytes: Uint8Array, before: Utf8State = ACCEPT): Utf8Span {
  let head = 0;
  let state: Utf8State = before;
  while (state !== ACCEPT && state !== REJECT && head < bytes.length) state = step(state, bytes[head++]);
  if (state !== ACCEPT) return { head, tail: 0, state };
  state = scanUtf8(bytes.subarray(head));
  if (state === ACCEPT || state === REJECT) return { head, tail: 0, state };
  // A character cut by the end: its lead byte is the last byte that is no continuation byte (10xxxxxx).
  let lead = bytes.length - 1;
  while ((bytes[lead] & 0xc0) === 0x80) lead--;
  return { head, tail: bytes.length - lead, state };
}

/**
 * The length of the longest prefix of `bytes` (valid UTF-8) that holds whole
 * characters only and at most `max` bytes: a preview never cuts a character.
 */
export function utf8PrefixLength(bytes: Uint8Array, max: number): number {
  if (bytes.length <= max) return bytes.length;
  let end = Math.max(0, max);
  // A continuation byte at `end` means the character before it runs past the cut.
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return end;
}

/**
 * Whether `bytes` is complete, valid UTF-8 (RFC 3629). Always by hand:
 * TextDecoder can only answer by building the string, which in Node 20 costs
 * more than this scan (`npm run bench -- frame-codec`, docs/protocol.md).
 */
export function isValidUtf8(bytes: Uint8Array): boolean {
  return scanUtf8(bytes) === ACCEPT;
}

/** The number of bytes `text` takes in UTF-8 (a lone surrogate counts as U+FFFD). */
export function utf8Length(text: string): number {
  const n = text.length;
  let length = n;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) length += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && isLowSurrogate(text.charCodeAt(i + 1))) {
      length += 2; // a pair: 2 UTF-16 units, 4 bytes
      i++;
    } else length += 2;
  }
  return length;
}

/**
 * Encodes `text` as UTF-8. A lone surrogate becomes U+FFFD, as the browser's
 * `send()` and TextEncoder do (WHATWG Encoding, "UTF-8 encode").
 */
export function encodeUtf8(text: string): Uint8Array {
  const n = text.length;
  const out = new Uint8Array(utf8Length(text));
  let o = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      out[o++] = c;
    } else if (c < 0x800) {
      out[o++] = 0xc0 | (c >> 6);
      out[o++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && isLowSurrogate(next)) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        out[o++] = 0xf0 | (cp >> 18);
        out[o++] = 0x80 | ((cp >> 12) & 0x3f);
        out[o++] = 0x80 | ((cp >> 6) & 0x3f);
        out[o++] = 0x80 | (cp & 0x3f);
        i++;
        continue;
      }
      out[o++] = 0xef; // U+FFFD
      out[o++] = 0xbf;
      out[o++] = 0xbd;
    } else {
      out[o++] = 0xe0 | (c >> 12);
      out[o++] = 0x80 | ((c >> 6) & 0x3f);
      out[o++] = 0x80 | (c & 0x3f);
    }
  }
  return out;
}

/** Decodes UTF-8; throws `FrameError` (1007: §8.1, §7.4.1) if `bytes` is not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string {
  const text = tryDecodeUtf8(bytes);
  if (text === null) {
    throw new FrameError('FRAME_ERR_INVALID_UTF8', 'These bytes are not valid UTF-8, so they cannot be text.');
  }
  return text;
}

/**
 * Decodes UTF-8, or returns null if `bytes` is not valid UTF-8. A leading
 * U+FEFF stays in the text: it is content, not a byte order mark.
 */
export function tryDecodeUtf8(bytes: Uint8Array): string | null {
  const native = nativeUtf8Decoder();
  if (native === null) return decodeUtf8ByHand(bytes);
  try {
    return native.decode(bytes);
  } catch {
    // Invalid UTF-8 (a TypeError), or input this TextDecoder refuses (older
    // browsers refuse views of a SharedArrayBuffer): the scan gives the
    // verdict. Only failures pay for it.
    return decodeUtf8ByHand(bytes);
  }
}

/**
 * `tryDecodeUtf8` without TextDecoder: validates with `scanUtf8`, then
 * decodes. Exported so tests can hold both paths to the same answers.
 */
export function decodeUtf8ByHand(bytes: Uint8Array): string | null {
  if (!isValidUtf8(bytes)) return null;
  const n = bytes.length;
  // Valid UTF-8 never needs more UTF-16 units than it has bytes.
  const units = new Uint16Array(n);
  let u = 0;
  for (let i = 0; i < n;) {
    const b = bytes[i];
    if (b < 0x80) {
      units[u++] = b;
      i += 1;
    } else if (b < 0xe0) {
      units[u++] = ((b & 0x1f) << 6) | (bytes[i + 1] & 0x3f);
      i += 2;
    } else if (b < 0xf0) {
      units[u++] = ((b & 0x0f) << 12) | ((bytes[i + 1] & 0x3f) << 6) | (bytes[i + 2] & 0x3f);
      i += 3;
    } else {
      const cp =
        (((b & 0x07) << 18) | ((bytes[i + 1] & 0x3f) << 12) | ((bytes[i + 2] & 0x3f) << 6) | (bytes[i + 3] & 0x3f)) -
        0x10000;
      units[u++] = 0xd800 | (cp >> 10);
      units[u++] = 0xdc00 | (cp & 0x3ff);
      i += 4;
    }
  }
  let text = '';
  // In slices, as an array-like for apply: one call with a huge argument list
  // overflows the stack, and spreading a typed array is several times slower.
  for (let start = 0; start < u; start += 8192) {
    const slice = units.subarray(start, Math.min(start + 8192, u));
    text += String.fromCharCode.apply(null, slice as unknown as number[]);
  }
  return text;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
