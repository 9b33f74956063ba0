import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import WebSocket from 'ws';
import { startPlaygroundServer } from '../../server/playground-server.ts';
import type { SlowReadReport } from '../../src/service/slow.ts';
import { refusal } from './helpers/refusal.ts';

const RATE = 64 * 1024;
/** Far more than the buffers between client and server hold on a loopback connection (a few MB). */
const SENT = 32 * 1024 * 1024;
const MESSAGE = 64 * 1024;

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Resolves with the reports received up to the first one at or past `atMs` on the server's clock. */
function reportsUntil(socket: WebSocket, atMs: number): Promise<SlowReadReport[]> {
  const reports: SlowReadReport[] = [];
  return new Promise((resolve, reject) => {
    socket.once('close', (code, reason) => reject(new Error(`closed with ${code} ${String(reason)}`)));
    socket.on('message', (data) => {
      const report = JSON.parse(String(data)) as SlowReadReport;
      reports.push(report);
      if (report.at >= atMs) resolve(reports);
    });
  });
}

describe('the live /slow', () => {
  it('reads at bytesPerSecond and stops reading its socket, so TCP holds the rest back in the client', async () => {
    const server = await startPlaygroundServer({ port: 0, logger: () => {} });
    const socket = await open(`${server.wsUrl}/slow?bytesPerSecond=${RATE}`);
    const reports = reportsUntil(socket, 2000);
    const chunk = Buffer.alloc(MESSAGE);
    for (let sent = 0; sent < SENT; sent += MESSAGE) socket.send(chunk);
    const seen = await reports;
    const last = seen.at(-1)!;
    for (const report of seen) {
      // Never more than the rate allows since the connection opened: the bound is the server's own clock.
      assert.ok(report.read <= (RATE * report.at) / 1000, `read ${report.read} bytes by ${report.at} ms`);
      assert.ok(report.waiting <= RATE + 256 * 1024, `holds ${report.waiting} bytes unread`);
    }
    // About the rate: well above nothing, with room for a busy machine's late timers.
    assert.ok(last.read >= (RATE * last.at) / 1000 / 4, `read ${last.read} bytes by ${last.at} ms`);
    assert.ok(seen.some((report) => report.paused));
    // The server stopped reading its socket: the kernels' buffers filled and most of it never left the client.
    assert.ok(socket.bufferedAmount > SENT / 2, `the client still holds ${socket.bufferedAmount} bytes`);
    socket.terminate();
    await server.close();
  });

  it('refuses a rate out of bounds with 400 and the rule', async () => {
    const server = await startPlaygroundServer({ port: 0, logger: () => {}, allowedOrigins: ['http://page.test'] });
    const refused = await refusal(`${server.wsUrl}/slow?bytesPerSecond=10`, 'http://page.test');
    assert.equal(refused.status, 400);
    assert.match(
      refused.body,
      /bytesPerSecond must be a whole number of bytes per second from 1024 to 1048576; got 10/,
    );
    await server.close();
  });
});
