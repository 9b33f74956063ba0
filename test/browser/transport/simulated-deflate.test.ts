import { expect, waitUntil } from '@open-wc/testing';
import {
  answerDeflateOffer,
  CHROMIUM_DEFLATE_OFFER,
  encodeFrame,
  encodeUtf8,
  Opcode,
  Side,
  toHex,
  type FrameEvent,
  type FrameError,
  type TraceEvent,
} from '../../../src/protocol/index.ts';
import { createService } from '../../../src/service/service.ts';
import { browserClock } from '../../../src/transport/browser-clock.ts';
import { connect } from '../../../src/transport/connect.ts';
import { loadCompressor } from '../../../src/transport/deflate-compressor.ts';
import { browserDeflate, serverDeflate } from '../../../src/transport/deflate-sides.ts';
import { FrameEndpoint, type FrameDeflate } from '../../../src/transport/frame-endpoint.ts';
import { ConnectionMode } from '../../../src/transport/mode.ts';
import { SimulatedWebSocket, type SimulatedOptions } from '../../../src/transport/simulated.ts';
import type { TimelineEvent } from '../../../src/transport/trace-stream.ts';
import { serverUrl } from '../helpers/live-servers.ts';

const SERVER = 'ws://localhost:8080';
const service = createService({ clock: browserClock });
const utf8 = new TextDecoder();

interface Run {
  readonly socket: SimulatedWebSocket;
  readonly trace: TraceEvent[];
}

function open(target: string, extra: Partial<SimulatedOptions> = {}): Run {
  const trace: TraceEvent[] = [];
  const socket = new SimulatedWebSocket({
    service,
    serverUrl: SERVER,
    target,
    trace: (event) => trace.push(event),
    ...extra,
  });
  return { socket, trace };
}

function once<T extends Event>(socket: Pick<EventTarget, 'addEventListener'>, type: string): Promise<T> {
  return new Promise((resolve) => socket.addEventListener(type, (event) => resolve(event as T), { once: true }));
}

async function opened(target: string, extra: Partial<SimulatedOptions> = {}): Promise<Run> {
  const run = open(target, extra);
  await once(run.socket, 'open');
  return run;
}

/** Sends each message and waits for its echo; returns what came back. */
async function echo(run: Run, messages: readonly (string | Uint8Array)[]): Promise<unknown[]> {
  run.socket.binaryType = 'arraybuffer';
  const received: unknown[] = [];
  run.socket.addEventListener('message', (event) => received.push((event as MessageEvent).data));
  for (const message of messages) run.socket.send(message);
  await waitUntil(() => received.length === messages.length, 'every echo', { timeout: 5000 });
  return received.map((data) => (data instanceof ArrayBuffer ? new Uint8Array(data) : data));
}

function frames(trace: readonly TraceEvent[], from: Side): FrameEvent[] {
  return trace.filter(
    (event): event is FrameEvent =>
      event.type === 'frame' &&
      event.from === from &&
      (event.frame.opcode === Opcode.text ||
        event.frame.opcode === Opcode.binary ||
        event.frame.opcode === Opcode.continuation),
  );
}

function response(trace: readonly TraceEvent[]) {
  const event = trace.find((candidate) => candidate.type === 'handshake-response');
  if (event?.type !== 'handshake-response') throw new Error('no 101 in the trace');
  return event;
}

function extensionHeader(trace: readonly TraceEvent[]): string | undefined {
  return response(trace).headers.find(([name]) => name === 'Sec-WebSocket-Extensions')?.[1];
}

