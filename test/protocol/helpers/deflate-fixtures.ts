/**
 * Shared by the permessage-deflate tests: zlib as the reference compressor
 * (as ws uses it), a bit writer for hand-made DEFLATE streams, and a replay
 * of an inflate report.
 */
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { stripTail, type InflateReport } from '../../../src/protocol/index.ts';

export interface ZlibOptions {
  readonly level?: number;
  readonly windowBits?: number;
  readonly memLevel?: number;
  readonly strategy?: number;
}

/** One message compressed as a permessage-deflate sender does (§7.2.1): sync flush, tail removed. */
export function deflateMessage(data: Uint8Array, options: ZlibOptions = {}): Uint8Array {
  const out = zlib.deflateRawSync(data, { ...options, finishFlush: zlib.constants.Z_SYNC_FLUSH });
  return stripTail(Uint8Array.from(out));
}

/**
 * Several messages through one zlib stream, each ended by a sync flush, as
 * ws compresses a connection's messages with context takeover.
 */
export async function deflateMessages(
  messages: readonly Uint8Array[],
  options: ZlibOptions = {},
): Promise<Uint8Array[]> {
  const deflate = zlib.createDeflateRaw(options);
  const chunks: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => chunks.push(chunk));
  const payloads: Uint8Array[] = [];
  for (const message of messages) {
    deflate.write(message);
    await new Promise<void>((resolve) => deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => resolve()));
    payloads.push(stripTail(Uint8Array.from(Buffer.concat(chunks.splice(0)))));
  }
  deflate.close();
  return payloads;
}

/** zlib's own inflate of one payload with the tail appended (§7.2.2). */
export function zlibInflate(payload: Uint8Array, windowBits = 15): Uint8Array {
  const input = Buffer.concat([payload, Buffer.from([0x00, 0x00, 0xff, 0xff])]);
  return Uint8Array.from(zlib.inflateRawSync(input, { windowBits, finishFlush: zlib.constants.Z_SYNC_FLUSH }));
}

/**
 * Rebuilds a message from its report alone, as the X-ray draws it: literal
 * bytes taken from the output, every copy replayed over history + what was
 * rebuilt so far. Checks the parts cover the output in order, without gaps.
 */
export function replay(report: InflateReport): Uint8Array {
  const { history, data } = report;
  const rebuilt = new Uint8Array(history.length + data.length);
  rebuilt.set(history);
  let next = 0;
  let bitEnd = 0;
  for (const block of report.blocks) {
    assert.equal(block.bitStart, bitEnd, 'blocks follow each other');
    assert.ok(block.bitEnd > block.bitStart);
    bitEnd = block.bitEnd;
    for (const part of block.parts) {
      assert.equal(part.at, next, 'parts follow each other');
      assert.ok(part.length > 0);
      const at = history.length + part.at;
      if (part.kind === 'literals') {
        rebuilt.set(data.subarray(part.at, part.at + part.length), at);
      } else {
        assert.ok(part.distance >= 1 && at - part.distance >= 0, 'a copy reaches into history or output');
        for (let i = 0; i < part.length; i++) rebuilt[at + i] = rebuilt[at + i - part.distance];
      }
      next += part.length;
    }
  }
  assert.equal(next, data.length, 'the parts cover the whole output');
  return rebuilt.subarray(history.length);
}

/** Writes DEFLATE bits as RFC 1951 §3.1.1 packs them: values least significant bit first, Huffman codes most significant first. */
export class BitWriter {
  readonly #bytes: number[] = [];
  #bit = 0;

  bits(value: number, count: number): this {
    for (let i = 0; i < count; i++) this.#push((value >>> i) & 1);
    return this;
  }

  code(code: number, length: number): this {
    for (let i = length - 1; i >= 0; i--) this.#push((code >>> i) & 1);
    return this;
  }

  /** Pads to a byte boundary with zeros. */
  align(): this {
    while (this.#bit !== 0) this.#push(0);
    return this;
  }

  bytes(): Uint8Array {
    return Uint8Array.from(this.#bytes);
  }

  #push(bit: number): void {
    if (this.#bit === 0) this.#bytes.push(0);
    this.#bytes[this.#bytes.length - 1] |= bit << this.#bit;
    this.#bit = (this.#bit + 1) & 7;
  }
}

/** §3.2.6: the fixed literal/length code of `symbol` as [code, length]. */
export function fixedCode(symbol: number): [number, number] {
  if (symbol < 144) return [0x30 + symbol, 8];
  if (symbol < 256) return [0x190 + symbol - 144, 9];
  if (symbol < 280) return [symbol - 256, 7];
  return [0xc0 + symbol - 280, 8];
}
