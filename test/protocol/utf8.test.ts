import { describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { isUtf8 } from 'node:buffer';
import {
  FrameError,
  Utf8State,
  decodeUtf8,
  decodeUtf8ByHand,
  encodeUtf8,
  isValidUtf8,
  scanUtf8,
  tryDecodeUtf8,
  utf8Length,
  utf8PrefixLength,
  utf8Span,
} from '../../src/protocol/index.ts';
import { nativeUtf8Decoder } from '../../src/protocol/text-decoder.ts';
import type { Utf8TextDecoder } from '../../src/protocol/text-decoder.ts';
import { createRandom, hex } from './helpers/fixtures.ts';
import type { Random } from './helpers/fixtures.ts';

/** Edge cases from RFC 3629 §3-§4 and Markus Kuhn's UTF-8 stress test. */
const VALID = [
  '',
  '24',
  'c2 80',
  'df bf',
  'e0 a0 80',
  'ed 9f bf', // U+D7FF, just below the surrogates
  'ee 80 80', // U+E000, just above
  'ef bf bf',
  'f0 90 80 80',
  'f4 8f bf bf', // U+10FFFF, the last code point
  'ce ba e1 bd b9 cf 83 ce bc ce b5', // κόσμε
];
const INVALID = [
  '80', // a continuation byte alone
  'bf',
  'c0 80', // overlong NUL
  'c1 bf',
  'e0 80 80', // overlong
  'e0 9f bf',
  'ed a0 80', // U+D800, a surrogate
  'ed bf bf',
  'f0 80 80 80', // overlong
  'f0 8f bf bf',
  'f4 90 80 80', // past U+10FFFF
  'f5 80 80 80',
  'ff',
  'fe',
  'c2', // cut short
  'e2 82',
  'f0 9f 98',
  'c2 41', // lead byte, then ASCII
  'e2 28 a1',
];

/** Mostly well-formed text with now and then a random byte in it, so validity is a coin toss. */
function textish(random: Random, length: number): Uint8Array {
  const pieces = [
    'a',
    'Z',
    ' ',
    'é',
    'ß',
    '€',
    '你',
    '😀',
    '\u{10ffff}',
    '\ud7ff',
    '\ue000',
    'plain ASCII, '.repeat(5),
  ];
  let text = '';
  while (text.length < length) text += random.pick(pieces);
  const bytes = Uint8Array.from(Buffer.from(text));
  if (random.chance(0.5)) bytes[random.int(0, bytes.length - 1)] = random.int(0x80, 0xff);
  return bytes;
}

describe('isValidUtf8', () => {
  it('accepts the edge cases of RFC 3629', () => {
    for (const bytes of VALID) assert.equal(isValidUtf8(hex(bytes)), true, bytes);
  });

  it('refuses overlong forms, surrogates, code points past U+10FFFF and cut sequences', () => {
    for (const bytes of INVALID) assert.equal(isValidUtf8(hex(bytes)), false, bytes);
  });

  it('agrees with Node buffer.isUtf8 on thousands of random inputs, short and long', () => {
    const random = createRandom(0x0710);
    for (let round = 0; round < 3000; round++) {
      const bytes = random.chance(0.2) ? random.bytes(random.int(0, 12)) : textish(random, random.int(1, 300));
      // Offsets 0-3 move the aligned 32-bit reads around.
      const offset = random.int(0, 3);
      const shifted = new Uint8Array(bytes.length + offset);
      shifted.set(bytes, offset);
      const view = shifted.subarray(offset);
      assert.equal(isValidUtf8(view), isUtf8(view), Buffer.from(view).toString('hex'));
    }
  });

  it('finds one bad byte inside long ASCII runs', () => {
    const ascii = new Uint8Array(200).fill(0x61);
    for (let i = 0; i < ascii.length; i++) {
      const bytes = ascii.slice();
      bytes[i] = 0x80;
      assert.equal(isValidUtf8(bytes), false, `at ${i}`);
    }
    assert.equal(isValidUtf8(ascii), true);
  });
});

describe('scanUtf8', () => {
  it('carries a character across any split into two fragments (§5.6)', () => {
    for (const bytes of [...VALID, ...INVALID].map(hex)) {
      const whole = isValidUtf8(bytes);
      for (let cut = 0; cut <= bytes.length; cut++) {
        const state = scanUtf8(bytes.subarray(cut), scanUtf8(bytes.subarray(0, cut)));
        assert.equal(state === Utf8State.accept, whole, `${Buffer.from(bytes).toString('hex')} cut at ${cut}`);
      }
    }
  });

  it('names the state a cut character leaves', () => {
    assert.equal(scanUtf8(hex('e2')), Utf8State.tail2);
    assert.equal(scanUtf8(hex('e2 82')), Utf8State.tail1);
    assert.equal(scanUtf8(hex('e0')), Utf8State.afterE0);
    assert.equal(scanUtf8(hex('ed')), Utf8State.afterED);
    assert.equal(scanUtf8(hex('f0')), Utf8State.afterF0);
    assert.equal(scanUtf8(hex('f4')), Utf8State.afterF4);
    assert.equal(scanUtf8(hex('f1 80')), Utf8State.tail2);
    assert.equal(scanUtf8(hex('ac'), Utf8State.tail1), Utf8State.accept);
    assert.equal(scanUtf8(hex('61'), Utf8State.reject), Utf8State.reject);
  });

  it('agrees with whole-message validation on random splits', () => {
    const random = createRandom(0x5eed);
    for (let round = 0; round < 1000; round++) {
      const bytes = textish(random, random.int(1, 200));
      let state: Utf8State = Utf8State.accept;
      for (let at = 0; at < bytes.length;) {
        const end = Math.min(bytes.length, at + random.int(1, 9));
        state = scanUtf8(bytes.subarray(at, end), state);
        at = end;
      }
      assert.equal(state === Utf8State.accept, isUtf8(bytes));
    }
  });
});

describe('utf8Span', () => {
  it('finds a character cut at the end of a piece, and the bytes that finish it in the next (§5.6)', () => {
    // "ab€" cut as /fragments?parts=3 cuts it: 61 | 62 e2 | 82 ac.
    assert.deepEqual(utf8Span(hex('61')), { head: 0, tail: 0, state: Utf8State.accept });
    const second = utf8Span(hex('62 e2'));
    assert.deepEqual(second, { head: 0, tail: 1, state: Utf8State.tail2 });
    assert.deepEqual(utf8Span(hex('82 ac'), second.state), { head: 2, tail: 0, state: Utf8State.accept });
  });

  it('says when a whole piece lies inside one character', () => {
    // "€" as three one-byte frames: e2 | 82 | ac.
    assert.deepEqual(utf8Span(hex('e2')), { head: 0, tail: 1, state: Utf8State.tail2 });
    assert.deepEqual(utf8Span(hex('82'), Utf8State.tail2), { head: 1, tail: 0, state: Utf8State.tail1 });
    assert.deepEqual(utf8Span(hex('ac'), Utf8State.tail1), { head: 1, tail: 0, state: Utf8State.accept });
  });

  it('finds the cut of a 4-byte character and of a character after whole ones', () => {
    assert.deepEqual(utf8Span(hex('61 f0 9f 98')), { head: 0, tail: 3, state: Utf8State.tail1 });
    assert.deepEqual(utf8Span(hex('ce ba e1 bd')), { head: 0, tail: 2, state: Utf8State.tail1 });
  });

  it('rejects bytes no later piece can make valid, wherever they are', () => {
    assert.equal(utf8Span(hex('80')).state, Utf8State.reject);
    assert.equal(utf8Span(hex('61 ff')).state, Utf8State.reject);
    assert.equal(utf8Span(hex('61 41'), Utf8State.tail1).state, Utf8State.reject);
    assert.equal(utf8Span(hex('ed a0')).state, Utf8State.reject);
  });

  it('agrees with scanUtf8, and its whole characters decode, on random splits', () => {
    const random = createRandom(0x5a9);
    for (let round = 0; round < 1000; round++) {
      const bytes = textish(random, random.int(1, 120));
      let state: Utf8State = Utf8State.accept;
      for (let at = 0; at < bytes.length;) {
        const end = Math.min(bytes.length, at + random.int(1, 9));
        const piece = bytes.subarray(at, end);
        const span = utf8Span(piece, state);
        assert.equal(span.state, scanUtf8(piece, state));
        if (span.state !== Utf8State.reject && span.head < piece.length) {
          assert.equal(isValidUtf8(piece.subarray(span.head, piece.length - span.tail)), true);
        }
        state = span.state;
        at = end;
      }
    }
  });
});

describe('utf8PrefixLength', () => {
  it('never cuts a character: 59 "a" and an "é" previewed in 60 bytes stop before the "é"', () => {
    const bytes = encodeUtf8(`${'a'.repeat(59)}é`);
    assert.equal(bytes.length, 61);
    assert.equal(utf8PrefixLength(bytes, 60), 59);
    assert.equal(utf8PrefixLength(bytes, 61), 61);
    assert.equal(utf8PrefixLength(bytes, 100), 61);
  });

  it('keeps whole characters of every width up to the limit', () => {
    const bytes = encodeUtf8('a€😀b');
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 9].map((max) => utf8PrefixLength(bytes, max)),
      [1, 1, 1, 4, 4, 4, 4, 8, 9],
    );
    assert.equal(utf8PrefixLength(bytes, 0), 0);
  });
});