describe('the simulated wire with permessage-deflate', () => {
  it('answers the browser’s offer as ws does and reports the answer in extensions', async () => {
    // Each header as ws 8.23 writes it for the same options and Chromium's offer.
    const cases: [string, Parameters<typeof answerDeflateOffer>[1], string][] = [
      ['/deflate', {}, 'permessage-deflate'],
      [
        '/deflate?client_max_window_bits=10&server_no_context_takeover=1',
        { clientMaxWindowBits: 10, serverNoContextTakeover: true },
        'permessage-deflate; client_max_window_bits=10; server_no_context_takeover',
      ],
      [
        '/deflate?client_no_context_takeover=1&server_max_window_bits=9',
        { clientNoContextTakeover: true, serverMaxWindowBits: 9 },
        'permessage-deflate; client_no_context_takeover; server_max_window_bits=9',
      ],
      [
        '/deflate?server_max_window_bits=8&client_max_window_bits=8',
        { serverMaxWindowBits: 8, clientMaxWindowBits: 8 },
        'permessage-deflate; client_max_window_bits=8; server_max_window_bits=8',
      ],
    ];
    for (const [target, options, header] of cases) {
      expect(answerDeflateOffer(CHROMIUM_DEFLATE_OFFER, options)?.header, target).to.equal(header);
      const { socket, trace } = await opened(target);
      expect(extensionHeader(trace), target).to.equal(header);
      expect(response(trace).headers.at(-1)?.[0], 'the header comes last, as ws writes it').to.equal(
        'Sec-WebSocket-Extensions',
      );
      expect(socket.extensions, target).to.equal(header);
      socket.close();
    }
  });

  it('reports no extensions until the connection is open', () => {
    expect(open('/deflate').socket.extensions).to.equal('');
  });

  it('compresses every client message as Chromium does: RSV1 on the one frame, zlib’s exact bytes', async () => {
    const run = await opened('/deflate');
    expect(await echo(run, ['Hello', 'Hello'])).to.deep.equal(['Hello', 'Hello']);
    const sent = frames(run.trace, Side.client);
    expect(sent.map((event) => [event.frame.rsv1, event.frame.fin])).to.deep.equal([
      [true, true],
      [true, true],
    ]);
    // RFC 7692 §7.2.3.2, as Node's zlib compresses it: the second "Hello" is a back-reference to the first.
    expect(sent.map((event) => toHex(event.frame.payload))).to.deep.equal(['f248cdc9c90700', 'f200110000']);
    run.socket.close();
  });

  it('compresses with the agreed client window, 8 bits as 9, byte for byte as zlib', async () => {
    const json = JSON.stringify({ type: 'greeting', text: 'Hello, compression! '.repeat(3), n: [1, 2, 3] });
    const run = await opened('/deflate?client_max_window_bits=8');
    expect(await echo(run, [json, json])).to.deep.equal([json, json]);
    // Node's zlib.createDeflateRaw({ windowBits: 8 }) with a sync flush per message, tails removed.
    expect(frames(run.trace, Side.client).map((event) => toHex(event.frame.payload))).to.deep.equal([
      'aa562aa92c4855b2524a2f4a4d2dc9cc4b57d2512a49ad2851b252f248cdc9c9d75148cecf2d284a2d2ececccf535420564c4947294fc92ada50c748c738b61600',
      'aaa687250000',
    ]);
    run.socket.close();
  });

  it('starts each client message afresh with client_no_context_takeover', async () => {
    const run = await opened('/deflate?client_no_context_takeover=1');
    await echo(run, ['Hello', 'Hello']);
    expect(frames(run.trace, Side.client).map((event) => toHex(event.frame.payload))).to.deep.equal([
      'f248cdc9c90700',
      'f248cdc9c90700',
    ]);
    run.socket.close();
  });

  it('shrinks the same JSON sent twice to a few bytes with context takeover, and not without', async () => {
    const json = JSON.stringify({
      user: 'ann',
      items: Array.from({ length: 20 }, (_, i) => ({ id: i, name: `item ${i}` })),
    });
    const sizes = async (target: string): Promise<number[]> => {
      const run = await opened(target);
      await echo(run, [json, json]);
      run.socket.close();
      return frames(run.trace, Side.client).map((event) => event.frame.payloadLength);
    };
    const [first, second] = await sizes('/deflate');
    expect(first).to.be.below(json.length);
    expect(second).to.be.below(first! / 10);
    const [alone, again] = await sizes('/deflate?client_no_context_takeover=1');
    expect(again).to.equal(alone);
  });

  it('brings back the exact text and bytes, empty messages included', async () => {
    const run = await opened('/deflate');
    const bytes = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7919) % 251);
    const messages = ['', 'héllo ✓ 😀', new Uint8Array(0), bytes, 'a'.repeat(70_000)];
    expect(await echo(run, messages)).to.deep.equal(messages);
    expect(frames(run.trace, Side.client).every((event) => event.frame.rsv1)).to.equal(true);
    // Chromium writes an empty message's payload as the one byte 00 (websocket_deflater.cc), as ws does.
    expect(toHex(frames(run.trace, Side.client)[0]!.frame.payload)).to.equal('00');
    run.socket.close();
  });

  it('compresses the server’s echo only from threshold bytes on, when the server keeps no context', async () => {
    const run = await opened('/deflate?server_no_context_takeover=1&threshold=20');
    expect(await echo(run, ['short', 'long enough to be compressed'])).to.deep.equal([
      'short',
      'long enough to be compressed',
    ]);
    const echoed = frames(run.trace, Side.server);
    expect(echoed.map((event) => event.frame.rsv1)).to.deep.equal([false, true]);
    expect(utf8.decode(echoed[0]!.frame.payload)).to.equal('short');
    run.socket.close();
  });

  it('compresses every server message while the server keeps its context, whatever the threshold, as ws does', async () => {
    const run = await opened('/deflate?threshold=1000');
    await echo(run, ['hi']);
    expect(frames(run.trace, Side.server).map((event) => event.frame.rsv1)).to.deep.equal([true]);
    run.socket.close();
  });

  it('adds the inflated message to the frame that ends each compressed message, both ways', async () => {
    const run = await opened('/deflate?server_no_context_takeover=1&threshold=4');
    await echo(run, ['Hello', 'Hello', 'hi']);
    const inflated = (from: Side): (string | undefined)[] =>
      frames(run.trace, from).map((event) => (event.inflated ? utf8.decode(event.inflated) : undefined));
    expect(inflated(Side.client)).to.deep.equal(['Hello', 'Hello', 'hi']);
    expect(inflated(Side.server)).to.deep.equal(['Hello', 'Hello', undefined]);
    run.socket.close();
  });

  it('crosses uncompressed with decline=1: no header, no extensions, RSV1 clear', async () => {
    const run = await opened('/deflate?decline=1');
    expect(await echo(run, ['Hello'])).to.deep.equal(['Hello']);
    expect(extensionHeader(run.trace)).to.equal(undefined);
    expect(run.socket.extensions).to.equal('');
    const all = [...frames(run.trace, Side.client), ...frames(run.trace, Side.server)];
    expect(all.map((event) => [event.frame.rsv1, utf8.decode(event.frame.payload)])).to.deep.equal([
      [false, 'Hello'],
      [false, 'Hello'],
    ]);
    run.socket.close();
  });

  it('declines on every other path', async () => {
    const run = await opened('/echo');
    expect(extensionHeader(run.trace)).to.equal(undefined);
    expect(run.socket.extensions).to.equal('');
    run.socket.close();
  });

  it('fails the connection on an extension it never offered, and says why in the trace', async () => {
    const { socket, trace } = open('/deflate?unoffered=1');
    const heard: string[] = [];
    socket.addEventListener('open', () => heard.push('open'));
    socket.addEventListener('error', () => heard.push('error'));
    const closed = await once<CloseEvent>(socket, 'close');
    expect(heard).to.deep.equal(['error']);
    expect([closed.code, closed.wasClean]).to.deep.equal([1006, false]);
    expect(extensionHeader(trace)).to.equal('x-webkit-deflate-frame');
    // The server's view of its answer, as the live server reports it, then the browser's reason.
    expect(trace.flatMap((event) => (event.type === 'note' ? [event.text] : []))).to.deep.equal([
      'The server answered Sec-WebSocket-Extensions: x-webkit-deflate-frame, which the client never offered: ' +
        'the client must fail the connection (RFC 6455 §4.1, §9.1).',
      'The browser failed the connection: The server answered with the extension "x-webkit-deflate-frame", ' +
        'which the client did not offer; a client must fail the connection when that happens (RFC 6455 §4.1, §9.1).',
    ]);
    expect(trace.at(-1)).to.include({ type: 'closed', code: 1006, wasClean: false });
    expect(socket.extensions).to.equal('');
  });

  it('refuses a compressed message that inflates past the server’s largest with 1009, as the live server does', async () => {
    const run = await opened('/deflate', { maxMessageBytes: 65_536 });
    const closed = once<CloseEvent>(run.socket, 'close');
    // A megabyte of one letter compresses to about a kilobyte: a bomb, from the server's point of view.
    run.socket.send('a'.repeat(1_000_000));
    const event = await closed;
    expect([event.code, event.wasClean]).to.deep.equal([1009, true]);
    expect(frames(run.trace, Side.client)[0]!.frame.payloadLength).to.be.below(2000);
  });
});

