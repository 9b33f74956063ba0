import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { startPlaygroundServer, type PlaygroundServer } from '../../server/playground-server.ts';
import { RESUME_CLOSE, type ResumeServerMessage } from '../../src/service/resume-messages.ts';
import { refusal } from './helpers/refusal.ts';

const PAGE_ORIGIN = 'http://localhost:5173';

/** A real client of /resume: every message it got, and how its connection ended. */
interface Reader {
  readonly socket: WebSocket;
  readonly received: ResumeServerMessage[];
  readonly closed: Promise<{ code: number; reason: string }>;
}

function read(url: string): Reader {
  const socket = new WebSocket(url, { origin: PAGE_ORIGIN });
  const received: ResumeServerMessage[] = [];
  socket.on('message', (data: Buffer) => received.push(JSON.parse(data.toString()) as ResumeServerMessage));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return { socket, received, closed };
}

const seqs = (reader: Reader): number[] =>
  reader.received.flatMap((message) => (message.type === 'item' ? [message.seq] : []));

async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function streamId(reader: Reader): string {
  const first = reader.received[0];
  assert.equal(first?.type, 'stream');
  return first.type === 'stream' ? first.stream : '';
}

describe('/resume on the live server', () => {
  let server: PlaygroundServer;
  let site: string;

  before(async () => {
    site = await mkdtemp(join(tmpdir(), 'wsp-site-'));
    server = await startPlaygroundServer({ port: 0, staticRoot: site, logger: () => {} });
  });

  after(async () => {
    await server.close();
    await rm(site, { recursive: true, force: true });
  });

  it('drops the connection with no close frame when asked, and a resume from the last seq loses and repeats nothing', async () => {
    const first = read(`${server.wsUrl}/resume?count=30&every=20`);
    await until(() => seqs(first).length >= 5, 'five items');
    first.socket.send(JSON.stringify({ type: 'drop' }));
    assert.equal((await first.closed).code, 1006);
    const last = Math.max(...seqs(first));
    // Away long enough for the stream to make more.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const second = read(`${server.wsUrl}/resume?stream=${streamId(first)}&from=${last}`);
    assert.deepEqual(await second.closed, { code: 1000, reason: 'the stream ended' });
    const all = [...seqs(first), ...seqs(second)];
    assert.deepEqual(
      all,
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
    assert.deepEqual(second.received.at(-1), { type: 'end', last: 30 });
    assert.equal(
      second.received.some((message) => message.type === 'gap'),
      false,
    );
  });

  it('sends a naive reconnect only what comes next: the items made meanwhile are lost', async () => {
    const first = read(`${server.wsUrl}/resume?count=1000&every=20`);
    await until(() => seqs(first).length >= 5, 'five items');
    first.socket.send(JSON.stringify({ type: 'drop' }));
    await first.closed;
    const last = Math.max(...seqs(first));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const second = read(`${server.wsUrl}/resume?stream=${streamId(first)}`);
    await until(() => seqs(second).length >= 1, 'a live item');
    second.socket.close(1000);
    assert.ok(seqs(second)[0]! > last + 1, `resumed at ${seqs(second)[0]} after ${last}`);
  });

  it('closes a connection that asks for an unknown stream with 4404, and one taken over with 4001', async () => {
    const unknown = read(`${server.wsUrl}/resume?stream=AAAAAAAAAAAAAAAAAAAAAA`);
    assert.deepEqual(await unknown.closed, { code: RESUME_CLOSE.unknownStream, reason: 'unknown stream' });
    assert.equal(unknown.received[0]?.type, 'error');

    const first = read(`${server.wsUrl}/resume?count=100&every=50`);
    await until(() => first.received.length >= 1, 'the stream message');
    const second = read(`${server.wsUrl}/resume?stream=${streamId(first)}&from=0`);
    assert.deepEqual(await first.closed, {
      code: RESUME_CLOSE.takenOver,
      reason: 'another connection resumed this stream',
    });
    second.socket.close(1000);
    await second.closed;
  });

  it('refuses a malformed query at the handshake with 400 and the reason', async () => {
    assert.deepEqual(await refusal(`${server.wsUrl}/resume?from=3`, PAGE_ORIGIN), {
      status: 400,
      body: 'from needs a stream: the 22-character id the stream sent in its first message\n',
    });
    assert.equal((await refusal(`${server.wsUrl}/resume?every=1`, PAGE_ORIGIN)).status, 400);
  });
});
