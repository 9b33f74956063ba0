import { expect, waitUntil } from '@open-wc/testing';
import { eventSourceRequest, thisPage } from '../../../src/lessons/what-are-websockets/race-bytes.ts';
import type { StreamOpening } from '../../../src/service/sse-text.ts';
import { httpUrl } from '../../../src/transport/endpoint-url.ts';
import { createEventStreamParser, type ParsedEvent } from '../../../src/transport/event-source-parser.ts';
import { EventSourceState, SimulatedEventSource } from '../../../src/transport/event-source-simulated.ts';
import { openEventSource, streamRefusal, type PageEventSource } from '../../../src/transport/event-source.ts';
import { ConnectionMode } from '../../../src/transport/mode.ts';
import { serverUrl } from '../helpers/live-servers.ts';

/**
 * The page's EventSource stand-in against the browser's own (WHATWG HTML
 * §9.2): the parser, the stand-in's processing model, the same scenario on
 * both wires, and Chromium's limit of six connections per host.
 */

const WAIT = { timeout: 8000 };

function parse(...pieces: string[]): { events: ParsedEvent[]; retries: number[]; lastEventId: string } {
  const events: ParsedEvent[] = [];
  const retries: number[] = [];
  const parser = createEventStreamParser('', { event: (event) => events.push(event), retry: (ms) => retries.push(ms) });
  for (const piece of pieces) parser.push(piece);
  return { events, retries, lastEventId: parser.lastEventId };
}

describe('reading an event stream as a browser does (HTML §9.2.5, §9.2.6)', () => {
  it('splits lines at CRLF, LF or CR, even a CRLF cut between two pieces', () => {
    const { events } = parse('data: a\r\n\r', '\ndata: b\r\rdata: c\n', '\n');
    expect(events.map((event) => event.data)).to.deep.equal(['a', 'b', 'c']);
  });

  it('joins data lines, skips comments, strips one space and one byte order mark', () => {
    const { events } = parse('\ufeff: a comment\ndata:  two\ndata:lines\n\n');
    expect(events).to.deep.equal([{ type: 'message', data: ' two\nlines', lastEventId: '' }]);
  });

  it('names the event by its event: field, and keeps the last id from one event to the next', () => {
    const { events, lastEventId } = parse('event: stream\nid: 7\ndata: x\n\ndata: y\n\nid: 8\n\n');
    expect(events).to.deep.equal([
      { type: 'stream', data: 'x', lastEventId: '7' },
      { type: 'message', data: 'y', lastEventId: '7' },
    ]);
    expect(lastEventId, 'an event with no data still sets the last id').to.equal('8');
  });

  it('takes retry: only in digits, ignores an id with a NUL, and drops an event the stream ends inside', () => {
    const { events, retries } = parse('retry: 1500\nretry: soon\nid: a\0b\ndata: z\n\ndata: cut');
    expect(retries).to.deep.equal([1500]);
    expect(events).to.deep.equal([{ type: 'message', data: 'z', lastEventId: '' }]);
  });
});

/** Everything a source dispatched, as `type data lastEventId` lines, and the openings parsed. */
function record(source: PageEventSource) {
  const seen: { type: string; data: string; lastEventId: string; state: number }[] = [];
  const push = (event: Event): void => {
    const message = event as MessageEvent<string>;
    seen.push({
      type: event.type,
      data: message.data ?? '',
      lastEventId: message.lastEventId ?? '',
      state: source.readyState,
    });
  };
  for (const type of ['open', 'message', 'stream', 'error']) source.addEventListener(type, push);
  const openings = (): StreamOpening[] =>
    seen.filter((event) => event.type === 'stream').map((event) => JSON.parse(event.data) as StreamOpening);
  return { seen, openings };
}

/**
 * One scenario's events with what must differ between two servers blanked:
 * the feed's own numbers (each server's feed started at its own time), kept
 * relative to the first tick.
 */
function normalise(seen: ReturnType<typeof record>['seen']): string[] {
  const first = seen.find((event) => event.type === 'message');
  const base = first ? Number(first.lastEventId) : 0;
  const relative = (id: string): string => (id === '' ? '' : `#${Number(id) - base}`);
  return seen.map((event) => {
    if (event.type === 'stream') {
      const { type, lastEventId, replayed, missed, resume } = JSON.parse(event.data) as StreamOpening;
      const named = lastEventId === null ? 'none' : relative(lastEventId);
      // How many ticks a reconnection finds waiting depends on timing: present, not counted.
      const waiting = replayed > 0 ? 'some' : 'none';
      return `stream ${type} last=${named} replayed=${waiting} missed=${missed} ${resume.replace(/\d+/g, '#')}`;
    }
    if (event.type === 'message') {
      const tick = JSON.parse(event.data) as { type: string; topic: string; seq: number };
      return `message ${relative(event.lastEventId)} ${tick.type} ${tick.topic} seq=${relative(String(tick.seq))}`;
    }
    return `${event.type} state=${event.state}`;
  });
}