describe('encodeUtf8 and utf8Length', () => {
  it('encode as Node does, lone surrogates included (as U+FFFD)', () => {
    const samples = [
      '',
      'Hello',
      'é',
      '€',
      '你好',
      '😀',
      'a\ud800b',
      '\udc00',
      '\ud83d',
      'x\ud83d\ude00y',
      '\u07ff\u0800',
    ];
    const random = createRandom(42);
    for (let round = 0; round < 500; round++) {
      samples.push(String.fromCharCode(...Array.from({ length: random.int(0, 20) }, () => random.int(0, 0xffff))));
    }
    for (const text of samples) {
      const expected = Uint8Array.from(Buffer.from(text, 'utf8'));
      assert.deepEqual(encodeUtf8(text), expected, JSON.stringify(text));
      assert.equal(utf8Length(text), expected.length);
    }
  });
});

describe('decodeUtf8', () => {
  it('decodes what encodeUtf8 wrote, long text included', () => {
    for (const text of ['', 'Hello', 'Grüße €, 你好 😀', '😀'.repeat(10000)]) {
      assert.equal(decodeUtf8(encodeUtf8(text)), text);
    }
  });

  it('throws FrameError 1007 for bytes that are not UTF-8', () => {
    assert.throws(
      () => decodeUtf8(hex('c0 80')),
      (error) => error instanceof FrameError && error.closeCode === 1007,
    );
  });
});

