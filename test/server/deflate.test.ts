import assert from 'node:assert/strict';
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import {
  answerDeflateOffer,
  CHROMIUM_DEFLATE_OFFER,
  decodeFrame,
  encodeFrame,
  fromHex,
  Opcode,
  toHex,
  type DeflateServerOptions,
  type Frame,
} from '../../src/protocol/index.ts';
import { deflateEndpoint } from '../../src/service/deflate.ts';
import { parseTarget } from '../../src/service/target.ts';
import { DeflateServers } from '../../server/deflate-servers.ts';
import { DEFAULT_LIMITS, type ServerLimits } from '../../server/limits.ts';
import { startPlaygroundServer, type PlaygroundServer } from '../../server/playground-server.ts';
import { chosenProtocol } from '../../server/upgrade.ts';
import { UNOFFERED_HOLD_MS } from '../../server/unoffered-answer.ts';
import { MASK, rawConnect, responseHead, SAMPLE_KEY, type RawClient } from './helpers/raw-client.ts';
import { settleConnections } from './helpers/echo-watcher.ts';
import { handshake as handshakeInfo, settled } from '../service/helpers/connect.ts';

const ORIGIN = 'http://localhost:5173';
const HEAD_END = Buffer.from('\r\n\r\n');
/** RFC 7692 §7.2.3.1: "Hello" compressed, as one message's payload (the tail already removed, §7.2.1). */
const HELLO_COMPRESSED = 'f248cdc9c90700';
/** §7.2.3.2: the same "Hello" again on a connection that kept its window: a back-reference to the first. */
const HELLO_AGAIN_COMPRESSED = 'f200110000';

function start(limits: Partial<ServerLimits> = {}): Promise<PlaygroundServer> {
  return startPlaygroundServer({ port: 0, logger: () => {}, limits });
}

/** An opening handshake (§4.1) with the extension offer `offer` (none when undefined). */
function offerRequest(target: string, port: number, offer: string | undefined = CHROMIUM_DEFLATE_OFFER): string {
  const extensions = offer === undefined ? '' : `Sec-WebSocket-Extensions: ${offer}\r\n`;
  return (
    `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Key: ${SAMPLE_KEY}\r\nSec-WebSocket-Version: 13\r\n${extensions}\r\n`
  );
}

