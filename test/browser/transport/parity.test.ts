import { expect, waitUntil } from '@open-wc/testing';
import { toHex, opcodeName } from '../../../src/protocol/index.ts';
import { connect, type Connection } from '../../../src/transport/connect.ts';
import { ConnectionMode } from '../../../src/transport/mode.ts';
import type { PageTraceEvent } from '../../../src/transport/trace-stream.ts';
import { serverUrl } from '../helpers/live-servers.ts';
import { KNOWN_REQUEST_DIFFERENCES } from '../helpers/known-differences.ts';

/**
 * The same scenarios on both wires: after normalising what must differ (keys,
 * masks, times, trace ids), the traces must match event for event.
 */

interface Scenario {
  readonly name: string;
  readonly target: (room: string) => string;
  readonly binaryType?: BinaryType;
  readonly protocols?: readonly string[];
  /** Drives the connection; resolves when the scenario has done its part. */
  run(connection: Connection, received: () => unknown[]): Promise<void>;
  /** How many connections the scenario needs at once (the first one is compared). */
  readonly peers?: number;
}

/** Expires every cookie this page can see: the simulated wire has no cookie jar to match them. */
function forgetCookies(): void {
  for (const cookie of document.cookie.split(';')) {
    const name = cookie.split('=')[0]!.trim();
    if (name !== '') document.cookie = `${name}=; Max-Age=0; Path=/`;
  }
}

const until = (check: () => boolean, what: string): Promise<void> => waitUntil(check, what, { timeout: 5000 });
const opened = (connection: Connection): Promise<void> =>
  until(() => connection.socket.readyState === WebSocket.OPEN, 'the connection opens');

/** A JSON payload with its clock readings blanked, so two runs compare. */
function normaliseText(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), (key, value: unknown) =>
      ['at', 'sentAt', 'rttMs'].includes(key) ? '#' : value,
    );
  } catch {
    return text;
  }
}

/** One line per wire event, without what must differ between runs. */
function normalise(event: PageTraceEvent): string {
  switch (event.type) {
    case 'handshake-request':
      return `request ${event.method} ${event.path.replace(/[?&]trace=[^&]*/, '')} ${event.httpVersion}`;
    case 'handshake-response': {
      const names = event.headers.map(([name, value]) =>
        name.toLowerCase() === 'sec-websocket-accept' ? `${name}: #` : `${name}: ${value}`,
      );
      return `response ${event.status} ${event.reason} [${names.join('; ')}]`;
    }
    case 'frame': {
      const { frame } = event;
      const head = `${event.from} ${opcodeName(frame.opcode)} fin=${frame.fin} rsv1=${frame.rsv1} masked=${frame.masked}`;
      if (frame.rsv1 || event.inflated || event.inflateError) {
        // A compressed message: the server's bytes come from zlib on both wires (ws; pako, a port of zlib), so
        // they must match byte for byte; the browser's deflater may choose other matches (docs/fidelity.md).
        const bytes = event.from === 'server' ? ` ${toHex(frame.payload)}` : '';
        const inflated = event.inflated
          ? new TextDecoder().decode(event.inflated)
          : `(${event.inflateError ?? 'more'})`;
        return `${head}${bytes} inflated ${inflated}`;
      }
      const text = frame.opcode === 1 && frame.fin ? normaliseText(new TextDecoder().decode(frame.payload)) : undefined;
      return `${head} ${text ?? toHex(frame.payload)}`;
    }
    case 'closed':
      return `closed ${event.code} "${event.reason}" clean=${event.wasClean}`;
    case 'note':
      return `note ${event.text}`;
    case 'api':
      // A message's detail quotes its JSON: blank the clock readings there too, and the size they change.
      return `api ${event.name} ${event.detail.replace(/\\?"(at|sentAt|rttMs)\\?":\d+/g, '"$1":#').replace(/\(\d+ bytes\)/, '(# bytes)')}`;
  }
}

