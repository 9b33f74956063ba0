/**
 * The DEFLATE decoder (RFC 1951) behind permessage-deflate: RFC 7692's own
 * examples byte for byte, zlib as the reference on many inputs, its report
 * replayed, and every kind of broken input failing with 1007 (or 1009 for a
 * bomb) in bounded time.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import {
  FrameError,
  Inflater,
  appendTail,
  createMessageReader,
  decodeFrame,
  encodeFrame,
  Opcode,
  type DeflatePart,
} from '../../src/protocol/index.ts';
import { assertFrameError, createRandom, hex, toHex, type Random } from './helpers/fixtures.ts';
import {
  BitWriter,
  deflateMessage,
  deflateMessages,
  fixedCode,
  replay,
  zlibInflate,
  type ZlibOptions,
} from './helpers/deflate-fixtures.ts';

const HELLO = Uint8Array.from(Buffer.from('Hello'));
const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString();
const invalidData = { code: 'DEFLATE_ERR_INVALID_DATA', closeCode: 1007, section: 'RFC 7692 §7.2.2' } as const;
const tooLarge = { code: 'DEFLATE_ERR_TOO_LARGE', closeCode: 1009 } as const;

describe('RFC 7692 §7.2.3: the examples, byte for byte', () => {
  it('§7.2.3.1: "Hello" compressed is the frame c1 07 f2 48 cd c9 c9 07 00', () => {
    const frame = hex('c1 07 f2 48 cd c9 c9 07 00');
    const payload = hex('f2 48 cd c9 c9 07 00');
    assert.equal(toHex(deflateMessage(HELLO)), toHex(payload), 'zlib compresses "Hello" to the RFC bytes');
    assert.equal(toHex(encodeFrame({ rsv1: true, opcode: Opcode.text, payload })), toHex(frame));
    const decoded = decodeFrame(frame, { allowRsv1: true });
    assert.ok(decoded);
    assert.equal(decoded.frame.rsv1, true);
    assert.equal(text(new Inflater({ windowBits: 15 }).inflate(decoded.frame.payload)), 'Hello');
    assert.equal(text(zlibInflate(payload)), 'Hello');
  });

  it('§7.2.3.1: the same message fragmented, RSV1 on the first frame only, inflates to "Hello"', () => {
    const reader = createMessageReader();
    const first = decodeFrame(hex('41 03 f2 48 cd'), { allowRsv1: true });
    const last = decodeFrame(hex('80 04 c9 c9 07 00'), { allowRsv1: true });
    assert.ok(first && last);
    assert.equal(reader.push(first.frame), null);
    const message = reader.push(last.frame);
    assert.ok(message);
    assert.equal(message.compressed, true);
    assert.equal(toHex(message.data), 'f2 48 cd c9 c9 07 00');
    assert.equal(text(new Inflater({ windowBits: 15 }).inflate(message.data)), 'Hello');
  });

  it('§7.2.3.2: with context takeover the second "Hello" is f2 00 11 00 00, a copy into the first', async () => {
    const [first, second] = await deflateMessages([HELLO, HELLO]);
    assert.equal(toHex(first), 'f2 48 cd c9 c9 07 00');
    assert.equal(toHex(second), 'f2 00 11 00 00');
    const inflater = new Inflater({ windowBits: 15 });
    assert.equal(text(inflater.inflate(first)), 'Hello');
    const report = inflater.inflateWithReport(second);
    assert.equal(text(report.data), 'Hello');
    assert.equal(text(report.history), 'Hello');
    const parts = report.blocks.flatMap((block) => block.parts);
    // zlib sends "H" as a literal, then copies "ello" from 5 bytes back: 4 bytes before this message began.
    assert.deepEqual(parts, [
      { kind: 'literals', at: 0, length: 1 },
      { kind: 'copy', at: 1, length: 4, distance: 5 },
    ]);
    const copy = parts[1] as Extract<DeflatePart, { kind: 'copy' }>;
    assert.ok(copy.at - copy.distance < 0, 'the copy reaches into the earlier message');
  });

  it('§7.2.3.2: without context takeover both messages are f2 48 cd c9 c9 07 00', () => {
    assert.equal(toHex(deflateMessage(HELLO)), 'f2 48 cd c9 c9 07 00');
    const inflater = new Inflater({ windowBits: 15, noContextTakeover: true });
    assert.equal(text(inflater.inflate(hex('f2 48 cd c9 c9 07 00'))), 'Hello');
    assert.equal(text(inflater.inflate(hex('f2 48 cd c9 c9 07 00'))), 'Hello');
    // Without the first message's window, the second message's copy has nothing to reach.
    assertFrameError(() => inflater.inflate(hex('f2 00 11 00 00')), invalidData);
  });

  it('§7.2.3.3: the uncompressed block 00 05 00 fa ff 48 65 6c 6c 6f 00 is "Hello" as literals', () => {
    const payload = hex('00 05 00 fa ff 48 65 6c 6c 6f 00');
    assert.equal(toHex(encodeFrame({ rsv1: true, opcode: Opcode.text, payload })), 'c1 0b ' + toHex(payload));
    const report = new Inflater({ windowBits: 15 }).inflateWithReport(payload);
    assert.equal(text(report.data), 'Hello');
    assert.deepEqual(
      report.blocks.map(({ type, final, bitStart, bitEnd, parts }) => ({ type, final, bitStart, bitEnd, parts })),
      [
        { type: 'stored', final: false, bitStart: 0, bitEnd: 80, parts: [{ kind: 'literals', at: 0, length: 5 }] },
        { type: 'stored', final: false, bitStart: 80, bitEnd: 120, parts: [] },
      ],
    );
    assert.equal(text(zlibInflate(payload)), 'Hello');
    assert.equal(toHex(deflateMessage(HELLO, { level: 0 })), toHex(payload), 'zlib level 0 writes the same bytes');
  });

  it('§7.2.3.4: a block with BFINAL set, f3 48 cd c9 c9 07 00 00, is "Hello" and the tail is not read', () => {
    const payload = hex('f3 48 cd c9 c9 07 00 00');
    const report = new Inflater({ windowBits: 15 }).inflateWithReport(payload);
    assert.equal(text(report.data), 'Hello');
    assert.equal(report.blocks.length, 1);
    assert.equal(report.blocks[0].type, 'fixed');
    assert.equal(report.blocks[0].final, true);
    assert.equal(text(Uint8Array.from(zlib.inflateRawSync(payload))), 'Hello');
  });

  it('§7.2.3.4: after a BFINAL message the window is kept for the next one', () => {
    const inflater = new Inflater({ windowBits: 15 });
    assert.equal(text(inflater.inflate(hex('f3 48 cd c9 c9 07 00 00'))), 'Hello');
    assert.equal(text(inflater.inflate(hex('f2 00 11 00 00'))), 'Hello');
  });

  it('§7.2.3.5: "Hello" as two DEFLATE blocks, f2 48 05 00 00 00 ff ff ca c9 c9 07 00', () => {
    const payload = hex('f2 48 05 00 00 00 ff ff ca c9 c9 07 00');
    const report = new Inflater({ windowBits: 15 }).inflateWithReport(payload);
    assert.equal(text(report.data), 'Hello');
    assert.deepEqual(
      report.blocks.map(({ type, parts }) => ({ type, parts })),
      [
        { type: 'fixed', parts: [{ kind: 'literals', at: 0, length: 2 }] },
        { type: 'stored', parts: [] },
        { type: 'fixed', parts: [{ kind: 'literals', at: 2, length: 3 }] },
        { type: 'stored', parts: [] },
      ],
    );
    assert.equal(text(zlibInflate(payload)), 'Hello');
  });

  it('an empty message is the single byte 00 (§7.2.3.6) and inflates to nothing', () => {
    const payload = deflateMessage(new Uint8Array(0));
    assert.equal(toHex(payload), '00');
    assert.equal(new Inflater({ windowBits: 15 }).inflate(payload).length, 0);
    assert.equal(toHex(appendTail(payload)), '00 00 00 ff ff');
  });
});

/** Inputs zlib compresses differently: random, repetitive, text-like, runs, tiny. */
function sample(random: Random): Uint8Array {
  const length = random.pick([0, 1, 2, 5, 40, 300, 1000, 5000, 40000, random.int(0, 100000)]);
  switch (random.int(0, 4)) {
    case 0:
      return random.bytes(length);
    case 1: {
      const unit = random.bytes(random.int(1, 40));
      return Uint8Array.from({ length }, (_, i) => unit[i % unit.length]);
    }
    case 2: {
      const words = ['{"type":"tick",', '"price":', '12.5', '"user":"ada"', ' ', '}', 'WebSocket', '\n'];
      let out = '';
      while (out.length < length) out += random.pick(words);
      return Uint8Array.from(Buffer.from(out.slice(0, length)));
    }
    case 3:
      return Uint8Array.from({ length }, () => (random.chance(0.9) ? 0 : random.int(0, 255)));
    default: {
      const out = random.bytes(length);
      // Long-range repeats, to reach far back in a big window.
      for (let i = 0; i + 600 < length; i += random.int(200, 9000))
        out.copyWithin(i, random.int(0, i), random.int(0, i) + 300);
      return out;
    }
  }
}

