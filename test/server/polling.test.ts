import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { startPlaygroundServer, type PlaygroundServer } from '../../server/playground-server.ts';
import type { TickMessage } from '../../src/service/json-messages.ts';

const PAGE_ORIGIN = 'http://localhost:5173';

interface Exchange {
  readonly status: number;
  readonly headers: Map<string, string>;
  readonly body: string;
  /** Every byte the server wrote for the response, head and body. */
  readonly bytes: number;
  /** The response head as written. */
  readonly head: string;
}

/** Sends one request head over raw TCP (Connection: close) and reads the whole answer. */
function exchange(port: number, head: string): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.write(head));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.once('error', reject);
    socket.once('end', () => {
      const raw = Buffer.concat(chunks);
      const text = raw.toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const [statusLine = '', ...lines] = text.slice(0, split).split('\r\n');
      const headers = new Map(
        lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 2)]),
      );
      resolve({
        status: Number(statusLine.split(' ')[1]),
        headers,
        body: raw.subarray(Buffer.byteLength(text.slice(0, split + 4), 'latin1')).toString('utf8'),
        bytes: raw.length,
        head: text.slice(0, split + 4),
      });
    });
  });
}

function get(port: number, target: string, extra: string[] = []): { head: string; answer: Promise<Exchange> } {
  const head = [
    `GET ${target} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    'Accept: */*',
    `Origin: ${PAGE_ORIGIN}`,
    ...extra,
    'Connection: close',
    '',
    '',
  ].join('\r\n');
  return { head, answer: exchange(port, head) };
}

describe('GET /poll on the live server', () => {
  let server: PlaygroundServer;
  before(async () => {
    server = await startPlaygroundServer({ port: 0, logger: () => {} });
  });
  after(() => server.close());

  it('returns the ticks after since as JSON, each with the time it happened', async () => {
    const first = await get(server.port, '/poll?topic=prices&every=50').answer;
    assert.equal(first.status, 200);
    const start = JSON.parse(first.body) as { ticks: TickMessage[]; last: number };
    assert.deepEqual(start.ticks, []);
    await new Promise((resolve) => setTimeout(resolve, 220));
    const { answer } = get(server.port, `/poll?topic=prices&every=50&since=${start.last}`);
    const next = JSON.parse((await answer).body) as { ticks: TickMessage[]; last: number };
    const asked = Date.now();
    assert.ok(next.ticks.length >= 3, `ticks arrived: ${next.ticks.length}`);
    assert.deepEqual(
      next.ticks.map((tick) => tick.seq),
      Array.from({ length: next.ticks.length }, (_, i) => start.last + 1 + i),
    );
    assert.equal(next.last, next.ticks.at(-1)!.seq);
    for (const tick of next.ticks) {
      assert.equal(tick.type, 'tick');
      assert.equal(tick.topic, 'prices');
      assert.ok(tick.sentAt <= asked, 'a tick is served only once it has happened');
      assert.ok('symbol' in tick.data && typeof tick.data.price === 'number');
    }
    const gaps = next.ticks.slice(1).map((tick, i) => tick.sentAt - next.ticks[i]!.sentAt);
    assert.deepEqual(new Set(gaps), new Set([50]));
  });

  it('lets any page read it, its sizes and its timing (CORS and Timing-Allow-Origin)', async () => {
    const { headers } = await get(server.port, '/poll?topic=scores&since=0').answer;
    assert.equal(headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(headers.get('cache-control'), 'no-store');
    assert.equal(headers.get('access-control-allow-origin'), '*');
    assert.equal(headers.get('timing-allow-origin'), '*');
    assert.equal(headers.get('access-control-expose-headers'), 'X-Request-Bytes, X-Response-Bytes');
  });

  it('reports the exact size of the request it received and of the response it wrote', async () => {
    for (const extra of [[], ['User-Agent: a-test-client/1.0', 'Accept-Language: en-GB,en;q=0.9']]) {
      const { head, answer } = get(server.port, '/poll?topic=prices&every=100&since=0', extra);
      const { headers, bytes } = await answer;
      assert.equal(headers.get('x-request-bytes'), String(Buffer.byteLength(head)));
      assert.equal(headers.get('x-response-bytes'), String(bytes));
      assert.equal(headers.get('connection'), 'close');
    }
  });

  it('writes only the headers the service built: one Date, no Keep-Alive, no chunking', async () => {
    const { headers, head } = await get(server.port, '/poll?topic=prices').answer;
    assert.match(headers.get('date') ?? '', /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    assert.equal(head.match(/^Date:/gm)?.length, 1);
    assert.equal(head.match(/^Connection:/gm)?.length, 1);
    assert.equal(headers.has('keep-alive'), false);
    assert.equal(headers.has('transfer-encoding'), false);
  });

  it('keeps the connection for the next poll, and still reports exact sizes', async () => {
    const socket = connect(server.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let received = Buffer.alloc(0);
    socket.on('data', (chunk) => (received = Buffer.concat([received, chunk])));
    const head = `GET /poll?topic=prices HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`;
    socket.write(head);
    socket.write(head);
    for (let i = 0; i < 200 && (received.toString().match(/HTTP\/1\.1 200/g) ?? []).length < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    socket.destroy();
    const text = received.toString('latin1');
    const second = text.indexOf('HTTP/1.1', 1);
    assert.ok(second > 0, 'two answers on one connection');
    const sizes = [...text.matchAll(/X-Response-Bytes: (\d+)/g)].map((match) => Number(match[1]));
    assert.deepEqual(sizes, [second, text.length - second]);
    assert.match(text, /Connection: keep-alive/);
  });

  it('refuses a bad query with 400 and a JSON reason, still readable from another origin', async () => {
    const { status, headers, body } = await get(server.port, '/poll?topic=prices&every=5').answer;
    assert.equal(status, 400);
    assert.equal(headers.get('access-control-allow-origin'), '*');
    assert.deepEqual(JSON.parse(body), {
      type: 'error',
      message: 'every must be a whole number of milliseconds from 50 to 60000; got 5',
    });
  });

  it('answers a POST with 405 and Allow: GET', async () => {
    const head = `POST /poll?topic=prices HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`;
    const { status, headers } = await exchange(server.port, head);
    assert.equal(status, 405);
    assert.equal(headers.get('allow'), 'GET');
  });

  it('holds a long poll until the next tick and answers with it, sizes exact', async () => {
    const asked = Date.now();
    // No cursor: the server holds the poll for the next tick after it arrived.
    const { head, answer } = get(server.port, '/poll?topic=prices&every=300&wait=1');
    const { status, headers, body, bytes } = await answer;
    assert.equal(status, 200);
    const polled = JSON.parse(body) as { ticks: TickMessage[]; last: number };
    assert.equal(polled.ticks.length, 1);
    assert.equal(polled.last, polled.ticks[0]!.seq);
    assert.ok(polled.ticks[0]!.sentAt > asked, 'answered with a tick that happened after the request left');
    assert.equal(headers.get('x-request-bytes'), String(Buffer.byteLength(head)));
    assert.equal(headers.get('x-response-bytes'), String(bytes));
  });

  it('refuses a long poll with a bad wait with 400', async () => {
    const { status, body } = await get(server.port, '/poll?topic=prices&wait=please').answer;
    assert.equal(status, 400);
    assert.match(body, /wait must be 1/);
  });

  it('never answers a plain GET /poll with 426, and refuses a WebSocket there', async () => {
    for (const target of ['/poll', '/poll?topic=prices', '/poll?upgrade=1']) {
      const { status } = await get(server.port, target).answer;
      assert.notEqual(status, 426);
    }
    const socket = new WebSocket(`${server.wsUrl}/poll?topic=prices`, { origin: PAGE_ORIGIN });
    const refused = await new Promise<number>((resolve) => {
      socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.once('open', () => resolve(101));
      socket.once('error', () => {});
    });
    assert.notEqual(refused, 101);
  });
});