/**
 * The page events of a timeline listed before what caused them: the open and
 * a refusal's error and close before the response, the n-th message event
 * before the frame that ended the n-th message, the close event before the
 * server's close frame. Times out of order are listed too.
 */
function effectsBeforeCauses(events: readonly PageTraceEvent[]): string[] {
  const problems: string[] = [];
  let response = false;
  let opened = false;
  let serverMessages = 0;
  let pageMessages = 0;
  let serverClose = false;
  const closeFrameSent = events.some(
    (event) => event.type === 'frame' && event.from === 'server' && event.frame.opcode === 8,
  );
  events.forEach((event, index) => {
    if (index > 0 && event.at < events[index - 1]!.at)
      problems.push(`${normalise(event)} at ${event.at}: time goes back`);
    if (event.type === 'handshake-response') response = true;
    if (event.type === 'frame' && event.from === 'server') {
      if (event.frame.opcode === 8) serverClose = true;
      else if (event.frame.opcode < 8 && event.frame.fin) serverMessages++;
    }
    if (event.type !== 'api') return;
    const before = (cause: string): void => {
      problems.push(`${normalise(event)} before ${cause}`);
    };
    if (event.name === 'open') {
      opened = true;
      if (!response) before('the response');
    } else if (event.name === 'message') {
      pageMessages++;
      if (pageMessages > serverMessages) before(`the frame that ended message ${pageMessages}`);
    } else if (!opened && !response) {
      before('the response');
    } else if (event.name === 'close' && opened && closeFrameSent && !serverClose) {
      before('the server’s close frame');
    }
  });
  return problems;
}

async function runScenario(scenario: Scenario, mode: ConnectionMode, base: string, room: string) {
  const connections = Array.from({ length: scenario.peers ?? 1 }, () => {
    const connection = connect(scenario.target(room), { mode, serverUrl: base, protocols: scenario.protocols });
    if (scenario.binaryType) connection.socket.binaryType = scenario.binaryType;
    return connection;
  });
  const [first] = connections;
  const received: unknown[] = [];
  first!.socket.addEventListener('message', (event) => received.push((event as MessageEvent).data));
  await scenario.run(first!, () => received);
  // What the page was told was agreed, read while the connection is open or just after.
  const extensions = first!.socket.extensions;
  await until(() => first!.socket.readyState === WebSocket.CLOSED, `${scenario.name}: the connection closes`);
  // The live server's last events travel on the side channel: wait for its view of the close.
  await until(
    () => first!.trace.events.some((event) => event.type === 'closed' || event.type === 'note'),
    `${scenario.name}: the server reports the end`,
  );
  for (const other of connections.slice(1)) other.socket.close();
  const events = first!.trace.events;
  return {
    request: events.find((event) => event.type === 'handshake-request'),
    wire: events
      .filter((event) => event.type !== 'api' && event.type !== 'handshake-request')
      .map(normalise)
      // The servers' heartbeat (an empty ping, and its pong) comes on its own clock, on a busy machine even during a
      // short scenario: it is not part of any story told here (the scenarios' own pings carry a payload).
      .filter((line) => !/^(server ping|client pong) .* $/.test(line)),
    api: events.filter((event) => event.type === 'api').map(normalise),
    misordered: effectsBeforeCauses(events),
    received,
    extensions,
  };
}

async function echoOnce(connection: Connection, received: () => unknown[], data: string | Uint8Array) {
  await opened(connection);
  connection.socket.send(data);
  await until(() => received().length === 1, 'the echo');
  connection.socket.close(1000, 'done');
}

async function echoTwice(connection: Connection, received: () => unknown[], text: string) {
  await opened(connection);
  connection.socket.send(text);
  await until(() => received().length === 1, 'the first echo');
  connection.socket.send(text);
  await until(() => received().length === 2, 'the second echo');
  connection.socket.close(1000, 'done');
}

