import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  SECRET_PATTERN,
  containsSecret,
  cryptoRandom,
  decodeFrame,
  decodeUtf8,
  encodeFrame,
  encodeUtf8,
  isSecret,
  newSecret,
  parseTraceEvent,
  redactSecrets,
  redactTraceEvent,
  serializeTraceEvent,
  type FrameEvent,
  type TraceEvent,
} from '../../src/protocol/index.ts';

/** Bytes 0, 1, 2, … : a secret whose text a test can know in advance. */
const counting = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => i);

const TOKEN = 'wsp_at_AAECAwQFBgcICQoLDA0ODw';
const STARRED_TOKEN = `wsp_at_${'*'.repeat(22)}`;
const TICKET = 'wsp_tk_AAECAwQFBgcICQoLDA0ODw';
const STARRED_TICKET = `wsp_tk_${'*'.repeat(22)}`;

function frameEvent(from: 'client' | 'server', text: string, mask: Uint8Array | null): FrameEvent {
  const bytes = encodeFrame({ opcode: 1, mask, payload: encodeUtf8(text) }).slice();
  const decoded = decodeFrame(bytes);
  assert.ok(decoded);
  return { type: 'frame', at: 5, from, bytes, frame: { ...decoded.frame, payload: decoded.frame.payload.slice() } };
}

describe('a secret', () => {
  it('is its prefix and the base64url of 16 random bytes', () => {
    assert.equal(newSecret('token', counting), TOKEN);
    assert.equal(newSecret('ticket', counting), TICKET);
    assert.equal(newSecret('session', counting), 'wsp_ss_AAECAwQFBgcICQoLDA0ODw');
    assert.equal(
      newSecret('ticket', () => new Uint8Array(16).fill(0xff)),
      `wsp_tk_${'_'.repeat(21)}w`,
    );
    assert.equal(
      newSecret('ticket', () => new Uint8Array(16).fill(0xfb)),
      `wsp_tk_${'-_v7'.repeat(5)}-w`,
    );
  });

  it('asks for 128 bits and refuses a source that gives fewer', () => {
    const asked: number[] = [];
    newSecret('ticket', (n) => {
      asked.push(n);
      return counting(n);
    });
    assert.deepEqual(asked, [16]);
    assert.throws(() => newSecret('ticket', () => new Uint8Array(8)), /16 random bytes/);
  });

  it('is never the same twice from crypto.getRandomValues', () => {
    const seen = new Set(Array.from({ length: 2000 }, () => newSecret('ticket', cryptoRandom)));
    assert.equal(seen.size, 2000);
    for (const secret of seen) assert.ok(isSecret(secret, 'ticket'), secret);
  });

  it('is recognised by its exact shape', () => {
    assert.equal(isSecret(TOKEN, 'token'), true);
    assert.equal(isSecret(TOKEN, 'ticket'), false);
    assert.equal(isSecret(`${TOKEN}x`, 'token'), false);
    assert.equal(isSecret(TOKEN.slice(0, -1), 'token'), false);
    assert.equal(isSecret(`wsp_at_${'!'.repeat(22)}`, 'token'), false);
  });
});

describe('redacting secrets in text', () => {
  it('finds any of the three kinds', () => {
    assert.equal(containsSecret(`Bearer ${TOKEN}`), true);
    assert.equal(containsSecret(`/secure?ticket=${TICKET}`), true);
    assert.equal(containsSecret('wsp_session=wsp_ss_AAECAwQFBgcICQoLDA0ODw'), true);
    assert.equal(containsSecret('wsp_at_short'), false);
    assert.equal(containsSecret(STARRED_TOKEN), false);
    // The global pattern's lastIndex must not leak from one call to the next.
    assert.equal(containsSecret(TOKEN), true);
    assert.equal(containsSecret(TOKEN), true);
    assert.equal(SECRET_PATTERN.lastIndex, 0);
  });

  it('keeps the prefix and stars the random part, the same length', () => {
    const text = `{"ticket":"${TICKET}","token":"${TOKEN}"}`;
    const redacted = redactSecrets(text);
    assert.equal(redacted, `{"ticket":"${STARRED_TICKET}","token":"${STARRED_TOKEN}"}`);
    assert.equal(redacted.length, text.length);
    assert.equal(redactSecrets('nothing here'), 'nothing here');
  });
});

