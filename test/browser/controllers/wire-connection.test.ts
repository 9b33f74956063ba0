import { expect, waitUntil } from '@open-wc/testing';
import { ConnectionSettings } from '../../../src/controllers/connection-settings.ts';
import { ConnectionStatus, WireConnection, type OpenOptions } from '../../../src/controllers/wire-connection.ts';
import { missedPongNote } from '../../../src/service/heartbeat.ts';

/** A demo's connection with nothing on screen: it records what the base class tells it. */
class Recorder extends WireConnection {
  readonly dropped: string[] = [];

  constructor() {
    // Simulated mode: nothing stored, so the settings start there.
    super(
      new ConnectionSettings({
        location: { protocol: 'http:', host: 'localhost:1', search: '' },
        storage: undefined,
        devServer: false,
      }),
    );
  }

  open(target: string, options: OpenOptions = {}): void {
    this.openSocket(target, options);
  }

  protected changed(): void {}

  protected override onDropped(note: string): void {
    this.dropped.push(note);
  }
}

describe('a demo connection the server drops', () => {
  it('hears why from the server’s note when the heartbeat dropped it', async () => {
    const connection = new Recorder();
    // A pong slower up than the heartbeat waits: the server drops the connection and says why.
    connection.open('/echo', { latency: { up: 150, down: 0 }, heartbeatMs: 50 });
    await waitUntil(() => connection.dropped.length > 0, 'the drop is explained', { timeout: 5000 });
    expect(connection.status).to.equal(ConnectionStatus.closed);
    expect(connection.dropped).to.deep.equal([missedPongNote(50)]);
  });

  it('invents no reason for a drop the server did not explain', async () => {
    const connection = new Recorder();
    connection.open('/close?abrupt=1&after=20');
    await waitUntil(() => connection.status === ConnectionStatus.closed, 'the drop', { timeout: 5000 });
    // Longer than the wait for a note on the side channel.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(connection.dropped).to.deep.equal([]);
  });
});
