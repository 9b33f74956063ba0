/**
 * DEFLATE decoding (RFC 1951) for permessage-deflate (RFC 7692 §7.2.2): our
 * own decoder, so the X-ray can show what it read — each block's type, its
 * literals and its back-references — and so a bomb is stopped as soon as the
 * output passes its limit, before any more is written.
 *
 * The window is one buffer: the history (earlier messages' output, the last
 * 2^windowBits bytes, when context takeover is on) followed by this
 * message's output, so a back-reference is one index into it whichever
 * message it reaches into.
 */
import { FrameError } from './errors.ts';
import { buildHuffmanTable, HuffmanEntry, type HuffmanTable } from './huffman.ts';
import { DEFLATE_TAIL } from './permessage-deflate.ts';

/** What the decoder read, in output order. `at` is an offset in THIS message's inflated output. */
export type DeflatePart =
  /** `length` output bytes from `at` were sent as literals (consecutive literals are one part). */
  | { readonly kind: 'literals'; readonly at: number; readonly length: number }
  /** A back-reference (§3.2.5): copies `length` bytes from `distance` back; `at - distance < 0` reaches into earlier messages. */
  | { readonly kind: 'copy'; readonly at: number; readonly length: number; readonly distance: number };

export interface DeflateBlock {
  /** BTYPE (§3.2.3): 00 stored, 01 fixed Huffman codes, 10 dynamic Huffman codes. */
  readonly type: 'stored' | 'fixed' | 'dynamic';
  /** BFINAL. */
  readonly final: boolean;
  /** Bit offsets into the message's compressed payload, the appended tail (§7.2.2) included. */
  readonly bitStart: number;
  readonly bitEnd: number;
  readonly parts: readonly DeflatePart[];
}

export interface InflateReport {
  readonly data: Uint8Array;
  readonly blocks: readonly DeflateBlock[];
  /** The window this message could copy from: earlier messages' output, at most 2^windowBits bytes. */
  readonly history: Uint8Array;
}

export interface InflaterOptions {
  /** The LZ77 window agreed for this direction (RFC 7692 §7.1.2), 8 to 15. */
  readonly windowBits: number;
  /** Largest inflated message; more throws 1009 at once. Default: no limit. */
  readonly maxOutput?: number | undefined;
  /** The agreed *_no_context_takeover (RFC 7692 §7.1.1): every message starts with an empty window. */
  readonly noContextTakeover?: boolean | undefined;
}

const NO_INPUT = new Uint8Array(0);

/** Zero bytes after the input, so the bit reader may look a few bytes past it without a bounds check. */
const PADDING = 16;

/**
 * §3.2.5's tables, built from their pattern: length codes 257-284 come in
 * fours with one more extra bit each four (after the first eight), code 285
 * is 258 exactly; distance codes come in pairs the same way.
 */
const [LENGTH_BASE, LENGTH_EXTRA] = /* @__PURE__ */ codeTable(29, 3, 2, 8, 258);
const [DISTANCE_BASE, DISTANCE_EXTRA] = /* @__PURE__ */ codeTable(30, 1, 1, 4);

/**
 * Bases and extra bits of `count` codes: after the first `plain` codes, one
 * more extra bit every 2^`shift` codes. Built in a function marked pure, so a
 * bundle that never inflates drops this module (a loop at the top would be a
 * side effect that keeps it in every page).
 */
function codeTable(
  count: number,
  first: number,
  shift: number,
  plain: number,
  lastBase?: number,
): [Uint16Array, Uint8Array] {
  const bases = new Uint16Array(count);
  const extra = new Uint8Array(count);
  const patterned = lastBase === undefined ? count : count - 1;
  for (let code = 0, base = first; code < patterned; code++) {
    extra[code] = code < plain ? 0 : (code >>> shift) - 1;
    bases[code] = base;
    base += 1 << extra[code];
  }
  // Length code 285 breaks the pattern: exactly 258, no extra bits.
  if (lastBase !== undefined) bases[count - 1] = lastBase;
  return [bases, extra];
}

/** §3.2.7: the order in which the code-length code's lengths are sent. */
const CODE_LENGTH_ORDER = Uint8Array.of(16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15);

/** Entry kinds as plain numbers, read once: the hot loop compares against locals, not an imported object. */
const KIND_MASK = HuffmanEntry.kindMask;
const LEAF = HuffmanEntry.leaf;
const LINK = HuffmanEntry.link;
const INVALID = HuffmanEntry.invalid;