describe('a frame endpoint with permessage-deflate', () => {
  const params = {
    serverNoContextTakeover: false,
    clientNoContextTakeover: false,
    serverMaxWindowBits: 15,
    clientMaxWindowBits: 15,
  };

  /** A server end and a client end wired back to back. */
  function pair(server: FrameDeflate, client: FrameDeflate, clientMax?: number) {
    const received: (string | Uint8Array)[] = [];
    const sent: FrameEvent[] = [];
    const errors: FrameError[] = [];
    const closes: number[] = [];
    const end = (role: Side, deflate: FrameDeflate, write: (bytes: Uint8Array) => void, maxPayload?: number) =>
      new FrameEndpoint({
        role,
        write,
        maxPayload,
        deflate,
        sent: ({ bytes, frame }) => sent.push({ type: 'frame', at: 0, from: role, bytes, frame }),
        on: {
          message: (data) => received.push(data),
          closeFrame: (code) => closes.push(code),
          protocolError: (error) => errors.push(error),
        },
      });
    const serverEnd: FrameEndpoint = end(Side.server, server, (bytes) => clientEnd.receive(bytes));
    const clientEnd: FrameEndpoint = end(Side.client, client, (bytes) => serverEnd.receive(bytes), clientMax);
    return { serverEnd, clientEnd, received, sent, errors, closes };
  }

  it('refuses a bomb from the server with 1009 instead of inflating it', async () => {
    const max = 65_536;
    const { serverEnd, received, errors, closes, sent } = pair(
      await serverDeflate(params, 0),
      await browserDeflate(params, max),
      max,
    );
    serverEnd.sendMessage(new Uint8Array(10_000_000));
    expect(sent[0]!.frame.payloadLength).to.be.below(20_000);
    expect(received).to.deep.equal([]);
    expect(errors.map((error) => [error.code, error.closeCode])).to.deep.equal([['DEFLATE_ERR_TOO_LARGE', 1009]]);
    // The client's close frame carries 1009 (§7.4.1).
    expect(closes).to.deep.equal([1009]);
  });

  it('splits a compressed message into fragments, RSV1 on the first only, and reassembles it', async () => {
    const { serverEnd, received, sent } = pair(await serverDeflate(params, 0), await browserDeflate(params));
    const text = 'fragments of a compressed message '.repeat(20);
    serverEnd.sendMessage(text, 3);
    expect(sent.map((event) => [event.frame.opcode, event.frame.rsv1, event.frame.fin])).to.deep.equal([
      [Opcode.text, true, false],
      [Opcode.continuation, false, false],
      [Opcode.continuation, false, true],
    ]);
    expect(received).to.deep.equal([text]);
  });

  it('fails with 1007 on compressed text that does not inflate to UTF-8', async () => {
    const compressor = await loadCompressor({ windowBits: 15, noContextTakeover: false });
    const { clientEnd, errors, closes } = pair(await serverDeflate(params, 0), await browserDeflate(params));
    const payload = compressor.compress(Uint8Array.of(0xff, 0xfe));
    clientEnd.receive(encodeFrame({ opcode: Opcode.text, rsv1: true, payload }).slice());
    expect(errors.map((error) => error.closeCode)).to.deep.equal([1007]);
    expect(closes).to.deep.equal([1007]);
  });

  it('refuses RSV1 when the extension was not agreed', () => {
    const errors: FrameError[] = [];
    const end = new FrameEndpoint({
      role: Side.client,
      write: () => {},
      sent: () => {},
      on: { message: () => {}, closeFrame: () => {}, protocolError: (error) => errors.push(error) },
    });
    end.receive(encodeFrame({ opcode: Opcode.text, rsv1: true, payload: encodeUtf8('x') }).slice());
    expect(errors.map((error) => [error.code, error.closeCode])).to.deep.equal([['FRAME_ERR_RESERVED_BITS', 1002]]);
  });
});

