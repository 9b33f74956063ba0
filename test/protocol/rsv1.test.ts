/**
 * RSV1 under permessage-deflate (RFC 7692 §6): allowed on the first frame of
 * a text or binary message only, once `allowRsv1` says the extension was
 * agreed; the message reader reports it as `compressed`. Checked against
 * ws's Receiver with permessage-deflate agreed, which inflates with zlib.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  FrameError,
  Inflater,
  Opcode,
  createFrameStream,
  createMessageReader,
  decodeFrame,
  encodeFrame,
  parseTraceEvent,
  serializeTraceEvent,
  type Frame,
} from '../../src/protocol/index.ts';
import { assertFrameError, hex, toHex } from './helpers/fixtures.ts';
import { wsDeflateReceiver } from './helpers/ws-deflate.ts';
import { deflateMessage } from './helpers/deflate-fixtures.ts';

const onContinuation = { code: 'FRAME_ERR_RSV1_ON_CONTINUATION', closeCode: 1002, section: 'RFC 7692 §6' } as const;
const onControl = { code: 'FRAME_ERR_RSV1_ON_CONTROL', closeCode: 1002, section: 'RFC 7692 §6' } as const;
const reserved = { code: 'FRAME_ERR_RESERVED_BITS', closeCode: 1002, section: '§5.2' } as const;

function frameOf(bytes: Uint8Array, allowRsv1 = true): Frame {
  const decoded = decodeFrame(bytes, { allowRsv1 });
  assert.ok(decoded, `a whole frame: ${toHex(bytes)}`);
  return decoded.frame;
}

describe('decodeFrame with allowRsv1', () => {
  it('accepts RSV1 on a text or binary frame, final or not', () => {
    for (const first of [0xc1, 0xc2, 0x41, 0x42]) {
      const frame = frameOf(Uint8Array.of(first, 0x01, 0x00));
      assert.equal(frame.rsv1, true);
      assert.equal(frame.opcode, first & 0x0f);
    }
  });

  it('fails RSV1 on a continuation frame with 1002, citing RFC 7692 §6', () => {
    for (const first of [0x40, 0xc0]) {
      const error = assertFrameError(
        () => decodeFrame(Uint8Array.of(first, 0x01, 0x00), { allowRsv1: true }),
        onContinuation,
      );
      assert.match(error.message, /continuation frame has RSV1 set.*RFC 7692 §6/);
    }
  });

  it('fails RSV1 on every control frame with 1002, citing RFC 7692 §6', () => {
    for (const opcode of [Opcode.close, Opcode.ping, Opcode.pong]) {
      const bytes = encodeFrame({ rsv1: true, opcode, payload: opcode === Opcode.close ? hex('03 e8') : hex('') });
      const error = assertFrameError(() => decodeFrame(bytes, { allowRsv1: true }), onControl);
      assert.match(error.message, /RSV1 set.*RFC 7692 §6/);
    }
  });

  it('still fails a fragmented control frame first, as ws does', () => {
    assertFrameError(() => decodeFrame(hex('49 00'), { allowRsv1: true }), {
      code: 'FRAME_ERR_CONTROL_FRAGMENTED',
      closeCode: 1002,
    });
  });

  it('still fails RSV2 and RSV3, saying permessage-deflate defines RSV1 only', () => {
    for (const first of [0xa1, 0x91, 0xe1, 0xf1]) {
      const error = assertFrameError(() => decodeFrame(Uint8Array.of(first, 0x00), { allowRsv1: true }), reserved);
      assert.match(error.message, /RSV[23].*permessage-deflate, defines RSV1 only/);
      assert.doesNotMatch(error.message, /RSV1 (is|are|and)/);
    }
  });

  it('without allowRsv1 fails RSV1 anywhere, as before', () => {
    for (const bytes of [hex('c1 00'), hex('40 00'), hex('c9 00')]) {
      const error = assertFrameError(() => decodeFrame(bytes), reserved);
      assert.match(error.message, /RSV1 is set, but no extension was negotiated/);
    }
    assertFrameError(() => decodeFrame(hex('c1 00'), { allowRsv1: false }), reserved);
  });

  it('createFrameStream passes allowRsv1 on', () => {
    const stream = createFrameStream({ allowRsv1: true, expectMasked: false });
    const frames = stream.push(hex('c1 07 f2 48 cd c9 c9 07 00 41 03 f2 48'));
    assert.equal(frames.length, 1);
    assert.equal(frames[0].frame.rsv1, true);
    assertFrameError(() => stream.push(hex('cd c0 04 c9 c9 07 00')), onContinuation);
    assertFrameError(() => createFrameStream().push(hex('c1 00')), reserved);
  });
});

describe('the message reader and RSV1', () => {
  it("marks a message compressed by its first frame's RSV1", () => {
    const reader = createMessageReader();
    const single = reader.push(frameOf(hex('c1 07 f2 48 cd c9 c9 07 00')));
    assert.equal(single?.compressed, true);
    assert.equal(reader.push(frameOf(hex('42 02 f2 48'))), null);
    assert.equal(reader.push(frameOf(hex('89 00')))?.compressed, false, 'a ping between fragments');
    const fragmented = reader.push(frameOf(hex('80 05 cd c9 c9 07 00')));
    assert.equal(fragmented?.compressed, true);
    assert.equal(fragmented?.opcode, Opcode.binary);
    assert.equal(toHex(fragmented!.data), 'f2 48 cd c9 c9 07 00');
    const plain = reader.push(frameOf(hex('81 05 48 65 6c 6c 6f')));
    assert.equal(plain?.compressed, false);
  });

  it('leaves compressed text to be checked once inflated, and still checks plain text as it arrives', () => {
    // ff is not UTF-8, but here it is DEFLATE data: the inflated text is what must be UTF-8.
    const reader = createMessageReader();
    assert.equal(reader.push(frameOf(hex('c1 02 ff ff')))?.compressed, true);
    assertFrameError(() => createMessageReader().push(frameOf(hex('81 01 ff'))), {
      code: 'FRAME_ERR_INVALID_UTF8',
      closeCode: 1007,
    });
  });

  it('applies maxMessage to the payload as received', () => {
    const reader = createMessageReader({ maxMessage: 6 });
    assertFrameError(() => reader.push(frameOf(hex('c1 07 f2 48 cd c9 c9 07 00'))), {
      code: 'FRAME_ERR_MESSAGE_TOO_LARGE',
      closeCode: 1009,
    });
  });
});

describe('parseTraceEvent and RSV1', () => {
  it("reads back a compressed frame from the server's trace", () => {
    const bytes = hex('c1 07 f2 48 cd c9 c9 07 00');
    const event = parseTraceEvent(
      serializeTraceEvent({ type: 'frame', at: 3, from: 'server', bytes, frame: frameOf(bytes) }),
    );
    assert.equal(event.type, 'frame');
    assert.equal(event.type === 'frame' && event.frame.rsv1, true);
  });

  it('never sends inflated bytes on the inspect channel', () => {
    const bytes = hex('c1 07 f2 48 cd c9 c9 07 00');
    const text = serializeTraceEvent({
      type: 'frame',
      at: 3,
      from: 'server',
      bytes,
      frame: frameOf(bytes),
      inflated: Uint8Array.from(Buffer.from('Hello')),
      inflateError: 'x',
    });
    assert.deepEqual(Object.keys(JSON.parse(text)), ['type', 'at', 'from', 'bytes']);
  });
});

interface Outcome {
  readonly messages: string[];
  readonly closeCode?: number;
}

/** Our codec: frames, messages, inflating the compressed ones. */
function ours(stream: Uint8Array, maxPayload = 0): Outcome {
  const messages: string[] = [];
  const reader = createMessageReader();
  const inflater = new Inflater({ windowBits: 15, maxOutput: maxPayload || undefined });
  try {
    for (const { frame } of createFrameStream({ expectMasked: false, allowRsv1: true }).push(stream)) {
      const message = reader.push(frame);
      if (!message || message.opcode > 2) continue;
      messages.push(Buffer.from(message.compressed ? inflater.inflate(message.data) : message.data).toString('hex'));
    }
  } catch (error) {
    if (!(error instanceof FrameError)) throw error;
    return { messages, closeCode: error.closeCode };
  }
  return { messages };
}

