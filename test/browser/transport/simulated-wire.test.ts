import { expect, waitUntil } from '@open-wc/testing';
import { missedPongNote } from '../../../src/service/heartbeat.ts';
import { createService } from '../../../src/service/service.ts';
import { browserClock } from '../../../src/transport/browser-clock.ts';
import { SimulatedWebSocket, type SimulatedOptions } from '../../../src/transport/simulated.ts';
import { computeAccept, type TraceEvent } from '../../../src/protocol/index.ts';

const SERVER = 'ws://localhost:8080';
const service = createService({ clock: browserClock });

function open(target = '/echo', extra: Partial<SimulatedOptions> = {}): SimulatedWebSocket {
  return new SimulatedWebSocket({ service, serverUrl: SERVER, target, ...extra });
}

function once<T extends Event>(socket: EventTarget, type: string): Promise<T> {
  return new Promise((resolve) => socket.addEventListener(type, (event) => resolve(event as T), { once: true }));
}

async function opened(target = '/echo'): Promise<SimulatedWebSocket> {
  const socket = open(target);
  await once(socket, 'open');
  return socket;
}

describe('the simulated wire', () => {
  it('moves through the readyStates of a browser WebSocket', async () => {
    const socket = open();
    expect(socket.readyState).to.equal(SimulatedWebSocket.CONNECTING);
    await once(socket, 'open');
    expect(socket.readyState).to.equal(SimulatedWebSocket.OPEN);
    socket.close();
    expect(socket.readyState).to.equal(SimulatedWebSocket.CLOSING);
    await once(socket, 'close');
    expect(socket.readyState).to.equal(SimulatedWebSocket.CLOSED);
  });

  it('fails as a browser fails an unreachable server when the simulated server’s code does not load, and says why', async () => {
    const trace: TraceEvent[] = [];
    const socket = open('/echo', {
      service: Promise.reject(new TypeError('Failed to fetch dynamically imported module')),
      trace: (event) => trace.push(event),
    });
    const errored = once(socket, 'error');
    const closed = await once<CloseEvent>(socket, 'close');
    await errored;
    expect([closed.code, closed.reason, closed.wasClean]).to.deep.equal([1006, '', false]);
    expect(trace.map((event) => event.type)).to.deep.equal(['handshake-request', 'note']);
    const note = trace[1];
    expect(note?.type === 'note' && note.text).to.equal(
      'The simulated server could not be loaded (Failed to fetch dynamically imported module). Reload the page to try again.',
    );
  });

  it('pings as the live server’s heartbeat does, and the browser answers each ping', async () => {
    const trace: TraceEvent[] = [];
    const socket = open('/echo', { heartbeatMs: 50, trace: (event) => trace.push(event) });
    await once(socket, 'open');
    const kinds = (): string[] =>
      trace.flatMap((event) => (event.type === 'frame' ? [`${event.from} ${event.frame.opcode}`] : []));
    await waitUntil(() => kinds().filter((kind) => kind === 'client 10').length >= 2, 'two pongs', { timeout: 5000 });
    expect(kinds().slice(0, 4)).to.deep.equal(['server 9', 'client 10', 'server 9', 'client 10']);
    expect(socket.readyState).to.equal(SimulatedWebSocket.OPEN);
    socket.close();
  });

  it('drops a connection whose pong comes too late, and says why in the trace, as the live server does', async () => {
    const trace: TraceEvent[] = [];
    // The pong takes longer up than the heartbeat waits: a slow uplink.
    const socket = open('/echo', {
      heartbeatMs: 50,
      latency: { up: 150, down: 0 },
      trace: (event) => trace.push(event),
    });
    await once(socket, 'open');
    const closed = await once<CloseEvent>(socket, 'close');
    expect([closed.code, closed.wasClean]).to.deep.equal([1006, false]);
    const note = trace.find((event) => event.type === 'note');
    expect(note?.type === 'note' && note.text).to.equal(missedPongNote(50));
    expect(trace.at(-1)?.type).to.equal('closed');
  });

  it('shows the URL the live server would have', () => {
    expect(open('/echo?x=1').url).to.equal('ws://localhost:8080/echo?x=1');
  });

  it('delivers binary as a Blob by default, as a browser does', async () => {
    const socket = await opened();
    socket.send(new Uint8Array([1, 2, 3]));
    const event = await once<MessageEvent>(socket, 'message');
    expect(event.data).to.be.instanceOf(Blob);
    expect([...new Uint8Array(await (event.data as Blob).arrayBuffer())]).to.deep.equal([1, 2, 3]);
  });

  it('delivers binary as an ArrayBuffer when binaryType asks for it', async () => {
    const socket = await opened();
    socket.binaryType = 'arraybuffer';
    socket.send(new Uint16Array([0x0201]).buffer);
    const event = await once<MessageEvent>(socket, 'message');
    expect(event.data).to.be.instanceOf(ArrayBuffer);
    expect([...new Uint8Array(event.data as ArrayBuffer)]).to.deep.equal([1, 2]);
  });

  it('keeps the order of sends even when a Blob takes time to read', async () => {
    const socket = await opened();
    socket.binaryType = 'arraybuffer';
    const received: unknown[] = [];
    socket.addEventListener('message', (event) => received.push((event as MessageEvent).data));
    socket.send(new Blob([new Uint8Array(100_000)]));
    socket.send('after the blob');
    expect(socket.bufferedAmount).to.equal(100_000 + 14);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received.map((data) => (typeof data === 'string' ? data : (data as ArrayBuffer).byteLength))).to.deep.equal([
      100_000,
      'after the blob',
    ]);
    expect(socket.bufferedAmount).to.equal(0);
  });

  it('copies sent bytes, so reusing the buffer right after send changes nothing', async () => {
    const socket = await opened();
    socket.binaryType = 'arraybuffer';
    const bytes = new Uint8Array([7, 7, 7]);
    socket.send(bytes);
    bytes.fill(0);
    const event = await once<MessageEvent>(socket, 'message');
    expect([...new Uint8Array(event.data as ArrayBuffer)]).to.deep.equal([7, 7, 7]);
  });

  it('throws InvalidStateError when sending before the connection is open', () => {
    const socket = open();
    expect(() => socket.send('too early'))
      .to.throw(DOMException)
      .with.property('name', 'InvalidStateError');
  });

  it('closes cleanly with the code and reason the client chose', async () => {
    const socket = await opened();
    socket.close(4001, 'done here');
    const event = await once<CloseEvent>(socket, 'close');
    expect([event.code, event.reason, event.wasClean]).to.deep.equal([4001, 'done here', true]);
  });

  it('reports 1005 when close() is called without a code', async () => {
    const socket = await opened();
    socket.close();
    const event = await once<CloseEvent>(socket, 'close');
    expect([event.code, event.wasClean]).to.deep.equal([1005, true]);
  });

  it('refuses close codes a browser refuses, with InvalidAccessError', () => {
    const socket = open();
    for (const code of [999, 1001, 1006, 2999, 5000]) {
      expect(() => socket.close(code), String(code))
        .to.throw(DOMException)
        .with.property('name', 'InvalidAccessError');
    }
  });

  it('refuses a reason over 123 UTF-8 bytes with SyntaxError', () => {
    const socket = open();
    expect(() => socket.close(1000, 'é'.repeat(62)))
      .to.throw(DOMException)
      .with.property('name', 'SyntaxError');
  });

  it('fails a refused handshake as a browser does: error, then 1006, not clean', async () => {
    const socket = open('/no-such-endpoint');
    const events: string[] = [];
    socket.addEventListener('error', () => events.push('error'));
    const event = await once<CloseEvent>(socket, 'close');
    expect(events).to.deep.equal(['error']);
    expect([event.code, event.wasClean]).to.deep.equal([1006, false]);
    expect(socket.readyState).to.equal(SimulatedWebSocket.CLOSED);
  });

  it('fails the connection when closed while still connecting', async () => {
    const socket = open();
    const events: string[] = [];
    socket.addEventListener('open', () => events.push('open'));
    socket.addEventListener('error', () => events.push('error'));
    socket.close();
    const event = await once<CloseEvent>(socket, 'close');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events).to.deep.equal(['error']);
    expect(event.code).to.equal(1006);
  });

  it('drops the connection like a lost network: close 1006, not clean, no error event', async () => {
    const trace: TraceEvent[] = [];
    const socket = open('/echo', { trace: (event) => trace.push(event) });
    await once(socket, 'open');
    const events: string[] = [];
    socket.addEventListener('error', () => events.push('error'));
    socket.drop();
    const event = await once<CloseEvent>(socket, 'close');
    expect([event.code, event.wasClean, events]).to.deep.equal([1006, false, []]);
    const closed = trace.find((entry) => entry.type === 'closed');
    expect(closed).to.include({ code: 1006, wasClean: false });
    expect(trace.some((entry) => entry.type === 'frame' && entry.frame.opcode === 8)).to.equal(false);
  });

  it('delays each direction by the latency asked for', async () => {
    const socket = open('/echo', { latency: { up: 80, down: 120 } });
    await once(socket, 'open');
    const sentAt = performance.now();
    socket.send('slow');
    await once(socket, 'message');
    expect(performance.now() - sentAt).to.be.at.least(200);
  });

  it('masks every client frame with a fresh key and no server frame at all', async () => {
    const trace: TraceEvent[] = [];
    const socket = open('/echo', { trace: (event) => trace.push(event) });
    await once(socket, 'open');
    socket.send('one');
    socket.send('two');
    await once(socket, 'message');
    await once(socket, 'message');
    const frames = trace.flatMap((event) => (event.type === 'frame' ? [event] : []));
    const client = frames.filter((frame) => frame.from === 'client');
    expect(client.map((frame) => frame.frame.masked)).to.deep.equal([true, true]);
    expect(String(client[0]!.frame.mask)).to.not.equal(String(client[1]!.frame.mask));
    expect(frames.filter((frame) => frame.from === 'server').every((frame) => !frame.frame.masked)).to.equal(true);
  });

  it('answers with the Accept computed from its own key (§4.2.2)', async () => {
    const trace: TraceEvent[] = [];
    const socket = open('/echo', { trace: (event) => trace.push(event) });
    await once(socket, 'open');
    const request = trace.find((event) => event.type === 'handshake-request');
    const response = trace.find((event) => event.type === 'handshake-response');
    if (request?.type !== 'handshake-request' || response?.type !== 'handshake-response')
      throw new Error('no handshake');
    const key = request.headers.find(([name]) => name === 'Sec-WebSocket-Key')![1];
    const accept = response.headers.find(([name]) => name === 'Sec-WebSocket-Accept')![1];
    expect(accept).to.equal(await computeAccept(key));
    expect(request.headers.find(([name]) => name === 'Origin')![1]).to.equal(window.location.origin);
  });
});