const LITERAL_ROOT_BITS = 9;
const DISTANCE_ROOT_BITS = 6;
const CODE_LENGTH_ROOT_BITS = 7;
const END_OF_BLOCK = 256;

let fixedTables: { literals: HuffmanTable; distances: HuffmanTable } | undefined;

/** §3.2.6: the fixed codes, built once. */
function fixed(): { literals: HuffmanTable; distances: HuffmanTable } {
  if (!fixedTables) {
    const lengths = new Uint8Array(288);
    lengths.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288);
    const literals = buildHuffmanTable(lengths, 'literals', LITERAL_ROOT_BITS);
    const distances = buildHuffmanTable(new Uint8Array(30 + 2).fill(5), 'distances', DISTANCE_ROOT_BITS);
    if (typeof literals === 'string' || typeof distances === 'string') throw new Error('the fixed codes are valid');
    fixedTables = { literals, distances };
  }
  return fixedTables;
}

function invalid(what: string): FrameError {
  return new FrameError(
    'DEFLATE_ERR_INVALID_DATA',
    `The compressed message is not valid DEFLATE data: ${what} (RFC 1951, RFC 7692 §7.2.2).`,
  );
}

/** Records what one message's decoding read, for inflateWithReport. */
class Recorder {
  readonly blocks: DeflateBlock[] = [];
  parts: DeflatePart[] = [];
  /** Window index where the current run of literals began. */
  literalStart = 0;

  literalsUpTo(end: number, origin: number): void {
    if (end > this.literalStart) {
      this.parts.push({ kind: 'literals', at: this.literalStart - origin, length: end - this.literalStart });
    }
    this.literalStart = end;
  }
}

/**
 * Inflates the messages of one direction of one connection, in order. After
 * a throw its window is empty: the connection is failed (§7.1.7), and a
 * later message could not rely on what was lost anyway.
 */
export class Inflater {
  readonly #windowSize: number;
  readonly #maxOutput: number;
  readonly #noContextTakeover: boolean;
  /** History (`#history` bytes) followed by the message being inflated. */
  #window = new Uint8Array(0);
  #history = 0;

  // The message being inflated: its input and bit reader, and the write position in #window.
  #input = NO_INPUT;
  #inputBits = 0;
  #pos = 0;
  #hold = 0;
  #bits = 0;
  #out = 0;
  #recorder: Recorder | null = null;

  constructor(options: InflaterOptions) {
    const { windowBits, maxOutput, noContextTakeover = false } = options;
    if (!Number.isInteger(windowBits) || windowBits < 8 || windowBits > 15) {
      throw new RangeError(`windowBits is 8 to 15 (RFC 7692 §7.1.2), not ${windowBits}.`);
    }
    if (maxOutput !== undefined && !(Number.isInteger(maxOutput) && maxOutput >= 0)) {
      throw new RangeError(`maxOutput is a whole number of bytes, not ${maxOutput}.`);
    }
    this.#windowSize = 1 << windowBits;
    this.#maxOutput = maxOutput ?? Number.MAX_SAFE_INTEGER;
    this.#noContextTakeover = noContextTakeover;
  }

  /** One message's payload as on the wire (§7.2.1 removed the tail; this appends it, §7.2.2). */
  inflate(payload: Uint8Array): Uint8Array {
    return this.#run(payload, null);
  }

  /** As `inflate`, with what was read: blocks, literals and back-references. */
  inflateWithReport(payload: Uint8Array): InflateReport {
    const history = this.#window.slice(0, this.#history);
    const recorder = new Recorder();
    const data = this.#run(payload, recorder);
    return { data, blocks: recorder.blocks, history };
  }

  /** Forgets the history: the next message starts with an empty window. */
  reset(): void {
    this.#history = 0;
  }

