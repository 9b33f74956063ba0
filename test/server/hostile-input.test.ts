/**
 * Malformed input over raw TCP: frames and requests no honest client sends.
 * Each must end only its own connection, with the close code of §7.4.1
 * (1002 for a protocol error, 1007 for text that is not UTF-8) or an HTTP
 * 400, while a well-behaved client on the same server keeps echoing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { encodeFrame, Opcode } from '../../src/protocol/index.ts';
import { startPlaygroundServer, type PlaygroundServer } from '../../server/playground-server.ts';
import { assertUnbroken, settleConnections, startEchoWatcher } from './helpers/echo-watcher.ts';
import {
  clientClose,
  clientFrame,
  handshakeRequest,
  MASK,
  rawConnect,
  rawWebSocket,
  responseHead,
  serverCloseCode,
  serverFrames,
  type RawClient,
} from './helpers/raw-client.ts';

const PROTOCOL_ERROR = 1002;
const INVALID_DATA = 1007;
/** How long a client may take to send its request head: slow-loris clients must not hold sockets for a minute. */
const STALLED_LIMIT_MS = 10_000;

interface Case {
  readonly name: string;
  readonly bytes: Buffer;
  readonly code: number;
}

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

const FRAME_CASES: readonly Case[] = [
  {
    name: 'an unmasked client frame (§5.1)',
    bytes: Buffer.from(encodeFrame({ opcode: Opcode.text, payload: Buffer.from('hello') })),
    code: PROTOCOL_ERROR,
  },
  { name: 'a data frame with reserved opcode 0x3 (§5.2)', bytes: clientFrame(0x3, 'hello'), code: PROTOCOL_ERROR },
  { name: 'a control frame with reserved opcode 0xb (§5.2)', bytes: clientFrame(0xb, ''), code: PROTOCOL_ERROR },
  ...(['rsv1', 'rsv2', 'rsv3'] as const).map((bit) => ({
    name: `a text frame with ${bit.toUpperCase()} set and no extension (§5.2)`,
    bytes: Buffer.from(encodeFrame({ opcode: Opcode.text, [bit]: true, mask: MASK, payload: Buffer.from('hi') })),
    code: PROTOCOL_ERROR,
  })),
  { name: 'a ping of 126 bytes (§5.5)', bytes: clientFrame(Opcode.ping, new Uint8Array(126)), code: PROTOCOL_ERROR },
  {
    name: 'a close frame of 126 bytes (§5.5)',
    bytes: clientClose(1000, new Uint8Array(124).fill(0x61)),
    code: PROTOCOL_ERROR,
  },
  {
    name: 'a ping with FIN clear: a fragmented control frame (§5.5)',
    bytes: clientFrame(Opcode.ping, 'part', { fin: false }),
    code: PROTOCOL_ERROR,
  },
  {
    name: 'a continuation frame with no message to continue (§5.4)',
    bytes: clientFrame(Opcode.continuation, 'orphan'),
    code: PROTOCOL_ERROR,
  },
  {
    name: 'a new text frame in the middle of a fragmented message (§5.4)',
    bytes: Buffer.concat([clientFrame(Opcode.text, 'first ', { fin: false }), clientFrame(Opcode.text, 'again')]),
    code: PROTOCOL_ERROR,
  },
  { name: 'invalid UTF-8 in a text frame (§8.1)', bytes: clientFrame(Opcode.text, bytes(0xc3, 0x28)), code: 1007 },
  {
    name: 'an overlong UTF-8 encoding of "/" in a text frame (§8.1)',
    bytes: clientFrame(Opcode.text, bytes(0xc0, 0xaf)),
    code: INVALID_DATA,
  },
  {
    name: 'a UTF-16 surrogate in a text frame (§8.1)',
    bytes: clientFrame(Opcode.text, bytes(0x61, 0xed, 0xa0, 0x80)),
    code: INVALID_DATA,
  },
  {
    name: 'a text message whose fragments end in the middle of a character (§8.1)',
    bytes: Buffer.concat([
      clientFrame(Opcode.text, bytes(0x68, 0xc3), { fin: false }),
      clientFrame(Opcode.continuation, bytes(0xa9, 0xe2, 0x82)),
    ]),
    code: INVALID_DATA,
  },
  ...[1005, 1006, 1015, 999, 1004, 2999, 5000].map((code) => ({
    name: `a close frame with code ${code}, which may not be sent (§7.4)`,
    bytes: clientClose(code),
    code: PROTOCOL_ERROR,
  })),
  { name: 'a close frame with a 1-byte body (§5.5.1)', bytes: clientFrame(Opcode.close, bytes(0x03)), code: 1002 },
  {
    name: 'a close frame whose reason is not UTF-8 (§5.5.1)',
    bytes: clientClose(1000, bytes(0xff, 0xfe)),
    code: INVALID_DATA,
  },
];

