import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import {
  encodeBase64,
  checkUpgradeRequest,
  computeAccept,
  type UpgradeOptions,
  type UpgradeRequest,
  type UpgradeResult,
} from '../../src/protocol/index.ts';
import { createRandom } from './helpers/fixtures.ts';

/** The client handshake of §1.3, as Node would hand it over. */
const HEADERS = {
  Host: 'server.example.com',
  Upgrade: 'websocket',
  Connection: 'Upgrade',
  'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
  Origin: 'http://example.com',
  'Sec-WebSocket-Protocol': 'chat, superchat',
  'Sec-WebSocket-Version': '13',
};

function request(
  changes: Record<string, string | undefined> = {},
  method = 'GET',
  httpVersion = '1.1',
): UpgradeRequest {
  const headers: Record<string, string> = { ...HEADERS };
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) delete headers[name];
    else headers[name] = value;
  }
  return { method, httpVersion, headers };
}

async function refusal(result: Promise<UpgradeResult>): Promise<{ status: number; reason: string; headers: unknown }> {
  const answer = await result;
  assert.equal(answer.ok, false, 'the request is refused');
  if (answer.ok) throw new Error('unreachable');
  return { status: answer.status, reason: answer.reason, headers: answer.headers };
}

describe('computeAccept', () => {
  it('turns the key of §1.3 into s3pPLMBiTxaQ9kYGzzhZRbK+xOo=', async () => {
    assert.equal(await computeAccept('dGhlIHNhbXBsZSBub25jZQ=='), 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });

  it('agrees with Node SHA-1 for random keys', async () => {
    for (let i = 0; i < 50; i++) {
      const key = randomBytes(16).toString('base64');
      const expected = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
      assert.equal(await computeAccept(key), expected);
    }
  });
});

describe('encodeBase64', () => {
  it('encodes as Node does, at every padding length', () => {
    const random = createRandom(64);
    for (let length = 0; length < 70; length++) {
      const bytes = random.bytes(length);
      assert.equal(encodeBase64(bytes), Buffer.from(bytes).toString('base64'));
    }
  });
});

describe('checkUpgradeRequest', () => {
  it('answers the §1.3 handshake with 101 and its headers in wire order', async () => {
    const result = await checkUpgradeRequest(request(), { protocols: ['chat'] });
    assert.deepEqual(result, {
      ok: true,
      accept: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=',
      protocol: 'chat',
      response: {
        status: 101,
        reason: 'Switching Protocols',
        headers: [
          ['Upgrade', 'websocket'],
          ['Connection', 'Upgrade'],
          ['Sec-WebSocket-Accept', 's3pPLMBiTxaQ9kYGzzhZRbK+xOo='],
          ['Sec-WebSocket-Protocol', 'chat'],
        ],
      },
    });
  });

  it('reads header names in any case, and values such as "WebSocket" and "keep-alive, Upgrade"', async () => {
    const headers = Object.fromEntries(Object.entries(HEADERS).map(([name, value]) => [name.toUpperCase(), value]));
    headers.UPGRADE = 'WebSocket';
    headers.CONNECTION = 'keep-alive, Upgrade';
    const result = await checkUpgradeRequest({ method: 'GET', httpVersion: 'HTTP/1.1', headers });
    assert.equal(result.ok, true);
  });

  it('joins a header given as an array, as Node gives repeated headers', async () => {
    const { headers } = request({ 'Sec-WebSocket-Protocol': undefined });
    const result = await checkUpgradeRequest(
      { method: 'GET', httpVersion: '1.1', headers: { ...headers, 'sec-websocket-protocol': ['chat', 'superchat'] } },
      { protocols: ['superchat'] },
    );
    assert.equal(result.ok && result.protocol, 'superchat');
  });

  it('chooses the subprotocol the server prefers among those offered, or none', async () => {
    const offer = request({ 'Sec-WebSocket-Protocol': 'b, a' });
    const pick = async (options: UpgradeOptions) => {
      const result = await checkUpgradeRequest(offer, options);
      assert.ok(result.ok);
      return [result.protocol, result.response.headers.length];
    };
    assert.deepEqual(await pick({ protocols: ['a', 'b'] }), ['a', 4]);
    assert.deepEqual(await pick({ protocols: ['c'] }), [null, 3]);
    assert.deepEqual(await pick({}), [null, 3]);
  });

  it('refuses another method with 405 and Allow: GET', async () => {
    const answer = await refusal(checkUpgradeRequest(request({}, 'POST')));
    assert.deepEqual(answer, {
      status: 405,
      reason: 'A WebSocket handshake is a GET request; this one is POST.',
      headers: [['Allow', 'GET']],
    });
  });

  it('refuses HTTP/1.0 with 400', async () => {
    assert.equal((await refusal(checkUpgradeRequest(request({}, 'GET', '1.0')))).status, 400);
  });

  it('refuses with 400 and names the header that is missing', async () => {
    for (const name of ['Host', 'Upgrade', 'Connection', 'Sec-WebSocket-Key', 'Sec-WebSocket-Version']) {
      const answer = await refusal(checkUpgradeRequest(request({ [name]: undefined })));
      assert.equal(answer.status, 400, name);
      assert.match(answer.reason, new RegExp(`The ${name} header is missing`));
    }
  });

  it('refuses with 400 and names the header that is wrong', async () => {
    const cases: [string, string, RegExp][] = [
      ['Upgrade', 'h2c', /The Upgrade header is "h2c"/],
      ['Connection', 'keep-alive', /The Connection header is "keep-alive"/],
      [
        'Sec-WebSocket-Key',
        'dGhlIHNhbXBsZSBub25jZQ',
        /Sec-WebSocket-Key "dGhlIHNhbXBsZSBub25jZQ" is not the base64 of 16 bytes/,
      ],
      ['Sec-WebSocket-Key', 'AAAAAAAAAAAAAAAAAAAAAAAA', /is not the base64 of 16 bytes/],
      ['Sec-WebSocket-Protocol', 'chat,,superchat', /Sec-WebSocket-Protocol "chat,,superchat"/],
      ['Sec-WebSocket-Protocol', 'chat, chat', /distinct names/],
      ['Sec-WebSocket-Protocol', 'chat room', /distinct names/],
    ];
    for (const [name, value, reason] of cases) {
      const answer = await refusal(checkUpgradeRequest(request({ [name]: value })));
      assert.equal(answer.status, 400, `${name}: ${value}`);
      assert.match(answer.reason, reason);
    }
  });

  it('refuses another version with 426 and Sec-WebSocket-Version: 13 (§4.4)', async () => {
    const answer = await refusal(checkUpgradeRequest(request({ 'Sec-WebSocket-Version': '8' })));
    assert.deepEqual(answer, {
      status: 426,
      reason: 'Sec-WebSocket-Version 8 is not supported; this server speaks 13.',
      headers: [
        ['Sec-WebSocket-Version', '13'],
        ['Upgrade', 'websocket'],
      ],
    });
  });

  it('refuses a missing version with 400 and still says which one it speaks', async () => {
    const answer = await refusal(checkUpgradeRequest(request({ 'Sec-WebSocket-Version': undefined })));
    assert.deepEqual(answer.headers, [['Sec-WebSocket-Version', '13']]);
  });

  it('refuses an Origin the policy refuses with 403, and passes undefined when Origin is missing', async () => {
    const seen: (string | undefined)[] = [];
    const isOriginAllowed = (origin: string | undefined) => {
      seen.push(origin);
      return origin === 'http://example.com';
    };
    assert.equal((await checkUpgradeRequest(request(), { isOriginAllowed })).ok, true);
    const refused = await refusal(
      checkUpgradeRequest(request({ Origin: 'https://evil.example' }), { isOriginAllowed }),
    );
    assert.deepEqual(refused, {
      status: 403,
      reason: 'Origin https://evil.example is not allowed to open a WebSocket on this server.',
      headers: [],
    });
    assert.equal((await refusal(checkUpgradeRequest(request({ Origin: undefined }), { isOriginAllowed }))).status, 403);
    assert.deepEqual(seen, ['http://example.com', 'https://evil.example', undefined]);
  });
});

/**
 * The same raw requests against a real ws server. Where the two differ, the
 * case says why; each difference is asserted, not skipped.
 */
describe('checkUpgradeRequest against a ws server', () => {
  let server: WebSocketServer;
  let port = 0;

  before(async () => {
    server = new WebSocketServer({ port: 0 });
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });

  after(async () => {
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  });

  /** Sends a raw request and returns the status and headers of the answer. */
  async function ask(
    method: string,
    version: string,
    headers: Record<string, string>,
  ): Promise<{ status: number; headers: Map<string, string> }> {
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
    socket.write(`${method} /chat HTTP/${version}\r\n${lines.join('')}\r\n`);
    let text = '';
    for await (const chunk of socket) {
      text += String(chunk);
      if (text.includes('\r\n\r\n')) break;
    }
    socket.destroy();
    const [statusLine = '', ...rest] = text.split('\r\n\r\n')[0].split('\r\n');
    const answer = new Map(
      rest.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
    );
    return { status: Number(statusLine.split(' ')[1]), headers: answer };
  }

  const cases: {
    name: string;
    method?: string;
    version?: string;
    changes?: Record<string, string | undefined>;
    ours: number;
    ws: number;
    why?: string;
  }[] = [
    { name: 'the §1.3 handshake', ours: 101, ws: 101 },
    { name: 'Connection: keep-alive, Upgrade', changes: { Connection: 'keep-alive, Upgrade' }, ours: 101, ws: 101 },
    { name: 'POST', method: 'POST', ours: 405, ws: 405 },
    { name: 'Upgrade: h2c', changes: { Upgrade: 'h2c' }, ours: 400, ws: 400 },
    { name: 'no key', changes: { 'Sec-WebSocket-Key': undefined }, ours: 400, ws: 400 },
    { name: 'a 15-byte key', changes: { 'Sec-WebSocket-Key': 'AAAAAAAAAAAAAAAAAAAA' }, ours: 400, ws: 400 },
    { name: 'no version', changes: { 'Sec-WebSocket-Version': undefined }, ours: 400, ws: 400 },
    { name: 'a malformed subprotocol list', changes: { 'Sec-WebSocket-Protocol': 'a,,b' }, ours: 400, ws: 400 },
    {
      name: 'version 12',
      changes: { 'Sec-WebSocket-Version': '12' },
      ours: 426,
      ws: 400,
      why: '§4.2.2 suggests 426 for a version the server does not speak; ws answers 400.',
    },
    {
      name: 'version 8',
      changes: { 'Sec-WebSocket-Version': '8' },
      ours: 426,
      ws: 101,
      why: 'ws still accepts version 8 (the hybi-10 draft); RFC 6455 defines only 13.',
    },
    {
      name: 'HTTP/1.0',
      version: '1.0',
      ours: 400,
      ws: 101,
      why: '§4.2.1 asks for HTTP/1.1 or later; ws does not check the version.',
    },
    {
      name: 'no Host header',
      changes: { Host: undefined },
      ours: 400,
      ws: 101,
      why: '§4.2.1 requires Host; neither ws nor Node (for upgrade requests) checks it.',
    },
    {
      name: 'no Connection header',
      changes: { Connection: undefined },
      ours: 400,
      ws: 426,
      why: 'without Connection: Upgrade, Node hands the request to ws as plain HTTP, which ws answers with 426.',
    },
    {
      name: 'Upgrade: websocket, foo',
      changes: { Upgrade: 'websocket, foo' },
      ours: 101,
      ws: 400,
      why: 'Upgrade is a list (RFC 9110 §7.8) and §4.2.1 asks only that it contain "websocket"; ws wants it alone.',
    },
  ];

  for (const test of cases) {
    it(`${test.ours === test.ws ? 'agrees' : 'knowingly differs'} on ${test.name}: ours ${test.ours}, ws ${test.ws}`, async () => {
      const method = test.method ?? 'GET';
      const version = test.version ?? '1.1';
      const ours = await checkUpgradeRequest(request(test.changes, method, version), { protocols: ['chat'] });
      const headers = request(test.changes).headers as Record<string, string>;
      const theirs = await ask(method, version, headers);
      assert.equal(ours.ok ? ours.response.status : ours.status, test.ours);
      assert.equal(theirs.status, test.ws);
      if (ours.ok && theirs.status === 101) {
        assert.equal(theirs.headers.get('sec-websocket-accept'), ours.accept);
        assert.equal(theirs.headers.get('sec-websocket-protocol'), ours.protocol ?? undefined);
      }
    });
  }

  it('knowingly differs on which subprotocol to pick: ours the server preference, ws the client first', async () => {
    const offer = { 'Sec-WebSocket-Protocol': 'superchat, chat' };
    const ours = await checkUpgradeRequest(request(offer), { protocols: ['chat', 'superchat'] });
    const theirs = await ask('GET', '1.1', request(offer).headers as Record<string, string>);
    assert.equal(ours.ok && ours.protocol, 'chat');
    assert.equal(theirs.headers.get('sec-websocket-protocol'), 'superchat');
  });
});