/** The runtime's decoder, which Node 20 has: without it these tests would compare the fallback with itself. */
function native(): Utf8TextDecoder {
  const decoder = nativeUtf8Decoder();
  assert.ok(decoder, 'this runtime has a TextDecoder');
  return decoder;
}

/** What the native decoder says: the text, or null where it throws a TypeError. */
function nativeVerdict(bytes: Uint8Array): string | null {
  try {
    return native().decode(bytes);
  } catch (error) {
    assert.ok(error instanceof TypeError, `a TypeError, not ${String(error)}`);
    return null;
  }
}

/**
 * Every lead byte from C0 to FF, with second bytes on each side of the
 * ranges §4 of RFC 3629 allows after it, then good or bad third and fourth
 * bytes, and every prefix of each: overlong forms, surrogates, past
 * U+10FFFF, cut sequences.
 */
function edgeCorpus(): Uint8Array[] {
  const corpus: Uint8Array[] = [];
  const seconds = [0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xff];
  const tails = [0x80, 0xbf, 0x41, 0xc0];
  for (let lead = 0xc0; lead <= 0xff; lead++) {
    for (const second of seconds) {
      for (const third of tails) {
        for (const fourth of [0x80, 0x41]) {
          const bytes = Uint8Array.of(0x61, lead, second, third, fourth, 0x62);
          for (let end = 1; end <= bytes.length; end++) corpus.push(bytes.subarray(0, end), bytes.subarray(1, end));
        }
      }
    }
  }
  return corpus;
}

