import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FrameError, decodeFrame, encodeFrame, Opcode, type Frame } from '../../src/protocol/index.ts';
import { assertFrameError, hex, toHex } from './helpers/fixtures.ts';

const HELLO = hex('48 65 6c 6c 6f');
const MASK = hex('37 fa 21 3d');

function decodeAll(bytes: Uint8Array, options = {}): Frame {
  const decoded = decodeFrame(bytes, options);
  assert.ok(decoded, 'a whole frame decodes');
  assert.equal(decoded.size, bytes.length);
  return decoded.frame;
}

function filled(length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => i & 0xff);
}

describe('the RFC 6455 §5.7 examples', () => {
  it('encodes and decodes a single-frame unmasked text message', () => {
    const wire = hex('81 05 48 65 6c 6c 6f');
    assert.equal(toHex(encodeFrame({ opcode: Opcode.text, payload: HELLO })), toHex(wire));
    const frame = decodeAll(wire);
    assert.deepEqual(
      { fin: frame.fin, opcode: frame.opcode, masked: frame.masked, mask: frame.mask, length: frame.payloadLength },
      { fin: true, opcode: Opcode.text, masked: false, mask: null, length: 5 },
    );
    assert.equal(frame.headerLength, 2);
    assert.deepEqual(frame.payload, HELLO);
  });

  it('encodes and decodes a single-frame masked text message with key 37 fa 21 3d', () => {
    const wire = hex('81 85 37 fa 21 3d 7f 9f 4d 51 58');
    assert.equal(toHex(encodeFrame({ opcode: Opcode.text, mask: MASK, payload: HELLO })), toHex(wire));
    const frame = decodeAll(wire, { expectMasked: true });
    assert.equal(frame.masked, true);
    assert.deepEqual(frame.mask, MASK);
    assert.equal(frame.headerLength, 6);
    assert.deepEqual(frame.payload, HELLO);
  });

  it('encodes and decodes a fragmented unmasked text message, "Hel" then "lo"', () => {
    const first = hex('01 03 48 65 6c');
    const last = hex('80 02 6c 6f');
    assert.equal(toHex(encodeFrame({ fin: false, opcode: Opcode.text, payload: hex('48 65 6c') })), toHex(first));
    assert.equal(toHex(encodeFrame({ opcode: Opcode.continuation, payload: hex('6c 6f') })), toHex(last));
    const a = decodeAll(first);
    const b = decodeAll(last);
    assert.deepEqual([a.fin, a.opcode, b.fin, b.opcode], [false, Opcode.text, true, Opcode.continuation]);
  });

  it('encodes and decodes an unmasked ping and a masked pong, each carrying "Hello"', () => {
    const ping = hex('89 05 48 65 6c 6c 6f');
    const pong = hex('8a 85 37 fa 21 3d 7f 9f 4d 51 58');
    assert.equal(toHex(encodeFrame({ opcode: Opcode.ping, payload: HELLO })), toHex(ping));
    assert.equal(toHex(encodeFrame({ opcode: Opcode.pong, mask: MASK, payload: HELLO })), toHex(pong));
    assert.deepEqual(decodeAll(ping).payload, HELLO);
    assert.deepEqual(decodeAll(pong).payload, HELLO);
    assert.equal(decodeAll(pong).opcode, Opcode.pong);
  });

  it('writes a 256-byte binary message with the 16-bit length 82 7e 01 00', () => {
    const frame = encodeFrame({ opcode: Opcode.binary, payload: filled(256) });
    assert.equal(toHex(frame.subarray(0, 4)), '82 7e 01 00');
    assert.equal(frame.length, 4 + 256);
    const decoded = decodeAll(frame);
    assert.equal(decoded.payloadLength, 256);
    assert.equal(decoded.headerLength, 4);
    assert.deepEqual(decoded.payload, filled(256));
  });

  it('writes a 64 KiB binary message with the 64-bit length 82 7f 00 00 00 00 00 01 00 00', () => {
    const frame = encodeFrame({ opcode: Opcode.binary, payload: filled(65536) });
    assert.equal(toHex(frame.subarray(0, 10)), '82 7f 00 00 00 00 00 01 00 00');
    const decoded = decodeAll(frame);
    assert.equal(decoded.payloadLength, 65536);
    assert.equal(decoded.headerLength, 10);
    assert.deepEqual(decoded.payload, filled(65536));
  });
});

