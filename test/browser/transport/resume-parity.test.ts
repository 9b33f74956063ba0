import { expect, waitUntil } from '@open-wc/testing';
import { connect, type Connection } from '../../../src/transport/connect.ts';
import { ConnectionMode } from '../../../src/transport/mode.ts';
import { serverUrl } from '../helpers/live-servers.ts';

/**
 * `/resume` on both wires: the same story, message for message, once what
 * must differ (the random stream id, the clock) is blanked.
 */

const WAIT = { timeout: 8000 };

interface Story {
  /** Each message as received, its id and times blanked. */
  readonly messages: string[];
  readonly close: { code: number; reason: string; wasClean: boolean };
  /** The server's log lines, as the trace notes show them. */
  readonly notes: string[];
  readonly stream: string;
}

/** A message with what differs between runs blanked: the id, the times, and how far the stream got by then. */
function blank(data: unknown): string {
  const message = JSON.parse(String(data)) as Record<string, unknown>;
  if (message['type'] === 'stream') message['last'] = '#';
  return JSON.stringify(message, (key, value: unknown) => (key === 'at' || key === 'stream' ? '#' : value));
}

/** Opens `target`, lets `drive` act on each message, and tells the story once the connection has closed. */
async function tell(
  mode: ConnectionMode,
  base: string,
  target: string,
  drive: (connection: Connection, message: { type: string; seq?: number }) => void = () => {},
): Promise<Story> {
  const connection = connect(target, { mode, serverUrl: base });
  const messages: string[] = [];
  let stream = '';
  connection.socket.addEventListener('message', (event) => {
    const data = (event as MessageEvent).data as string;
    const message = JSON.parse(data) as { type: string; seq?: number; stream?: string };
    if (message.type === 'stream') stream = message.stream!;
    messages.push(blank(data));
    drive(connection, message);
  });
  const close = await new Promise<Story['close']>((resolve) =>
    connection.socket.addEventListener('close', (event) => {
      const { code, reason, wasClean } = event as CloseEvent;
      resolve({ code, reason, wasClean });
    }),
  );
  // The live server's view of the end travels on the side channel.
  await waitUntil(() => connection.trace.events.some((event) => event.type === 'closed'), 'the server’s end', WAIT);
  const notes = connection.trace.events.flatMap((event) =>
    event.type === 'note' && event.text.startsWith('server log:')
      ? [event.text.replace(/"replayed":\d+/, '"replayed":#')]
      : [],
  );
  return { messages, close, notes, stream };
}

/** A stream read until item 2, dropped on request, then resumed from 2: both connections' stories. */
async function dropAndResume(mode: ConnectionMode, base: string): Promise<Story[]> {
  const first = await tell(mode, base, '/resume?count=6&every=60', (connection, message) => {
    if (message.seq === 2) connection.socket.send(JSON.stringify({ type: 'drop' }));
  });
  const second = await tell(mode, base, `/resume?stream=${first.stream}&from=2`);
  // Items made between the drop request and the drop may or may not have left before it: keep what is certain.
  return [{ ...first, messages: first.messages.slice(0, 3) }, second];
}

describe('/resume on the two wires', function () {
  this.timeout(30_000);
  let live: string;
  before(async () => {
    live = await serverUrl('live-server-url');
  });

  it('tell the same story: a stream from its start to its end', async () => {
    const simulated = await tell(ConnectionMode.simulated, live, '/resume?count=3&every=40');
    const real = await tell(ConnectionMode.live, live, '/resume?count=3&every=40');
    expect(simulated.messages).to.deep.equal([
      '{"type":"stream","stream":"#","count":3,"every":40,"last":"#"}',
      '{"type":"item","seq":1,"at":"#"}',
      '{"type":"item","seq":2,"at":"#"}',
      '{"type":"item","seq":3,"at":"#"}',
      '{"type":"end","last":3}',
    ]);
    expect(real.messages).to.deep.equal(simulated.messages);
    expect(simulated.close).to.deep.equal({ code: 1000, reason: 'the stream ended', wasClean: true });
    expect(real.close).to.deep.equal(simulated.close);
  });

  it('tell the same story: a drop with no close frame, and a resume that replays what came after', async () => {
    const [simulatedFirst, simulatedSecond] = await dropAndResume(ConnectionMode.simulated, live);
    const [realFirst, realSecond] = await dropAndResume(ConnectionMode.live, live);
    expect(simulatedFirst!.close).to.deep.equal({ code: 1006, reason: '', wasClean: false });
    expect(realFirst!.close).to.deep.equal(simulatedFirst!.close);
    expect(realFirst!.messages).to.deep.equal(simulatedFirst!.messages);
    const seqs = (story: Story): number[] =>
      story.messages.flatMap((text) => {
        const message = JSON.parse(text) as { type: string; seq?: number };
        return message.type === 'item' ? [message.seq!] : [];
      });
    expect(seqs(simulatedSecond!)).to.deep.equal([3, 4, 5, 6]);
    expect(realSecond!.messages).to.deep.equal(simulatedSecond!.messages);
    expect(realSecond!.close).to.deep.equal(simulatedSecond!.close);
    expect(simulatedSecond!.notes.filter((note) => note.includes('"event":"resume"'))).to.have.length(1);
    expect(realSecond!.notes).to.deep.equal(simulatedSecond!.notes);
  });

  it('tell the same story: an unknown stream, closed with 4404 and a reason', async () => {
    const target = '/resume?stream=AAAAAAAAAAAAAAAAAAAAAA&from=1';
    const simulated = await tell(ConnectionMode.simulated, live, target);
    const real = await tell(ConnectionMode.live, live, target);
    expect(simulated.close).to.deep.equal({ code: 4404, reason: 'unknown stream', wasClean: true });
    expect(real.close).to.deep.equal(simulated.close);
    expect(real.messages).to.deep.equal(simulated.messages);
  });
});
