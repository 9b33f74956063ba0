/**
 * A client that guesses tickets: 10,000 wrong ones from one address, each a
 * real handshake to `/secure?auth=ticket`. Each is refused with 403; the
 * ticket store holds no more than before (a wrong ticket allocates nothing),
 * the server's heap does not grow beyond a generous bound, a client on the
 * same server keeps every echo in order, and a good ticket still opens a
 * connection afterwards. No timing is asserted: a shared 2-core machine
 * makes any bound a coin toss.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connect as tcpConnect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createMemoryTicketStore, type MemoryTicketStore } from '../../src/service/tickets.ts';
import { createService } from '../../src/service/service.ts';
import { nodeClock } from '../../server/node-clock.ts';
import { startPlaygroundServer, type PlaygroundServer } from '../../server/playground-server.ts';
import { settleConnections, startEchoWatcher } from './helpers/echo-watcher.ts';
import { SAMPLE_KEY } from './helpers/raw-client.ts';
import { connect, getTicket, opened, signIn } from './helpers/secure-client.ts';

const GUESSES = 10_000;
/** Handshakes in flight at once: well under the per-address limit. */
const AT_ONCE = 20;
/** The heap may grow by this much over the whole attack: a leak of even 2 KB a guess would pass it. */
const HEAP_BOUND_BYTES = 24 * 1024 * 1024;

/** A full GC on demand without starting node with --expose-gc: the flag is read when a context is made. */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** A wrong ticket: mostly well formed (the store is asked), now and then junk (refused on its shape). */
function guess(index: number): string {
  if (index % 10 === 9) return `wsp_tk_${randomBytes(40).toString('base64url')}`;
  if (index % 10 === 8) return encodeURIComponent(`not a ticket ${index}`);
  return `wsp_tk_${randomBytes(16).toString('base64url')}`;
}

/** One handshake over raw TCP with a wrong ticket; resolves with the status line's code. */
function tryTicket(port: number, ticket: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(port, '127.0.0.1');
    let head = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      if (head.length < 64) head += chunk;
    });
    socket.once('error', reject);
    socket.once('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3}) /.exec(head)?.[1] ?? 0)));
    socket.write(
      `GET /secure?auth=ticket&ticket=${ticket} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\n` +
        `Connection: Upgrade\r\nSec-WebSocket-Key: ${SAMPLE_KEY}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
  });
}

describe('10,000 wrong tickets from one address', () => {
  let server: PlaygroundServer;
  let store: MemoryTicketStore;
  const refusals = new Map<string, number>();

  before(async () => {
    const random = (bytes: number): Uint8Array => randomBytes(bytes);
    store = createMemoryTicketStore(random);
    server = await startPlaygroundServer({
      port: 0,
      service: createService({ clock: nodeClock, random, tickets: store }),
      // Counted, not kept: the test's own memory must not grow with the attack either.
      logger: (event, fields = {}) => {
        if (event === 'refused') {
          const key = `${String(fields.status)} ${String(fields.reason)}`;
          refusals.set(key, (refusals.get(key) ?? 0) + 1);
        }
      },
    });
  });
  after(() => server.close());

  it('refuses each with 403, keeps the store and the heap as they were, and still honours a good ticket', async () => {
    const gc = exposeGc();
    const { token } = await signIn(server.url, 'ada');
    // One ticket issued and spent before: the store holds it (as used), and must hold no more after.
    const spent = await opened(
      connect(`${server.wsUrl}/secure?auth=ticket&ticket=${await getTicket(server.url, token)}`),
    );
    await spent.until((message) => message.type === 'welcome');
    await spent.close();
    const sizeBefore = store.size;
    assert.equal(sizeBefore, 1);

    const watcher = await startEchoWatcher(server.wsUrl, 50);
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const statuses = new Map<number, number>();
    let next = 0;
    await Promise.all(
      Array.from({ length: AT_ONCE }, async () => {
        while (next < GUESSES) {
          const status = await tryTicket(server.port, guess(next++));
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      }),
    );
    gc();
    const heapAfter = process.memoryUsage().heapUsed;
    const report = await watcher.stop();

    assert.deepEqual([...statuses], [[403, GUESSES]]);
    assert.equal(
      refusals.get('403 ticket unknown: it was never issued, or is long gone; ask POST /ticket for one'),
      GUESSES,
    );
    assert.equal(store.size, sizeBefore, 'the wrong tickets took room in the store');
    assert.ok(
      heapAfter - heapBefore < HEAP_BOUND_BYTES,
      `the heap grew by ${Math.round((heapAfter - heapBefore) / 1024)} KB over ${GUESSES} wrong tickets`,
    );
    // The client beside the attack lost nothing.
    assert.equal(report.closedWith, undefined);
    assert.equal(report.received, report.sent);
    assert.ok(report.inOrder);
    // Every refused handshake gave its place back.
    assert.equal(await settleConnections(server.port, 0), 0);

    const ticket = await getTicket(server.url, token);
    const admitted = await opened(connect(`${server.wsUrl}/secure?auth=ticket&ticket=${ticket}`));
    assert.equal((await admitted.until((message) => message.type === 'welcome')).user, 'ada');
    await admitted.close();
  });
});
