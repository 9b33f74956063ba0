/**
 * RFC 8441's extended CONNECT as the protocol model builds it: the header
 * lists, what they leave out, 200 instead of 101, and a played stream whose
 * WebSocket frames are RFC 6455's. The lists then go through a real HTTP/2
 * stack (Node's http2, nghttp2 underneath) and the frames through ws's
 * Receiver, so the model is checked by implementations that are not ours.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { Receiver } from 'ws';
import './helpers/ws-internals.ts';
import { decodeClosePayload, Opcode, Side, type FrameEvent, type HeaderList } from '../../src/protocol/index.ts';
import {
  extendedConnectRequest,
  extendedConnectResponse,
  HTTP2_VERSION,
  PLAYED_CLOSE,
  playExtendedConnect,
  SETTINGS_ENABLE_CONNECT_PROTOCOL,
  type ExtendedConnectRequestOptions,
} from '../../src/protocol/extended-connect.ts';

/** RFC 8441 §5.1's example. */
const EXAMPLE: ExtendedConnectRequestOptions = {
  secure: true,
  authority: 'server.example.com',
  path: '/chat',
  origin: 'http://www.example.com',
  protocols: ['chat', 'superchat'],
  extensions: 'permessage-deflate',
};

const MASKS = [Uint8Array.of(0x37, 0xfa, 0x21, 0x3d), Uint8Array.of(0x01, 0x02, 0x03, 0x04)];

function fixedMasks(): () => Uint8Array {
  let next = 0;
  return () => MASKS[next++ % MASKS.length]!.slice();
}

const names = (headers: HeaderList): string[] => headers.map(([name]) => name);

describe('the extended CONNECT request (RFC 8441 §4, §5)', () => {
  it('is RFC 8441 §5.1’s example, field for field, pseudo-header fields first', () => {
    assert.deepEqual(extendedConnectRequest(EXAMPLE), [
      [':method', 'CONNECT'],
      [':protocol', 'websocket'],
      [':scheme', 'https'],
      [':path', '/chat'],
      [':authority', 'server.example.com'],
      ['sec-websocket-version', '13'],
      ['origin', 'http://www.example.com'],
      ['sec-websocket-protocol', 'chat, superchat'],
      ['sec-websocket-extensions', 'permessage-deflate'],
    ]);
  });

  it('carries no Host, Connection, Upgrade or key, and every name in lower case (RFC 9113 §8.2)', () => {
    const request = names(extendedConnectRequest(EXAMPLE));
    for (const absent of ['host', 'connection', 'upgrade', 'sec-websocket-key']) {
      assert.ok(!request.some((name) => name.toLowerCase() === absent), absent);
    }
    assert.deepEqual(
      request.filter((name) => name !== name.toLowerCase()),
      [],
    );
    const firstRegular = request.findIndex((name) => !name.startsWith(':'));
    assert.ok(
      request.slice(firstRegular).every((name) => !name.startsWith(':')),
      'no pseudo-header after a field',
    );
  });

  it('says http for a ws: URL, "/" for an empty path, and leaves out an offer that is empty', () => {
    const request = extendedConnectRequest({ secure: false, authority: 'h:8080', path: '', origin: 'null' });
    assert.deepEqual(request, [
      [':method', 'CONNECT'],
      [':protocol', 'websocket'],
      [':scheme', 'http'],
      [':path', '/'],
      [':authority', 'h:8080'],
      ['sec-websocket-version', '13'],
      ['origin', 'null'],
    ]);
  });

  it('is answered 200 with the chosen subprotocol, and no Accept, Upgrade or Connection', () => {
    assert.deepEqual(extendedConnectResponse({ protocol: 'chat' }), [
      [':status', '200'],
      ['sec-websocket-protocol', 'chat'],
    ]);
    assert.deepEqual(extendedConnectResponse(), [[':status', '200']]);
    assert.equal(SETTINGS_ENABLE_CONNECT_PROTOCOL, 8);
  });
});

describe('a WebSocket played on an HTTP/2 stream', () => {
  const events = playExtendedConnect({ ...EXAMPLE, message: 'Hello, h2', mask: fixedMasks() });

  it('opens with the setting, a CONNECT over HTTP/2 and a 200, and ends with END_STREAM and a clean close', () => {
    assert.deepEqual(
      events.map((event) => event.type),
      ['note', 'handshake-request', 'handshake-response', 'frame', 'frame', 'frame', 'frame', 'note', 'closed'],
    );
    const [settings, request, response] = events;
    assert.match(settings!.type === 'note' ? settings!.text : '', /SETTINGS_ENABLE_CONNECT_PROTOCOL = 1.*RFC 8441 §3/);
    assert.ok(request!.type === 'handshake-request');
    assert.equal(request.method, 'CONNECT');
    assert.equal(request.httpVersion, HTTP2_VERSION);
    assert.deepEqual(request.headers, extendedConnectRequest(EXAMPLE));
    assert.ok(response!.type === 'handshake-response');
    assert.equal(response.status, 200);
    assert.equal(response.reason, '', 'HTTP/2 has no reason phrase');
    assert.match(events[7]!.type === 'note' ? events[7]!.text : '', /END_STREAM/);
    assert.deepEqual(events.at(-1), { type: 'closed', code: 1000, reason: 'done', wasClean: true });
  });

  it('sends RFC 6455 frames: the browser’s masked with a fresh key each, the server’s not', () => {
    const frames = events.filter(
      (event): event is Omit<FrameEvent, 'at'> & { type: 'frame' } => event.type === 'frame',
    );
    assert.deepEqual(
      frames.map(({ from, frame }) => [from, frame.opcode, frame.masked]),
      [
        [Side.client, Opcode.text, true],
        [Side.server, Opcode.text, false],
        [Side.client, Opcode.close, true],
        [Side.server, Opcode.close, false],
      ],
    );
    assert.deepEqual([...frames[0]!.frame.mask!], [...MASKS[0]!]);
    assert.deepEqual([...frames[2]!.frame.mask!], [...MASKS[1]!]);
    // §5.3: the masked bytes on the wire are not the text.
    assert.notDeepEqual([...frames[0]!.bytes.subarray(6)], [...new TextEncoder().encode('Hello, h2')]);
    assert.equal(new TextDecoder().decode(frames[1]!.frame.payload), 'Hello, h2');
    assert.deepEqual(decodeClosePayload(frames[3]!.frame.payload), PLAYED_CLOSE);
  });
});

