/**
 * Seeded fuzzing: whatever bytes arrive, the decoder either returns frames,
 * asks for more bytes (null) or throws FrameError, and it always ends. Feeding
 * the same bytes in random chunks gives the same outcome as feeding them whole.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  FrameError,
  createMessageReader,
  decodeClosePayload,
  decodeFrame,
  encodeFrame,
  type DecodeOptions,
} from '../../src/protocol/index.ts';
import { createRandom } from './helpers/fixtures.ts';
import type { Random } from './helpers/fixtures.ts';

/** Valid-looking frames with a few bytes flipped: faults deep in a stream, not only in its first byte. */
function mutatedStream(random: Random): Uint8Array {
  const frames: Uint8Array[] = [];
  for (let i = random.int(1, 5); i > 0; i--) {
    frames.push(
      encodeFrame({
        fin: random.chance(0.7),
        opcode: random.pick([0, 1, 2, 8, 9, 10]),
        mask: random.chance(0.5) ? random.bytes(4) : undefined,
        payload: random.bytes(random.pick([0, 1, 2, 5, 125, 126, 300, 65536])),
      }),
    );
  }
  const stream = Uint8Array.from(Buffer.concat(frames));
  for (let flips = random.int(0, 4); flips > 0; flips--) {
    // Half the flips hit the first header, where most of the rules live; zeros shorten lengths.
    const at = random.int(0, random.chance(0.5) ? Math.min(11, stream.length - 1) : stream.length - 1);
    stream[at] = random.chance(0.3) ? 0 : random.int(0, 255);
  }
  return stream;
}

function randomOptions(random: Random): DecodeOptions {
  return {
    expectMasked: random.pick([true, false, undefined]),
    maxPayload: random.pick([undefined, 0, 125, 1000, 70000]),
  };
}

/** Decodes `chunks` one after another; returns a summary of what happened. */
function decodeStream(chunks: readonly Uint8Array[], options: DecodeOptions, maxMessage: number | undefined): string {
  const reader = createMessageReader({ maxMessage });
  const said: string[] = [];
  let buffered: Uint8Array = new Uint8Array(0);
  try {
    for (const chunk of chunks) {
      buffered = Buffer.concat([buffered, chunk]);
      const limit = buffered.length / 2; // a frame is at least 2 bytes
      for (let steps = 0; ; steps++) {
        assert.ok(steps <= limit, 'every frame consumes bytes');
        const decoded = decodeFrame(buffered, options);
        if (decoded === null) break;
        assert.ok(decoded.size >= 2 && decoded.size <= buffered.length, 'size is within the input');
        assert.equal(decoded.frame.payload.length, decoded.frame.payloadLength);
        assert.equal(decoded.size, decoded.frame.headerLength + decoded.frame.payloadLength);
        buffered = buffered.subarray(decoded.size);
        const message = reader.push(decoded.frame);
        if (message) said.push(`${message.opcode}:${message.data.length}`);
        if (message?.opcode === 8) decodeClosePayload(message.data);
      }
    }
    return `${said.join(' ')} | ${buffered.length} left`;
  } catch (error) {
    if (!(error instanceof FrameError)) throw error;
    return `${said.join(' ')} | ${error.code} ${error.closeCode}`;
  }
}

function chunksOf(stream: Uint8Array, random: Random): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < stream.length;) {
    const size = random.int(1, random.chance(0.5) ? 8 : 4096);
    chunks.push(stream.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

describe('fuzzing the decoder', () => {
  it(
    'throws nothing but FrameError on 4000 random streams, and chunking never changes the outcome',
    { timeout: 20_000 },
    () => {
      const random = createRandom(0xf022);
      const outcomes = new Set<string>();
      for (let round = 0; round < 4000; round++) {
        const stream = random.chance(0.5) ? random.bytes(random.int(0, 64)) : mutatedStream(random);
        const options = randomOptions(random);
        const maxMessage = random.pick([undefined, 1000, 70000]);
        const whole = decodeStream([stream], options, maxMessage);
        const chunked = decodeStream(chunksOf(stream, random), options, maxMessage);
        assert.equal(chunked, whole, `round ${round}`);
        outcomes.add(whole.replace(/^.*\| /, '').replace(/\d+ left/, 'left'));
      }
      // The fuzzer reaches every fault the decoder can report, and complete reads.
      assert.ok(outcomes.has('left'));
      for (const code of [
        'RESERVED_BITS',
        'RESERVED_OPCODE',
        'CONTROL_FRAGMENTED',
        'CONTROL_TOO_LONG',
        'MASK_REQUIRED',
        'MASK_UNEXPECTED',
        'NON_MINIMAL_LENGTH',
        'UNEXPECTED_CONTINUATION',
        'EXPECTED_CONTINUATION',
        'PAYLOAD_TOO_LARGE',
        'INVALID_UTF8',
        'INVALID_CLOSE_CODE',
      ]) {
        assert.ok(
          [...outcomes].some((outcome) => outcome.startsWith(`FRAME_ERR_${code}`)),
          `reached ${code}`,
        );
      }
    },
  );

  it('reads random close bodies without throwing anything but FrameError', () => {
    const random = createRandom(0xc105e);
    for (let round = 0; round < 3000; round++) {
      const body = random.bytes(random.int(0, 130));
      if (random.chance(0.5)) body.set([0x03, 0xe8].slice(0, body.length));
      try {
        const { code, reason } = decodeClosePayload(body);
        assert.equal(typeof reason, 'string');
        assert.ok(code === 1005 || (code >= 1000 && code <= 4999));
      } catch (error) {
        assert.ok(error instanceof FrameError, String(error));
      }
    }
  });
});
