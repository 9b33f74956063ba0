import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  encodeFrame,
  createFrameStream,
  splitPayload,
  fromHex,
  toHex,
  parseTraceEvent,
  redactHeaders,
  serializeTraceEvent,
  type TraceEvent,
} from '../../src/protocol/index.ts';
import { assertFrameError } from './helpers/fixtures.ts';

const MASKED_HELLO = fromHex('81 85 37 fa 21 3d 7f 9f 4d 51 58')!;

describe('hex', () => {
  it('writes lowercase pairs and reads them back, spaces allowed', () => {
    assert.equal(toHex(new Uint8Array([0, 15, 16, 255])), '000f10ff');
    assert.deepEqual(fromHex('00 0F 10ff'), new Uint8Array([0, 15, 16, 255]));
  });

  it('refuses odd lengths and non-hex characters', () => {
    assert.equal(fromHex('abc'), null);
    assert.equal(fromHex('zz'), null);
  });
});

describe('a trace event on the side channel', () => {
  it('carries a frame as hex and comes back decoded', () => {
    const event = parseTraceEvent(JSON.stringify({ type: 'frame', at: 3, from: 'client', bytes: toHex(MASKED_HELLO) }));
    assert.equal(event.type, 'frame');
    if (event.type !== 'frame') return;
    assert.deepEqual(event.bytes, MASKED_HELLO);
    assert.equal(new TextDecoder().decode(event.frame.payload), 'Hello');
    assert.deepEqual(event.frame.mask, new Uint8Array([0x37, 0xfa, 0x21, 0x3d]));
  });

  it('survives a round trip through serializeTraceEvent', () => {
    const events: TraceEvent[] = [
      {
        type: 'handshake-request',
        at: 0,
        method: 'GET',
        path: '/echo?x=1',
        httpVersion: 'HTTP/1.1',
        headers: [['Host', 'h']],
      },
      {
        type: 'handshake-response',
        at: 1,
        status: 101,
        reason: 'Switching Protocols',
        headers: [['Upgrade', 'websocket']],
      },
      { type: 'closed', at: 9, code: 1000, reason: 'bye', wasClean: true },
      { type: 'note', at: 2, text: 'origin not allowed' },
    ];
    for (const event of events) assert.deepEqual(parseTraceEvent(serializeTraceEvent(event)), event);
  });

  it('is refused with a clear message when it is junk', () => {
    assert.throws(() => parseTraceEvent('{not json'), /not JSON/);
    assert.throws(() => parseTraceEvent('42'), /not a JSON object/);
    assert.throws(() => parseTraceEvent('{"type":"frame","at":1,"from":"client","bytes":"zz"}'), /not hex/);
    assert.throws(
      () => parseTraceEvent('{"type":"frame","at":1,"from":"client","bytes":"8100ff"}'),
      /exactly one frame/,
    );
    assert.throws(() => parseTraceEvent('{"type":"frame","at":1,"from":"moon","bytes":"8100"}'), /"from"/);
    assert.throws(() => parseTraceEvent('{"type":"closed","at":"soon"}'), /"at" field is not a number/);
    assert.throws(() => parseTraceEvent('{"type":"gossip","at":1}'), /not a trace event type/);
  });

  it('never shows cookies or credentials', () => {
    assert.deepEqual(
      redactHeaders([
        ['Cookie', 'sid=1'],
        ['authorization', 'Bearer x'],
        ['Origin', 'http://a'],
      ]),
      [
        ['Cookie', '[redacted]'],
        ['authorization', '[redacted]'],
        ['Origin', 'http://a'],
      ],
    );
  });
});

describe('a frame stream', () => {
  it('splits bytes that arrive one at a time into whole frames with their exact bytes', () => {
    const second = encodeFrame({ opcode: 2, payload: new Uint8Array(300) });
    const stream = createFrameStream();
    const all = new Uint8Array([...MASKED_HELLO, ...second]);
    const frames = [...all].flatMap((byte) => stream.push(new Uint8Array([byte])));
    assert.deepEqual(
      frames.map((frame) => toHex(frame.bytes)),
      [toHex(MASKED_HELLO), toHex(second)],
    );
    assert.equal(stream.pending, 0);
  });

  it('stops at the first invalid frame and stays stopped', () => {
    const stream = createFrameStream({ expectMasked: true });
    assertFrameError(() => stream.push(fromHex('8100')!), { code: 'FRAME_ERR_MASK_REQUIRED', closeCode: 1002 });
    assertFrameError(() => stream.push(MASKED_HELLO), { code: 'FRAME_ERR_MASK_REQUIRED', closeCode: 1002 });
  });
});

describe('splitting a payload into fragments', () => {
  it('keeps every byte, in order, in the number of parts asked for', () => {
    const payload = new Uint8Array([1, 2, 3, 4, 5, 6, 7]);
    const parts = splitPayload(payload, 3);
    assert.equal(parts.length, 3);
    assert.deepEqual(new Uint8Array(parts.flatMap((part) => [...part])), payload);
  });

  it('gives empty parts when the payload is shorter than the count', () => {
    assert.deepEqual(
      splitPayload(new Uint8Array([9]), 3).map((part) => part.length),
      [0, 0, 1],
    );
  });
});
