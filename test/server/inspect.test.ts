import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { CLOCK_PROBE, encodeFrame, encodeClosePayload, toHex } from '../../src/protocol/index.ts';
import { startPlaygroundServer, type PlaygroundServer } from '../../server/playground-server.ts';
import { MAX_CLOCK_PROBES } from '../../server/trace-registry.ts';

const ORIGIN = 'http://localhost:5173';
const TRACE_ID = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
type Json = Record<string, unknown>;

/** Opens the side channel and collects every trace event it reports, parsed. */
async function inspector(server: PlaygroundServer, id = TRACE_ID): Promise<{ events: Json[]; socket: WebSocket }> {
  const socket = new WebSocket(`${server.wsUrl}/inspect?trace=${id}`, { origin: ORIGIN });
  const events: Json[] = [];
  socket.on('message', (data) => events.push(JSON.parse(data.toString()) as Json));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return { events, socket };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(check(), `timed out waiting for ${what}`);
}

function rawClient(port: number): Promise<{ socket: Socket; received: Buffer[] }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve({ socket, received }));
    const received: Buffer[] = [];
    socket.on('data', (chunk) => received.push(chunk));
    socket.once('error', reject);
  });
}

describe('the live server’s own view of a connection', () => {
  let server: PlaygroundServer;
  before(async () => {
    server = await startPlaygroundServer({ port: 0, logger: () => {} });
  });
  after(() => server.close());

  it('reports the exact request, response and frame bytes a raw client exchanged', async () => {
    const { events } = await inspector(server);
    const { socket, received } = await rawClient(server.port);
    const request = [
      `GET /echo?trace=${TRACE_ID} HTTP/1.1`,
      `Host: 127.0.0.1:${server.port}`,
      'upgrade: websocket',
      'Connection: keep-alive, Upgrade',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      'Sec-WebSocket-Version: 13',
      `Origin: ${ORIGIN}`,
      'Cookie: session=very-secret',
      'Authorization: Bearer also-secret',
      '',
      '',
    ].join('\r\n');
    const hello = encodeFrame({
      opcode: 1,
      mask: new Uint8Array([0x37, 0xfa, 0x21, 0x3d]),
      payload: Buffer.from('Hello'),
    });
    const bytes = encodeFrame({ opcode: 2, mask: new Uint8Array([1, 2, 3, 4]), payload: new Uint8Array([0, 255, 7]) });
    const close = encodeFrame({
      opcode: 8,
      mask: new Uint8Array([9, 8, 7, 6]),
      payload: encodeClosePayload(1000, 'bye'),
    });
    // The request and the first frame in one write, as a fast client may send them.
    socket.write(Buffer.concat([Buffer.from(request), hello]));
    await until(() => events.filter((event) => event.type === 'frame').length >= 2, 'the first echo');
    socket.write(bytes);
    socket.write(close);
    await until(() => events.some((event) => event.type === 'closed'), 'the closed event');

    assert.deepEqual(
      events.map((event) => (event.type === 'frame' ? `${String(event.from)}:${String(event.bytes)}` : event.type)),
      [
        'handshake-request',
        'handshake-response',
        `client:${toHex(hello)}`,
        'server:810548656c6c6f',
        `client:${toHex(bytes)}`,
        'server:820300ff07',
        `client:${toHex(close)}`,
        `server:${toHex(encodeFrame({ opcode: 8, payload: encodeClosePayload(1000, 'bye') }))}`,
        'closed',
      ],
    );
    const [requestEvent, responseEvent] = events;
    assert.equal(requestEvent!.path, `/echo?trace=${TRACE_ID}`);
    assert.equal(requestEvent!.method, 'GET');
    assert.equal(requestEvent!.httpVersion, 'HTTP/1.1');
    assert.deepEqual(requestEvent!.headers, [
      ['Host', `127.0.0.1:${server.port}`],
      ['upgrade', 'websocket'],
      ['Connection', 'keep-alive, Upgrade'],
      ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
      ['Sec-WebSocket-Version', '13'],
      ['Origin', ORIGIN],
      ['Cookie', '[redacted]'],
      ['Authorization', '[redacted]'],
    ]);
    assert.equal(responseEvent!.status, 101);
    assert.deepEqual(responseEvent!.headers, [
      ['Upgrade', 'websocket'],
      ['Connection', 'Upgrade'],
      ['Sec-WebSocket-Accept', 's3pPLMBiTxaQ9kYGzzhZRbK+xOo='],
    ]);
    const closed = events.at(-1)!;
    assert.deepEqual([closed.code, closed.reason, closed.wasClean], [1000, 'bye', true]);
    // The raw client got the same bytes the trace reports.
    assert.match(Buffer.concat(received).toString('latin1'), /^HTTP\/1\.1 101 Switching Protocols\r\n/);
    assert.equal(JSON.stringify(events).includes('secret'), false);
    socket.destroy();
  });

  it('traces a refused handshake with its status and the reason in a note', async () => {
    const id = 'refusedrefusedrefused0123';
    const { events } = await inspector(server, id);
    const client = new WebSocket(`${server.wsUrl}/nowhere?trace=${id}`, { origin: ORIGIN });
    client.on('error', () => {});
    await until(() => events.some((event) => event.type === 'note'), 'the note');
    assert.deepEqual(
      events.map((event) => event.type),
      ['handshake-request', 'handshake-response', 'note'],
    );
    assert.equal(events[1]!.status, 404);
    assert.match(String(events[2]!.text), /no WebSocket endpoint at \/nowhere/);
  });

  it('sends nothing to an inspector whose id no lesson connection names', async () => {
    const watched = await inspector(server, 'watchingwatchingwatching');
    const client = new WebSocket(`${server.wsUrl}/echo?trace=someoneelsesomeoneelse00`, { origin: ORIGIN });
    await new Promise((resolve) => client.once('open', resolve));
    client.close();
    await new Promise((resolve) => client.once('close', resolve));
    assert.deepEqual(watched.events, []);
    watched.socket.close();
  });

  it('refuses an inspect connection whose id is too short to be unguessable', async () => {
    const client = new WebSocket(`${server.wsUrl}/inspect?trace=1234`, { origin: ORIGIN });
    client.on('error', () => {});
    const status = await new Promise<number>((resolve) =>
      client.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0)),
    );
    assert.equal(status, 400);
  });

  it('closes an inspect connection that no lesson connection uses', async () => {
    const quick = await startPlaygroundServer({ port: 0, logger: () => {}, inspectIdleMs: 100 });
    const { socket } = await inspector(quick, 'idleidleidleidleidleidle');
    const [code, reason] = await new Promise<[number, string]>((resolve) =>
      socket.once('close', (closeCode, closeReason) => resolve([closeCode, closeReason.toString()])),
    );
    assert.equal(code, 1000);
    assert.match(reason, /no lesson connection used this trace/);
    await quick.close();
  });

  it('answers clock probes with the clock its events carry, so a page can put them on its own clock', async () => {
    const id = 'clockclockclockclockclock';
    const { events, socket } = await inspector(server, id);
    const before = performance.now();
    socket.send(CLOCK_PROBE);
    await until(() => events.length === 1, 'the clock answer');
    const after = performance.now();
    assert.equal(events[0]!.type, 'clock');
    // The server runs in this process: its trace clock is this performance.now(), to 0.1 ms.
    const at = Number(events[0]!.at);
    assert.ok(at >= Math.floor(before * 10) / 10 && at <= Math.ceil(after * 10) / 10, `${at} within the round trip`);
    const sent = performance.now();
    const client = new WebSocket(`${server.wsUrl}/echo?trace=${id}`, { origin: ORIGIN });
    await new Promise((resolve) => client.once('open', resolve));
    const opened = performance.now();
    await until(() => events.some((event) => event.type === 'handshake-response'), 'the response');
    const request = events.find((event) => event.type === 'handshake-request')!;
    const response = events.find((event) => event.type === 'handshake-response')!;
    // The request arrived, and the 101 left, between this client's send and its open event.
    assert.ok(Number(request.at) >= Math.floor(sent * 10) / 10, 'the request after the client sent it');
    assert.ok(Number(response.at) >= Number(request.at), 'the response after the request');
    assert.ok(Number(response.at) <= Math.ceil(opened * 10) / 10, 'the response before the client opened');
    client.close();
    socket.close();
  });

  it('ends an inspect stream that sends anything but clock probes, saying why', async () => {
    const { socket } = await inspector(server, 'junkjunkjunkjunkjunkjunk');
    socket.send('{"type":"clock","please":"now"}');
    const [code, reason] = await new Promise<[number, string]>((resolve) =>
      socket.once('close', (closeCode, closeReason) => resolve([closeCode, closeReason.toString()])),
    );
    assert.equal(code, 1008);
    assert.match(reason, /takes only clock probes/);
  });

  it('answers at most MAX_CLOCK_PROBES clock probes, then ends the stream', async () => {
    const { events, socket } = await inspector(server, 'manymanymanymanymanymany');
    const closed = new Promise<number>((resolve) => socket.once('close', resolve));
    for (let i = 0; i <= MAX_CLOCK_PROBES; i++) socket.send(CLOCK_PROBE);
    assert.equal(await closed, 1008);
    assert.equal(events.filter((event) => event.type === 'clock').length, MAX_CLOCK_PROBES);
  });

  it('tells the trace when the heartbeat drops a connection that stopped answering pings', async () => {
    const quick = await startPlaygroundServer({ port: 0, logger: () => {}, limits: { heartbeatMs: 100 } });
    const id = 'mutemutemutemutemutemute';
    const { events } = await inspector(quick, id);
    const mute = new WebSocket(`${quick.wsUrl}/echo?trace=${id}`, { origin: ORIGIN, autoPong: false });
    const code = await new Promise<number>((resolve) => mute.once('close', resolve));
    assert.equal(code, 1006);
    await until(() => events.some((event) => event.type === 'closed'), 'the closed event');
    const note = events.find((event) => event.type === 'note');
    assert.match(String(note?.text), /no pong came back within 100 ms/);
    assert.deepEqual(
      events.slice(-2).map((event) => event.type),
      ['note', 'closed'],
    );
    await quick.close();
  });

  it('keeps the lesson connection free of trace messages', async () => {
    const { events } = await inspector(server, 'lessonlessonlessonlesson');
    const client = new WebSocket(`${server.wsUrl}/echo?trace=lessonlessonlessonlesson`, { origin: ORIGIN });
    const messages: string[] = [];
    client.on('message', (data) => messages.push(data.toString()));
    await new Promise((resolve) => client.once('open', resolve));
    client.send('only this');
    await until(() => messages.length === 1 && events.length >= 4, 'the echo');
    assert.deepEqual(messages, ['only this']);
    client.close();
  });
});