  #run(payload: Uint8Array, recorder: Recorder | null): Uint8Array {
    // §7.2.2: the tail the sender removed (§7.2.1) goes back on.
    const input = new Uint8Array(payload.length + DEFLATE_TAIL.length + PADDING);
    input.set(payload);
    input.set(DEFLATE_TAIL, payload.length);
    this.#input = input;
    this.#inputBits = (payload.length + DEFLATE_TAIL.length) * 8;
    this.#pos = 0;
    this.#hold = 0;
    this.#bits = 0;
    this.#out = this.#history;
    this.#recorder = recorder;
    this.#reserve(Math.min(this.#maxOutput, Math.max(1024, payload.length * 4)));
    try {
      this.#blocks();
    } catch (error) {
      this.#history = 0;
      throw error;
    } finally {
      this.#input = NO_INPUT;
      this.#recorder = null;
    }
    const data = this.#window.slice(this.#history, this.#out);
    this.#keepHistory();
    return data;
  }

  #blocks(): void {
    for (;;) {
      // The message ends exactly where its input does, at a block boundary (the tail's empty stored block ends there).
      if (this.#consumed() === this.#inputBits) return;
      const bitStart = this.#consumed();
      const final = this.#take(1) === 1;
      const type = this.#take(2);
      if (this.#recorder) {
        this.#recorder.parts = [];
        this.#recorder.literalStart = this.#out;
      }
      if (type === 0) this.#stored();
      else if (type === 1) this.#huffman(fixed().literals, fixed().distances);
      else if (type === 2) this.#dynamic();
      else throw invalid('invalid block type: type 11 is reserved (RFC 1951 §3.2.3)');
      if (this.#recorder) {
        this.#recorder.literalsUpTo(this.#out, this.#history);
        this.#recorder.blocks.push({
          type: type === 0 ? 'stored' : type === 1 ? 'fixed' : 'dynamic',
          final,
          bitStart,
          bitEnd: this.#consumed(),
          parts: this.#recorder.parts,
        });
      }
      // §7.2.3.4: a sender may end with BFINAL set; what follows (the appended tail) is not read.
      if (final) return;
    }
  }

  /** §3.2.4: a stored block: LEN, its one's complement NLEN, then LEN bytes as they are. */
  #stored(): void {
    this.#take(this.#bits & 7);
    const length = this.#take(16);
    const complement = this.#take(16);
    if ((length ^ 0xffff) !== complement) {
      throw invalid(
        `invalid stored block lengths: LEN ${length} and NLEN ${complement} should be each other's one's complement`,
      );
    }
    // The bit reader holds whole bytes only now: give them back and copy from the input directly.
    this.#pos -= this.#bits >>> 3;
    this.#hold = 0;
    this.#bits = 0;
    if (this.#pos * 8 + length * 8 > this.#inputBits) {
      throw invalid(`a stored block of ${length} bytes is cut short by the end of the message`);
    }
    this.#room(length);
    this.#window.set(this.#input.subarray(this.#pos, this.#pos + length), this.#out);
    this.#pos += length;
    this.#out += length;
  }

  /** §3.2.7: a block that sends its own codes, as code lengths coded with a third code. */
  #dynamic(): void {
    const literalCount = this.#take(5) + 257;
    const distanceCount = this.#take(5) + 1;
    const codeLengthCount = this.#take(4) + 4;
    if (literalCount > 286 || distanceCount > 30) {
      throw invalid(
        `a block declares ${literalCount} literal/length and ${distanceCount} distance codes (at most 286 and 30)`,
      );
    }
    const codeLengthLengths = new Uint8Array(19);
    for (let i = 0; i < codeLengthCount; i++) codeLengthLengths[CODE_LENGTH_ORDER[i]] = this.#take(3);
    const codeLengths = table(buildHuffmanTable(codeLengthLengths, 'code-lengths', CODE_LENGTH_ROOT_BITS));

    const lengths = new Uint8Array(literalCount + distanceCount);
    for (let i = 0; i < lengths.length;) {
      const symbol = this.#decode(codeLengths);
      if (symbol < 16) {
        lengths[i++] = symbol;
        continue;
      }
      let repeat: number;
      let value = 0;
      if (symbol === 16) {
        if (i === 0) throw invalid('code length 16 repeats the previous length, but there is none');
        value = lengths[i - 1];
        repeat = 3 + this.#take(2);
      } else if (symbol === 17) {
        repeat = 3 + this.#take(3);
      } else {
        repeat = 11 + this.#take(7);
      }
      if (i + repeat > lengths.length) throw invalid('the code lengths repeat past the number of codes declared');
      lengths.fill(value, i, i + repeat);
      i += repeat;
    }
    if (lengths[END_OF_BLOCK] === 0) throw invalid('the literal/length code has no end-of-block code');
    const literals = table(buildHuffmanTable(lengths.subarray(0, literalCount), 'literals', LITERAL_ROOT_BITS));
    const distances = table(buildHuffmanTable(lengths.subarray(literalCount), 'distances', DISTANCE_ROOT_BITS));
    this.#huffman(literals, distances);
  }

  /**
   * §3.2.5: literals and <length, distance> pairs up to the end-of-block code.
   * The hot loop: the reader's state lives in locals and goes back to the fields at the end.
   */
  #huffman(literals: HuffmanTable, distances: HuffmanTable): void {
    const input = this.#input;
    const inputBits = this.#inputBits;
    const inputEnd = inputBits >>> 3;
    const litEntries = literals.entries;
    const litMask = (1 << literals.rootBits) - 1;
    const distEntries = distances.entries;
    const distMask = (1 << distances.rootBits) - 1;
    const windowSize = this.#windowSize;
    const recorder = this.#recorder;
    let pos = this.#pos;
    let hold = this.#hold;
    let bits = this.#bits;
    let out = this.#out;
    let window = this.#window;
    let end = this.#end();

    for (;;) {
      if (pos > inputEnd && pos * 8 - bits > inputBits) throw truncated();
      // At most 22 bits held, so `hold` stays a small integer (no sign bit, no boxing).
      while (bits < 15) {
        hold |= input[pos++] << bits;
        bits += 8;
      }
      let entry = litEntries[hold & litMask];
      if ((entry & KIND_MASK) !== LEAF) {
        if ((entry & KIND_MASK) === LINK) {
          hold >>>= entry & 15;
          bits -= entry & 15;
          const sub = entry >>> 8;
          entry = litEntries[(sub >>> 4) + (hold & ((1 << (sub & 15)) - 1))];
        }
        if ((entry & KIND_MASK) === INVALID) throw invalid('a literal/length code is not in the code');
      }
      hold >>>= entry & 15;
      bits -= entry & 15;
      const symbol = entry >>> 8;

      if (symbol < 256) {
        if (out >= end) {
          this.#out = out;
          this.#room(1);
          window = this.#window;
          end = this.#end();
        }
        window[out++] = symbol;
        continue;
      }
      if (symbol === END_OF_BLOCK) break;
      if (symbol > 285) throw invalid(`literal/length code ${symbol} is not used (RFC 1951 §3.2.6)`);

      const lengthCode = symbol - 257;
      const lengthExtra = LENGTH_EXTRA[lengthCode];
      while (bits < lengthExtra) {
        hold |= input[pos++] << bits;
        bits += 8;
      }
      const length = LENGTH_BASE[lengthCode] + (hold & ((1 << lengthExtra) - 1));
      hold >>>= lengthExtra;
      bits -= lengthExtra;

      while (bits < 15) {
        hold |= input[pos++] << bits;
        bits += 8;
      }
      entry = distEntries[hold & distMask];
      if ((entry & KIND_MASK) !== LEAF) {
        if ((entry & KIND_MASK) === LINK) {
          hold >>>= entry & 15;
          bits -= entry & 15;
          const sub = entry >>> 8;
          entry = distEntries[(sub >>> 4) + (hold & ((1 << (sub & 15)) - 1))];
        }
        if ((entry & KIND_MASK) === INVALID) throw invalid('a distance code is not in the code');
      }
      hold >>>= entry & 15;
      bits -= entry & 15;
      const distanceCode = entry >>> 8;
      if (distanceCode > 29) throw invalid(`distance code ${distanceCode} is not used (RFC 1951 §3.2.6)`);
      const distanceExtra = DISTANCE_EXTRA[distanceCode];
      while (bits < distanceExtra) {
        hold |= input[pos++] << bits;
        bits += 8;
      }
      const distance = DISTANCE_BASE[distanceCode] + (hold & ((1 << distanceExtra) - 1));
      hold >>>= distanceExtra;
      bits -= distanceExtra;
      if (pos > inputEnd && pos * 8 - bits > inputBits) throw truncated();

      if (distance > windowSize) {
        throw invalid(
          `a back-reference reaches ${distance} bytes back, beyond the ${windowSize}-byte window agreed (RFC 7692 §7.1.2)`,
        );
      }
      if (distance > out) {
        throw invalid(
          `invalid distance too far back: a back-reference reaches ${distance} bytes back, but only ${out} bytes came before`,
        );
      }
      if (out + length > end) {
        this.#out = out;
        this.#room(length);
        window = this.#window;
        end = this.#end();
      }
      if (recorder) {
        recorder.literalsUpTo(out, this.#history);
        recorder.parts.push({ kind: 'copy', at: out - this.#history, length, distance });
        recorder.literalStart = out + length;
      }
      // Byte by byte: a copy may overlap what it writes (distance < length repeats the pattern, §3.2.3).
      let from = out - distance;
      const stop = out + length;
      while (out < stop) window[out++] = window[from++];
    }

    this.#pos = pos;
    this.#hold = hold;
    this.#bits = bits;
    this.#out = out;
    if (pos > inputEnd && pos * 8 - bits > inputBits) throw truncated();
  }

  /** Bits of input read so far. */
  #consumed(): number {
    return this.#pos * 8 - this.#bits;
  }

  /** The next `count` bits (at most 24), least significant first (§3.1.1). */
  #take(count: number): number {
    while (this.#bits < count) {
      this.#hold |= this.#input[this.#pos++] << this.#bits;
      this.#bits += 8;
    }
    const value = this.#hold & ((1 << count) - 1);
    this.#hold >>>= count;
    this.#bits -= count;
    if (this.#consumed() > this.#inputBits) throw truncated();
    return value;
  }

  /** One symbol of `code` (used for the code lengths; the hot loop inlines the same steps). */
  #decode(code: HuffmanTable): number {
    while (this.#bits < 15) {
      this.#hold |= this.#input[this.#pos++] << this.#bits;
      this.#bits += 8;
    }
    let entry = code.entries[this.#hold & ((1 << code.rootBits) - 1)];
    if ((entry & KIND_MASK) === LINK) {
      this.#hold >>>= entry & 15;
      this.#bits -= entry & 15;
      const sub = entry >>> 8;
      entry = code.entries[(sub >>> 4) + (this.#hold & ((1 << (sub & 15)) - 1))];
    }
    if ((entry & KIND_MASK) === INVALID) throw invalid('a code-length code is not in the code');
    this.#hold >>>= entry & 15;
    this.#bits -= entry & 15;
    if (this.#consumed() > this.#inputBits) throw truncated();
    return entry >>> 8;
  }

  /** Where the output may run to without growing the window or passing maxOutput. */
  #end(): number {
    return Math.min(this.#window.length, this.#history + this.#maxOutput);
  }

  /** Makes room for `count` more bytes at `#out`, or throws 1009 when that would pass maxOutput. */
  #room(count: number): void {
    const need = this.#out + count;
    if (need - this.#history > this.#maxOutput) {
      throw new FrameError(
        'DEFLATE_ERR_TOO_LARGE',
        `The message inflates to more than ${this.#maxOutput} bytes, the limit here; inflating stopped ` +
          'there: a decompression bomb is refused, not inflated (§10.4).',
      );
    }
    if (need <= this.#window.length) return;
    const size = Math.min(Math.max(need, this.#window.length * 2), this.#history + this.#maxOutput);
    const grown = new Uint8Array(size);
    grown.set(this.#window.subarray(0, this.#out));
    this.#window = grown;
  }

  /** Before `#run` starts: room for the history and a first guess at the output. */
  #reserve(guess: number): void {
    if (this.#window.length < this.#history + guess) {
      const grown = new Uint8Array(this.#history + guess);
      grown.set(this.#window.subarray(0, this.#history));
      this.#window = grown;
    }
  }

  /** After a message: its last 2^windowBits bytes of output (with the history before it) become the history. */
  #keepHistory(): void {
    if (this.#noContextTakeover) {
      this.#history = 0;
    } else {
      const keep = Math.min(this.#out, this.#windowSize);
      this.#window.copyWithin(0, this.#out - keep, this.#out);
      this.#history = keep;
    }
    // A big message's buffer is not kept for the connection's life.
    if (this.#window.length > this.#windowSize + 256 * 1024)
      this.#window = this.#window.slice(0, this.#windowSize + 1024);
  }
}

function table(built: HuffmanTable | string): HuffmanTable {
  if (typeof built === 'string') throw invalid(built);
  return built;
}

function truncated(): FrameError {
  return invalid('it ends in the middle of a block (the data is cut short)');
}
