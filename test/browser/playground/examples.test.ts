import { expect, waitUntil } from '@open-wc/testing';
import { examples, type PlaygroundExample } from '../../../src/playground/examples.ts';
import { ConnectionMode } from '../../../src/transport/mode.ts';
import { SandboxRun } from '../../../src/transport/sandbox/sandbox.ts';
import { serverUrl } from '../helpers/live-servers.ts';

type Run = (...globals: unknown[]) => Promise<void>;
/** The constructor of async functions: the playground runs the reader's code as the body of one. */
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...parameters: string[]) => Run;

/** Where the in-page server pretends to live in Simulated mode, as the demos' default live URL. */
const SIMULATED_SERVER = 'ws://localhost:8080';
/** Each example ends within about 5 s; a loaded machine gets more. */
const END = { timeout: 15_000 };

function byId(id: string): PlaygroundExample {
  const example = examples.find((candidate) => candidate.id === id);
  if (!example) throw new Error(`no example "${id}"`);
  return example;
}

/** The lines of one editor's output. */
function lines(run: SandboxRun, source: 'client' | 'server'): string[] {
  return run.output.filter((line) => line.source === source).map((line) => line.text);
}

/** Every connection the run opened has closed, as the page's API reported it. */
function allClosed(run: SandboxRun): boolean {
  return (
    run.connections.length > 0 &&
    run.connections.every((connection) =>
      connection.trace.events.some((event) => event.type === 'api' && event.name === 'close'),
    )
  );
}

const runs: SandboxRun[] = [];

/** Runs an example as the playground does (a worker of its own, src/transport/sandbox) until `done` says it has ended. */
async function runExample(
  example: PlaygroundExample,
  simulated: boolean,
  done: (run: SandboxRun) => boolean,
): Promise<SandboxRun> {
  const server = simulated ? SIMULATED_SERVER : await serverUrl('live-server-url');
  const mode = simulated ? ConnectionMode.simulated : ConnectionMode.live;
  const run = new SandboxRun({ mode, serverUrl: server, client: example.client, server: example.server });
  runs.push(run);
  try {
    await waitUntil(() => done(run) || run.errors.length > 0, `"${example.id}" ends by itself`, END);
  } catch (error) {
    throw new Error(`${String(error)}; it logged:\n${run.output.map((line) => line.text).join('\n')}`, {
      cause: error,
    });
  }
  expect(run.errors, 'no error').to.deep.equal([]);
  return run;
}

afterEach(() => {
  for (const run of runs.splice(0)) run.stop();
});