const scenarios: Scenario[] = [
  {
    name: 'echo text',
    target: () => '/echo',
    run: (connection, received) => echoOnce(connection, received, 'héllo'),
  },
  {
    name: 'echo binary as an ArrayBuffer',
    target: () => '/echo',
    binaryType: 'arraybuffer',
    run: (connection, received) => echoOnce(connection, received, new Uint8Array([0, 1, 254, 255])),
  },
  {
    name: 'echo binary as a Blob',
    target: () => '/echo',
    binaryType: 'blob',
    run: (connection, received) => echoOnce(connection, received, new Uint8Array([7, 8, 9])),
  },
  {
    name: 'a subprotocol chosen by the server from the client’s offer',
    target: () => '/echo',
    protocols: ['v1.echo.playground', 'v2.echo.playground', 'v9.unknown'],
    async run(connection, received) {
      await echoOnce(connection, received, 'which one?');
      expect(connection.socket.protocol).to.equal('v2.echo.playground');
    },
  },
  {
    name: 'a subprotocol offer the server speaks none of: the browser fails the connection',
    target: () => '/echo',
    protocols: ['v9.unknown'],
    run: async () => {},
  },
  {
    name: 'a message fragmented by the server',
    target: () => '/fragments?parts=3',
    run: (connection, received) => echoOnce(connection, received, 'abcdefgh'),
  },
  {
    name: 'pings answered by the browser',
    target: () => '/ping?every=100',
    async run(connection, received) {
      await opened(connection);
      await until(() => received().length === 2, 'two pong reports');
      connection.socket.close(1000);
    },
  },
  {
    name: 'a server close with 4000 and a reason',
    target: () => '/close?code=4000&reason=enough&after=50',
    run: (connection) => opened(connection),
  },
  {
    name: 'a client close with 1000',
    target: () => '/echo',
    async run(connection) {
      await opened(connection);
      connection.socket.close(1000, 'bye');
    },
  },
  {
    name: 'an abrupt drop',
    target: () => '/close?abrupt=1&after=50',
    run: (connection) => opened(connection),
  },
  {
    name: 'permessage-deflate: text compressed both ways, RSV1 on each message',
    target: () => '/deflate',
    run: (connection, received) => echoOnce(connection, received, 'héllo héllo héllo héllo'),
  },
  {
    name: 'permessage-deflate: binary compressed both ways',
    target: () => '/deflate',
    binaryType: 'arraybuffer',
    run: (connection, received) => echoOnce(connection, received, new Uint8Array(64).fill(7)),
  },
  {
    name: 'permessage-deflate: the same JSON twice, the second copying from the first',
    target: () => '/deflate',
    run: (connection, received) => echoTwice(connection, received, '{"type":"price","symbol":"ACME","value":101.5}'),
  },
  {
    name: 'permessage-deflate with no context takeover and 10-bit windows',
    target: () =>
      '/deflate?server_no_context_takeover=1&client_no_context_takeover=1&server_max_window_bits=10&client_max_window_bits=10',
    run: (connection, received) => echoTwice(connection, received, '{"type":"price","symbol":"ACME","value":101.5}'),
  },
  {
    name: 'permessage-deflate: a message under the server’s threshold comes back uncompressed',
    target: () => '/deflate?threshold=16',
    run: (connection, received) => echoOnce(connection, received, 'hi'),
  },
  {
    name: 'permessage-deflate declined by the server',
    target: () => '/deflate?decline=1',
    run: (connection, received) => echoOnce(connection, received, 'plain'),
  },
  {
    name: 'an extension the browser did not offer: the browser fails the connection',
    target: () => '/deflate?unoffered=1',
    run: async () => {},
  },
  {
    name: 'an Origin refused by /cors',
    target: () => '/cors?allow=https://only.example',
    run: async () => {},
  },
  {
    name: 'a chat between two clients',
    target: (room) => `/chat?room=${room}&name=ann`,
    peers: 2,
    async run(connection, received) {
      await opened(connection);
      await until(() => received().length >= 2, 'the welcome and the second member joining');
      connection.socket.send(JSON.stringify({ type: 'say', text: 'hi <b>all</b>' }));
      await until(() => received().length >= 3, 'the message comes back');
      connection.socket.close(1000);
    },
  },
];