const STRATEGIES = [
  zlib.constants.Z_DEFAULT_STRATEGY,
  zlib.constants.Z_FILTERED,
  zlib.constants.Z_HUFFMAN_ONLY,
  zlib.constants.Z_RLE,
  zlib.constants.Z_FIXED,
];

function zlibOptions(random: Random): Required<ZlibOptions> {
  return {
    level: random.int(0, 9),
    windowBits: random.int(9, 15),
    memLevel: random.int(1, 9),
    strategy: random.pick(STRATEGIES),
  };
}

describe('Inflater against zlib', () => {
  it('inflates 600 zlib-compressed messages exactly, and each report replays to the same bytes', () => {
    const random = createRandom(0x1f1a7e);
    const seen = new Set<string>();
    for (let round = 0; round < 600; round++) {
      const data = sample(random);
      const options = zlibOptions(random);
      const payload = deflateMessage(data, options);
      const where = `round ${round}, ${JSON.stringify(options)}, ${data.length} bytes`;
      const inflater = new Inflater({ windowBits: options.windowBits });
      const ours = inflater.inflate(payload);
      assert.ok(Buffer.from(ours).equals(Buffer.from(data)), where);
      const report = new Inflater({ windowBits: options.windowBits }).inflateWithReport(payload);
      assert.ok(Buffer.from(replay(report)).equals(Buffer.from(data)), `${where}: replay`);
      for (const block of report.blocks) seen.add(block.type);
    }
    assert.deepEqual([...seen].sort(), ['dynamic', 'fixed', 'stored'], 'every block type was met');
  });

  it('inflates with the 8-bit window what zlib compresses when 8 is agreed (it uses 9, and reaches at most 250 back)', () => {
    const random = createRandom(8);
    for (let round = 0; round < 100; round++) {
      const data = sample(random);
      const payload = deflateMessage(data, { windowBits: 8, level: random.int(1, 9) });
      assert.ok(
        Buffer.from(new Inflater({ windowBits: 8 }).inflate(payload)).equals(Buffer.from(data)),
        `round ${round}`,
      );
    }
  });

  it('follows context takeover across 40 streams of messages, copies reaching into earlier messages', async () => {
    const random = createRandom(0xc0de);
    let reachedBack = 0;
    for (let stream = 0; stream < 40; stream++) {
      const drawn = zlibOptions(random);
      const options = { ...drawn, level: drawn.level === 0 ? 6 : drawn.level };
      const base = sample(random).subarray(0, 3000);
      // Messages that share text, so later ones copy from earlier ones.
      const messages = Array.from({ length: random.int(2, 8) }, () =>
        random.chance(0.6)
          ? Uint8Array.from([...base.subarray(random.int(0, 50)), ...random.bytes(random.int(0, 30))])
          : sample(random).subarray(0, 5000),
      );
      const payloads = await deflateMessages(messages, options);
      const inflater = new Inflater({ windowBits: options.windowBits });
      const zlibStream = zlib.createInflateRaw({ windowBits: options.windowBits });
      for (const [i, payload] of payloads.entries()) {
        const where = `stream ${stream}, message ${i}, ${JSON.stringify(options)}`;
        const report = inflater.inflateWithReport(payload);
        assert.ok(Buffer.from(report.data).equals(Buffer.from(messages[i])), where);
        assert.ok(report.history.length <= 1 << options.windowBits, `${where}: history within the window`);
        assert.ok(Buffer.from(replay(report)).equals(Buffer.from(messages[i])), `${where}: replay`);
        const theirs = await new Promise<Buffer>((resolve) => {
          const chunks: Buffer[] = [];
          const onData = (chunk: Buffer) => chunks.push(chunk);
          zlibStream.on('data', onData);
          zlibStream.write(appendTail(payload));
          zlibStream.flush(zlib.constants.Z_SYNC_FLUSH, () => {
            zlibStream.off('data', onData);
            resolve(Buffer.concat(chunks));
          });
        });
        assert.ok(theirs.equals(Buffer.from(report.data)), `${where}: zlib's inflate agrees`);
        for (const block of report.blocks) {
          for (const part of block.parts) if (part.kind === 'copy' && part.at - part.distance < 0) reachedBack++;
        }
      }
      zlibStream.close();
    }
    assert.ok(reachedBack > 20, `copies into earlier messages were met (${reachedBack})`);
  });

  it('with no context takeover each message starts with an empty history', async () => {
    const messages = [HELLO, HELLO, HELLO];
    const payloads = messages.map((message) => deflateMessage(message));
    const inflater = new Inflater({ windowBits: 15, noContextTakeover: true });
    for (const payload of payloads) {
      const report = inflater.inflateWithReport(payload);
      assert.equal(report.history.length, 0);
      assert.equal(text(report.data), 'Hello');
    }
    const taken = await deflateMessages(messages);
    const withTakeover = new Inflater({ windowBits: 15 });
    assert.deepEqual(
      taken.map((payload) => withTakeover.inflateWithReport(payload).history.length),
      [0, 5, 10],
    );
  });

  it('keeps at most 2^windowBits bytes of history', () => {
    const inflater = new Inflater({ windowBits: 9 });
    const big = createRandom(9).bytes(3000);
    inflater.inflate(deflateMessage(big, { windowBits: 9 }));
    const report = inflater.inflateWithReport(deflateMessage(HELLO, { windowBits: 9 }));
    assert.equal(report.history.length, 512);
    assert.ok(Buffer.from(report.history).equals(Buffer.from(big.subarray(-512))));
  });
});