/** Requests that are not HTTP at all, or broken HTTP: Node's parser refuses them before any handshake. */
const HTTP_CASES: readonly { name: string; bytes: Buffer }[] = [
  { name: 'plain words instead of a request', bytes: Buffer.from('HELLO SERVER, ARE YOU THERE?\r\n\r\n') },
  {
    name: 'a TLS ClientHello (https:// or wss:// sent to a plain port)',
    bytes: Buffer.from('160301020001000001fc0303', 'hex'),
  },
  { name: 'binary zeros', bytes: Buffer.alloc(64) },
  {
    name: 'a handshake with a header line that has no colon',
    bytes: Buffer.from('GET /echo HTTP/1.1\r\nHost: localhost\r\nUpgrade websocket\r\n\r\n'),
  },
  {
    name: 'a handshake with a space inside a header name',
    bytes: Buffer.from('GET /echo HTTP/1.1\r\nHost: localhost\r\nSec WebSocket-Key: x\r\n\r\n'),
  },
];

async function pause(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether `promise` settles within `ms`. */
async function settles(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const result = await Promise.race([promise.then(() => true), late]);
  clearTimeout(timer);
  return result;
}

describe('Malformed input over raw TCP', () => {
  let server: PlaygroundServer;
  /** A handshake that stops halfway, sent first; the last test checks that the server let go of it. */
  let stalled: RawClient;
  let stalledSince: number;

  before(async () => {
    server = await startPlaygroundServer({ port: 0, logger: () => {} });
    stalled = await rawConnect(server.port);
    stalled.socket.write(handshakeRequest('/echo', server.port).slice(0, 60));
    stalledSince = performance.now();
  });
  after(async () => {
    stalled.socket.destroy();
    await server.close();
  });

  /** Runs `attack` while a watcher echoes on /echo, then checks the watcher and that no connection is left over. */
  async function whileWatched(attack: () => Promise<void>): Promise<void> {
    const watcher = await startEchoWatcher(server.wsUrl);
    try {
      await pause(50);
      await attack();
      await pause(50);
    } finally {
      assertUnbroken(await watcher.stop());
    }
    assert.equal(await settleConnections(server.port, 0), 0, 'a connection was left over');
  }

  /** Proves the raw connection works by an echo, so the error below happens mid-connection. */
  async function echoOnce(client: RawClient): Promise<void> {
    client.socket.write(clientFrame(Opcode.text, 'ready?'));
    await client.until(() => serverFrames(client).length === 1, 2000);
    const [echo] = serverFrames(client);
    assert.equal(Buffer.from(echo?.payload ?? []).toString(), 'ready?');
  }

  for (const { name, bytes: frame, code } of FRAME_CASES) {
    it(`closes with ${code} on ${name}`, () =>
      whileWatched(async () => {
        const client = await rawWebSocket(server.port);
        await echoOnce(client);
        client.socket.write(frame);
        assert.equal(await serverCloseCode(client), code);
        const after = serverFrames(client).slice(1);
        assert.deepEqual(
          after.map((sent) => sent.opcode),
          [Opcode.close],
          'the close frame is the only answer to the bad bytes',
        );
        // Our side of the TCP connection ends; the server must let go of its side at once.
        client.socket.end();
        assert.ok(await client.closed(2000), 'the server did not close the TCP connection');
      }));
  }

  it('closes a fragmented message the same way when its bytes arrive one at a time', () =>
    whileWatched(async () => {
      const client = await rawWebSocket(server.port);
      await echoOnce(client);
      client.socket.setNoDelay(true);
      const dribbled = Buffer.concat([
        clientFrame(Opcode.text, bytes(0x68, 0xc3), { fin: false }),
        clientFrame(Opcode.ping, 'in between'),
        clientFrame(Opcode.continuation, bytes(0xa9, 0xff)),
      ]);
      for (const byte of dribbled) {
        client.socket.write(Uint8Array.of(byte));
        await pause(1);
      }
      assert.equal(await serverCloseCode(client), INVALID_DATA);
      // The ping in the middle of the message was answered before the fault (§5.5.2).
      assert.deepEqual(
        serverFrames(client)
          .slice(1)
          .map((sent) => sent.opcode),
        [Opcode.pong, Opcode.close],
      );
      client.socket.end();
      assert.ok(await client.closed(2000));
    }));

  it('answers a valid close frame with 1000, so the reading above can be trusted', () =>
    whileWatched(async () => {
      const client = await rawWebSocket(server.port);
      client.socket.write(clientClose(1000));
      assert.equal(await serverCloseCode(client), 1000);
      assert.ok(await client.closed(2000));
    }));

  for (const { name, bytes: request } of HTTP_CASES) {
    it(`answers 400 Bad Request to ${name}`, () =>
      whileWatched(async () => {
        const client = await rawConnect(server.port);
        client.socket.write(request);
        assert.ok(await client.closed(3000), 'the server did not hang up');
        assert.match(responseHead(client.received()) ?? '', /^HTTP\/1\.1 400 Bad Request\r\n/);
      }));
  }

  it('answers 431 to request headers past the size Node accepts (RFC 6585 §5)', () =>
    whileWatched(async () => {
      const client = await rawConnect(server.port);
      // Node's default limit is 16 KiB of headers; still far under the 64 KiB message limit.
      client.socket.write(`GET /echo HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`);
      assert.ok(await client.closed(3000), 'the server did not hang up');
      // Node's own clientError answer; a handler that answers every parse error with 400 loses it.
      assert.match(responseHead(client.received()) ?? '', /^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    }));

  it('keeps serving others while handshakes stop halfway', () =>
    whileWatched(async () => {
      const request = handshakeRequest('/echo', server.port);
      const halves = await Promise.all(Array.from({ length: 20 }, () => rawConnect(server.port)));
      for (const [index, half] of halves.entries()) half.socket.write(request.slice(0, 20 + index * 5));
      await pause(500);
      // A newcomer meanwhile gets through and is echoed.
      const newcomer = new WebSocket(`${server.wsUrl}/echo`);
      await new Promise((resolve, reject) => newcomer.once('open', resolve).once('error', reject));
      newcomer.send('still here');
      const echo = await new Promise<string>((resolve) => newcomer.once('message', (data) => resolve(String(data))));
      assert.equal(echo, 'still here');
      newcomer.close();
      await new Promise((resolve) => newcomer.once('close', resolve));
      // The halves got no answer: the server cannot decide on a request it has not seen.
      for (const half of halves) assert.equal(half.received().length, 0);
      for (const half of halves) half.socket.destroy();
    }));

  it('lets go of a refused handshake whose client sent more bytes before hanging up', async () => {
    const small = await startPlaygroundServer({ port: 0, logger: () => {}, limits: { maxConnectionsPerAddress: 2 } });
    let closed: boolean;
    try {
      for (let attempt = 1; attempt <= 3; attempt++) {
        const client = await rawConnect(small.port);
        client.socket.write(handshakeRequest('/nowhere', small.port));
        await client.until(() => responseHead(client.received()) !== undefined, 2000);
        // A 503 here means a refused connection that has hung up still holds its place.
        assert.match(responseHead(client.received()) ?? '', /^HTTP\/1\.1 404 /, `attempt ${attempt}`);
        // §4.1 says wait for the answer before sending data; a hostile client does not.
        client.socket.end(clientFrame(Opcode.text, 'too early'));
        assert.ok(await client.closed(2000));
      }
      const newcomer = new WebSocket(`${small.wsUrl}/echo`);
      newcomer.on('error', () => {});
      const status = await new Promise<number>((resolve) => {
        newcomer.once('open', () => resolve(101));
        newcomer.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      });
      assert.equal(status, 101, 'the address was locked out by connections that are gone');
      newcomer.close();
    } finally {
      closed = await settles(small.close(), 3000);
    }
    assert.ok(closed, 'close() is still waiting for a socket nobody uses');
  });

  it('keeps serving others while a connection stops in the middle of a frame', () =>
    whileWatched(async () => {
      const client = await rawWebSocket(server.port);
      const frame = clientFrame(Opcode.text, 'never finished');
      client.socket.write(frame.subarray(0, 9));
      await pause(500);
      assert.equal(serverFrames(client).length, 0);
      client.socket.destroy();
    }));

  it(`closes with 408 a handshake that stopped halfway, within ${STALLED_LIMIT_MS / 1000} s`, async () => {
    const left = Math.max(0, STALLED_LIMIT_MS - (performance.now() - stalledSince));
    assert.ok(await stalled.closed(left), `still open after ${Math.round(performance.now() - stalledSince)} ms`);
    assert.match(responseHead(stalled.received()) ?? '', /^HTTP\/1\.1 408 Request Timeout\r\n/);
  });
});