describe('redacting a trace event', () => {
  it('stars a token in a masked client frame and masks it again with the same key', () => {
    const mask = new Uint8Array([0x37, 0xfa, 0x21, 0x3d]);
    const text = `{"type":"auth","token":"${TOKEN}"}`;
    const event = frameEvent('client', text, mask);
    const before = event.bytes.slice();

    const redacted = redactTraceEvent(event);
    assert.equal(redacted.type, 'frame');
    if (redacted.type !== 'frame') return;
    assert.equal(redacted.redacted, true);
    assert.equal(decodeUtf8(redacted.frame.payload), `{"type":"auth","token":"${STARRED_TOKEN}"}`);
    assert.deepEqual(redacted.frame.mask, mask);
    assert.equal(redacted.bytes.length, before.length);
    // The header and the masking key are the same bytes; the payload is the starred one, masked with that key.
    assert.deepEqual(redacted.bytes.subarray(0, 6), before.subarray(0, 6));
    const reread = decodeFrame(redacted.bytes);
    assert.ok(reread);
    assert.deepEqual(reread.frame.mask, mask);
    assert.equal(decodeUtf8(reread.frame.payload), `{"type":"auth","token":"${STARRED_TOKEN}"}`);
    assert.ok(!decodeUtf8(reread.frame.payload).includes(TOKEN.slice(7)));
    // The original event is left as it was.
    assert.deepEqual(event.bytes, before);
    assert.equal(decodeUtf8(event.frame.payload), text);
  });

  it('stars a secret in an unmasked server frame, a long one too', () => {
    const text = `${'x'.repeat(300)} ${TICKET} ${'y'.repeat(300)}`;
    const redacted = redactTraceEvent(frameEvent('server', text, null));
    assert.ok(redacted.type === 'frame' && redacted.redacted);
    const reread = decodeFrame(redacted.bytes);
    assert.ok(reread);
    assert.equal(reread.frame.masked, false);
    assert.equal(decodeUtf8(reread.frame.payload), text.replace(TICKET, STARRED_TICKET));
  });

  it('stars a secret in binary payload bytes', () => {
    const payload = new Uint8Array([0, 255, ...encodeUtf8(TOKEN), 7]);
    const bytes = encodeFrame({ opcode: 2, mask: new Uint8Array([1, 2, 3, 4]), payload }).slice();
    const decoded = decodeFrame(bytes);
    assert.ok(decoded);
    const event: FrameEvent = { type: 'frame', at: 0, from: 'client', bytes, frame: decoded.frame };
    const redacted = redactTraceEvent(event);
    assert.ok(redacted.type === 'frame' && redacted.redacted);
    assert.deepEqual(redacted.frame.payload, new Uint8Array([0, 255, ...encodeUtf8(STARRED_TOKEN), 7]));
  });

  it('stars a ticket in the request path and a token in Sec-WebSocket-Protocol', () => {
    const request: TraceEvent = {
      type: 'handshake-request',
      at: 0,
      method: 'GET',
      path: `/secure?auth=ticket&ticket=${TICKET}`,
      httpVersion: 'HTTP/1.1',
      headers: [
        ['Host', 'localhost'],
        ['Sec-WebSocket-Protocol', `wsp.bearer, ${TOKEN}`],
      ],
    };
    assert.deepEqual(redactTraceEvent(request), {
      ...request,
      path: `/secure?auth=ticket&ticket=${STARRED_TICKET}`,
      headers: [
        ['Host', 'localhost'],
        ['Sec-WebSocket-Protocol', `wsp.bearer, ${STARRED_TOKEN}`],
      ],
    });
  });

  it('stars secrets in notes, close reasons and refusals', () => {
    assert.deepEqual(redactTraceEvent({ type: 'note', at: 1, text: `server log: {"t":"${TOKEN}"}` }), {
      type: 'note',
      at: 1,
      text: `server log: {"t":"${STARRED_TOKEN}"}`,
    });
    assert.deepEqual(redactTraceEvent({ type: 'closed', at: 2, code: 1008, reason: TOKEN, wasClean: true }), {
      type: 'closed',
      at: 2,
      code: 1008,
      reason: STARRED_TOKEN,
      wasClean: true,
    });
    const response: TraceEvent = { type: 'handshake-response', at: 1, status: 403, reason: TICKET, headers: [] };
    assert.deepEqual(redactTraceEvent(response), { ...response, reason: STARRED_TICKET });
  });

  it('returns the same object when there is nothing to hide', () => {
    const events: TraceEvent[] = [
      frameEvent('client', '{"type":"post","text":"wsp_at_ is a prefix"}', new Uint8Array([9, 8, 7, 6])),
      { type: 'note', at: 0, text: `already starred: ${STARRED_TOKEN}` },
      { type: 'closed', at: 0, code: 1000, reason: 'bye', wasClean: true },
      { type: 'handshake-request', at: 0, method: 'GET', path: '/echo', httpVersion: '1.1', headers: [['A', 'b']] },
      { type: 'handshake-response', at: 0, status: 101, reason: 'Switching Protocols', headers: [] },
    ];
    for (const event of events) assert.equal(redactTraceEvent(event), event);
  });

  it('carries the redacted flag through the inspect channel', () => {
    const redacted = redactTraceEvent(frameEvent('client', TOKEN, new Uint8Array([1, 1, 1, 1])));
    const text = serializeTraceEvent(redacted);
    assert.match(text, /"redacted":true/);
    assert.ok(!text.includes(TOKEN.slice(7)));
    const parsed = parseTraceEvent(text);
    assert.ok(parsed.type === 'frame');
    assert.equal(parsed.redacted, true);
    assert.deepEqual(parsed.bytes, redacted.type === 'frame' ? redacted.bytes : undefined);
    assert.equal(decodeUtf8(parsed.frame.payload), STARRED_TOKEN);

    const plain = parseTraceEvent(serializeTraceEvent(frameEvent('server', 'hi', null)));
    assert.ok(plain.type === 'frame' && !('redacted' in plain));
    assert.throws(
      () => parseTraceEvent('{"type":"frame","at":1,"from":"server","bytes":"8100","redacted":"yes"}'),
      /"redacted"/,
    );
  });
});
