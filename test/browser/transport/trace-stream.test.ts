import { expect } from '@open-wc/testing';
import {
  decodeFrame,
  encodeClosePayload,
  encodeFrame,
  encodeUtf8,
  Opcode,
  Side,
  type FrameFields,
  type TraceEvent,
} from '../../../src/protocol/index.ts';
import { estimateOffset } from '../../../src/transport/clock-sync.ts';
import { TRACE_LIMIT, TraceClock, TraceStream, type TimelineEvent } from '../../../src/transport/trace-stream.ts';

const MASK = new Uint8Array([1, 2, 3, 4]);

function frame(at: number, from: Side, fields: FrameFields): TraceEvent {
  const bytes = encodeFrame(fields);
  return { type: 'frame', at, from, bytes, frame: decodeFrame(bytes)!.frame };
}

const request = (at: number): TraceEvent => ({
  type: 'handshake-request',
  at,
  method: 'GET',
  path: '/echo',
  httpVersion: 'HTTP/1.1',
  headers: [],
});
const response = (at: number, status = 101): TraceEvent => ({
  type: 'handshake-response',
  at,
  status,
  reason: status === 101 ? 'Switching Protocols' : 'Not Found',
  headers: [],
});
const text = (at: number, from: Side, data: string): TraceEvent =>
  frame(at, from, { opcode: Opcode.text, payload: encodeUtf8(data), mask: from === Side.client ? MASK : undefined });
const close = (at: number, from: Side, code: number, reason: string): TraceEvent =>
  frame(at, from, {
    opcode: Opcode.close,
    payload: encodeClosePayload(code, reason),
    mask: from === Side.client ? MASK : undefined,
  });
const ping = (at: number): TraceEvent => frame(at, Side.server, { opcode: Opcode.ping, payload: new Uint8Array() });
const api = (at: number, name: 'open' | 'message' | 'error' | 'close') =>
  ({ type: 'api', at, name, detail: '' }) as const;

/** One line per event: what, and its time on the page's clock. */
function outline(events: readonly TimelineEvent[]): string[] {
  return events.map((event) => {
    const what =
      event.type === 'api'
        ? `page ${event.name}`
        : event.type === 'frame'
          ? `${event.from} ${event.frame.opcode === Opcode.close ? 'close' : event.frame.opcode === Opcode.ping ? 'ping' : 'text'}`
          : event.type;
    return `${what} @${event.at}`;
  });
}

/** A stream whose server clock reads the same as the page's timeline: server time t is page time t. */
function synced(error = 0.5): TraceStream {
  const trace = new TraceStream();
  trace.setClockOffset({ offset: trace.startedAt, error });
  return trace;
}