describe('the simulated EventSource', () => {
  const url = (query: string): string => `http://localhost:8080/sse?${query}`;
  const requestBytes = (lastEventId: string): number => 400 + lastEventId.length;

  it('opens, then dispatches the opening and each tick with its seq as the last event id', async () => {
    const source = new SimulatedEventSource(url('topic=prices&every=50'), { requestBytes });
    expect(source.readyState).to.equal(EventSourceState.connecting);
    const { seen, openings } = record(source);
    await waitUntil(() => seen.filter((event) => event.type === 'message').length >= 3, 'three ticks', WAIT);
    source.close();
    expect(seen[0]).to.include({ type: 'open', state: EventSourceState.open });
    expect(openings()[0]).to.include({ requestBytes: 400, lastEventId: null, replayed: 0 });
    const ticks = seen.filter((event) => event.type === 'message');
    for (const tick of ticks) expect(tick.lastEventId).to.equal(String(JSON.parse(tick.data).seq));
    const count = seen.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen.length, 'nothing after close()').to.equal(count);
    expect(source.readyState).to.equal(EventSourceState.closed);
  });

  it('fails for good on a refusal, as a browser does on any status but 200, and keeps the reason', async () => {
    const source = new SimulatedEventSource(url('topic=weather'), { requestBytes });
    const { seen } = record(source);
    await waitUntil(() => seen.length > 0, 'the error', WAIT);
    expect(seen).to.deep.equal([{ type: 'error', data: '', lastEventId: '', state: EventSourceState.closed }]);
    expect(await streamRefusal(source)).to.deep.equal({
      status: 400,
      message: 'topic must be one of scores, prices; got "weather"',
    });
  });
});

describe('the same stream on both wires', () => {
  it('cut after two updates: the same events, the same resume, the same sizes', async () => {
    const live = await serverUrl('live-server-url');
    const runs: Record<string, { lines: string[]; openings: StreamOpening[]; url: URL }> = {};
    for (const mode of [ConnectionMode.simulated, ConnectionMode.live]) {
      const url = new URL(httpUrl(live, '/sse?topic=scores&every=200&events=2'));
      const source = openEventSource(url.href, {
        mode,
        requestBytes: (lastEventId) => eventSourceRequest(url, thisPage(), lastEventId).bytes,
      });
      const { seen, openings } = record(source);
      const ticks = (): number => seen.filter((event) => event.type === 'message').length;
      await waitUntil(() => openings().length >= 2 && ticks() >= 4, `${mode}: resumed`, WAIT);
      source.close();
      runs[mode] = { lines: normalise(seen).slice(0, 9), openings: openings(), url };
    }
    const simulated = runs[ConnectionMode.simulated]!;
    const real = runs[ConnectionMode.live]!;
    expect(simulated.lines).to.deep.equal(real.lines);
    expect(real.lines).to.deep.equal([
      'open state=1',
      'stream stream last=none replayed=none missed=0 a new stream: from the next tick',
      'message #0 tick scores seq=#0',
      'message #1 tick scores seq=#1',
      'error state=0',
      'open state=1',
      // The browser named the last id it had, and the server replays from the next: none lost, none twice.
      'stream stream last=#1 replayed=some missed=0 resumed after #: # replayed',
      'message #2 tick scores seq=#2',
      'message #3 tick scores seq=#3',
    ]);
    // The sizes each server reports of its own head, and of the request the browser sent or would send.
    expect(simulated.openings.map((opening) => opening.headBytes)).to.deep.equal(
      real.openings.map((opening) => opening.headBytes),
    );
    const [first, second] = real.openings;
    expect(first!.requestBytes, 'the request Chromium sent').to.equal(
      eventSourceRequest(real.url, thisPage(), '').bytes,
    );
    expect(second!.requestBytes, 'the reconnection, with Last-Event-ID').to.equal(
      eventSourceRequest(real.url, thisPage(), second!.lastEventId!).bytes,
    );
  });
});

describe('Chromium’s HTTP/1.1 connections to one host', () => {
  it('keeps a seventh event stream waiting until one of six closes', async () => {
    const url = httpUrl(await serverUrl('live-server-url'), '/sse?topic=prices&every=1000');
    const sources = Array.from({ length: 7 }, () => new EventSource(url));
    try {
      const opened = sources.map(() => false);
      sources.forEach((source, index) => source.addEventListener('open', () => (opened[index] = true)));
      await waitUntil(() => opened.filter(Boolean).length >= 6, 'six streams open', WAIT);
      // Long enough for a seventh connection to open if one were allowed; the server answers at once.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(opened.filter(Boolean).length, 'streams open at once').to.equal(6);
      const waiting = opened.indexOf(false);
      sources[opened.indexOf(true)]!.close();
      await waitUntil(() => opened[waiting], 'the seventh opens once one closes', WAIT);
    } finally {
      for (const source of sources) source.close();
    }
  });
});