describe('the two wires', () => {
  let live: string;
  before(async () => {
    live = await serverUrl('live-server-url');
    // A cookie left by another test (the CORS lesson sets one) would travel with live handshakes only.
    forgetCookies();
  });

  for (const scenario of scenarios) {
    it(`tell the same story: ${scenario.name}`, async () => {
      const room = `parity-${Math.random().toString(36).slice(2)}`;
      const simulated = await runScenario(scenario, ConnectionMode.simulated, live, room);
      const real = await runScenario(scenario, ConnectionMode.live, live, `${room}-live`);
      expect(simulated.wire).to.deep.equal(real.wire.map((line) => line.replace(`${room}-live`, room)));
      expect(simulated.api).to.deep.equal(real.api.map((line) => line.replace(`${room}-live`, room)));
      expect(simulated.extensions, 'socket.extensions').to.equal(real.extensions);
      // One timeline each, and on both every effect after its cause (events that neither causes may interleave).
      expect(simulated.misordered, 'simulated: effects before their causes').to.deep.equal([]);
      expect(real.misordered, 'live: effects before their causes').to.deep.equal([]);
      const shown = (data: unknown): string => (typeof data === 'string' ? normaliseText(data) : String(data));
      expect(simulated.received.map(shown)).to.deep.equal(
        real.received.map((data) => shown(data).replace(`${room}-live`, room)),
      );
      // The request: the same header names, but for the known differences (docs/fidelity.md).
      const names = (event: PageTraceEvent | undefined) =>
        event?.type === 'handshake-request' ? event.headers.map(([name]) => name.toLowerCase()) : [];
      // Same names in the same order: the simulated request is written the way Chromium writes it.
      expect(names(simulated.request)).to.deep.equal(names(real.request));
      const onlySimulated = names(simulated.request).filter((name) => !names(real.request).includes(name));
      const onlyLive = names(real.request).filter((name) => !names(simulated.request).includes(name));
      // And the same values, but for the key (random by design) and the known differences.
      const values = (event: PageTraceEvent | undefined) =>
        new Map(
          event?.type === 'handshake-request' ? event.headers.map(([name, value]) => [name.toLowerCase(), value]) : [],
        );
      const liveValues = values(real.request);
      const differing = [...values(simulated.request)]
        .filter(([name, value]) => name !== 'sec-websocket-key' && liveValues.get(name) !== value)
        .map(([name]) => name);
      expect({ onlySimulated, onlyLive, differing }).to.deep.equal(KNOWN_REQUEST_DIFFERENCES);
    });
  }
});

describe('one timeline on both wires', () => {
  it('puts each ticker frame before the message event it carried, and the close in order', async () => {
    const live = await serverUrl('live-server-url');
    for (const mode of [ConnectionMode.simulated, ConnectionMode.live]) {
      const connection = connect('/ticker?topic=prices&every=50', { mode, serverUrl: live });
      let ticks = 0;
      connection.socket.addEventListener('message', () => ticks++);
      await opened(connection);
      await until(() => ticks >= 3, `${mode}: three ticks`);
      connection.socket.close(1000, 'enough ticks');
      await until(() => connection.trace.events.some((event) => event.type === 'closed'), `${mode}: the server's end`);
      const { events } = connection.trace;
      expect(effectsBeforeCauses(events), mode).to.deep.equal([]);
      const names = events.map((event) =>
        event.type === 'api'
          ? `page ${event.name}`
          : event.type === 'frame'
            ? `${event.from} ${event.frame.opcode}`
            : '',
      );
      expect(names.indexOf('page close'), `${mode}: the close event after the close frames`).to.be.greaterThan(
        Math.max(names.indexOf('client 8'), names.indexOf('server 8')),
      );
      connection.release();
    }
  });
});
