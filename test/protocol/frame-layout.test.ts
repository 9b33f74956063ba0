import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildFrame,
  shortestLengthForm,
  type FrameSpec,
  parseLabAnswer,
  readReaction,
  serializeLabAnswer,
  frameLayout,
  decodeFrame,
  Opcode,
} from '../../src/protocol/index.ts';
import { hex, toHex } from './helpers/fixtures.ts';

const HELLO = new TextEncoder().encode('Hello');
const KEY = hex('37 fa 21 3d');
const BASE: FrameSpec = {
  fin: true,
  rsv1: false,
  rsv2: false,
  rsv3: false,
  opcode: Opcode.text,
  maskingKey: null,
  payload: HELLO,
  lengthForm: 'shortest',
};

describe('frameLayout', () => {
  it('lays out the masked "Hello" of §5.7 field by field', () => {
    const layout = frameLayout(hex('81 85 37 fa 21 3d 7f 9f 4d 51 58'));
    assert.deepEqual(
      layout.parts.map(({ part, start, end }) => [part, start, end]),
      [
        ['flags', 0, 1],
        ['mask-length', 1, 2],
        ['masking-key', 2, 6],
        ['payload', 6, 11],
      ],
    );
    assert.equal(layout.fin, true);
    assert.equal(layout.opcode, 1);
    assert.equal(layout.masked, true);
    assert.equal(layout.lengthForm, 7);
    assert.equal(layout.payloadLength, 5);
    assert.equal(layout.headerLength, 6);
    assert.equal(toHex(layout.maskingKey!), '37 fa 21 3d');
    assert.equal(layout.missing, 0);
  });

  it('reads the 16-bit length of the 256-byte binary message of §5.7', () => {
    const bytes = new Uint8Array(4 + 256);
    bytes.set(hex('82 7e 01 00'));
    const layout = frameLayout(bytes);
    assert.equal(layout.lengthForm, 16);
    assert.equal(layout.payloadLength, 256);
    assert.deepEqual(layout.parts[2], { part: 'extended-length', start: 2, end: 4 });
  });

  it('reads the 64-bit length of the 64 KiB binary message of §5.7', () => {
    const layout = frameLayout(hex('82 7f 00 00 00 00 00 01 00 00'));
    assert.equal(layout.lengthForm, 64);
    assert.equal(layout.payloadLength, 65_536);
    assert.equal(layout.missing, 65_536);
  });

  it('lays out broken frames too: a reserved opcode, then bytes after the frame', () => {
    const layout = frameLayout(hex('83 00 81 00'));
    assert.equal(layout.opcode, 3);
    assert.deepEqual(layout.parts.at(-1), { part: 'extra', start: 2, end: 4 });
  });

  it('says how much of a cut header is missing', () => {
    assert.equal(frameLayout(hex('81')).missing, 1);
    assert.equal(frameLayout(hex('81 fe 00')).missing, 1);
    assert.equal(frameLayout(hex('81 85 37 fa')).missing, 7);
  });
});

describe('buildFrame', () => {
  it('writes the same bytes as encodeFrame for valid frames in the shortest form', () => {
    assert.equal(toHex(buildFrame({ ...BASE, maskingKey: KEY })), '81 85 37 fa 21 3d 7f 9f 4d 51 58');
    assert.equal(toHex(buildFrame(BASE)), '81 05 48 65 6c 6c 6f');
  });

  it('writes a longer length form on request, which decodeFrame refuses as §5.2 says', () => {
    const bytes = buildFrame({ ...BASE, lengthForm: 16 });
    assert.equal(toHex(bytes.subarray(0, 4)), '81 7e 00 05');
    assert.throws(() => decodeFrame(bytes), /shortest form/);
  });

  it('claims a length the payload does not have', () => {
    const bytes = buildFrame({ ...BASE, declaredLength: 10 });
    assert.equal(bytes[1], 10);
    assert.equal(decodeFrame(bytes), null);
  });

  it('refuses what cannot be written, in words', () => {
    assert.throws(() => buildFrame({ ...BASE, opcode: 16 }), /4 bits/);
    assert.throws(() => buildFrame({ ...BASE, lengthForm: 7, declaredLength: 200 }), /0 to 125/);
    assert.throws(() => buildFrame({ ...BASE, maskingKey: hex('01 02') }), /exactly 4 bytes/);
  });

  it('picks 7, 16 and 64 bits at 125, 126 and 65,536', () => {
    assert.deepEqual([125, 126, 65_535, 65_536].map(shortestLengthForm), [7, 16, 16, 64]);
  });
});

describe('the frame lab answer', () => {
  it('survives JSON both ways and reads the close code from the received bytes', () => {
    const answer = {
      server: 'ws 8.23.0',
      received: hex('88 02 03 ea'),
      closedTcp: true,
      serverError: { code: 'WS_ERR_EXPECTED_MASK', message: 'Invalid WebSocket frame: MASK must be set' },
      waitedMs: 3,
    };
    const back = parseLabAnswer(serializeLabAnswer(answer));
    assert.deepEqual(back, answer);
    assert.deepEqual(readReaction(back.received).close, { code: 1002, reason: '' });
  });

  it('refuses malformed answers with a reason', () => {
    assert.throws(() => parseLabAnswer('<html>'), /not JSON/);
    assert.throws(() => parseLabAnswer('{"received":"zz"}'), /not hex/);
  });

  it('reports bytes from a server that are not a valid server frame', () => {
    assert.match(readReaction(hex('81 85 37 fa 21 3d 7f 9f 4d 51 58')).problem ?? '', /must not mask/);
    assert.match(readReaction(hex('81 05 48')).problem ?? '', /do not make a whole frame/);
  });
});