/** Sends the handshake by hand and returns the client with the response head's headers, names in lower case. */
async function handshake(
  port: number,
  target: string,
  offer?: string,
): Promise<{ client: RawClient; status: string; headers: Map<string, string> }> {
  const client = await rawConnect(port);
  client.socket.write(offerRequest(target, port, offer));
  await client.until(() => responseHead(client.received()) !== undefined, 5000);
  const [status = '', ...lines] = (responseHead(client.received()) ?? '').split('\r\n');
  const headers = new Map(
    lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
  return { client, status, headers };
}

/** The frames the server sent after its 101, RSV1 allowed (permessage-deflate agreed). */
function compressedFrames(client: RawClient): Frame[] {
  const bytes = client.received();
  let offset = bytes.indexOf(HEAD_END) + HEAD_END.length;
  const frames: Frame[] = [];
  for (;;) {
    const decoded = decodeFrame(bytes.subarray(offset), { expectMasked: false, allowRsv1: true });
    if (!decoded) return frames;
    frames.push(decoded.frame);
    offset += decoded.size;
  }
}

/** A masked client frame with RSV1 as given (§5.3; RFC 7692 §6). */
function clientFrame(opcode: number, payload: Uint8Array | string, rsv1 = false): Buffer {
  const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
  return Buffer.from(encodeFrame({ opcode, payload: bytes, mask: MASK, rsv1 }));
}

/** §7.2.2: a compressed payload inflates once the tail 00 00 ff ff is put back (zlib: no final block follows). */
function inflate(payload: Uint8Array): string {
  const whole = Buffer.concat([payload, Buffer.from([0x00, 0x00, 0xff, 0xff])]);
  return inflateRawSync(whole, { finishFlush: constants.Z_SYNC_FLUSH }).toString();
}

function open(url: string, options: WebSocket.ClientOptions = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function nextMessage(socket: WebSocket): Promise<{ data: Buffer; isBinary: boolean }> {
  return new Promise((resolve) => socket.once('message', (data: Buffer, isBinary) => resolve({ data, isBinary })));
}

function closed(socket: WebSocket): Promise<number> {
  return new Promise((resolve) => socket.once('close', resolve));
}

/** The options /deflate asks ws for with this query: what the service decides, as the live server reads it. */
function optionsOf(query: string): DeflateServerOptions {
  const admission = settled(deflateEndpoint.admit(parseTarget(`/deflate${query}`), handshakeInfo()));
  assert.ok(admission.ok && admission.extensions && 'deflate' in admission.extensions, `${query} agrees deflate`);
  return admission.extensions.deflate;
}

/**
 * A bomb: `megabytes` MiB of zeros as one message's compressed payload, a
 * few bytes per MiB. Made one MiB at a time, each flushed to a byte boundary
 * (Z_SYNC_FLUSH), so this process never holds what it inflates to.
 */
function bomb(megabytes: number): Buffer {
  const piece = deflateRawSync(Buffer.alloc(2 ** 20), { finishFlush: constants.Z_SYNC_FLUSH });
  // Each piece ends with an empty stored block, 00 00 ff ff; §7.2.1 removes the message's last one.
  return Buffer.concat(Array.from({ length: megabytes }, () => piece)).subarray(0, -4);
}

// First in the file: the memory check reads this process's peak RSS, which later tests would raise.
describe('a decompression bomb', { timeout: 20_000 }, () => {
  it('is closed with 1009 once it inflates past MAX_MESSAGE_BYTES, while an honest client keeps echoing', async () => {
    const server = await start();
    const honest = await open(`${server.wsUrl}/deflate`, { perMessageDeflate: { threshold: 0 } });
    const echoes: string[] = [];
    honest.on('message', (data: Buffer) => echoes.push(data.toString()));
    let sent = 0;
    const timer = setInterval(() => honest.send(`watch ${sent++}`), 20);

    const payload = bomb(4);
    assert.ok(payload.length < 8 * 1024, `${payload.length} bytes: a few KB`);
    const { client } = await handshake(server.port, '/deflate');
    client.socket.write(clientFrame(Opcode.text, payload, true));
    await client.until(() => compressedFrames(client).some((frame) => frame.opcode === Opcode.close), 5000);
    const close = compressedFrames(client).find((frame) => frame.opcode === Opcode.close);
    assert.ok(close, 'a close frame came');
    assert.equal((close.payload[0]! << 8) | close.payload[1]!, 1009);
    assert.equal(await client.closed(5000), true);

    await new Promise((resolve) => setTimeout(resolve, 200));
    clearInterval(timer);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.ok(sent >= 10, `the honest client sent ${sent} messages`);
    assert.deepEqual(
      echoes,
      Array.from({ length: sent }, (_unused, index) => `watch ${index}`),
    );
    assert.equal(honest.readyState, WebSocket.OPEN);
    honest.close();
    await closed(honest);
    await server.close();
  });

  it('never makes the server hold what it would inflate to', async () => {
    // The largest bomb the compressed-size limit lets through: about 60 MiB once inflated.
    const payload = bomb(60);
    assert.ok(payload.length < DEFAULT_LIMITS.maxMessageBytes, `${payload.length} compressed bytes`);
    const server = await start();
    const before = process.memoryUsage.rss();
    const { client } = await handshake(server.port, '/deflate');
    client.socket.write(clientFrame(Opcode.text, payload, true));
    await client.until(() => compressedFrames(client).some((frame) => frame.opcode === Opcode.close), 5000);
    // The peak of this process's memory (the server runs in it), in KiB: held whole, 60 MiB would show.
    const grew = process.resourceUsage().maxRSS * 1024 - before;
    assert.ok(grew < 20 * 2 ** 20, `the process grew by ${Math.round(grew / 2 ** 20)} MiB at its peak`);
    client.socket.destroy();
    await server.close();
  });
});

describe('permessage-deflate on the live server', { timeout: 20_000 }, () => {
  let server: PlaygroundServer;
  before(async () => {
    server = await start();
  });
  after(() => server.close());

  it('answers a Chromium offer on /deflate with exactly what answerDeflateOffer computes for the query', async () => {
    const cases: [string, string][] = [
      ['', 'permessage-deflate'],
      ['?server_no_context_takeover=1', 'permessage-deflate; server_no_context_takeover'],
      ['?client_no_context_takeover=1', 'permessage-deflate; client_no_context_takeover'],
      ['?server_max_window_bits=10', 'permessage-deflate; server_max_window_bits=10'],
      ['?client_max_window_bits=9', 'permessage-deflate; client_max_window_bits=9'],
      ['?threshold=100', 'permessage-deflate'],
      [
        '?server_no_context_takeover=1&client_no_context_takeover=1&server_max_window_bits=8&client_max_window_bits=12&threshold=5',
        'permessage-deflate; client_max_window_bits=12; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=8',
      ],
    ];
    for (const [query, expected] of cases) {
      const { client, status, headers } = await handshake(server.port, `/deflate${query}`);
      assert.equal(status, 'HTTP/1.1 101 Switching Protocols', query);
      assert.equal(headers.get('sec-websocket-extensions'), expected, query);
      assert.equal(answerDeflateOffer(CHROMIUM_DEFLATE_OFFER, optionsOf(query))?.header, expected, query);
      client.socket.destroy();
    }
  });

  it('declines on /deflate an offer it cannot accept, as the simulated server does, instead of refusing it', async () => {
    // The client allows the server no more than a 9-bit window; the query asks for 10 (RFC 7692 §7.1.2.1).
    const offer = 'permessage-deflate; server_max_window_bits=9';
    assert.equal(answerDeflateOffer(offer, optionsOf('?server_max_window_bits=10')), null);
    const { client, status, headers } = await handshake(server.port, '/deflate?server_max_window_bits=10', offer);
    assert.equal(status, 'HTTP/1.1 101 Switching Protocols');
    assert.equal(headers.has('sec-websocket-extensions'), false);
    client.socket.destroy();
  });

  it('echoes text and binary to a ws client that compresses every message', async () => {
    const socket = await open(`${server.wsUrl}/deflate`, { perMessageDeflate: { threshold: 0 } });
    assert.equal(socket.extensions, 'permessage-deflate');
    const text = JSON.stringify({ quote: 'to be or not to be '.repeat(200) });
    for (const message of ['Hello', text]) {
      const echoed = nextMessage(socket);
      socket.send(message);
      const { data, isBinary } = await echoed;
      assert.equal(isBinary, false);
      assert.equal(data.toString(), message);
    }
    const bytes = Buffer.from([0, 1, 2, 255, 254, 0, 0, 0, 7]);
    const echoed = nextMessage(socket);
    socket.send(bytes);
    const { data, isBinary } = await echoed;
    assert.equal(isBinary, true);
    assert.deepEqual(data, bytes);
    socket.close();
    await closed(socket);
  });

  it('inflates a client’s compressed frame and sends the echo compressed, RSV1 set, byte for byte as RFC 7692 §7.2.3 shows', async () => {
    const { client } = await handshake(server.port, '/deflate');
    const hello = fromHex(HELLO_COMPRESSED)!;
    client.socket.write(clientFrame(Opcode.text, hello, true));
    await client.until(() => compressedFrames(client).length === 1, 5000);
    client.socket.write(clientFrame(Opcode.text, hello, true));
    await client.until(() => compressedFrames(client).length === 2, 5000);
    const [first, second] = compressedFrames(client);
    // The second "Hello" refers back to the first: the server kept its window (context takeover, §7.2.3.2).
    assert.deepEqual(
      [first, second].map((frame) => [frame!.fin, frame!.rsv1, frame!.opcode, toHex(frame!.payload)]),
      [
        [true, true, Opcode.text, HELLO_COMPRESSED],
        [true, true, Opcode.text, HELLO_AGAIN_COMPRESSED],
      ],
    );
    client.socket.destroy();
  });

  it('closes with 1007 a compressed frame that is not DEFLATE data', async () => {
    const { client } = await handshake(server.port, '/deflate');
    // BTYPE 11 in the first block's header: a reserved block type (RFC 1951 §3.2.3).
    client.socket.write(clientFrame(Opcode.text, Uint8Array.of(0xff, 0xff, 0xff), true));
    await client.until(() => compressedFrames(client).some((frame) => frame.opcode === Opcode.close), 5000);
    const close = compressedFrames(client).find((frame) => frame.opcode === Opcode.close)!;
    assert.equal((close.payload[0]! << 8) | close.payload[1]!, 1007);
    client.socket.destroy();
  });

  it('sends a message under the threshold uncompressed, RSV1 clear, once server_no_context_takeover is agreed', async () => {
    const { client } = await handshake(server.port, '/deflate?server_no_context_takeover=1&threshold=10');
    // The client may send a message uncompressed (RSV1 clear) on a compressed connection (RFC 7692 §6).
    client.socket.write(clientFrame(Opcode.text, 'short'));
    await client.until(() => compressedFrames(client).length === 1, 5000);
    const long = 'long enough to be compressed';
    client.socket.write(clientFrame(Opcode.text, long));
    await client.until(() => compressedFrames(client).length === 2, 5000);
    const [small, large] = compressedFrames(client);
    assert.deepEqual([small!.rsv1, Buffer.from(small!.payload).toString()], [false, 'short']);
    assert.deepEqual([large!.rsv1, inflate(large!.payload)], [true, long]);
    client.socket.destroy();
  });

  it('compresses even small messages while the server keeps its window: ws applies the threshold only without it', async () => {
    const { client } = await handshake(server.port, '/deflate?threshold=1000');
    client.socket.write(clientFrame(Opcode.text, 'short'));
    await client.until(() => compressedFrames(client).length === 1, 5000);
    const [frame] = compressedFrames(client);
    assert.deepEqual([frame!.rsv1, inflate(frame!.payload)], [true, 'short']);
    client.socket.destroy();
  });

  it('answers no Sec-WebSocket-Extensions on /echo and every other path, even when offered', async () => {
    for (const target of ['/echo', '/chat?room=deflate&name=ann', '/ping?every=1000', '/fragments?parts=2']) {
      const { client, status, headers } = await handshake(server.port, target);
      assert.equal(status, 'HTTP/1.1 101 Switching Protocols', target);
      assert.equal(headers.has('sec-websocket-extensions'), false, target);
      client.socket.destroy();
    }
    const socket = await open(`${server.wsUrl}/echo`);
    assert.equal(socket.extensions, '');
    socket.close();
    await closed(socket);
  });

  it('answers no extension on /deflate?decline=1, and echoes uncompressed', async () => {
    const { client, status, headers } = await handshake(server.port, '/deflate?decline=1');
    assert.equal(status, 'HTTP/1.1 101 Switching Protocols');
    assert.equal(headers.has('sec-websocket-extensions'), false);
    client.socket.destroy();
    const socket = await open(`${server.wsUrl}/deflate?decline=1`, { perMessageDeflate: { threshold: 0 } });
    assert.equal(socket.extensions, '');
    const echoed = nextMessage(socket);
    socket.send('plain');
    assert.equal((await echoed).data.toString(), 'plain');
    socket.close();
    await closed(socket);
  });
});

describe('an answer with an extension the client never offered (/deflate?unoffered=1)', { timeout: 20_000 }, () => {
  it('is a 101 with the right Accept and x-webkit-deflate-frame, and the server lets go when the client hangs up', async () => {
    const server = await start({ maxConnectionsPerAddress: 1 });
    const { client, status, headers } = await handshake(server.port, '/deflate?unoffered=1');
    assert.equal(status, 'HTTP/1.1 101 Switching Protocols');
    // §1.3's example key and its Accept.
    assert.equal(headers.get('sec-websocket-accept'), 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    assert.equal(headers.get('sec-websocket-extensions'), 'x-webkit-deflate-frame');
    client.socket.end();
    assert.equal(await client.closed(2000), true, 'the server closed its side');
    // The place the connection held is free again: one connection per address is the limit here.
    const socket = await open(`${server.wsUrl}/echo`);
    socket.close();
    await closed(socket);
    await server.close();
  });

  it('fails a ws client’s handshake, and the connection holds no place after', async () => {
    const server = await start({ maxConnectionsPerAddress: 1 });
    const failed = await new Promise<Error>((resolve, reject) => {
      const socket = new WebSocket(`${server.wsUrl}/deflate?unoffered=1`);
      socket.once('open', () => reject(new Error('the handshake succeeded')));
      socket.once('error', resolve);
    });
    assert.match(failed.message, /extension/i);
    let socket: WebSocket | undefined;
    for (let attempt = 0; attempt < 40 && !socket; attempt++) {
      socket = await open(`${server.wsUrl}/echo`).catch(async () => {
        await new Promise((resolve) => setTimeout(resolve, 25));
        return undefined;
      });
    }
    assert.ok(socket, 'a new connection from the same address was let in');
    socket.close();
    await closed(socket);
    assert.equal(await settleConnections(server.port, 0), 0);
    await server.close();
  });

  it('is traced: the 101 as written, a note saying why the client must fail, and a 1006 ending', async () => {
    const server = await start();
    const id = 'unofferedunofferedunoffered';
    const inspector = new WebSocket(`${server.wsUrl}/inspect?trace=${id}`, { origin: ORIGIN });
    const events: Record<string, unknown>[] = [];
    inspector.on('message', (data) => events.push(JSON.parse(data.toString()) as Record<string, unknown>));
    await new Promise((resolve, reject) => inspector.once('open', resolve).once('error', reject));
    const client = new WebSocket(`${server.wsUrl}/deflate?unoffered=1&trace=${id}`, { origin: ORIGIN });
    client.on('error', () => {});
    for (let i = 0; i < 200 && !events.some((event) => event.type === 'closed'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.deepEqual(
      events.map((event) => event.type),
      ['handshake-request', 'handshake-response', 'note', 'closed'],
    );
    const [, response, note, ending] = events;
    assert.equal(response!.status, 101);
    assert.deepEqual((response!.headers as [string, string][]).at(-1), [
      'Sec-WebSocket-Extensions',
      'x-webkit-deflate-frame',
    ]);
    assert.match(String(note!.text), /never offered: the client must fail the connection \(RFC 6455 §4\.1, §9\.1\)/);
    assert.deepEqual([ending!.code, ending!.wasClean], [1006, false]);
    inspector.close();
    await server.close();
  });

  it(`cuts off after ${UNOFFERED_HOLD_MS} ms a client that keeps the connection it should have failed`, async () => {
    const server = await start();
    const { client } = await handshake(server.port, '/deflate?unoffered=1');
    const startedAt = performance.now();
    assert.equal(await client.closed(UNOFFERED_HOLD_MS + 2000), true);
    assert.ok(performance.now() - startedAt >= UNOFFERED_HOLD_MS - 100, 'not before the hold time');
    await server.close();
  });
});

describe('a traced /deflate connection', { timeout: 20_000 }, () => {
  it('reports the compressed frames byte for byte, RSV1 set, and no invalid frame', async () => {
    const server = await start();
    const id = 'deflatedeflatedeflatedeflate';
    const inspector = new WebSocket(`${server.wsUrl}/inspect?trace=${id}`, { origin: ORIGIN });
    const events: Record<string, unknown>[] = [];
    inspector.on('message', (data) => events.push(JSON.parse(data.toString()) as Record<string, unknown>));
    await new Promise((resolve, reject) => inspector.once('open', resolve).once('error', reject));

    const client = await rawConnect(server.port);
    client.socket.write(
      offerRequest(`/deflate?trace=${id}`, server.port).replace('\r\n\r\n', `\r\nOrigin: ${ORIGIN}\r\n\r\n`),
    );
    await client.until(() => responseHead(client.received()) !== undefined, 5000);
    const hello = clientFrame(Opcode.text, fromHex(HELLO_COMPRESSED)!, true);
    client.socket.write(hello);
    await client.until(() => compressedFrames(client).length === 1, 5000);
    client.socket.write(hello);
    await client.until(() => compressedFrames(client).length === 2, 5000);
    const frames = (): Record<string, unknown>[] => events.filter((event) => event.type === 'frame');
    for (let i = 0; i < 200 && frames().length < 4; i++) await new Promise((resolve) => setTimeout(resolve, 10));

    const response = events.find((event) => event.type === 'handshake-response');
    assert.deepEqual((response?.headers as [string, string][]).at(-1), [
      'Sec-WebSocket-Extensions',
      'permessage-deflate',
    ]);
    const received = client.received();
    const serverBytes = toHex(received.subarray(received.indexOf(HEAD_END) + HEAD_END.length));
    assert.deepEqual(
      frames().map((event) => `${String(event.from)}:${String(event.bytes)}`),
      [
        `client:${toHex(hello)}`,
        `server:c107${HELLO_COMPRESSED}`,
        `client:${toHex(hello)}`,
        `server:c105${HELLO_AGAIN_COMPRESSED}`,
      ],
    );
    assert.equal(serverBytes, `c107${HELLO_COMPRESSED}c105${HELLO_AGAIN_COMPRESSED}`);
    assert.deepEqual(
      events.filter((event) => event.type === 'note'),
      [],
    );
    client.socket.destroy();
    inspector.close();
    await server.close();
  });
});

describe('compressed connections among the others', { timeout: 20_000 }, () => {
  it('are closed with 1001 when the server shuts down', async () => {
    const server = await start();
    const clients = await Promise.all([
      open(`${server.wsUrl}/deflate`),
      open(`${server.wsUrl}/deflate?server_no_context_takeover=1`),
      open(`${server.wsUrl}/echo`),
    ]);
    const codes = Promise.all(clients.map(closed));
    await server.close();
    assert.deepEqual(await codes, [1001, 1001, 1001]);
  });

  it('are pinged by the heartbeat, and dropped when they stop answering', async () => {
    const server = await start({ heartbeatMs: 100 });
    const mute = await open(`${server.wsUrl}/deflate`, { autoPong: false });
    const lively = await open(`${server.wsUrl}/deflate`);
    const pinged = new Promise((resolve) => lively.once('ping', resolve));
    assert.equal(await closed(mute), 1006);
    await pinged;
    assert.equal(lively.readyState, WebSocket.OPEN);
    lively.close();
    await closed(lively);
    await server.close();
  });

  it('count in /healthz while open, and not after', async () => {
    const server = await start();
    const socket = await open(`${server.wsUrl}/deflate`);
    assert.equal(await settleConnections(server.port, 1), 1);
    socket.close();
    await closed(socket);
    assert.equal(await settleConnections(server.port, 0), 0);
    await server.close();
  });
});

describe('DeflateServers', { timeout: 20_000 }, () => {
  const base = () => ({ maxPayload: 1024, handleProtocols: chosenProtocol, clients: new Set<WebSocket>() });

  it('keeps one ws server per distinct option set, and tells false from absent as ws does', () => {
    const servers = new DeflateServers(base());
    const one = servers.for({ threshold: 0 });
    assert.equal(servers.for({ threshold: 0 }), one);
    assert.notEqual(servers.for({ threshold: 1 }), one);
    assert.notEqual(servers.for({ threshold: 0, serverNoContextTakeover: false }), one);
    assert.equal(servers.size, 3);
  });

  it('keeps at most 32 servers however many option sets a client asks for', () => {
    const servers = new DeflateServers(base());
    for (let threshold = 0; threshold < 100; threshold++) servers.for({ threshold });
    assert.equal(servers.size, 32);
  });
});