describe('encodeFrame', () => {
  it('uses the shortest length form at every boundary (§5.2)', () => {
    const cases: [number, string][] = [
      [0, '82 00'],
      [125, '82 7d'],
      [126, '82 7e 00 7e'],
      [65535, '82 7e ff ff'],
      [65536, '82 7f 00 00 00 00 00 01 00 00'],
      [65537, '82 7f 00 00 00 00 00 01 00 01'],
    ];
    for (const [length, header] of cases) {
      const frame = encodeFrame({ opcode: Opcode.binary, payload: filled(length) });
      assert.equal(toHex(frame.subarray(0, header.split(' ').length)), header, `length ${length}`);
    }
  });

  it('sets FIN, the RSV bits and the MASK bit as asked', () => {
    const frame = encodeFrame({
      fin: false,
      rsv1: true,
      rsv2: true,
      rsv3: true,
      opcode: 2,
      mask: MASK,
      payload: hex(''),
    });
    assert.equal(toHex(frame), '72 80 37 fa 21 3d');
  });

  it('writes reserved opcodes as given, so a lesson can build a broken frame', () => {
    assert.equal(toHex(encodeFrame({ opcode: 0x3, payload: hex('') })), '83 00');
  });

  it('masks long payloads at any alignment exactly as byte-by-byte masking would', () => {
    for (const length of [63, 64, 65, 127, 1000, 1001, 1002, 1003, 70000]) {
      const payload = filled(length);
      const frame = encodeFrame({ opcode: Opcode.binary, mask: MASK, payload });
      const headerLength = frame.length - length;
      for (let i = 0; i < length; i++) {
        if (frame[headerLength + i] !== (payload[i] ^ MASK[i & 3])) assert.fail(`byte ${i} of ${length}`);
      }
      assert.deepEqual(payload, filled(length), 'the payload is left unmasked');
    }
  });

  it('refuses an opcode outside 0-15 and a mask that is not 4 bytes', () => {
    assert.throws(() => encodeFrame({ opcode: 16, payload: hex('') }), RangeError);
    assert.throws(() => encodeFrame({ opcode: 1, mask: hex('01 02 03'), payload: hex('') }), RangeError);
  });

  it('re-encodes a decoded frame to the same bytes', () => {
    for (const wire of [hex('81 85 37 fa 21 3d 7f 9f 4d 51 58'), hex('01 03 48 65 6c'), hex('88 02 03 e8')]) {
      assert.equal(toHex(encodeFrame(decodeAll(wire))), toHex(wire));
    }
  });
});

describe('decodeFrame', () => {
  it('returns null for every prefix of a frame, then the frame', () => {
    const wire = encodeFrame({ opcode: Opcode.binary, mask: MASK, payload: filled(300) });
    for (let cut = 0; cut < wire.length; cut++) assert.equal(decodeFrame(wire.subarray(0, cut)), null, `cut ${cut}`);
    assert.equal(decodeFrame(wire)?.size, wire.length);
  });

  it('reads only the first frame and reports the bytes it used', () => {
    const decoded = decodeFrame(hex('81 02 68 69 89 00'));
    assert.equal(decoded?.size, 4);
    assert.deepEqual(decoded?.frame.payload, hex('68 69'));
  });

  it('returns an unmasked payload as a view of the input, and a masked one as an unmasked copy', () => {
    const plain = hex('82 03 01 02 03');
    const view = decodeAll(plain).payload;
    assert.equal(view.buffer, plain.buffer);
    const masked = hex('81 85 37 fa 21 3d 7f 9f 4d 51 58');
    const copy = decodeAll(masked).payload;
    assert.notEqual(copy.buffer, masked.buffer);
    assert.equal(toHex(masked), '81 85 37 fa 21 3d 7f 9f 4d 51 58', 'the input stays masked');
  });

  it('unmasks a payload that sits at an odd offset in its buffer', () => {
    const frame = encodeFrame({ opcode: Opcode.binary, mask: MASK, payload: filled(5000) });
    const shifted = new Uint8Array(frame.length + 3);
    shifted.set(frame, 3);
    assert.deepEqual(decodeAll(shifted.subarray(3)).payload, filled(5000));
  });

  it('accepts both masked and unmasked frames when expectMasked is not given', () => {
    assert.ok(decodeFrame(hex('81 00')));
    assert.ok(decodeFrame(hex('81 80 00 00 00 00')));
  });

  it('lets control frames pass maxPayload, since §5.5 caps them at 125 bytes', () => {
    assert.ok(decodeFrame(encodeFrame({ opcode: Opcode.ping, payload: filled(100) }), { maxPayload: 10 }));
  });

  it('accepts a data frame of exactly maxPayload bytes', () => {
    assert.ok(decodeFrame(encodeFrame({ opcode: Opcode.binary, payload: filled(300) }), { maxPayload: 300 }));
  });
});