describe('a live connection with permessage-deflate', () => {
  it('inflates the frames the live server reports, as the simulated wire does', async () => {
    const connection = connect('/deflate', {
      mode: ConnectionMode.live,
      serverUrl: await serverUrl('live-server-url'),
    });
    const { socket, trace } = connection;
    const received: unknown[] = [];
    socket.addEventListener('message', (event) => received.push((event as MessageEvent).data));
    await once(socket, 'open');
    socket.send('Hello');
    socket.send('Hello');
    const ended = (): FrameEvent[] =>
      trace.events.filter(
        (event): event is TimelineEvent & FrameEvent => event.type === 'frame' && event.frame.opcode === Opcode.text,
      );
    await waitUntil(() => ended().length === 4 && received.length === 2, 'both echoes in the trace', { timeout: 5000 });
    expect(socket.extensions).to.equal('permessage-deflate');
    // Each direction in order (both messages may cross before either echo): RSV1, zlib's bytes as the
    // simulated wire's, and the inflated text. The client's are the bytes this Chromium really sent.
    for (const from of [Side.client, Side.server]) {
      expect(
        ended()
          .filter((event) => event.from === from)
          .map((event) => [
            event.frame.rsv1,
            toHex(event.frame.payload),
            event.inflated && utf8.decode(event.inflated),
          ]),
        from,
      ).to.deep.equal([
        [true, 'f248cdc9c90700', 'Hello'],
        [true, 'f200110000', 'Hello'],
      ]);
    }
    socket.close();
    connection.release();
  });

  it('says in the trace why the browser failed a connection on an extension it never offered', async () => {
    const connection = connect('/deflate?unoffered=1', {
      mode: ConnectionMode.live,
      serverUrl: await serverUrl('live-server-url'),
    });
    const closed = await once<CloseEvent>(connection.socket, 'close');
    expect([closed.code, closed.wasClean]).to.deep.equal([1006, false]);
    const browserNote = (): boolean =>
      connection.trace.events.some(
        (event) => event.type === 'note' && event.text.startsWith('The browser failed the connection:'),
      );
    await waitUntil(browserNote, 'the browser’s reason in the trace', { timeout: 5000 });
    connection.release();
  });
});