describe('the playground examples', () => {
  it('come in the order of the issue, with unique ids', () => {
    expect(examples.map((example) => example.id)).to.deep.equal([
      'echo',
      'chat',
      'binary',
      'close-codes',
      'ping-pong',
      'reconnect',
      'own-server',
    ]);
    expect(new Set(examples.map((example) => example.id)).size).to.equal(examples.length);
  });

  for (const example of examples) {
    it(`"${example.id}" has a title, a one-line summary and short code that parses as an async function body`, () => {
      expect(example.title).to.not.equal('');
      expect(example.summary).to.not.equal('');
      expect(example.summary).to.not.contain('\n');
      for (const code of [example.client, example.server].filter(Boolean)) {
        expect(() => new AsyncFunction('WebSocket', 'SERVER', 'log', 'serve', code)).to.not.throw();
        const lines = code.trimEnd().split('\n');
        expect(lines.length).to.be.at.most(30);
        // A half-width editor at 1280 px shows about 80 columns before it wraps.
        expect(Math.max(...lines.map((line) => line.length))).to.be.at.most(80);
      }
    });
  }

  it('give server code to "a server of your own" alone', () => {
    for (const example of examples) {
      if (example.id === 'own-server') expect(example.server).to.match(/serve\(\(peer, request\) =>/);
      else expect(example.server).to.equal('');
    }
    expect(byId('own-server').client).to.contain('/mine');
  });

  for (const simulated of [true, false]) {
    const mode = simulated ? 'Simulated' : 'Live';
    describe(`in ${mode} mode, against the real endpoints`, function () {
      this.timeout(END.timeout + 5000);

      it('echo: hears its message back and closes cleanly', async () => {
        const run = await runExample(byId('echo'), simulated, (run) => lines(run, 'client').length === 3);
        expect(lines(run, 'client')).to.deep.equal(['open', 'echo: hello', 'closed: 1000 "done", wasClean true']);
      });

      it('chat: each client hears both lines', async () => {
        const run = await runExample(byId('chat'), simulated, (run) => allClosed(run) && run.connections.length === 2);
        for (const who of ['ann', 'bob']) {
          expect(lines(run, 'client')).to.include(`${who} got: welcome, you are ${who}`);
          expect(lines(run, 'client')).to.include(`${who} got: ann says "hi bob"`);
          expect(lines(run, 'client')).to.include(`${who} got: bob says "hi ann"`);
        }
      });

      it('binary: gets its bytes back as ArrayBuffers', async () => {
        const run = await runExample(byId('binary'), simulated, (run) => lines(run, 'client').includes('closed: 1000'));
        expect(lines(run, 'client')).to.deep.equal([
          'sent: 00 7f 80 ff (Uint8Array)',
          'sent: 00 00 19 37 (ArrayBuffer)',
          'got: 00 7f 80 ff (ArrayBuffer, 4 bytes)',
          'got: 00 00 19 37 (ArrayBuffer, 4 bytes)',
          'closed: 1000',
        ]);
      });

      it('close codes: its own 4000, the server’s 1001 and a drop’s 1006', async () => {
        const dropped = (run: SandboxRun) => lines(run, 'client').some((line) => line.startsWith('dropped:'));
        const run = await runExample(byId('close-codes'), simulated, dropped);
        expect(lines(run, 'client')).to.deep.equal([
          'close(1001): refused with InvalidAccessError',
          'we closed: code 4000, reason "my own reason", wasClean true',
          'the server closed: code 1001, reason "restarting", wasClean true',
          'dropped: code 1006, reason "", wasClean false',
        ]);
      });

      it('ping/pong: three pongs reported by the server, then a clean close', async () => {
        const run = await runExample(
          byId('ping-pong'),
          simulated,
          (run) => lines(run, 'client').at(-1) === 'closed: 1000',
        );
        const said = lines(run, 'client');
        expect(said[0]).to.match(/^pings never reach this code/);
        expect(said.slice(1, 4).map((line) => line.replace(/after \d+ ms/, 'after N ms'))).to.deep.equal([
          'pong 1: back at the server after N ms',
          'pong 2: back at the server after N ms',
          'pong 3: back at the server after N ms',
        ]);
        expect(said.at(-1)).to.equal('closed: 1000');
      });

      it('reconnect: four dropped attempts with growing bounds, then gives up', async () => {
        const gaveUp = (run: SandboxRun) => lines(run, 'client').at(-1)?.startsWith('giving up') === true;
        const said = lines(await runExample(byId('reconnect'), simulated, gaveUp), 'client');
        const waits = said.filter((line) => line.startsWith('waiting'));
        expect(waits.map((line) => line.replace(/waiting \d+ ms/, 'waiting N ms'))).to.deep.equal([
          'waiting N ms (at most 200) before attempt 2',
          'waiting N ms (at most 400) before attempt 3',
          'waiting N ms (at most 800) before attempt 4',
        ]);
        for (const attempt of [1, 2, 3, 4]) {
          expect(said).to.include(`attempt ${attempt}: open`);
          expect(said).to.include(`attempt ${attempt}: closed with 1006`);
        }
        expect(said.at(-1)).to.equal('giving up after 4 attempts');
      });

      it(
        simulated
          ? 'own server: the reader’s server at /mine answers the reader’s client'
          : 'own server: there is no /mine on the live server',
        async () => {
          const closed = (run: SandboxRun) => lines(run, 'client').some((line) => line.startsWith('client: closed'));
          const run = await runExample(byId('own-server'), simulated, closed);
          if (simulated) {
            await waitUntil(
              () => lines(run, 'server').some((line) => line.startsWith('server: ann left')),
              'the server hears the close',
              END,
            );
            expect(lines(run, 'client')).to.deep.equal([
              'client got: welcome, ann',
              'client got: HELLO, SERVER',
              'client: closed 1000 "see you", wasClean true',
            ]);
            expect(lines(run, 'server')).to.deep.equal(['server: ann connected', 'server: ann left (1000)']);
          } else {
            expect(lines(run, 'client')).to.deep.equal([
              'client: the connection failed',
              'client: closed 1006 "", wasClean false',
            ]);
            expect(lines(run, 'server')).to.deep.equal([]);
          }
        },
      );
    });
  }
});
