import assert from 'node:assert/strict';
import { connect as tcpConnect } from 'node:net';
import { describe, it } from 'node:test';
import WebSocket from 'ws';
import type { LogFields } from '../../server/log.ts';
import { startPlaygroundServer, type PlaygroundServer } from '../../server/playground-server.ts';
import type { ServerLimits } from '../../server/limits.ts';
import { readLimits } from '../../server/limits.ts';

interface Started {
  server: PlaygroundServer;
  logs: { event: string; fields: LogFields }[];
}

async function start(limits: Partial<ServerLimits>): Promise<Started> {
  const logs: Started['logs'] = [];
  const server = await startPlaygroundServer({
    port: 0,
    limits,
    logger: (event, fields = {}) => logs.push({ event, fields }),
  });
  return { server, logs };
}

function open(url: string, options: WebSocket.ClientOptions = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function closed(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

function refusedStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => reject(new Error('accepted')));
    socket.once('error', () => {});
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
  });
}

describe('the live server’s limits', () => {
  it('reads each limit from its environment variable and refuses nonsense', () => {
    assert.equal(readLimits({ MAX_MESSAGE_BYTES: '1000' }).maxMessageBytes, 1000);
    assert.equal(readLimits({}).maxMessageBytes, 64 * 1024);
    assert.throws(() => readLimits({ HEARTBEAT_MS: 'soon' }), /HEARTBEAT_MS="soon" is not a whole number/);
    assert.throws(() => readLimits({ MAX_CONNECTIONS: '0' }), /MAX_CONNECTIONS/);
  });

  it('closes with 1009 a message over the size limit, and keeps one at the limit', async () => {
    const { server } = await start({});
    const socket = await open(`${server.wsUrl}/echo`);
    socket.send(Buffer.alloc(64 * 1024));
    await new Promise((resolve) => socket.once('message', resolve));
    const ended = closed(socket);
    socket.send(Buffer.alloc(64 * 1024 + 1));
    assert.equal((await ended).code, 1009);
    await server.close();
  });

  it('closes with 1008 and a reason a connection that sends too fast', async () => {
    const { server, logs } = await start({ messagesPerSecond: 20 });
    const socket = await open(`${server.wsUrl}/echo`);
    const ended = closed(socket);
    for (let i = 0; i < 30; i++) socket.send(`message ${i}`);
    assert.deepEqual(await ended, { code: 1008, reason: 'more than 20 messages in a second' });
    assert.ok(logs.some((line) => line.event === 'rate-limited'));
    await server.close();
  });

  it('refuses with 503 past the connections in total and per address', async () => {
    const perAddress = await start({ maxConnectionsPerAddress: 2 });
    const kept = [await open(`${perAddress.server.wsUrl}/echo`), await open(`${perAddress.server.wsUrl}/echo`)];
    assert.equal(await refusedStatus(`${perAddress.server.wsUrl}/echo`), 503);
    const line = perAddress.logs.find((entry) => entry.event === 'refused');
    assert.match(String(line?.fields.reason), /too many connections from .*: 2 is the limit per address/);
    // A place frees up when a connection ends.
    const ended = closed(kept[0]!);
    kept[0]!.close();
    await ended;
    await new Promise((resolve) => setTimeout(resolve, 50));
    (await open(`${perAddress.server.wsUrl}/echo`)).close();
    await perAddress.server.close();

    const total = await start({ maxConnections: 1 });
    await open(`${total.server.wsUrl}/echo`);
    assert.equal(await refusedStatus(`${total.server.wsUrl}/echo`), 503);
    await total.server.close();
  });

  it('terminates a client that stops answering pings, and keeps one that answers', async () => {
    const { server, logs } = await start({ heartbeatMs: 100 });
    const mute = await open(`${server.wsUrl}/echo`, { autoPong: false });
    const lively = await open(`${server.wsUrl}/echo`);
    const muteEnd = closed(mute);
    assert.equal((await muteEnd).code, 1006);
    assert.equal(lively.readyState, WebSocket.OPEN);
    assert.ok(logs.some((line) => line.event === 'heartbeat-timeout'));
    await server.close();
  });

  it('closes a reader that stops reading during a broadcast, while the others keep receiving', async () => {
    const sendBufferBytes = 256 * 1024;
    const { server, logs } = await start({ messagesPerSecond: 100_000, sendBufferBytes });
    const room = `/chat?room=slow&name=`;
    // The slow reader: a raw connection that completes the handshake and then never reads.
    const slow = tcpConnect(server.port, '127.0.0.1');
    await new Promise((resolve) => slow.once('connect', resolve));
    slow.write(
      `GET ${room}slow HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    await new Promise((resolve) => slow.once('data', resolve));
    slow.pause();
    const reader = await open(`${server.wsUrl}${room}reader`);
    const sender = await open(`${server.wsUrl}${room}sender`);
    let received = 0;
    reader.on('message', (data) => {
      if (String(data).includes('"type":"message"')) received++;
    });
    const text = 'x'.repeat(1000);
    const count = 5000;
    // In bursts the reader keeps up with: it shares this process with the server, so on a busy machine one
    // burst of 5 MB could leave the reader itself past the cap before it gets to read. The slow reader never reads.
    const burst = 100;
    const arrived = (expected: number): Promise<void> =>
      new Promise<void>((resolve, reject) => {
        const deadline = setTimeout(() => {
          clearInterval(check);
          const slowClosed = logs.filter((line) => line.event === 'slow-reader').length;
          reject(
            new Error(`only ${received} of ${expected} arrived; ${slowClosed} connection(s) closed as slow readers`),
          );
        }, 20_000);
        const check = setInterval(() => {
          if (received < expected) return;
          clearInterval(check);
          clearTimeout(deadline);
          resolve();
        }, 5);
      });
    for (let sent = 0; sent < count; sent += burst) {
      for (let i = 0; i < burst; i++) sender.send(JSON.stringify({ type: 'say', text }));
      await arrived(sent + burst);
    }
    const slowLine = logs.find((line) => line.event === 'slow-reader');
    assert.ok(slowLine, 'the slow reader was closed');
    // Bounded: the server stopped at the cap plus at most one message, not at 5 MB.
    assert.ok(Number(slowLine.fields.buffered) < sendBufferBytes + 2 * 1100);
    slow.destroy();
    reader.close();
    sender.close();
    await server.close();
  });
});
