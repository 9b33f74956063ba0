import type * as PakoModule from 'pako';
import type { ZStream } from 'pako';
import { stripTail } from '../protocol/index.ts';

/**
 * permessage-deflate's compressing half (RFC 7692 §7.2.1), for the simulated
 * wire's two ends and the lessons' demos. The bytes come from pako, a port of
 * zlib: with Chromium's settings (level default, memLevel 8, the agreed
 * window) its output is the bytes Chromium and ws (Node's zlib) put on the
 * wire. pako 3's default hash is the one of Chromium's zlib, which Node ships
 * too; its `legacyHash` would give the original zlib's bytes instead. Inflating
 * is src/protocol's own decoder (inflate.ts), which reports what it reads.
 */

export interface Compressor {
  /** One whole message compressed, the 00 00 ff ff tail removed (§7.2.1). */
  compress(data: Uint8Array): Uint8Array;
}

export interface CompressorOptions {
  /** The agreed *_max_window_bits of this side (8 to 15). */
  readonly windowBits: number;
  /** Start every message with an empty window (*_no_context_takeover, §7.1.1). */
  readonly noContextTakeover: boolean;
  /** zlib's level, 0 to 9; zlib's default (6) when absent, as Chromium and ws use. */
  readonly level?: number;
}

/** zlib's Z_DEFAULT_COMPRESSION. */
const DEFAULT_LEVEL = -1;
/** zlib's default memLevel: Chromium's deflater names it, ws leaves Node's default. */
const MEM_LEVEL = 8;

type Pako = typeof PakoModule;

/**
 * zlib cannot compress with a 256-byte window: for raw deflate, windowBits 8 is
 * an error since zlib 1.2.9. Chromium (websocket_deflater.cc, crbug.com/691074)
 * and Node (zlib.js, `DeflateRaw`, hence ws) compress with 9 instead; zlib keeps
 * its distances under 2^9 - 262, so a peer's 256-byte window still inflates them.
 */
function zlibWindowBits(windowBits: number): number {
  return Math.max(windowBits, 9);
}

class PakoCompressor implements Compressor {
  readonly #pako: Pako;
  readonly #options: CompressorOptions;
  readonly #deflate;
  #stream: ZStream | undefined;
  #chunks: Uint8Array[] = [];

  constructor(pako: Pako, options: CompressorOptions) {
    this.#pako = pako;
    this.#options = options;
    this.#deflate = new pako.Deflate({
      raw: true,
      level: options.level ?? DEFAULT_LEVEL,
      memLevel: MEM_LEVEL,
      windowBits: zlibWindowBits(options.windowBits),
    });
    this.#deflate.onStart = (stream) => (this.#stream = stream);
    this.#deflate.onData = (chunk) => this.#chunks.push(chunk);
  }

  compress(data: Uint8Array): Uint8Array {
    // zlib refuses a second sync flush with no input between; Chromium writes this one byte itself
    // (an empty stored block once the tail is added), as zlib's first flush would (websocket_deflater.cc).
    if (data.length === 0) return Uint8Array.of(0x00);
    this.#chunks = [];
    // §7.2.1: compress, then flush to a byte boundary with an empty stored block (Z_SYNC_FLUSH).
    if (!this.#deflate.push(data, this.#pako.Z_SYNC_FLUSH)) {
      throw new Error(`The compressor failed: ${this.#deflate.msg || 'zlib error'}.`);
    }
    const output = join(this.#chunks);
    this.#chunks = [];
    if (this.#options.noContextTakeover && this.#stream) this.#pako.zlibDeflateReset(this.#stream);
    return stripTail(output);
  }
}

function join(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/**
 * A compressor for one side of one connection. pako is loaded on first use, as
 * its own chunk: only pages that compress download it.
 */
export async function loadCompressor(options: CompressorOptions): Promise<Compressor> {
  const pako = await import('pako');
  return new PakoCompressor(pako, options);
}
