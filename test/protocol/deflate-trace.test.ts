/**
 * DeflateTraceReader: a scripted trace, as either wire records it, comes back
 * with each compressed message inflated on the frame that ends it (RFC 7692
 * §6), with the parameters the 101 agreed for each direction (§7.1).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CHROMIUM_DEFLATE_OFFER,
  DeflateTraceReader,
  Opcode,
  decodeFrame,
  encodeFrame,
  type FrameEvent,
  type FrameFields,
  type HeaderList,
  type Side,
  type TraceEvent,
} from '../../src/protocol/index.ts';
import { createRandom } from './helpers/fixtures.ts';
import { deflateMessage, deflateMessages } from './helpers/deflate-fixtures.ts';

const AGREED = 'permessage-deflate; client_max_window_bits=10; server_no_context_takeover';
const utf8 = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text));
const text = (bytes: Uint8Array | undefined): string | undefined => bytes && Buffer.from(bytes).toString();

function request(extensions: string | undefined): TraceEvent {
  const headers: HeaderList = [
    ['Host', 'localhost'],
    ['Upgrade', 'websocket'],
  ];
  if (extensions !== undefined) headers.push(['Sec-WebSocket-Extensions', extensions]);
  return { type: 'handshake-request', at: 0, method: 'GET', path: '/deflate', httpVersion: '1.1', headers };
}

function response(extensions: string | undefined, status = 101): TraceEvent {
  const headers: HeaderList = [['Upgrade', 'websocket']];
  if (extensions !== undefined) headers.push(['sec-websocket-extensions', extensions]);
  return { type: 'handshake-response', at: 1, status, reason: 'Switching Protocols', headers };
}

const random = createRandom(0x7ace);

/** A frame event made as a wire makes it: client frames masked with a fresh key (§5.3). */
function frame(from: Side, fields: FrameFields): FrameEvent {
  const bytes = encodeFrame({ ...fields, mask: from === 'client' ? random.bytes(4) : undefined });
  const decoded = decodeFrame(bytes, { allowRsv1: true });
  assert.ok(decoded && decoded.size === bytes.length);
  return { type: 'frame', at: 2, from, bytes, frame: decoded.frame };
}

/** A compressed message as frames: RSV1 on the first only (RFC 7692 §6). */
function compressed(from: Side, payload: Uint8Array, cuts: readonly number[] = []): FrameEvent[] {
  const bounds = [0, ...cuts, payload.length];
  return bounds.slice(1).map((end, i) =>
    frame(from, {
      fin: i === bounds.length - 2,
      rsv1: i === 0,
      opcode: i === 0 ? Opcode.text : Opcode.continuation,
      payload: payload.subarray(bounds[i], end),
    }),
  );
}