describe('one timeline for the page’s clock and the server’s', () => {
  it('puts the closing handshake in causal order although the server’s view arrives late', () => {
    const trace = synced();
    // The page sees its own events first; the side channel brings the server's afterwards.
    trace.push(api(43, 'open'));
    trace.push(api(3267, 'close'));
    for (const event of [
      request(40),
      response(41),
      close(3266, Side.client, 4000, 'done reading'),
      close(3268, Side.server, 4000, 'done reading'),
      { type: 'closed', at: 3269, code: 4000, reason: 'done reading', wasClean: true } as const,
    ]) {
      trace.pushServer(event);
    }
    expect(outline(trace.events)).to.deep.equal([
      'handshake-request @40',
      'handshake-response @41',
      'page open @43',
      'client close @3266',
      // Estimated a millisecond after the page's close event, which it caused: it goes first, at the page's time.
      'server close @3267',
      'page close @3267',
      'closed @3269',
    ]);
  });

  it('puts a refused handshake’s response before the error and close events it caused', () => {
    const trace = synced();
    trace.push(api(7, 'error'));
    trace.push(api(7, 'close'));
    trace.pushServer(request(5));
    trace.pushServer(response(8, 404));
    trace.pushServer({ type: 'note', at: 8, text: 'no WebSocket endpoint at /nowhere' });
    expect(outline(trace.events)).to.deep.equal([
      'handshake-request @5',
      'handshake-response @7',
      'page error @7',
      'page close @7',
      'note @8',
    ]);
  });

  it('puts a ticker frame before the message event it carried, with the delay the page measured', () => {
    const trace = synced();
    trace.pushServer(request(0));
    trace.pushServer(response(1));
    trace.push(api(2, 'open'));
    trace.push(api(1005, 'message'));
    trace.pushServer(text(1004, Side.server, '{"tick":1}'));
    trace.push(api(2005, 'message'));
    trace.pushServer(text(2006, Side.server, '{"tick":2}'));
    expect(outline(trace.events)).to.deep.equal([
      'handshake-request @0',
      'handshake-response @1',
      'page open @2',
      'server text @1004',
      'page message @1005',
      'server text @2005',
      'page message @2005',
    ]);
  });

  it('places the server’s events again when the clock offset is measured after they came', () => {
    const trace = new TraceStream();
    trace.push(api(50, 'open'));
    trace.push(api(60, 'message'));
    trace.pushServer(request(10_000));
    trace.pushServer(response(10_001));
    trace.pushServer(text(10_012, Side.server, 'hi'));
    // Until the offset is known the server's first event stands at zero: a guess, and here a poor one.
    expect(outline(trace.events).indexOf('server text @12')).to.equal(2);
    // The server's clock reads 9955 ms more than the timeline: its 10000 is the page's 45.
    trace.setClockOffset({ offset: trace.startedAt - 9955, error: 0.2 });
    expect(outline(trace.events)).to.deep.equal([
      'handshake-request @45',
      'handshake-response @46',
      'page open @50',
      'server text @57',
      'page message @60',
    ]);
    expect(trace.events.map((event) => [event.clock, event.clockError])).to.deep.equal([
      [TraceClock.server, 0.2],
      [TraceClock.server, 0.2],
      [TraceClock.page, undefined],
      [TraceClock.server, 0.2],
      [TraceClock.page, undefined],
    ]);
  });

  it('keeps the server’s own order when a cause arrives after a later page event', () => {
    const trace = synced();
    trace.pushServer(request(0));
    trace.pushServer(response(1));
    trace.push(api(2, 'open'));
    trace.push(api(10, 'message'));
    trace.push(api(11, 'close'));
    // Sent before the message, estimated after it; then the message's frame, which must precede the message event.
    trace.pushServer(ping(10.4));
    trace.pushServer(text(10.6, Side.server, 'hi'));
    expect(outline(trace.events)).to.deep.equal([
      'handshake-request @0',
      'handshake-response @1',
      'page open @2',
      'server ping @10',
      'server text @10',
      'page message @10',
      'page close @11',
    ]);
  });

  it('keeps a simulated trace, all on the page’s clock, in the order it happened', () => {
    const trace = new TraceStream();
    const events = [request(0), response(0), api(0, 'open'), text(3, Side.client, 'a'), text(3, Side.server, 'a')];
    for (const event of events) trace.push(event);
    trace.push(api(3, 'message'));
    expect(outline(trace.events)).to.deep.equal([
      'handshake-request @0',
      'handshake-response @0',
      'page open @0',
      'client text @3',
      'server text @3',
      'page message @3',
    ]);
    expect(trace.events.every((event) => event.clock === TraceClock.page)).to.equal(true);
  });

  it('keeps the newest events past its limit', () => {
    const trace = synced();
    for (let i = 0; i < TRACE_LIMIT + 5; i++) {
      trace.pushServer(text(i, Side.server, String(i)));
      trace.push(api(i + 0.5, 'message'));
    }
    expect(trace.events).to.have.length(TRACE_LIMIT);
    expect(trace.events.at(-1)!.type).to.equal('api');
  });
});

describe('the clock offset', () => {
  it('comes from the probe with the shortest round trip, wrong by at most half of it', () => {
    const offset = estimateOffset([
      { sent: 100, server: 5000, received: 110 },
      { sent: 200, server: 5101, received: 202 },
      { sent: 300, server: 5210, received: 306 },
    ]);
    expect(offset).to.deep.equal({ offset: 201 - 5101, error: 1 });
    expect(estimateOffset([])).to.equal(undefined);
  });
});
