import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import type { LogFields } from '../../server/log.ts';
import { startPlaygroundServer, type PlaygroundServer } from '../../server/playground-server.ts';
import type { TickMessage } from '../../src/service/json-messages.ts';
import {
  chunkBytes,
  LAST_CHUNK,
  openingText,
  SSE_RETRY_MS,
  tickText,
  type StreamOpening,
} from '../../src/service/sse-text.ts';
import { rawConnect, type RawClient } from './helpers/raw-client.ts';

const PAGE_ORIGIN = 'http://localhost:5173';

/** A stream's bytes as received, taken apart: the head, and each chunk's text. */
interface Stream {
  readonly client: RawClient;
  /** The request head as sent. */
  readonly request: string;
  head(): string;
  /** The texts of the chunks received whole, the last (empty) chunk included when it came. */
  chunks(): string[];
  /** Each event's data, parsed as JSON, in order. */
  events(): unknown[];
}

/** The request head a browser's EventSource sends, in short. */
function streamRequest(port: number, target: string, extra: string[] = []): string {
  return [
    `GET ${target} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    'Accept: text/event-stream',
    'Cache-Control: no-cache',
    `Origin: ${PAGE_ORIGIN}`,
    ...extra,
    '',
    '',
  ].join('\r\n');
}

/** Splits a chunked body (RFC 9112 §7.1) into its chunks' texts; a chunk not yet whole is left out. */
function dechunk(body: Buffer): string[] {
  const texts: string[] = [];
  let at = 0;
  for (;;) {
    const line = body.indexOf('\r\n', at);
    if (line === -1) return texts;
    const size = Number.parseInt(body.subarray(at, line).toString('latin1'), 16);
    const end = line + 2 + size + 2;
    if (end > body.length) return texts;
    texts.push(body.subarray(line + 2, line + 2 + size).toString('utf8'));
    if (size === 0) return texts;
    at = end;
  }
}

async function openStream(port: number, target: string, extra: string[] = []): Promise<Stream> {
  const client = await rawConnect(port);
  const request = streamRequest(port, target, extra);
  client.socket.write(request);
  const split = (): number => client.received().indexOf('\r\n\r\n');
  const body = (): Buffer => client.received().subarray(split() + 4);
  const chunks = (): string[] => (split() === -1 ? [] : dechunk(body()));
  return {
    client,
    request,
    head: () =>
      client
        .received()
        .subarray(0, split() + 4)
        .toString('latin1'),
    chunks,
    events: () =>
      chunks()
        .filter((text) => text !== '')
        .map((text) => JSON.parse(/^data: (.*)$/m.exec(text)![1]!) as unknown),
  };
}

async function eventsArrive(stream: Stream, count: number, timeoutMs = 5000): Promise<void> {
  const arrived = await stream.client.until(() => stream.events().length >= count, timeoutMs);
  assert.ok(arrived && stream.events().length >= count, `${count} events arrived (got ${stream.events().length})`);
}

describe('GET /sse on the live server', () => {
  let server: PlaygroundServer;
  before(async () => {
    server = await startPlaygroundServer({ port: 0, logger: () => {} });
  });
  after(() => server.close());

  it('writes exactly the service’s events, each as one chunk, after a head whose size the opening reports', async () => {
    const stream = await openStream(server.port, '/sse?topic=prices&every=100');
    await eventsArrive(stream, 4);
    stream.client.socket.destroy();
    const head = stream.head();
    assert.match(head, /^HTTP\/1\.1 200 OK\r\n/);
    const opening = stream.events()[0] as StreamOpening;
    assert.equal(opening.requestBytes, Buffer.byteLength(stream.request), 'the request as it arrived');
    assert.equal(opening.headBytes, Buffer.byteLength(head, 'latin1'), 'the head as written');
    const ticks = stream.events().slice(1) as TickMessage[];
    // What the page rebuilds from the events its EventSource delivers, with the service's functions.
    const texts = [openingText(JSON.stringify(opening)), ...ticks.map((tick) => tickText(tick))];
    const wire = Buffer.concat([
      Buffer.from(head, 'latin1'),
      ...texts.map((text) => Buffer.from(`${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`)),
    ]);
    // Byte for byte: the head, then each event framed as one chunk, and nothing else.
    assert.deepEqual(stream.client.received().subarray(0, wire.length), wire);
    assert.equal(wire.length, opening.headBytes + texts.reduce((sum, text) => sum + chunkBytes(text), 0));
    assert.equal(ticks[1]!.seq, ticks[0]!.seq + 1);
  });

  it('sends the head the race needs: an event stream, no cache, no proxy buffering, readable from any page', async () => {
    const stream = await openStream(server.port, '/sse?topic=scores');
    await eventsArrive(stream, 1);
    stream.client.socket.destroy();
    const lines = stream.head().split('\r\n').slice(1, -2);
    assert.deepEqual(
      lines.map((line) => line.slice(0, line.indexOf(':'))),
      [
        'Content-Type',
        'Cache-Control',
        'X-Accel-Buffering',
        'Access-Control-Allow-Origin',
        'Transfer-Encoding',
        'Date',
        'Connection',
      ],
    );
    assert.ok(lines.includes('Content-Type: text/event-stream'));
    assert.ok(lines.includes('Cache-Control: no-store'));
    assert.ok(lines.includes('X-Accel-Buffering: no'));
    assert.ok(lines.includes('Access-Control-Allow-Origin: *'));
    assert.match(stream.chunks()[0]!, new RegExp(`^retry: ${SSE_RETRY_MS}\n`));
  });

  it('resumes after Last-Event-ID: the ticks after it, in order, none twice', async () => {
    const first = await openStream(server.port, '/sse?topic=prices&every=100');
    await eventsArrive(first, 3);
    first.client.socket.destroy();
    const seen = (first.events().slice(1) as TickMessage[]).map((tick) => tick.seq);
    const last = seen.at(-1)!;
    await new Promise((resolve) => setTimeout(resolve, 350));
    const again = await openStream(server.port, '/sse?topic=prices&every=100', [`Last-Event-ID: ${last}`]);
    await eventsArrive(again, 5);
    again.client.socket.destroy();
    const opening = again.events()[0] as StreamOpening;
    assert.equal(opening.lastEventId, String(last));
    assert.ok(opening.replayed >= 2, `replayed ${opening.replayed}`);
    assert.equal(opening.resume, `resumed after ${last}: ${opening.replayed} replayed`);
    const resumed = (again.events().slice(1) as TickMessage[]).map((tick) => tick.seq);
    assert.deepEqual(
      resumed,
      Array.from({ length: resumed.length }, (_, i) => last + 1 + i),
    );
  });

  it('starts afresh, and says why, on a Last-Event-ID it never gave', async () => {
    const stream = await openStream(server.port, '/sse?topic=prices&every=100', ['Last-Event-ID: not-a-seq']);
    await eventsArrive(stream, 2);
    stream.client.socket.destroy();
    const opening = stream.events()[0] as StreamOpening;
    assert.equal(opening.resume, 'Last-Event-ID "not-a-seq" is not a tick number: from the next tick');
    assert.equal(opening.replayed, 0);
  });

  it('ends the response with the last chunk after events=N, keeping the connection', async () => {
    const stream = await openStream(server.port, '/sse?topic=prices&every=100&events=2');
    await stream.client.until(() => stream.chunks().at(-1) === '', 5000);
    const texts = stream.chunks();
    assert.equal(texts.length, 4, 'the opening, two ticks and the last chunk');
    const head = stream.head();
    const total =
      Buffer.byteLength(head, 'latin1') +
      texts.slice(0, -1).reduce((sum, text) => sum + chunkBytes(text), 0) +
      LAST_CHUNK.length;
    assert.equal(stream.client.received().length, total);
    assert.match(head, /\r\nConnection: keep-alive\r\n/);
    assert.equal(stream.client.ended, false, 'the connection stays for the reconnect');
    stream.client.socket.destroy();
  });

  it('keeps a quiet stream open past the server’s 5-second limit on reading a request', async () => {
    const stream = await openStream(server.port, '/sse?topic=prices&every=2000');
    // The opening, then four ticks two seconds apart: at least six seconds open.
    await eventsArrive(stream, 5, 11_000);
    assert.equal(stream.client.ended, false);
    stream.client.socket.destroy();
  });

  it('refuses a bad query with 400 and a JSON reason, another method with 405', async () => {
    const bad = await openStream(server.port, '/sse?topic=weather');
    await bad.client.closed(3000);
    assert.match(bad.head(), /^HTTP\/1\.1 400 Bad Request\r\n/);
    assert.match(bad.head(), /\r\nAccess-Control-Allow-Origin: \*\r\n/);
    const body = bad.client.received().subarray(bad.head().length).toString();
    assert.deepEqual(JSON.parse(body), {
      type: 'error',
      message: 'topic must be one of scores, prices; got "weather"',
    });
    const post = await rawConnect(server.port);
    post.socket.write(`POST /sse?topic=prices HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n`);
    await post.closed(3000);
    assert.match(post.received().toString(), /^HTTP\/1\.1 405 Method Not Allowed\r\n/);
  });

  it('refuses a WebSocket upgrade on /sse', async () => {
    const socket = new WebSocket(`${server.wsUrl}/sse?topic=prices`, { origin: PAGE_ORIGIN });
    const status = await new Promise<number>((resolve) => {
      socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.once('open', () => resolve(101));
      socket.once('error', () => {});
    });
    assert.notEqual(status, 101);
  });
});

describe('held requests and the connection limits', () => {
  it('counts an open stream and a held long poll as connections, refuses the next with 503, and frees the place when they end', async () => {
    const logs: { event: string; fields: LogFields }[] = [];
    const server = await startPlaygroundServer({
      port: 0,
      logger: (event, fields = {}) => logs.push({ event, fields }),
      limits: { maxConnectionsPerAddress: 2 },
    });
    try {
      const stream = await openStream(server.port, '/sse?topic=prices&every=100');
      await eventsArrive(stream, 1);
      const held = await rawConnect(server.port);
      held.socket.write(`GET /poll?topic=prices&every=60000&wait=1 HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`);
      // The poll is held: the WebSocket that would be a third connection from this address is refused.
      const refused = await refusedStatus(`${server.wsUrl}/echo`);
      assert.equal(refused, 503);
      assert.equal(held.received().length, 0, 'the long poll is still held');

      const third = await openStream(server.port, '/sse?topic=prices');
      await third.client.closed(3000);
      assert.match(third.head(), /^HTTP\/1\.1 503 Service Unavailable\r\n/);
      assert.match(third.head(), /\r\nRetry-After: 30\r\n/);
      const reason = JSON.parse(third.client.received().subarray(third.head().length).toString()) as {
        message: string;
      };
      assert.match(reason.message, /too many connections from .*: 2 is the limit per address/);
      const line = logs.find((entry) => entry.event === 'refused' && entry.fields.path === '/sse');
      assert.equal(line?.fields.status, 503);
      assert.equal(line?.fields.reason, reason.message);

      const poll = await rawConnect(server.port);
      poll.socket.write(`GET /poll?topic=prices&every=60000&since=0&wait=1 HTTP/1.1\r\nHost: x\r\n\r\n`);
      await poll.until(() => poll.received().includes('\r\n\r\n{'), 3000);
      assert.match(poll.received().toString(), /^HTTP\/1\.1 503 Service Unavailable\r\n/);
      poll.socket.destroy();

      // Both places come back once the stream and the held poll are gone.
      stream.client.socket.destroy();
      held.socket.destroy();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const sockets = [await opened(`${server.wsUrl}/echo`), await opened(`${server.wsUrl}/echo`)];
      for (const socket of sockets) socket.terminate();
    } finally {
      await server.close();
    }
  });

  it('closes promptly with a stream and a held poll open', async () => {
    const server = await startPlaygroundServer({ port: 0, logger: () => {} });
    const stream = await openStream(server.port, '/sse?topic=prices&every=100');
    await eventsArrive(stream, 1);
    const held = await rawConnect(server.port);
    held.socket.write(`GET /poll?topic=prices&every=60000&wait=1 HTTP/1.1\r\nHost: x\r\n\r\n`);
    await server.close();
    assert.equal(await stream.client.closed(3000), true);
    assert.equal(await held.closed(3000), true);
  });
});

function refusedStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => reject(new Error('accepted')));
    socket.once('error', () => {});
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
  });
}

function opened(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}
