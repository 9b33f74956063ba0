import { expect } from '@open-wc/testing';
import type { SlowReadReport } from '../../../src/service/slow.ts';
import { browserClock } from '../../../src/transport/browser-clock.ts';
import { ConnectionMode } from '../../../src/transport/mode.ts';
import { NETWORK_BUFFER_BYTES, SimulatedWebSocket } from '../../../src/transport/simulated.ts';
import { openWebSocketStream, StreamKind, streamKind } from '../../../src/transport/websocket-stream-open.ts';
import { WebSocketStreamStandIn, type WebSocketStreamLike } from '../../../src/transport/websocket-stream.ts';
import { createService } from '../../../src/service/service.ts';
import { serverUrl } from '../helpers/live-servers.ts';

const SERVER = 'ws://localhost:8080';
const service = createService({ clock: browserClock });

function standIn(target: string): { stream: WebSocketStreamStandIn; socket: SimulatedWebSocket } {
  const socket = new SimulatedWebSocket({ service, serverUrl: SERVER, target });
  return { stream: new WebSocketStreamStandIn(socket), socket };
}

/** What became of a promise within `ms`: its value, its error's name, or "pending". */
async function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T | string> {
  const pending = new Promise<string>((resolve) => setTimeout(() => resolve('pending'), ms));
  return Promise.race([promise.catch((error: unknown) => `rejected ${(error as Error).name}`), pending]);
}

function describeError(error: unknown): string {
  const { name, message, closeCode, reason } = error as DOMException & { closeCode?: number | null; reason?: string };
  return `${name}: ${message} (closeCode ${closeCode ?? 'none'}, reason "${reason ?? ''}")`;
}

/** One run through the API against /echo: every outcome as a line, so two implementations compare. */
async function echoScenario(open: () => WebSocketStreamLike): Promise<string[]> {
  const lines: string[] = [];
  const stream = open();
  const { readable, writable, protocol, extensions } = await stream.opened;
  lines.push(`opened, protocol "${protocol}", extensions "${extensions}"`);
  const reader = readable.getReader();
  const writer = writable.getWriter();
  await writer.write(new Uint8Array([1, 2, 3]));
  const binary = (await reader.read()).value;
  lines.push(`binary back as ${Object.prototype.toString.call(binary)} of ${(binary as ArrayBuffer).byteLength}`);
  await writer.write('héllo');
  lines.push(`text back as ${JSON.stringify((await reader.read()).value)}`);
  await writer.write(42);
  lines.push(`a number goes as text ${JSON.stringify((await reader.read()).value)}`);
  try {
    stream.close({ closeCode: 1001 });
  } catch (error) {
    lines.push(`close(1001) throws ${(error as DOMException).name}: ${(error as DOMException).message}`);
  }
  stream.close({ reason: 'only a reason' });
  lines.push(`closed ${JSON.stringify(await stream.closed)}`);
  lines.push(`then read gives ${JSON.stringify(await reader.read())}`);
  await writer.write('late').catch((error: unknown) => lines.push(`then write rejects ${describeError(error)}`));
  return lines;
}