/** A fixed-code block (§3.2.6) from symbols; copies as [length code, extra, length bits, distance code, extra, bits]. */
function fixedBlock(build: (writer: BitWriter) => void, final = true): Uint8Array {
  const writer = new BitWriter().bits(final ? 1 : 0, 1).bits(1, 2);
  build(writer);
  return writer.bytes();
}

function literal(writer: BitWriter, symbol: number): void {
  const [code, length] = fixedCode(symbol);
  writer.code(code, length);
}

describe('Inflater on broken input', () => {
  it('fails a message cut short with 1007', () => {
    const payload = deflateMessage(
      Uint8Array.from(Buffer.from('The quick brown fox jumps over the lazy dog. '.repeat(40))),
    );
    for (const cut of [1, 2, 5, payload.length >> 1, payload.length - 1]) {
      const error = assertFrameError(
        () => new Inflater({ windowBits: 15 }).inflate(payload.subarray(0, cut)),
        invalidData,
      );
      assert.match(
        error.message,
        /cut short|stored block lengths|not in the code|too far back|repeat|over-subscribed|incomplete/,
      );
    }
    const error = assertFrameError(
      () => new Inflater({ windowBits: 15 }).inflate(payload.subarray(0, payload.length >> 1)),
      invalidData,
    );
    assert.match(error.message, /ends in the middle of a block/);
  });

  it('fails an empty payload: appended to nothing, the tail is not a complete block', () => {
    assertFrameError(() => new Inflater({ windowBits: 15 }).inflate(new Uint8Array(0)), invalidData);
  });

  it('fails a stored block whose NLEN is not the complement of LEN', () => {
    const error = assertFrameError(
      () => new Inflater({ windowBits: 15 }).inflate(hex('00 05 00 fa fe 48 65 6c 6c 6f 00')),
      invalidData,
    );
    assert.match(error.message, /invalid stored block lengths: LEN 5 and NLEN 65274/);
  });

  it('fails a stored block longer than the message', () => {
    assertFrameError(() => new Inflater({ windowBits: 15 }).inflate(hex('00 ff 00 00 ff 48 65')), invalidData);
  });

  it('fails block type 11, reserved', () => {
    const error = assertFrameError(() => new Inflater({ windowBits: 15 }).inflate(hex('07')), invalidData);
    assert.match(error.message, /invalid block type: type 11/);
  });

  it('fails over-subscribed, incomplete and repeated-without-previous code lengths', () => {
    // Dynamic block: HLIT 0 (257), HDIST 0 (1), HCLEN 15 (19 code-length codes), all of length 1: over-subscribed.
    const over = new BitWriter().bits(1, 1).bits(2, 2).bits(0, 5).bits(0, 5).bits(15, 4);
    for (let i = 0; i < 19; i++) over.bits(1, 3);
    assert.match(
      assertFrameError(() => new Inflater({ windowBits: 15 }).inflate(over.bytes()), invalidData).message,
      /over-subscribed/,
    );

    // Only the code-length code for symbol 16 (first in order), length 2: incomplete.
    const incomplete = new BitWriter()
      .bits(1, 1)
      .bits(2, 2)
      .bits(0, 5)
      .bits(0, 5)
      .bits(0, 4)
      .bits(2, 3)
      .bits(0, 3)
      .bits(0, 3)
      .bits(0, 3);
    assert.match(
      assertFrameError(() => new Inflater({ windowBits: 15 }).inflate(incomplete.bytes()), invalidData).message,
      /incomplete/,
    );

    // Code lengths 16 and 17 of length 1 each: a complete code; the first symbol read is 16, with no previous length.
    const repeat = new BitWriter()
      .bits(1, 1)
      .bits(2, 2)
      .bits(0, 5)
      .bits(0, 5)
      .bits(0, 4)
      .bits(1, 3)
      .bits(1, 3)
      .bits(0, 3)
      .bits(0, 3);
    repeat.code(0, 1).bits(0, 2);
    assert.match(
      assertFrameError(() => new Inflater({ windowBits: 15 }).inflate(repeat.bytes()), invalidData).message,
      /no(ne| previous)/,
    );
  });

  it('fails a dynamic block that declares too many codes or has no end-of-block code', () => {
    const tooMany = new BitWriter().bits(1, 1).bits(2, 2).bits(30, 5).bits(0, 5).bits(0, 4);
    assert.match(
      assertFrameError(() => new Inflater({ windowBits: 15 }).inflate(tooMany.bytes()), invalidData).message,
      /287/,
    );

    // Code-length code: symbols 0 and 18 of length 1. Lengths: 18 (zeros) ×2 fills 258 with 0: no end-of-block.
    const noEnd = new BitWriter().bits(1, 1).bits(2, 2).bits(0, 5).bits(0, 5).bits(0, 4);
    noEnd.bits(0, 3).bits(0, 3).bits(1, 3).bits(1, 3); // order 16, 17, 18, 0
    noEnd
      .code(1, 1)
      .bits(138 - 11, 7)
      .code(1, 1)
      .bits(120 - 11, 7);
    assert.match(
      assertFrameError(() => new Inflater({ windowBits: 15 }).inflate(noEnd.bytes()), invalidData).message,
      /end-of-block/,
    );
  });

  it('fails the unused fixed codes 286 and 287 and distance codes 30 and 31', () => {
    for (const symbol of [286, 287]) {
      const block = fixedBlock((w) => literal(w, symbol));
      assert.match(
        assertFrameError(() => new Inflater({ windowBits: 15 }).inflate(block), invalidData).message,
        new RegExp(`${symbol}`),
      );
    }
    for (const distance of [30, 31]) {
      const block = fixedBlock((w) => {
        literal(w, 65);
        literal(w, 257);
        w.code(distance, 5);
      });
      assert.match(
        assertFrameError(() => new Inflater({ windowBits: 15 }).inflate(block), invalidData).message,
        new RegExp(`${distance}`),
      );
    }
  });

  it('fails a copy from before the first byte: invalid distance too far back', () => {
    // "A", then copy 3 from 2 back: only 1 byte exists.
    const block = fixedBlock((w) => {
      literal(w, 65);
      literal(w, 257);
      w.code(1, 5);
      literal(w, 256);
    });
    assert.match(
      assertFrameError(() => new Inflater({ windowBits: 15 }).inflate(block), invalidData).message,
      /too far back/,
    );
    const ok = fixedBlock((w) => {
      literal(w, 65);
      literal(w, 257);
      w.code(0, 5);
      literal(w, 256);
    });
    assert.equal(text(new Inflater({ windowBits: 15 }).inflate(ok)), 'AAAA');
  });

  it('fails a copy beyond the agreed window, even when the bytes are there', () => {
    const chunk = createRandom(3).bytes(1000);
    const payload = deflateMessage(Uint8Array.from([...chunk, ...chunk]), { windowBits: 15 });
    assert.equal(new Inflater({ windowBits: 15 }).inflate(payload).length, 2000);
    const error = assertFrameError(() => new Inflater({ windowBits: 9 }).inflate(payload), invalidData);
    assert.match(error.message, /beyond the 512-byte window/);
  });

  it('empties its window after an error, and inflates the next self-contained message', () => {
    const inflater = new Inflater({ windowBits: 15 });
    inflater.inflate(hex('f2 48 cd c9 c9 07 00'));
    assertFrameError(() => inflater.inflate(hex('07')), invalidData);
    assertFrameError(() => inflater.inflate(hex('f2 00 11 00 00')), invalidData);
    assert.equal(text(inflater.inflate(hex('f2 48 cd c9 c9 07 00'))), 'Hello');
  });

  it('either inflates or throws FrameError for 4000 random and mutated inputs, in bounded time', () => {
    const random = createRandom(0xf022);
    const valid = Array.from({ length: 20 }, () =>
      deflateMessage(sample(random).subarray(0, 2000), zlibOptions(random)),
    );
    const started = performance.now();
    const outcomes = { inflated: 0, failed: 0, agreed: 0 };
    for (let round = 0; round < 4000; round++) {
      let input: Uint8Array;
      if (random.chance(0.4)) {
        input = random.bytes(random.int(0, 200));
      } else {
        input = Uint8Array.from(random.pick(valid));
        for (let flips = random.int(1, 4); flips > 0 && input.length > 0; flips--) {
          input[random.int(0, input.length - 1)] ^= 1 << random.int(0, 7);
        }
        if (random.chance(0.3)) input = input.subarray(0, random.int(0, input.length));
      }
      const windowBits = random.int(8, 15);
      let ours: Uint8Array | undefined;
      try {
        ours = new Inflater({ windowBits, maxOutput: 1 << 20 }).inflate(input);
        outcomes.inflated++;
      } catch (error) {
        assert.ok(error instanceof FrameError, `round ${round}: ${String(error)} for ${toHex(input)}`);
        assert.ok([1007, 1009].includes(error.closeCode));
        outcomes.failed++;
      }
      if (windowBits === 15) {
        // What we inflate, zlib inflates the same way; what zlib calls invalid, so do we.
        let theirs: Uint8Array | undefined;
        try {
          theirs = zlibInflate(input);
        } catch {
          assert.equal(ours, undefined, `round ${round}: zlib refuses ${toHex(input)}`);
        }
        if (ours) {
          assert.ok(theirs && Buffer.from(theirs).equals(Buffer.from(ours)), `round ${round}: ${toHex(input)}`);
          outcomes.agreed++;
        }
      }
    }
    assert.ok(outcomes.inflated > 100 && outcomes.failed > 1000, JSON.stringify(outcomes));
    assert.ok(outcomes.agreed > 10, JSON.stringify(outcomes));
    assert.ok(performance.now() - started < 20_000, 'bounded time');
  });
});

