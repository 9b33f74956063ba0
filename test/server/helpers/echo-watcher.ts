/**
 * A well-behaved client that keeps talking to `/echo` while a test attacks
 * the same server: the proof that one connection's bad bytes cost the others
 * nothing. It stays under the server's per-connection message rate.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import WebSocket from 'ws';

export interface WatchReport {
  readonly sent: number;
  readonly received: number;
  /** Whether every echo came back as the next one expected. */
  readonly inOrder: boolean;
  /** The slowest round trip, in ms. */
  readonly slowestMs: number;
  /** The longest time between two echoes, in ms. */
  readonly longestGapMs: number;
  /** The close code if the connection ended during the watch. */
  readonly closedWith: number | undefined;
}

export interface EchoWatcher {
  /** Stops sending, waits (at most 2 s) for the echoes still on their way, closes, and reports. */
  stop(): Promise<WatchReport>;
}

/** Sends a numbered message every `everyMs` (default 25: 40 a second, well under the rate limit). */
export async function startEchoWatcher(wsUrl: string, everyMs = 25): Promise<EchoWatcher> {
  const socket = new WebSocket(`${wsUrl}/echo`);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const sentAt: number[] = [];
  let received = 0;
  let inOrder = true;
  let slowestMs = 0;
  let longestGapMs = 0;
  let lastArrival = performance.now();
  let closedWith: number | undefined;
  socket.on('close', (code) => (closedWith = code));
  socket.on('message', (data) => {
    const now = performance.now();
    if (data.toString() !== `watch ${received}`) inOrder = false;
    slowestMs = Math.max(slowestMs, now - (sentAt[received] ?? now));
    longestGapMs = Math.max(longestGapMs, now - lastArrival);
    lastArrival = now;
    received++;
  });
  const send = (): void => {
    if (socket.readyState !== WebSocket.OPEN) return;
    sentAt.push(performance.now());
    socket.send(`watch ${sentAt.length - 1}`);
  };
  send();
  const timer = setInterval(send, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      const deadline = performance.now() + 2000;
      while (received < sentAt.length && closedWith === undefined && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      // The gap that counts is between echoes; the wait for the last one is not a gap.
      const report = { sent: sentAt.length, received, inOrder, slowestMs, longestGapMs, closedWith };
      if (socket.readyState === WebSocket.OPEN) {
        const ended = new Promise((resolve) => socket.once('close', resolve));
        socket.close();
        await ended;
      }
      return report;
    },
  };
}

/**
 * Every message came back, in order, none slower than `slowestMs` and with no
 * silence longer than `gapMs`. The bounds are generous: a 2-core CI machine
 * running the attack in the same process stalls now and then.
 */
export function assertUnbroken(report: WatchReport, { slowestMs = 1000, gapMs = 1000 } = {}): void {
  assert.equal(report.closedWith, undefined, `the watcher was closed with ${report.closedWith}`);
  assert.ok(report.sent >= 2, `the watcher sent only ${report.sent} messages`);
  assert.equal(report.received, report.sent, `the watcher got ${report.received} of ${report.sent} echoes`);
  assert.ok(report.inOrder, 'the echoes came back out of order');
  assert.ok(report.slowestMs < slowestMs, `an echo took ${Math.round(report.slowestMs)} ms`);
  assert.ok(report.longestGapMs < gapMs, `no echo came for ${Math.round(report.longestGapMs)} ms`);
}

/** GET /healthz's `connections`: the WebSocket connections the server holds. */
export function healthConnections(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const get = request({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve((JSON.parse(body) as { connections: number }).connections));
    });
    get.once('error', reject);
    get.end();
  });
}

/** Polls /healthz until it shows `expected` connections, for at most `timeoutMs`; returns the last count. */
export async function settleConnections(port: number, expected: number, timeoutMs = 3000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let count = await healthConnections(port);
  while (count !== expected && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    count = await healthConnections(port);
  }
  return count;
}
