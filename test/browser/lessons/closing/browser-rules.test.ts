import { expect, waitUntil } from '@open-wc/testing';
import { connect, type Connection } from '../../../../src/transport/connect.ts';
import { ConnectionMode } from '../../../../src/transport/mode.ts';
import { serverUrl } from '../../helpers/live-servers.ts';

/**
 * close() on the simulated WebSocket must throw what Chromium's throws, with
 * the same name and message, for the same arguments: the closing lesson shows
 * both side by side.
 */

type Args = readonly unknown[];

const CASES: readonly Args[] = [
  [1001],
  [999],
  [2999.9],
  [3000.5],
  [5000],
  [70000],
  [Number.NaN],
  [-1],
  [undefined, 'bye'],
  [1000, 'é'.repeat(62)],
  [5000, 'é'.repeat(62)],
  [1000, 'x'.repeat(123)],
  [undefined, undefined],
];

async function opened(mode: ConnectionMode, base: string): Promise<Connection> {
  const connection = connect('/echo', { mode, serverUrl: base });
  await waitUntil(() => connection.socket.readyState === WebSocket.OPEN, 'the connection opens', { timeout: 5000 });
  return connection;
}

/** What one close() call did: the exception, or the close event that followed. */
async function outcome(mode: ConnectionMode, base: string, args: Args): Promise<string> {
  const connection = await opened(mode, base);
  const { socket } = connection;
  try {
    (socket.close as (...values: unknown[]) => void)(...args);
  } catch (error) {
    socket.close();
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
  const event = await new Promise<CloseEvent>((resolve) =>
    socket.addEventListener('close', (close) => resolve(close as CloseEvent), { once: true }),
  );
  return `closed ${event.code} "${event.reason}" ${event.wasClean}`;
}

describe('close() on the two wires', () => {
  let base: string;
  before(async () => {
    base = await serverUrl('live-server-url');
  });

  for (const args of CASES) {
    const shown = args.map((value) =>
      typeof value === 'string' && value.length > 10
        ? `"${value.slice(0, 3)}…" (${value.length} chars)`
        : String(value),
    );
    it(`does the same for close(${shown.join(', ')})`, async () => {
      const real = await outcome(ConnectionMode.live, base, args);
      const simulated = await outcome(ConnectionMode.simulated, base, args);
      expect(simulated).to.equal(real);
    });
  }

  it('checks the code before the reason, as Chromium does', async () => {
    expect(await outcome(ConnectionMode.simulated, base, [5000, 'é'.repeat(62)])).to.match(/^InvalidAccessError/);
  });

  for (const mode of [ConnectionMode.simulated, ConnectionMode.live]) {
    it(`fails a connection closed in the constructor's task, with nothing on the wire (${mode})`, async () => {
      const connection = connect('/echo', { mode, serverUrl: base });
      const { socket } = connection;
      const heard: string[] = [];
      socket.addEventListener('error', () => heard.push(`error ${socket.readyState}`));
      socket.addEventListener('close', (event) => {
        const { code, wasClean } = event as CloseEvent;
        heard.push(`close ${code} ${wasClean} ${socket.readyState}`);
      });
      socket.close(4000, 'never mind');
      expect(socket.readyState).to.equal(WebSocket.CLOSING);
      await waitUntil(() => heard.length === 2, 'error and close', { timeout: 5000 });
      expect(heard).to.deep.equal(['error 3', 'close 1006 false 3']);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(connection.trace.events.filter((event) => event.type === 'frame')).to.have.length(0);
      if (mode === ConnectionMode.simulated) {
        expect(connection.trace.events.filter((event) => event.type !== 'api')).to.have.length(0);
      }
    });
  }
});
