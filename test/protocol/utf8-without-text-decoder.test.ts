/**
 * A runtime with no TextDecoder: `utf8.ts` must fall back to its own decoder.
 * Its own file, so its own process: the decoder is looked up once, on first use.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FrameError, decodeClosePayload, decodeUtf8 } from '../../src/protocol/index.ts';
import { nativeUtf8Decoder } from '../../src/protocol/text-decoder.ts';
import { hex } from './helpers/fixtures.ts';

describe('decodeUtf8 without TextDecoder', () => {
  const { TextDecoder } = globalThis;
  before(() => {
    Reflect.deleteProperty(globalThis, 'TextDecoder');
  });
  after(() => {
    globalThis.TextDecoder = TextDecoder;
  });

  it('finds no native decoder', () => {
    assert.equal(nativeUtf8Decoder(), null);
  });

  it('decodes with the hand-written decoder, a leading U+FEFF included', () => {
    assert.equal(decodeUtf8(hex('ef bb bf 47 72 c3 bc c3 9f 65 20 e2 82 ac 20 f0 9f 98 80')), '\ufeffGrüße € 😀');
    assert.deepEqual(decodeClosePayload(hex('03 e8 62 79 65')), { code: 1000, reason: 'bye' });
  });

  it('throws FrameError 1007 for bytes that are not UTF-8', () => {
    for (const bytes of ['c0 80', 'ed a0 80', 'f4 90 80 80', 'e2 82']) {
      assert.throws(
        () => decodeUtf8(hex(bytes)),
        (error) => error instanceof FrameError && error.closeCode === 1007,
        bytes,
      );
    }
  });
});