describe('the model against a real HTTP/2 stack and ws’s frame reader', () => {
  let server: http2.Http2Server;
  let url: string;
  const streams: { headers: http2.IncomingHttpHeaders; bytes: Buffer[] }[] = [];

  before(async () => {
    server = http2.createServer({ settings: { enableConnectProtocol: true } });
    server.on('stream', (stream, headers) => {
      const seen = { headers, bytes: [] as Buffer[] };
      streams.push(seen);
      stream.on('data', (chunk: Buffer) => seen.bytes.push(chunk));
      stream.respond(Object.fromEntries(extendedConnectResponse({ protocol: 'chat' })));
      stream.on('end', () => stream.end());
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('has its CONNECT accepted once the server announced the setting, and its frames read as RFC 6455', async () => {
    const client = http2.connect(url);
    try {
      const [settings] = (await once(client, 'remoteSettings')) as [http2.Settings];
      assert.equal(settings.enableConnectProtocol, true, 'the server announced SETTINGS_ENABLE_CONNECT_PROTOCOL');
      const options = { ...EXAMPLE, secure: false, authority: new URL(url).host };
      const request = client.request(Object.fromEntries(extendedConnectRequest(options)), { endStream: false });
      const [answer] = (await once(request, 'response')) as [http2.IncomingHttpHeaders];
      assert.equal(answer[':status'], 200);
      assert.equal(answer['sec-websocket-protocol'], 'chat');
      assert.equal(answer['sec-websocket-accept'], undefined);

      const played = playExtendedConnect({ ...options, message: 'through nghttp2', mask: fixedMasks() });
      for (const event of played) {
        if (event.type === 'frame' && event.from === Side.client) request.write(event.bytes);
      }
      request.end();
      await once(request, 'end');

      const seen = streams.at(-1)!;
      assert.equal(seen.headers[':method'], 'CONNECT');
      assert.equal(seen.headers[':protocol'], 'websocket');
      assert.equal(seen.headers[':path'], '/chat');
      for (const absent of ['host', 'connection', 'upgrade', 'sec-websocket-key']) {
        assert.equal(seen.headers[absent], undefined, absent);
      }

      // The stream carried exactly the played client frames; ws, as a server, reads them.
      const receiver = new Receiver({ isServer: true });
      const read: string[] = [];
      receiver.on('message', (data: Buffer, isBinary: boolean) => read.push(`${isBinary ? 'binary' : 'text'} ${data}`));
      receiver.on('conclude', (code: number, reason: Buffer) => read.push(`close ${code} ${reason}`));
      receiver.write(Buffer.concat(seen.bytes));
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(read, ['text through nghttp2', 'close 1000 done']);
    } finally {
      client.close();
    }
  });

  it('has its CONNECT refused with a stream error by a server that never announced the setting (RFC 8441 §3)', async () => {
    const plain = http2.createServer();
    plain.on('stream', (stream) => stream.respond({ ':status': 200 }));
    plain.listen(0, '127.0.0.1');
    await once(plain, 'listening');
    const client = http2.connect(`http://127.0.0.1:${(plain.address() as AddressInfo).port}`);
    try {
      const [settings] = (await once(client, 'remoteSettings')) as [http2.Settings];
      assert.equal(settings.enableConnectProtocol, false);
      const request = client.request(Object.fromEntries(extendedConnectRequest({ ...EXAMPLE, secure: false })), {
        endStream: false,
      });
      const [error] = (await once(request, 'error')) as [Error & { code: string }];
      assert.equal(error.code, 'ERR_HTTP2_STREAM_ERROR');
      assert.match(error.message, /PROTOCOL_ERROR/);
    } finally {
      client.close();
      await new Promise<void>((resolve) => plain.close(() => resolve()));
    }
  });

  it('has an HTTP/1.1-style request refused by the HTTP/2 stack: Connection is connection-specific', async () => {
    const client = http2.connect(url);
    try {
      await once(client, 'remoteSettings');
      const headers = { ...Object.fromEntries(extendedConnectRequest(EXAMPLE)), connection: 'Upgrade' };
      assert.throws(() => client.request(headers, { endStream: false }), /connection/i);
    } finally {
      client.close();
    }
  });
});