describe('decodeUtf8: TextDecoder and the hand-written fallback', () => {
  it('give identical verdicts and text on the RFC 3629 edge cases', () => {
    for (const bytes of [...VALID, ...INVALID].map(hex)) {
      const byHand = decodeUtf8ByHand(bytes);
      assert.equal(byHand === null, !isValidUtf8(bytes), toHexString(bytes));
      assert.equal(nativeVerdict(bytes), byHand, toHexString(bytes));
      assert.equal(tryDecodeUtf8(bytes), byHand, toHexString(bytes));
    }
  });

  it('give identical verdicts and text on every lead byte with good and bad continuations', () => {
    const corpus = edgeCorpus();
    let valid = 0;
    for (const bytes of corpus) {
      const byHand = decodeUtf8ByHand(bytes);
      assert.equal(nativeVerdict(bytes), byHand, toHexString(bytes));
      assert.equal(byHand !== null, isUtf8(bytes), toHexString(bytes));
      if (byHand !== null) valid++;
    }
    // Both verdicts occur often, so agreement is not agreement on one answer.
    assert.ok(valid > 1000 && corpus.length - valid > 10000, `${valid} valid of ${corpus.length}`);
  });

  it('give identical verdicts and text on thousands of random inputs', () => {
    const random = createRandom(0xdec0de);
    for (let round = 0; round < 3000; round++) {
      const bytes = random.chance(0.2) ? random.bytes(random.int(0, 12)) : textish(random, random.int(1, 300));
      const byHand = decodeUtf8ByHand(bytes);
      assert.equal(nativeVerdict(bytes), byHand, toHexString(bytes));
      assert.equal(byHand !== null, isUtf8(bytes), toHexString(bytes));
    }
  });

  it("give the same long text, past the fallback's 8192-unit slices", () => {
    const text = 'Grüße € 你好 😀 '.repeat(2000);
    const bytes = encodeUtf8(text);
    assert.equal(native().decode(bytes), text);
    assert.equal(decodeUtf8ByHand(bytes), text);
  });

  it('keep a leading U+FEFF: in a text message it is content, not a byte order mark', () => {
    for (const [bytes, text] of [
      ['ef bb bf', '\ufeff'],
      ['ef bb bf 61', '\ufeffa'],
      ['ef bb bf ef bb bf', '\ufeff\ufeff'],
      ['61 ef bb bf', 'a\ufeff'],
    ] as const) {
      assert.equal(decodeUtf8(hex(bytes)), text, bytes);
      assert.equal(decodeUtf8ByHand(hex(bytes)), text, bytes);
      assert.equal(native().decode(hex(bytes)), text, bytes);
    }
    assert.equal(decodeUtf8(encodeUtf8('\ufeff{"a":1}')), '\ufeff{"a":1}');
  });

  it('lets the scan decide when TextDecoder refuses input it finds valid', () => {
    // As an older browser's TextDecoder refuses a view of a SharedArrayBuffer.
    const refuse = mock.method(native(), 'decode', () => {
      throw new TypeError('The provided ArrayBufferView value must not be shared.');
    });
    try {
      assert.equal(decodeUtf8(hex('68 c3 a9')), 'hé');
      assert.throws(
        () => decodeUtf8(hex('68 c3')),
        (error) => error instanceof FrameError && error.closeCode === 1007,
      );
      assert.equal(refuse.mock.callCount(), 2);
    } finally {
      refuse.mock.restore();
    }
  });
});

function toHexString(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