describe('DeflateTraceReader', () => {
  it('inflates each compressed message on its last frame, with each direction’s parameters', async () => {
    const long = 'The same words, again and again, shrink. '.repeat(30);
    // Client to server: a 10-bit window with context takeover, as the 101 agreed.
    const [hello1, hello2, fragmentedPayload] = await deflateMessages([utf8('Hello'), utf8('Hello'), utf8(long)], {
      windowBits: 10,
    });
    // Server to client: no context takeover, so each message is compressed alone.
    const serverHello = deflateMessage(utf8('Hello'));
    const bomb = deflateMessage(new Uint8Array(1 << 20));

    const script: { event: TraceEvent; inflated?: string; inflateError?: RegExp }[] = [
      { event: request(CHROMIUM_DEFLATE_OFFER) },
      { event: response(AGREED) },
      { event: compressed('client', hello1)[0], inflated: 'Hello' },
      { event: compressed('client', hello2)[0], inflated: 'Hello' },
      { event: compressed('server', serverHello)[0], inflated: 'Hello' },
      { event: compressed('server', serverHello)[0], inflated: 'Hello' },
      ...(() => {
        const [first, middle, last] = compressed('client', fragmentedPayload, [3, 10]);
        return [
          { event: first },
          { event: frame('client', { opcode: Opcode.ping, payload: utf8('still there?') }) },
          { event: frame('server', { opcode: Opcode.pong, payload: utf8('still there?') }) },
          { event: middle },
          { event: last, inflated: long },
        ];
      })(),
      { event: frame('client', { opcode: Opcode.text, payload: utf8('sent uncompressed') }) },
      { event: frame('server', { fin: false, opcode: Opcode.binary, payload: utf8('plain, ') }) },
      { event: frame('server', { opcode: Opcode.continuation, payload: utf8('in two frames') }) },
      { event: compressed('server', bomb)[0], inflateError: /more than 65536 bytes/ },
      { event: compressed('server', serverHello)[0], inflated: 'Hello' },
      { event: frame('client', { opcode: Opcode.close, payload: Uint8Array.of(0x03, 0xe8) }) },
      { event: { type: 'closed', at: 9, code: 1000, reason: '', wasClean: true } },
    ];

    const reader = new DeflateTraceReader({ maxOutput: 64 * 1024 });
    for (const [i, step] of script.entries()) {
      const out = reader.push(step.event);
      const where = `step ${i}`;
      if (step.inflated === undefined && step.inflateError === undefined) {
        assert.equal(out, step.event, `${where}: passed through unchanged`);
        continue;
      }
      assert.equal(out.type, 'frame');
      const event = out as FrameEvent;
      assert.equal(event.bytes, (step.event as FrameEvent).bytes, `${where}: the bytes stay as on the wire`);
      if (step.inflated !== undefined) {
        assert.equal(text(event.inflated), step.inflated, where);
        assert.equal(event.inflateError, undefined, where);
      } else {
        assert.equal(event.inflated, undefined, where);
        assert.match(event.inflateError ?? '', step.inflateError!, where);
      }
    }
    assert.ok(hello2.length < hello1.length, 'the second "Hello" was a copy of the first');
  });

  it('inflates nothing when the 101 declined compression, or answered what was not offered, or was not a 101', () => {
    const payload = deflateMessage(utf8('Hello'));
    for (const [offer, answer, status] of [
      [CHROMIUM_DEFLATE_OFFER, undefined, 101],
      [CHROMIUM_DEFLATE_OFFER, 'x-webkit-deflate-frame', 101],
      ['x-webkit-deflate-frame', 'permessage-deflate', 101],
      [CHROMIUM_DEFLATE_OFFER, 'permessage-deflate; client_max_window_bits=16', 101],
      [CHROMIUM_DEFLATE_OFFER, 'permessage-deflate', 400],
    ] as const) {
      const reader = new DeflateTraceReader();
      reader.push(request(offer));
      reader.push(response(answer, status));
      const event = compressed('server', payload)[0];
      assert.equal(reader.push(event), event, `${offer} / ${answer} / ${status}`);
    }
  });

  it('uses the answer alone when the trace has no request', () => {
    const reader = new DeflateTraceReader();
    reader.push(response('permessage-deflate; server_max_window_bits=9'));
    const out = reader.push(compressed('server', deflateMessage(utf8('Hello'), { windowBits: 9 }))[0]);
    assert.equal(out.type === 'frame' && text(out.inflated), 'Hello');
  });

  it('reports a message that breaks the agreed window instead of inflating it', () => {
    const reader = new DeflateTraceReader();
    reader.push(request(CHROMIUM_DEFLATE_OFFER));
    reader.push(response(AGREED));
    const chunk = createRandom(4).bytes(800);
    // Compressed with a 32 KiB window although 2^10 was agreed for the client: a copy 800 back is fine, 1600 is not.
    const payload = deflateMessage(Uint8Array.from([...chunk, ...createRandom(5).bytes(800), ...chunk]));
    const out = reader.push(compressed('client', payload)[0]);
    assert.match(out.type === 'frame' ? (out.inflateError ?? '') : '', /beyond the 1024-byte window/);
  });

  it('starts again on a new handshake', async () => {
    const reader = new DeflateTraceReader();
    const [first, second] = await deflateMessages([utf8('Hello'), utf8('Hello')]);
    reader.push(request(CHROMIUM_DEFLATE_OFFER));
    reader.push(response('permessage-deflate'));
    assert.equal(text((reader.push(compressed('client', first)[0]) as FrameEvent).inflated), 'Hello');
    reader.push(request(CHROMIUM_DEFLATE_OFFER));
    reader.push(response('permessage-deflate'));
    // A new connection has no history: the copy into the previous "Hello" cannot be followed.
    assert.match((reader.push(compressed('client', second)[0]) as FrameEvent).inflateError ?? '', /too far back/);
  });
});