describe('the page’s WebSocketStream stand-in', () => {
  it('behaves as Chromium’s own WebSocketStream on the same scenario', async () => {
    const live = await serverUrl('live-server-url');
    expect(streamKind(ConnectionMode.live)).to.equal(StreamKind.browser);
    const browser = await echoScenario(() =>
      openWebSocketStream('/echo', { mode: ConnectionMode.live, serverUrl: live })!,
    );
    const simulated = await echoScenario(() =>
      openWebSocketStream('/echo', { mode: ConnectionMode.simulated, serverUrl: SERVER })!,
    );
    expect(simulated).to.deep.equal(browser);
    expect(browser).to.include('binary back as [object ArrayBuffer] of 3');
    expect(browser).to.include('closed {"closeCode":1000,"reason":"only a reason"}');
  });

  it('rejects closed with a WebSocketError 1006 when the network fails, as Chromium does', async () => {
    const { stream, socket } = standIn('/echo');
    const { readable, writable } = await stream.opened;
    const reader = readable.getReader();
    socket.drop();
    const error = await stream.closed.then(
      () => 'resolved',
      (reason: unknown) => describeError(reason),
    );
    expect(error).to.equal('WebSocketError: WebSocket was not cleanly closed. (closeCode 1006, reason "")');
    expect(await settledWithin(reader.read(), 1000)).to.equal('rejected WebSocketError');
    expect(await settledWithin(writable.getWriter().write('x'), 1000)).to.equal('rejected WebSocketError');
  });

  it('rejects opened when the handshake fails, and closed with 1006', async () => {
    const { stream } = standIn('/no-such-endpoint');
    const opened = await stream.opened.then(
      () => 'opened',
      (reason: unknown) => describeError(reason),
    );
    expect(opened).to.equal('WebSocketError: WebSocket closed before handshake complete. (closeCode none, reason "")');
    expect(await settledWithin(stream.closed, 1000)).to.equal('rejected WebSocketError');
  });

  it('hands over messages in order to a reader that comes late', async () => {
    const { stream } = standIn('/echo');
    const { readable, writable } = await stream.opened;
    const writer = writable.getWriter();
    for (const text of ['one', 'two', 'three', 'four']) await writer.write(text);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const reader = readable.getReader();
    const read: unknown[] = [];
    for (let i = 0; i < 4; i++) read.push((await reader.read()).value);
    expect(read).to.deep.equal(['one', 'two', 'three', 'four']);
    stream.close();
  });

  it('keeps a write pending while the server does not read and the network buffer is full', async () => {
    // 1 KiB a second: once the buffer is full, the server takes the next 16 KiB message only some 15 s later.
    const { stream } = standIn('/slow?bytesPerSecond=1024');
    const { writable } = await stream.opened;
    const writer = writable.getWriter();
    const chunk = new Uint8Array(16 * 1024);
    let written = 0;
    let last: Promise<void> = Promise.resolve();
    while ((await settledWithin(last, 200)) !== 'pending' && written < 4 * NETWORK_BUFFER_BYTES) {
      last = writer.write(chunk).then(() => void (written += chunk.length));
    }
    // The network buffer took its 1 MiB and the server a message or two; the next write waits.
    expect(written).to.be.within(NETWORK_BUFFER_BYTES - chunk.length, NETWORK_BUFFER_BYTES + 4 * chunk.length);
    expect(await settledWithin(last, 500)).to.equal('pending');
    stream.close();
  });

  it('resolves writes as the server reads, at its pace: what was written stays within the buffer of what was read', async () => {
    const rate = 256 * 1024;
    const { stream } = standIn(`/slow?bytesPerSecond=${rate}`);
    const { readable, writable } = await stream.opened;
    const writer = writable.getWriter();
    const chunk = new Uint8Array(16 * 1024);
    let written = 0;
    let running = true;
    const producing = (async () => {
      while (running) {
        await writer.write(chunk);
        written += chunk.length;
      }
    })();
    const reader = readable.getReader();
    const reports: { written: number; report: SlowReadReport }[] = [];
    while (reports.length < 4) {
      const { value } = await reader.read();
      reports.push({ written, report: JSON.parse(value as string) as SlowReadReport });
    }
    running = false;
    stream.close();
    await producing.catch(() => {});
    const [first, , , lastSeen] = reports;
    // The writes went on after the buffer filled, but only as fast as the server read.
    expect(lastSeen!.written).to.be.above(first!.written);
    for (const { written: sent, report } of reports) {
      expect(sent - report.read, `at ${report.at} ms`).to.be.at.most(NETWORK_BUFFER_BYTES + rate + 4 * chunk.length);
    }
  });
});

describe('openWebSocketStream', () => {
  it('runs the stand-in in Simulated mode and the browser’s own in Live mode', async () => {
    expect(streamKind(ConnectionMode.simulated)).to.equal(StreamKind.standIn);
    const simulated = openWebSocketStream('/echo', { mode: ConnectionMode.simulated, serverUrl: SERVER })!;
    expect(simulated).to.be.instanceOf(WebSocketStreamStandIn);
    const live = openWebSocketStream('/echo', {
      mode: ConnectionMode.live,
      serverUrl: await serverUrl('live-server-url'),
    })!;
    expect(live.constructor.name).to.equal('WebSocketStream');
    await Promise.all([simulated.opened, live.opened]);
    simulated.close();
    live.close();
    expect(await live.closed).to.deep.equal({ closeCode: 1005, reason: '' });
  });
});
