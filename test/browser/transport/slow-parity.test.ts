import { expect, waitUntil } from '@open-wc/testing';
import type { SlowReadReport } from '../../../src/service/slow.ts';
import { connect } from '../../../src/transport/connect.ts';
import { ConnectionMode } from '../../../src/transport/mode.ts';
import type { PageTraceEvent } from '../../../src/transport/trace-stream.ts';
import { serverUrl } from '../helpers/live-servers.ts';

/** /slow on both wires: the same refusal, the same reports (their clock readings aside). */

const WAIT = { timeout: 8000 };
const MODES = [ConnectionMode.simulated, ConnectionMode.live] as const;

/** The server's answer to the handshake and what it noted, as the trace shows them. */
function refusalLines(events: readonly PageTraceEvent[]): string[] {
  return events.flatMap((event) => {
    if (event.type === 'handshake-response') return [`response ${event.status} ${event.reason}`];
    if (event.type === 'note') return [`note ${event.text}`];
    return [];
  });
}

describe('/slow on the two wires', () => {
  let live: string;
  before(async () => {
    live = await serverUrl('live-server-url');
  });

  it('refuse a rate out of bounds alike: 400, and the rule in the server’s note', async () => {
    const lines = [];
    for (const mode of MODES) {
      const connection = connect('/slow?bytesPerSecond=1', { mode, serverUrl: live });
      await waitUntil(() => connection.socket.readyState === WebSocket.CLOSED, `${mode}: refused`, WAIT);
      await waitUntil(() => refusalLines(connection.trace.events).length >= 2, `${mode}: the server's note`, WAIT);
      lines.push(refusalLines(connection.trace.events));
      connection.release();
    }
    expect(lines[0]).to.deep.equal(lines[1]);
    expect(lines[0]!.join('\n')).to.contain(
      'bytesPerSecond must be a whole number of bytes per second from 1024 to 1048576; got 1',
    );
  });

  it('report alike: reading at the rate, stopped once a second’s worth waits', async () => {
    const runs: Pick<SlowReadReport, 'type' | 'bytesPerSecond' | 'paused'>[][] = [];
    for (const mode of MODES) {
      const connection = connect('/slow?bytesPerSecond=1024', { mode, serverUrl: live });
      const reports: SlowReadReport[] = [];
      connection.socket.addEventListener('message', (event) =>
        reports.push(JSON.parse(String((event as MessageEvent).data)) as SlowReadReport),
      );
      await waitUntil(() => connection.socket.readyState === WebSocket.OPEN, `${mode}: open`, WAIT);
      connection.socket.send(new Uint8Array(3000));
      await waitUntil(() => reports.length >= 2, `${mode}: two reports`, WAIT);
      connection.socket.close(1000);
      connection.release();
      for (const report of reports) expect(report.read, mode).to.be.at.most((1024 * report.at) / 1000);
      runs.push(reports.slice(0, 2).map(({ type, bytesPerSecond, paused }) => ({ type, bytesPerSecond, paused })));
    }
    expect(runs[0]).to.deep.equal(runs[1]);
    expect(runs[0]).to.deep.equal([
      { type: 'slow-read', bytesPerSecond: 1024, paused: true },
      { type: 'slow-read', bytesPerSecond: 1024, paused: true },
    ]);
  });
});
