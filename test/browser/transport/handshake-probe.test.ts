import { expect, waitUntil } from '@open-wc/testing';
import { createOriginPolicy, decodeUtf8, type TraceEvent } from '../../../src/protocol/index.ts';
import { browserRequestHeaders, newKey } from '../../../src/transport/browser-request.ts';
import { connect } from '../../../src/transport/connect.ts';
import { probeSimulated } from '../../../src/transport/handshake-probe.ts';
import { openInspector } from '../../../src/transport/inspector.ts';
import { ConnectionMode } from '../../../src/transport/mode.ts';
import { serverUrl } from '../helpers/live-servers.ts';

/**
 * The handshake probe on both wires: Simulated, the page's own server answers
 * a request the page builds; Live, the live server reports a handshake
 * another client makes. The same request gets the same verdict and words.
 */

const until = (check: () => boolean, what: string): Promise<void> => waitUntil(check, what, { timeout: 5000 });
const pageOrigin = window.location.origin;
const OFF_LIST = '/cors?allow=https://bank.example';
const REASON = `Origin not allowed by ?allow: ${pageOrigin} is not on the allowlist (https://bank.example)`;

function pageRequest(extra: { origin?: string; cookie?: string } = {}) {
  return browserRequestHeaders({ host: new URL(pageOrigin).host, key: newKey(), ...extra });
}

/** Each event's type and what a reader compares: status, reason, note, frame direction and payload. */
function outline(events: readonly TraceEvent[]): string[] {
  return events.map((event) => {
    switch (event.type) {
      case 'handshake-request':
        return `request ${event.path.replace(/[?&]trace=[0-9a-f]+/, '')}`;
      case 'handshake-response':
        return `response ${event.status} ${event.reason}`;
      case 'note':
        return `note ${event.text}`;
      case 'frame':
        return `frame ${event.from} ${decodeUtf8(event.frame.payload)}`;
      case 'closed':
        return `closed ${event.code}`;
    }
  });
}

describe('the handshake probe, simulated', () => {
  it('refuses an origin the allowlist leaves out, with the server’s reason, and sends no frame', async () => {
    const result = await probeSimulated({
      target: '/echo',
      headers: pageRequest({ origin: 'http://evil.example', cookie: 'session=secret' }),
      policy: createOriginPolicy([pageOrigin]),
      message: 'never sent',
    });
    expect(result.accepted).to.equal(false);
    const reason = `Origin not allowed: http://evil.example is not on the allowlist (${pageOrigin}).`;
    expect(result.reason).to.equal(reason);
    expect(outline(result.events)).to.deep.equal(['request /echo', 'response 403 Forbidden', `note ${reason}`]);
    const request = result.events[0]!;
    // The trace reports a cookie, never its value.
    expect(request.type === 'handshake-request' && request.headers).to.deep.include(['Cookie', '[redacted]']);
  });

  it('lets an allowed origin in and shows the first message and the answer as real frames', async () => {
    const result = await probeSimulated({
      target: '/echo',
      headers: pageRequest({ origin: 'http://evil.example' }),
      policy: createOriginPolicy(['*']),
      message: 'hello',
    });
    expect(result.accepted).to.equal(true);
    expect(outline(result.events)).to.deep.equal([
      'request /echo',
      'response 101 Switching Protocols',
      'frame client hello',
      'frame server hello',
    ]);
    const [client, server] = result.events.slice(2);
    // §5.3: the client masks every frame; the server never does.
    expect(client?.type === 'frame' && client.frame.masked).to.equal(true);
    expect(server?.type === 'frame' && server.frame.masked).to.equal(false);
    expect(client?.type === 'frame' && client.bytes.length).to.equal(2 + 4 + 5);
  });

  it('reaches the page’s one simulated server, the one its connections use', async () => {
    const room = `probe-${newKey().replace(/[^A-Za-z0-9]/g, '')}`;
    const ann = connect(`/chat?room=${room}&name=ann`, {
      mode: ConnectionMode.simulated,
      serverUrl: 'ws://localhost:8080',
    });
    const heard: string[] = [];
    ann.socket.addEventListener('message', (event) => heard.push(String((event as MessageEvent).data)));
    await until(() => heard.length > 0, 'ann is welcomed');
    const result = await probeSimulated({
      target: `/chat?room=${room}&name=bob`,
      headers: pageRequest(),
      policy: undefined,
      message: '{"type":"say","text":"hi from the probe"}',
    });
    expect(result.accepted).to.equal(true);
    const welcome = result.events.find((event) => event.type === 'frame' && event.from === 'server');
    expect(welcome?.type === 'frame' && JSON.parse(decodeUtf8(welcome.frame.payload))).to.include({
      type: 'welcome',
    });
    expect(welcome?.type === 'frame' && JSON.parse(decodeUtf8(welcome.frame.payload)).members).to.include('ann');
    await until(() => heard.some((text) => text.includes('hi from the probe')), 'ann hears bob');
    ann.socket.close();
  });
});

describe('the handshake probe, live', () => {
  it('reports the live server’s view of a handshake another client makes, naming the watch', async () => {
    const live = await serverUrl('live-server-url');
    const events: TraceEvent[] = [];
    const watch = openInspector(live, { onEvent: (event) => events.push(event) });
    expect(await watch.ready).to.equal(true);
    const socket = new WebSocket(`${live}/echo?trace=${watch.id}`);
    socket.addEventListener('open', () => socket.send('hello'));
    await until(() => outline(events).includes('frame server hello'), 'the echo is reported');
    expect(outline(events).slice(0, 4)).to.deep.equal([
      'request /echo',
      'response 101 Switching Protocols',
      'frame client hello',
      'frame server hello',
    ]);
    const request = events[0]!;
    expect(request.type === 'handshake-request' && request.headers).to.deep.include(['Origin', pageOrigin]);
    socket.close();
    watch.close();
  });

  it('gives the same verdict and words as the simulated probe for the same request', async () => {
    const live = await serverUrl('live-server-url');
    const events: TraceEvent[] = [];
    const watch = openInspector(live, { onEvent: (event) => events.push(event) });
    expect(await watch.ready).to.equal(true);
    const socket = new WebSocket(`${live}${OFF_LIST}&trace=${watch.id}`);
    await until(() => events.some((event) => event.type === 'note'), 'the refusal is reported');
    const simulated = await probeSimulated({ target: OFF_LIST, headers: pageRequest(), policy: undefined });
    expect(simulated.reason).to.equal(REASON);
    expect(outline(events)).to.deep.equal(outline(simulated.events));
    expect(outline(events)).to.deep.equal([`request ${OFF_LIST}`, 'response 403 Forbidden', `note ${REASON}`]);
    socket.close();
    watch.close();
  });

  it('ends a watch the server will not hold, and says it never opened', async () => {
    const ended: boolean[] = [];
    const watch = openInspector('ws://127.0.0.1:9', { onEvent: () => {}, onEnd: (opened) => ended.push(opened) });
    expect(await watch.ready).to.equal(false);
    expect(ended).to.deep.equal([false]);
  });
});