describe('decodeFrame errors', () => {
  it('fails RSV1, RSV2 or RSV3 with no extension negotiated: 1002 (§5.2)', () => {
    for (const first of ['c1', 'a1', '91', 'f1']) {
      const error = assertFrameError(() => decodeFrame(hex(`${first} 00`)), {
        code: 'FRAME_ERR_RESERVED_BITS',
        closeCode: 1002,
        section: '§5.2',
      });
      if (first === 'f1') assert.match(error.message, /RSV1 and RSV2 and RSV3 are set/);
    }
  });

  it('fails the reserved opcodes 3-7 and 11-15: 1002 (§5.2)', () => {
    for (const opcode of [3, 4, 5, 6, 7, 11, 12, 13, 14, 15]) {
      assertFrameError(() => decodeFrame(Uint8Array.of(0x80 | opcode, 0)), {
        code: 'FRAME_ERR_RESERVED_OPCODE',
        closeCode: 1002,
        section: '§5.2',
      });
    }
  });

  it('fails a fragmented control frame: 1002 (§5.5)', () => {
    for (const first of ['08', '09', '0a']) {
      assertFrameError(() => decodeFrame(hex(`${first} 00`)), {
        code: 'FRAME_ERR_CONTROL_FRAGMENTED',
        closeCode: 1002,
        section: '§5.5',
      });
    }
  });

  it('fails a control frame over 125 bytes as soon as its header arrives: 1002 (§5.5)', () => {
    for (const header of ['89 7e', '8a 7f', '88 7e 00 7e']) {
      assertFrameError(() => decodeFrame(hex(header)), {
        code: 'FRAME_ERR_CONTROL_TOO_LONG',
        closeCode: 1002,
        section: '§5.5',
      });
    }
  });

  it('fails a close frame with a 1-byte body: 1002 (§5.5.1)', () => {
    assertFrameError(() => decodeFrame(hex('88 01 03')), {
      code: 'FRAME_ERR_CLOSE_TOO_SHORT',
      closeCode: 1002,
      section: '§5.5.1',
    });
  });

  it('fails an unmasked frame from a client when expectMasked is true: 1002 (§5.1)', () => {
    assertFrameError(() => decodeFrame(hex('81 05 48 65 6c 6c 6f'), { expectMasked: true }), {
      code: 'FRAME_ERR_MASK_REQUIRED',
      closeCode: 1002,
      section: '§5.1',
    });
  });

  it('fails a masked frame from a server when expectMasked is false: 1002 (§5.1)', () => {
    assertFrameError(() => decodeFrame(hex('81 85 37 fa 21 3d 7f 9f 4d 51 58'), { expectMasked: false }), {
      code: 'FRAME_ERR_MASK_UNEXPECTED',
      closeCode: 1002,
      section: '§5.1',
    });
  });

  it('fails a length not in its shortest form: 1002 (§5.2)', () => {
    for (const header of [
      '82 7e 00 05',
      '82 7e 00 7d',
      '82 7f 00 00 00 00 00 00 00 7e',
      '82 7f 00 00 00 00 00 00 ff ff',
    ]) {
      assertFrameError(() => decodeFrame(hex(header)), {
        code: 'FRAME_ERR_NON_MINIMAL_LENGTH',
        closeCode: 1002,
        section: '§5.2',
      });
    }
  });

  it('fails a 64-bit length with its most significant bit set: 1002 (§5.2)', () => {
    assertFrameError(() => decodeFrame(hex('82 7f 80 00 00 00 00 00 00 00')), {
      code: 'FRAME_ERR_LENGTH_TOP_BIT',
      closeCode: 1002,
      section: '§5.2',
    });
  });

  it('fails a length over 2^53 - 1 bytes: 1009', () => {
    assertFrameError(() => decodeFrame(hex('82 7f 00 20 00 00 00 00 00 00')), {
      code: 'FRAME_ERR_PAYLOAD_TOO_LARGE',
      closeCode: 1009,
    });
    assert.equal(decodeFrame(hex('82 7f 00 1f ff ff ff ff ff ff')), null, '2^53 - 1 is waited for');
  });

  it('fails a data frame over maxPayload as soon as its header arrives: 1009 (§10.4)', () => {
    assertFrameError(() => decodeFrame(hex('82 7e 01 00'), { maxPayload: 255 }), {
      code: 'FRAME_ERR_PAYLOAD_TOO_LARGE',
      closeCode: 1009,
      section: '§10.4',
    });
  });

  it('throws FrameError, an Error whose name says so', () => {
    try {
      decodeFrame(hex('83 00'));
      assert.fail('no error');
    } catch (error) {
      assert.ok(error instanceof Error && error instanceof FrameError);
      assert.equal(error.name, 'FrameError');
      assert.equal(error.message, 'Opcode 0x3 is reserved for future use (§5.2); no frame may carry it yet.');
    }
  });
});