/** ws's Receiver with permessage-deflate agreed; it inflates asynchronously, so wait for it to settle. */
async function theirs(stream: Uint8Array, maxPayload = 0): Promise<Outcome> {
  const messages: string[] = [];
  let closeCode: number | undefined;
  const receiver = wsDeflateReceiver(maxPayload);
  receiver.on('message', (data: Buffer) => messages.push(data.toString('hex')));
  receiver.on('error', (error: Error) => {
    const status = Object.getOwnPropertySymbols(error).find((symbol) => symbol.description === 'status-code');
    closeCode ??= status ? (error as unknown as Record<symbol, number>)[status] : -1;
  });
  receiver.write(Buffer.from(stream));
  // Settled: an error, or no new message for 30 ms (zlib inflates these in well under 1 ms).
  for (let quiet = 0, seen = 0; quiet < 6 && closeCode === undefined;) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    quiet = messages.length === seen ? quiet + 1 : 0;
    seen = messages.length;
  }
  return closeCode === undefined ? { messages } : { messages, closeCode };
}

describe('RSV1 and inflating against ws Receiver with permessage-deflate', () => {
  const hello = Buffer.from('Hello').toString('hex');
  const cases: [string, Uint8Array, number?][] = [
    ['§7.2.3.1 "Hello" in one frame', hex('c1 07 f2 48 cd c9 c9 07 00')],
    ['§7.2.3.1 "Hello" in two frames', hex('41 03 f2 48 cd 80 04 c9 c9 07 00')],
    ['§7.2.3.2 "Hello" twice with context takeover', hex('c1 07 f2 48 cd c9 c9 07 00 c1 05 f2 00 11 00 00')],
    ['§7.2.3.3 a stored block', hex('c1 0b 00 05 00 fa ff 48 65 6c 6c 6f 00')],
    ['§7.2.3.5 two blocks', hex('c1 0d f2 48 05 00 00 00 ff ff ca c9 c9 07 00')],
    ['a compressed then an uncompressed message', hex('c1 07 f2 48 cd c9 c9 07 00 81 05 48 65 6c 6c 6f')],
    ['a ping between compressed fragments', hex('41 03 f2 48 cd 89 00 80 04 c9 c9 07 00')],
    ['RSV1 on a continuation frame', hex('41 03 f2 48 cd c0 04 c9 c9 07 00')],
    ['RSV1 on a ping', hex('c9 00')],
    ['RSV1 on a close frame', hex('c8 02 03 e8')],
    ['RSV2 with RSV1', hex('e1 00')],
    ['a reserved block type', hex('c1 01 07')],
    ['a stored block with bad lengths', hex('c1 0b 00 05 00 fa fe 48 65 6c 6c 6f 00')],
    ['a copy from before the first byte', hex('c1 05 f2 00 11 00 00')],
    [
      'a bomb past maxPayload',
      encodeFrame({ rsv1: true, opcode: Opcode.binary, payload: deflateMessage(new Uint8Array(200_000)) }),
      65536,
    ],
  ];
  for (const [name, stream, maxPayload] of cases) {
    it(`agree on ${name}`, async () => {
      const a = ours(stream, maxPayload);
      const b = await theirs(stream, maxPayload);
      assert.deepEqual(a, b);
      if (name.startsWith('§7.2.3')) assert.ok(a.messages.every((message) => message === hello));
    });
  }
});