describe('Inflater and a decompression bomb', () => {
  const bomb = deflateMessage(new Uint8Array(1 << 20));

  it('a megabyte of zeros deflates to a few KB', () => {
    assert.ok(bomb.length < 4096, `${bomb.length} bytes`);
  });

  it('refuses it with 1009 at 64 KiB, allocating nothing near the whole output', () => {
    const maxOutput = 64 * 1024;
    const inflater = new Inflater({ windowBits: 15, maxOutput });
    let largest = 0;
    const Original = globalThis.Uint8Array;
    // Counts every byte array the inflater allocates while it runs (slice and subarray included).
    class Counting extends Original {
      constructor(...args: unknown[]) {
        // Any of Uint8Array's forms: a length, or a buffer with offset and length (subarray passes those).
        super(...(args as [ArrayBuffer, number, number]));
        if (typeof args[0] === 'number') largest = Math.max(largest, args[0]);
      }
    }
    globalThis.Uint8Array = Counting as unknown as typeof Uint8Array;
    let error: unknown;
    try {
      inflater.inflate(bomb);
    } catch (caught) {
      error = caught;
    } finally {
      globalThis.Uint8Array = Original;
    }
    assert.ok(error instanceof FrameError);
    assert.equal(error.code, tooLarge.code);
    assert.equal(error.closeCode, 1009);
    assert.match(error.message, /65536 bytes/);
    assert.ok(largest > 0 && largest <= maxOutput, `largest allocation ${largest} bytes`);
  });

  it('inflates a message of exactly maxOutput bytes and refuses one byte more', () => {
    const exact = deflateMessage(new Uint8Array(1000).fill(7));
    assert.equal(new Inflater({ windowBits: 15, maxOutput: 1000 }).inflate(exact).length, 1000);
    assertFrameError(() => new Inflater({ windowBits: 15, maxOutput: 999 }).inflate(exact), tooLarge);
    const stored = deflateMessage(new Uint8Array(1000).fill(7), { level: 0 });
    assertFrameError(() => new Inflater({ windowBits: 15, maxOutput: 999 }).inflate(stored), tooLarge);
    assertFrameError(() => new Inflater({ windowBits: 15, maxOutput: 999 }).inflateWithReport(stored), tooLarge);
  });
});

describe('Inflater options', () => {
  it('refuses window bits outside 8..15 and a negative maxOutput', () => {
    for (const windowBits of [7, 16, 9.5, Number.NaN]) {
      assert.throws(() => new Inflater({ windowBits }), RangeError);
    }
    assert.throws(() => new Inflater({ windowBits: 15, maxOutput: -1 }), RangeError);
  });

  it('reset() forgets the history', () => {
    const inflater = new Inflater({ windowBits: 15 });
    inflater.inflate(hex('f2 48 cd c9 c9 07 00'));
    inflater.reset();
    assert.equal(inflater.inflateWithReport(hex('f2 48 cd c9 c9 07 00')).history.length, 0);
  });
});
