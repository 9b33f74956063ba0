import { expect, waitUntil } from '@open-wc/testing';
import { ConnectionController, ConnectionStatus } from '../../../src/controllers/connection-controller.ts';
import { ConnectionSettings } from '../../../src/controllers/connection-settings.ts';
import type { ReconnectPolicy } from '../../../src/controllers/reconnect-policy.ts';
import { ConnectionMode } from '../../../src/transport/mode.ts';
import { BareHost } from '../helpers/bare-host.ts';
import { serverUrl } from '../helpers/live-servers.ts';

/** Generous: a live server on a busy machine. */
const WAIT = { timeout: 10_000 };

/** Settings of the test's own, in `mode`, pointing at the runner's live server. */
async function settingsIn(mode: ConnectionMode): Promise<ConnectionSettings> {
  const settings = new ConnectionSettings({
    location: { protocol: 'http:', host: 'localhost:1', search: '' },
    storage: undefined,
    devServer: false,
  });
  settings.setServerUrl(await serverUrl('live-server-url'));
  settings.setMode(mode);
  return settings;
}

/** A demo's controller on a host with no element, connected to `target`. */
async function controller(
  mode: ConnectionMode,
  target: string,
  reconnect: boolean | Partial<ReconnectPolicy>,
): Promise<{ connection: ConnectionController; host: BareHost }> {
  const host = new BareHost();
  const connection = new ConnectionController(host, { target, settings: await settingsIn(mode), reconnect });
  host.connect();
  return { connection, host };
}

function lines(connection: ConnectionController): string[] {
  return connection.entries.map((entry) => entry.text);
}

function count(connection: ConnectionController, pattern: RegExp): number {
  return lines(connection).filter((line) => pattern.test(line)).length;
}

/** Short waits, so a test sees several attempts; the random number is fixed so each wait is known. */
const QUICK: Partial<ReconnectPolicy> = { baseDelay: 40, maxDelay: 200, attempts: 3, random: () => 0.5 };

describe('a controller that reconnects by itself', () => {
  it('in Live mode, reconnects after each 1001 and gives up after its last attempt when the server keeps going away', async () => {
    // /close ends every connection with 1001 soon after it opens: each reconnect opens, then goes away again.
    const { connection } = await controller(ConnectionMode.live, '/close?code=1001&after=30', QUICK);
    connection.connect();
    await waitUntil(() => count(connection, /^Gave up/) === 1, lines(connection).join('\n'), WAIT);
    expect(connection.status).to.equal(ConnectionStatus.closed);
    expect(connection.reconnecting).to.equal(undefined);
    const said = lines(connection).filter((line) => /Reconnect|Gave up/.test(line));
    expect(said, lines(connection).join('\n')).to.deep.equal([
      'The server went away (1001). Reconnecting in 0.0 s (attempt 1 of 3)…',
      'Reconnecting: attempt 1 of 3…',
      'Reconnected (attempt 1).',
      'The server went away (1001). Reconnecting in 0.0 s (attempt 2 of 3)…',
      'Reconnecting: attempt 2 of 3…',
      'Reconnected (attempt 2).',
      'The server went away (1001). Reconnecting in 0.1 s (attempt 3 of 3)…',
      'Reconnecting: attempt 3 of 3…',
      'Reconnected (attempt 3).',
      'Gave up after 3 attempts: connect again once the server is back.',
    ]);
    expect(count(connection, /^Open: the handshake succeeded/), 'the first connection and three attempts').to.equal(4);
  });

  it('in Simulated mode, lets a 1001 stand: the simulated server never restarts', async () => {
    const { connection } = await controller(ConnectionMode.simulated, '/close?code=1001&after=30', QUICK);
    connection.connect();
    await waitUntil(() => count(connection, /^Closed with code 1001/) === 1, 'the server went away', WAIT);
    expect(connection.status).to.equal(ConnectionStatus.closed);
    expect(connection.reconnecting).to.equal(undefined);
    expect(connection.reconnectNote).to.equal(undefined);
    expect(count(connection, /Reconnect/)).to.equal(0);
  });

  it('lets a close the server sent on purpose stand, in Live mode too', async () => {
    const { connection } = await controller(ConnectionMode.live, '/close?code=4000&after=30', QUICK);
    connection.connect();
    await waitUntil(() => count(connection, /^Closed with code 4000/) === 1, 'the server closed', WAIT);
    expect(connection.status).to.equal(ConnectionStatus.closed);
    expect(count(connection, /Reconnect/)).to.equal(0);
  });

  it('does not reconnect a demo that did not opt in', async () => {
    const { connection } = await controller(ConnectionMode.live, '/close?code=1001&after=30', false);
    connection.connect();
    await waitUntil(() => count(connection, /^Closed with code 1001/) === 1, 'the server went away', WAIT);
    expect(connection.status).to.equal(ConnectionStatus.closed);
    expect(count(connection, /Reconnect/)).to.equal(0);
  });

  it('stops when the reader presses Disconnect while it waits', async () => {
    // A wait far longer than the test: the reader's Disconnect comes first.
    const { connection } = await controller(ConnectionMode.live, '/close?code=1001&after=30', {
      baseDelay: 600_000,
      maxDelay: 600_000,
      random: () => 0.99,
    });
    connection.connect();
    await waitUntil(() => connection.reconnecting !== undefined, 'a reconnect is pending', WAIT);
    expect(connection.status, 'Disconnect stays at hand').to.equal(ConnectionStatus.connecting);
    connection.disconnect(1000, 'reader clicked Disconnect');
    expect(connection.status).to.equal(ConnectionStatus.closed);
    expect(connection.reconnecting).to.equal(undefined);
    expect(lines(connection).at(-1)).to.equal('Stopped reconnecting: the connection stays closed.');
    expect(connection.canConnect, 'the reader may connect again').to.equal(true);
  });

  it('stops when its demo leaves the page while it waits', async () => {
    const { connection, host } = await controller(ConnectionMode.live, '/close?code=1001&after=30', {
      baseDelay: 600_000,
      maxDelay: 600_000,
      random: () => 0.99,
    });
    connection.connect();
    await waitUntil(() => connection.reconnecting !== undefined, 'a reconnect is pending', WAIT);
    host.disconnect();
    expect(connection.reconnecting).to.equal(undefined);
    expect(connection.status).to.equal(ConnectionStatus.idle);
  });

  it('lets the reader’s own Disconnect stand', async () => {
    const { connection } = await controller(ConnectionMode.live, '/echo', QUICK);
    connection.connect();
    await waitUntil(() => connection.isOpen, 'open', WAIT);
    connection.disconnect(1000, 'reader clicked Disconnect');
    await waitUntil(() => connection.status === ConnectionStatus.closed, 'closed', WAIT);
    expect(count(connection, /Reconnect/)).to.equal(0);
  });
});
