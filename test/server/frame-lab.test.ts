import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  buildFrame,
  type FrameSpec,
  FRAME_LAB_MAX_BYTES,
  parseLabAnswer,
  readReaction,
  type LabAnswer,
  fromHex,
  toHex,
  Opcode,
  createOriginPolicy,
} from '../../src/protocol/index.ts';
import { simulateLabServer } from '../../src/transport/simulated-frame-lab.ts';
import { createFrameLab } from '../../server/frame-lab.ts';
import { silentLogger } from '../../server/log.ts';
import { startPlaygroundServer, type PlaygroundServer } from '../../server/playground-server.ts';

const PAGE = 'http://localhost:5301';
const KEY = fromHex('37 fa 21 3d')!;

function frame(fields: Omit<Partial<FrameSpec>, 'payload'> & { payload: Uint8Array | string }): Uint8Array {
  const payload = typeof fields.payload === 'string' ? new TextEncoder().encode(fields.payload) : fields.payload;
  return buildFrame({
    fin: true,
    rsv1: false,
    rsv2: false,
    rsv3: false,
    opcode: Opcode.text,
    maskingKey: KEY,
    lengthForm: 'shortest',
    ...fields,
    payload,
  });
}

async function post(
  url: string,
  body: Uint8Array,
  origin: string | undefined = PAGE,
): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(`${url}/frame-lab`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream', ...(origin ? { Origin: origin } : {}) },
    body,
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('the frame lab route of the live server', () => {
  let server: PlaygroundServer;

  before(async () => {
    server = await startPlaygroundServer({
      port: 0,
      allowedOrigins: [PAGE],
      logger: silentLogger,
      staticRoot: '/none',
    });
  });
  after(() => server.close());

  async function lab(bytes: Uint8Array): Promise<LabAnswer> {
    const { status, text, headers } = await post(server.url, bytes);
    assert.equal(status, 200, text);
    assert.equal(headers.get('access-control-allow-origin'), PAGE);
    return parseLabAnswer(text);
  }

  it('echoes the masked "Hello" of RFC 6455 §5.7 as ws itself sends it back', async () => {
    const answer = await lab(fromHex('81 85 37 fa 21 3d 7f 9f 4d 51 58')!);
    assert.match(answer.server, /^ws 8\./);
    assert.equal(toHex(answer.received), '810548656c6c6f');
    assert.equal(answer.closedTcp, false);
    assert.equal(answer.serverError, undefined);
  });

  it('answers a ping with a pong carrying the same payload (§5.5.3)', async () => {
    const answer = await lab(frame({ opcode: Opcode.ping, payload: 'hi' }));
    assert.equal(toHex(answer.received), '8a026869');
  });

  it('answers a close frame with the same code and reason, then ends TCP', async () => {
    const answer = await lab(frame({ opcode: Opcode.close, payload: fromHex('03 e8 62 79 65')! }));
    const reaction = readReaction(answer.received);
    assert.deepEqual(reaction.close, { code: 1000, reason: 'bye' });
    assert.equal(answer.closedTcp, true);
  });

  const broken: [string, Uint8Array, number, string][] = [
    ['an unmasked client frame', frame({ payload: 'Hello', maskingKey: null }), 1002, 'WS_ERR_EXPECTED_MASK'],
    ['a reserved opcode (0x3)', frame({ opcode: 3, payload: 'x' }), 1002, 'WS_ERR_INVALID_OPCODE'],
    [
      'a ping of 126 bytes',
      frame({ opcode: Opcode.ping, payload: new Uint8Array(126) }),
      1002,
      'WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH',
    ],
    ['invalid UTF-8 in a text frame', frame({ payload: fromHex('ce bb ed a0 80')! }), 1007, 'WS_ERR_INVALID_UTF8'],
    ['RSV1 set with no extension', frame({ rsv1: true, payload: 'x' }), 1002, 'WS_ERR_UNEXPECTED_RSV_1'],
    [
      'a length over the lab’s limit',
      frame({ payload: 'x', declaredLength: 2 ** 40, lengthForm: 64 }),
      1009,
      'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH',
    ],
  ];
  for (const [what, bytes, code, wsCode] of broken) {
    it(`gets close code ${code} from ws for ${what}, and the simulated server agrees`, async () => {
      const answer = await lab(bytes);
      assert.equal(readReaction(answer.received).close?.code, code);
      assert.equal(answer.serverError?.code, wsCode);
      assert.equal(answer.closedTcp, true);
      const simulated = simulateLabServer(bytes);
      assert.equal(readReaction(simulated.received).close?.code, code);
      assert.equal(toHex(simulated.received), toHex(answer.received), 'the same bytes on both wires');
      assert.equal(simulated.closedTcp, true);
    });
  }

  it('reports silence while a frame is incomplete: ws waits for the rest', async () => {
    const answer = await lab(frame({ payload: 'Hello' }).subarray(0, 4));
    assert.equal(answer.received.length, 0);
    assert.equal(answer.closedTcp, false);
    assert.ok(answer.waitedMs >= 1000, `waited ${answer.waitedMs} ms`);
  });

  it('refuses a page whose origin is not on the allowlist, without CORS headers', async () => {
    const { status, headers, text } = await post(server.url, frame({ payload: 'x' }), 'https://evil.example');
    assert.equal(status, 403);
    assert.equal(headers.get('access-control-allow-origin'), null);
    assert.match(JSON.parse(text).error, /not on the allowlist/);
  });

  it('answers the CORS preflight of an allowed page', async () => {
    const response = await fetch(`${server.url}/frame-lab`, {
      method: 'OPTIONS',
      headers: { Origin: PAGE, 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), PAGE);
    assert.match(response.headers.get('access-control-allow-methods') ?? '', /POST/);
  });

  it('refuses a body over the size cap with 413, an empty one with 400 and a GET with 405', async () => {
    const big = await post(server.url, new Uint8Array(FRAME_LAB_MAX_BYTES + 1));
    assert.equal(big.status, 413);
    assert.match(JSON.parse(big.text).error, /at most 16384 bytes/);
    const empty = await post(server.url, new Uint8Array(0));
    assert.equal(empty.status, 400);
    const get = await fetch(`${server.url}/frame-lab`, { headers: { Origin: PAGE } });
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST, OPTIONS');
  });
});

describe('the frame lab under load', () => {
  it('answers 503 while its concurrent labs are all busy, and works again after', async () => {
    const frameLab = createFrameLab({
      originPolicy: () => createOriginPolicy([PAGE]),
      logger: silentLogger,
      maxConcurrent: 1,
      waitMs: 500,
    });
    const http = createServer((request, response) => frameLab.handle(request, response));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    try {
      const incomplete = frame({ payload: 'Hello' }).subarray(0, 3);
      const [first, second] = await Promise.all([
        post(url, incomplete),
        new Promise((resolve) => setTimeout(resolve, 100)).then(() => post(url, incomplete)),
      ]);
      assert.equal(first.status, 200);
      assert.equal(second.status, 503);
      assert.match(JSON.parse(second.text).error, /busy/);
      const again = await post(url, frame({ payload: 'ok' }));
      assert.equal(again.status, 200);
      assert.equal(toHex(parseLabAnswer(again.text).received), '81026f6b');
    } finally {
      await frameLab.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    }
  });
});
