import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { decodeUtf8, Opcode, Side } from '../../../src/protocol/index.ts';
import { ConnectionMode } from '../../../src/transport/mode.ts';
import {
  RunState,
  SANDBOX_LIMITS,
  SandboxRun,
  SandboxUpdateEvent,
  type SandboxConnection,
} from '../../../src/transport/sandbox/sandbox.ts';
import { TraceClock, type TimelineEvent } from '../../../src/transport/trace-stream.ts';
import { serverUrl } from '../helpers/live-servers.ts';

/**
 * The reader's code in a worker of its own (src/transport/sandbox), on
 * both wires: what it logs, the reader's own /mine server, the traces the
 * page gets, errors with their lines, Stop and the limits.
 */

/** The URL the simulated server pretends to live at. */
const SIMULATED_SERVER = 'ws://localhost:8080';

const until = (check: () => boolean, what: string): Promise<void> => waitUntil(check, what, { timeout: 10000 });

const runs: SandboxRun[] = [];

function start(mode: ConnectionMode, server: string, code: { client: string; server?: string }): SandboxRun {
  const run = new SandboxRun({ mode, serverUrl: server, client: code.client, server: code.server ?? '' });
  runs.push(run);
  return run;
}

function lines(run: SandboxRun, source: 'client' | 'server' | 'playground'): string[] {
  return run.output.filter((line) => line.source === source).map((line) => line.text);
}

/** The data frames of a trace, as `from opcode text-or-hex`, with the clock that measured them. */
function dataFrames(
  events: readonly TimelineEvent[],
): { from: Side; clock: string; payload: string; masked: boolean }[] {
  return events.flatMap((event) =>
    event.type === 'frame' && (event.frame.opcode === Opcode.text || event.frame.opcode === Opcode.binary)
      ? [
          {
            from: event.from,
            clock: event.clock,
            masked: event.frame.masked,
            payload:
              event.frame.opcode === Opcode.text ? decodeUtf8(event.frame.payload) : [...event.frame.payload].join(','),
          },
        ]
      : [],
  );
}

const ECHO_CLIENT = `const ws = new WebSocket('/echo');
ws.onopen = () => ws.send('hello');
ws.onmessage = (event) => {
  log('echo:', event.data);
  ws.close(1000, 'done');
};
ws.onclose = (event) => console.info('closed', event.code, event.reason);`;

const MINE_SERVER = `serve((peer, request) => {
  peer.send('welcome ' + request.query.name);
  return {
    message(data) {
      log('server got', data);
      peer.send(new Uint8Array([1, 2, 3]));
    },
    closed(code) {
      log('server closed', code);
    },
  };
});`;

const MINE_CLIENT = `const ws = new WebSocket(SERVER + '/mine?name=ada');
ws.binaryType = 'arraybuffer';
ws.onmessage = (event) => {
  if (typeof event.data === 'string') {
    log(event.data);
    ws.send('hi');
  } else {
    log(new Uint8Array(event.data));
    ws.close(1000);
  }
};`;

afterEach(() => {
  for (const run of runs.splice(0)) run.stop();
});

for (const mode of [ConnectionMode.simulated, ConnectionMode.live]) {
  describe(`the sandbox, ${mode} mode`, () => {
    let server: string;
    before(async () => {
      server = mode === ConnectionMode.live ? await serverUrl('live-server-url') : SIMULATED_SERVER;
    });

    it('runs an echo client: its lines in order, and every frame of its connection in the trace', async () => {
      const run = start(mode, server, { client: ECHO_CLIENT });
      let updates = 0;
      run.addEventListener(SandboxUpdateEvent.eventName, () => updates++);
      await until(() => lines(run, 'client').length === 2, 'the echo and the close');
      expect(run.state).to.equal(RunState.running);
      expect(
        run.output.filter((line) => line.source === 'client').map(({ level, text }) => [level, text]),
      ).to.deep.equal([
        ['log', 'echo: hello'],
        ['info', 'closed 1000 done'],
      ]);
      expect(run.errors).to.deep.equal([]);
      await until(() => updates > 0, 'the run tells its listeners');
      const [connection] = run.connections as [SandboxConnection];
      expect(run.connections).to.have.length(1);
      expect([connection.id, connection.url, connection.traced]).to.deep.equal([1, `${server}/echo`, true]);
      // Simulated: the wire in the worker measured them; Live: the server's tap did.
      const clock = mode === ConnectionMode.live ? TraceClock.server : TraceClock.page;
      await until(() => dataFrames(connection.trace.events).length === 2, 'both data frames in the trace');
      expect(dataFrames(connection.trace.events)).to.deep.equal([
        { from: Side.client, clock, masked: true, payload: 'hello' },
        { from: Side.server, clock, masked: false, payload: 'hello' },
      ]);
      const frame = connection.trace.events.find((event) => event.type === 'frame');
      expect(frame?.type === 'frame' && frame.bytes.length).to.equal(2 + 4 + 5);
      const api = connection.trace.events.flatMap((event) => (event.type === 'api' ? [event.name] : []));
      expect(api).to.deep.equal(['open', 'message', 'close']);
    });

    it('ends an endless loop on stop(), and the page goes on', async () => {
      const run = start(mode, server, {
        client: "const ws = new WebSocket('/echo');\nws.onopen = () => {\n  log('open');\n  while (true) {}\n};",
      });
      await until(() => run.state === RunState.running && lines(run, 'client').length === 1, 'the loop runs');
      run.stop();
      expect(run.state).to.equal(RunState.stopped);
      // The page answers: a control made now is clicked and does its job.
      const button = document.createElement('button');
      let clicks = 0;
      button.addEventListener('click', () => clicks++);
      document.body.append(button);
      button.click();
      await new Promise((resolve) => setTimeout(resolve, 50));
      button.click();
      button.remove();
      expect(clicks).to.equal(2);
      expect(lines(run, 'playground').at(-1)).to.match(
        /^Stopped: the worker running your code was ended at once, and its 1 open socket /,
      );
      const last = run.connections[0]?.trace.events.at(-1);
      expect(last?.type === 'note' && last.text).to.equal(
        'The run was stopped: this socket ended with its worker, with no close frame.',
      );
    });

    it('names the line of a syntax error in each editor, and runs neither', async () => {
      const run = start(mode, server, {
        client: "log('never');\n\nlet = = 3;",
        server: "serve(() => ({}));\nconst x = ;\nlog('never');",
      });
      await until(() => run.state === RunState.failed, 'the run fails');
      expect(run.errors.map(({ source, name, line }) => [source, name, line])).to.deep.equal([
        ['server', 'SyntaxError', 2],
        ['client', 'SyntaxError', 3],
      ]);
      expect(lines(run, 'client')).to.deep.equal([]);
      expect(lines(run, 'server')).to.deep.equal([]);
    });

    it('names the line of an uncaught error, a rejected top level and an error thrown in a callback', async () => {
      const run = start(mode, server, {
        client: "setTimeout(() => {\n  undefined.x;\n});\nawait null;\nthrow new RangeError('top');",
      });
      await until(() => run.errors.length === 2, 'both errors');
      const errors = [...run.errors].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
      expect(errors.map(({ source, name, line }) => [source, name, line])).to.deep.equal([
        ['client', 'TypeError', 2],
        ['client', 'RangeError', 5],
      ]);
      expect(errors[1]?.message).to.equal('top');
      expect(run.state).to.equal(RunState.running);
    });

    it('closes a message over the live server’s size limit with 1009, and echoes one at the limit', async () => {
      const limit = SANDBOX_LIMITS.messageBytes;
      expect(limit).to.equal(64 * 1024);
      const run = start(mode, server, {
        client: `const ws = new WebSocket('/echo');
ws.onopen = () => ws.send('a'.repeat(${limit}));
ws.onmessage = (event) => {
  log('echoed', event.data.length);
  ws.send('a'.repeat(${limit + 1}));
};
ws.onclose = (event) => log('closed', event.code);`,
      });
      await until(() => lines(run, 'client').length === 2, 'the echo and the close');
      expect(lines(run, 'client')).to.deep.equal([`echoed ${limit}`, 'closed 1009']);
    });

    it('gives WebSocket a prototype with the socket’s methods, which the reader’s code can patch', async () => {
      const run = start(mode, server, {
        client: `const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (data) {
  log('patched send', data);
  return send.call(this, data);
};
const ws = new WebSocket('/echo');
log(typeof send, ws instanceof WebSocket, ws.constructor === WebSocket, Object.getPrototypeOf(ws) === WebSocket.prototype);
class Named extends WebSocket {}
const named = new Named('/echo');
log(named instanceof Named, named instanceof WebSocket, WebSocket.OPEN, named.OPEN);
named.close();
ws.onopen = () => ws.send('hi');
ws.onmessage = (event) => {
  log('got', event.data);
  ws.close();
};`,
      });
      await until(() => lines(run, 'client').length === 4, 'the patched send and the echo');
      expect(lines(run, 'client')).to.deep.equal([
        'function true true true',
        'true true 1 1',
        'patched send hi',
        'got hi',
      ]);
      expect(run.errors).to.deep.equal([]);
    });
  });
}

describe('the sandbox: the reader’s own server, Simulated mode', () => {
  it('answers the reader’s client at /mine, and every frame both ways is in the trace with its bytes', async () => {
    const run = start(ConnectionMode.simulated, SIMULATED_SERVER, { client: MINE_CLIENT, server: MINE_SERVER });
    await until(() => lines(run, 'server').length === 2, 'the server hears the message and the close');
    expect(lines(run, 'client')).to.deep.equal(['welcome ada', 'Uint8Array(3) [1, 2, 3]']);
    expect(lines(run, 'server')).to.deep.equal(['server got hi', 'server closed 1000']);
    const [connection] = run.connections as [SandboxConnection];
    expect(connection.url).to.equal(`${SIMULATED_SERVER}/mine?name=ada`);
    expect(dataFrames(connection.trace.events)).to.deep.equal([
      { from: Side.server, clock: TraceClock.page, masked: false, payload: 'welcome ada' },
      { from: Side.client, clock: TraceClock.page, masked: true, payload: 'hi' },
      { from: Side.server, clock: TraceClock.page, masked: false, payload: '1,2,3' },
    ]);
    const binary = connection.trace.events.find(
      (event) => event.type === 'frame' && event.frame.opcode === Opcode.binary,
    );
    // FIN + binary, length 3, then the payload: the bytes as they crossed the wire.
    expect(binary?.type === 'frame' && [...binary.bytes]).to.deep.equal([0x82, 3, 1, 2, 3]);
    const request = connection.trace.events.find((event) => event.type === 'handshake-request');
    expect(request?.type === 'handshake-request' && request.path).to.equal('/mine?name=ada');
  });

  it('reports an exception thrown in the reader’s server with its line, and the client sees 1011', async () => {
    const run = start(ConnectionMode.simulated, SIMULATED_SERVER, {
      server:
        "serve((peer) => ({\n  message(data) {\n    log('about to throw');\n    throw new Error('broken by ' + data);\n  },\n}));",
      client:
        "const ws = new WebSocket('/mine');\nws.onopen = () => ws.send('x');\nws.onclose = (event) => log('closed', event.code, event.reason);",
    });
    await until(() => lines(run, 'client').length === 1, 'the client hears the close');
    expect(lines(run, 'client')).to.deep.equal(['closed 1011 the server code threw an error']);
    expect(lines(run, 'server')).to.deep.equal(['about to throw']);
    expect(run.errors).to.deep.equal([
      { source: 'server', name: 'Error', message: 'broken by x', line: 4, column: 11 },
    ]);
  });

  it('reports a handler that throws as it opens, with its line, and closes that connection with 1011', async () => {
    const run = start(ConnectionMode.simulated, SIMULATED_SERVER, {
      server: "serve(() => {\n  throw new TypeError('not today');\n});",
      client: "const ws = new WebSocket('/mine');\nws.onclose = (event) => log('closed', event.code);",
    });
    await until(() => lines(run, 'client').length === 1, 'the client hears the close');
    expect(lines(run, 'client')).to.deep.equal(['closed 1011']);
    expect(run.errors.map(({ source, name, line }) => [source, name, line])).to.deep.equal([
      ['server', 'TypeError', 2],
    ]);
  });
});

describe('the sandbox: values the reader’s code throws that are not errors', () => {
  it('reports a thrown object with no prototype, a proxy whose reads throw and a revoked proxy, and the run goes on', async () => {
    const run = start(ConnectionMode.simulated, SIMULATED_SERVER, {
      client: `setTimeout(() => {
  throw Object.create(null);
});
setTimeout(() => {
  throw new Proxy(new Error('hidden'), { get() { throw new Error('no reading'); } });
});
const { proxy, revoke } = Proxy.revocable({}, {});
revoke();
setTimeout(() => {
  throw proxy;
});
setTimeout(() => log('alive'), 50);`,
    });
    await until(() => lines(run, 'client').length === 1, 'the last timer');
    expect(lines(run, 'client')).to.deep.equal(['alive']);
    expect(run.state).to.equal(RunState.running);
    expect(run.errors.map(({ source, name, message, line }) => [source, name, message, line])).to.deep.equal([
      ['client', 'Uncaught value', '{}', 2],
      ['client', 'Error', '(its message could not be read)', 5],
      ['client', 'Uncaught value', '[object that cannot be read]', 10],
    ]);
  });

  it('closes with 1011 a connection whose server code throws a value with no prototype, and reports it', async () => {
    const run = start(ConnectionMode.simulated, SIMULATED_SERVER, {
      server: 'serve(() => ({\n  async message() {\n    throw Object.create(null);\n  },\n}));',
      client:
        "const ws = new WebSocket('/mine');\nws.onopen = () => ws.send('x');\nws.onclose = (event) => log('closed', event.code);",
    });
    await until(() => lines(run, 'client').length === 1, 'the client hears the close');
    expect(lines(run, 'client')).to.deep.equal(['closed 1011']);
    expect(run.errors.map(({ source, name, message }) => [source, name, message])).to.deep.equal([
      ['server', 'Uncaught value', '{}'],
    ]);
  });

  it('lets the client’s close finish when the server’s closed() throws a value with no prototype', async () => {
    const run = start(ConnectionMode.simulated, SIMULATED_SERVER, {
      server: 'serve(() => ({\n  closed() {\n    throw Object.create(null);\n  },\n}));',
      client:
        "const ws = new WebSocket('/mine');\nws.onopen = () => ws.close(1000);\nws.onclose = (event) => log('closed', event.code, event.wasClean);",
    });
    await until(() => lines(run, 'client').length === 1, 'the client hears the close');
    expect(lines(run, 'client')).to.deep.equal(['closed 1000 true']);
    await until(() => run.errors.length === 1, 'the error');
    expect(run.errors.map(({ source, name, message }) => [source, name, message])).to.deep.equal([
      ['server', 'Uncaught value', '{}'],
    ]);
  });

  it('reports an error thrown by the reader’s own error handler as theirs, with its line, and goes on', async () => {
    const run = start(ConnectionMode.simulated, SIMULATED_SERVER, {
      client:
        "self.addEventListener('error', () => {\n  throw new Error('in my handler');\n});\nsetTimeout(() => {\n  throw new Error('first');\n});\nsetTimeout(() => log('still running'), 200);",
    });
    await until(() => lines(run, 'client').includes('still running'), 'the run goes on');
    expect(run.state).to.equal(RunState.running);
    expect(run.errors.map(({ source, message, line }) => [source, message, line])).to.have.deep.members([
      ['client', 'first', 5],
      ['client', 'in my handler', 2],
    ]);
  });
});

describe('the sandbox: the reader’s WebSocket constructor', () => {
  it('throws a SyntaxError DOMException for a URL that does not parse and for one with a fragment', async () => {
    const run = start(ConnectionMode.simulated, SIMULATED_SERVER, {
      client: `for (const url of ['ws://[::1', 'ws://x/#frag', 'ws://x/#']) {
  try {
    new WebSocket(url);
    log('opened', url);
  } catch (error) {
    log(url, error.name, error instanceof DOMException);
  }
}`,
    });
    await until(() => lines(run, 'client').length === 3, 'three lines');
    expect(lines(run, 'client')).to.deep.equal([
      'ws://[::1 SyntaxError true',
      'ws://x/#frag SyntaxError true',
      'ws://x/# SyntaxError true',
    ]);
    expect(run.connections).to.deep.equal([]);
  });
});

describe('the sandbox: the worker is the playground’s', () => {
  it('keeps the news going when the reader’s code replaces the clock, the timers and Array.prototype.push', async () => {
    const run = start(ConnectionMode.simulated, SIMULATED_SERVER, {
      client: `performance.now = () => {
  throw new Error('no clock');
};
self.setTimeout = () => {
  throw new Error('no timers');
};
self.clearTimeout = self.setTimeout;
Array.prototype.push = () => {
  throw new Error('no push');
};
for (let i = 0; i < 40; i++) log('line', i);`,
    });
    await until(() => lines(run, 'client').length === 40, 'every line');
    expect(lines(run, 'client').at(-1)).to.equal('line 39');
    expect(run.errors).to.deep.equal([]);
  });

  it('leaves the reader no postMessage to the page and no close() of the worker, and its globals to shadow', async () => {
    const run = start(ConnectionMode.simulated, SIMULATED_SERVER, {
      client:
        'const log = (...values) => console.warn(...values);\nlog(typeof postMessage, typeof close, SERVER, typeof WebSocket.OPEN);',
    });
    await until(() => lines(run, 'client').length === 1, 'the line');
    expect(run.output.filter((line) => line.source === 'client').map(({ level, text }) => [level, text])).to.deep.equal(
      [['warn', `undefined undefined ${SIMULATED_SERVER} number`]],
    );
    expect(run.errors).to.deep.equal([]);
  });
});

describe('the sandbox: limits', () => {
  it('opens at most the stated number of sockets, and says so once', async () => {
    const run = start(ConnectionMode.simulated, SIMULATED_SERVER, {
      client: "for (let i = 0; i < 1000; i++) new WebSocket('/echo');",
    });
    await until(() => run.errors.length === 1, 'the limit throws');
    expect(run.connections).to.have.length(SANDBOX_LIMITS.sockets);
    const said = lines(run, 'playground').filter((text) => text.startsWith('Socket limit reached'));
    expect(said).to.have.length(1);
    expect(said[0]).to.contain(`at most ${SANDBOX_LIMITS.sockets} sockets`);
    expect(run.errors[0]).to.include({ source: 'client', line: 1 });
  });

  it('forwards at most the stated number of trace events of a flood of send(), and notes the rest', async () => {
    const run = start(ConnectionMode.simulated, SIMULATED_SERVER, {
      client:
        "const ws = new WebSocket('/echo');\nws.onopen = () => {\n  for (let i = 0; i < 5000; i++) ws.send('flood');\n};",
    });
    await until(
      () => lines(run, 'playground').some((text) => text.startsWith('Connection #1: Trace limit reached')),
      'the limit line',
    );
    const [connection] = run.connections as [SandboxConnection];
    await until(() => connection.trace.events.length === SANDBOX_LIMITS.traceEvents + 1, 'the note in the trace');
    const last = connection.trace.events.at(-1);
    expect(last?.type === 'note' && last.text).to.match(/^Trace limit reached: 2000 events/);
  });

  it('forwards frames past the run’s trace byte budget with their header and length only, and says so once', async () => {
    const size = 4 * 1024 * 1024;
    const count = 6;
    const run = start(ConnectionMode.simulated, SIMULATED_SERVER, {
      server: `serve((peer) => {
  for (let i = 0; i < ${count}; i++) peer.send(new Uint8Array(${size}).fill(i + 1));
  return {};
});`,
      client: `const ws = new WebSocket('/mine');
let got = 0;
ws.onmessage = () => {
  if (++got === ${count}) log('got', got);
};`,
    });
    await until(() => lines(run, 'client').length === 1, 'every message');
    const [connection] = run.connections as [SandboxConnection];
    const frames = (): TimelineEvent[] =>
      connection.trace.events.filter((event) => event.type === 'frame' && event.frame.opcode === Opcode.binary);
    await until(() => frames().length === count, 'every frame in the trace');
    const shown = frames().flatMap((event) => (event.type === 'frame' ? [event] : []));
    for (const event of shown) expect(event.frame.payloadLength).to.equal(size);
    const whole = shown.filter((event) => event.frame.payload.length === size);
    const cut = shown.filter((event) => event.frame.payload.length === 0);
    expect(whole.length).to.be.greaterThan(0);
    expect(whole.length + cut.length).to.equal(count);
    expect(whole.reduce((sum, event) => sum + event.bytes.length, 0)).to.be.at.most(SANDBOX_LIMITS.traceBytes);
    expect(shown.slice(0, whole.length)).to.deep.equal(whole);
    for (const event of cut) expect(event.bytes.length).to.equal(event.frame.headerLength);
    expect(whole[0]?.frame.payload[0]).to.equal(1);
    const notes = connection.trace.events.filter(
      (event) => event.type === 'note' && event.text.startsWith('Trace byte limit reached'),
    );
    expect(notes).to.have.length(1);
    expect(lines(run, 'playground').filter((text) => text.includes('Trace byte limit reached'))).to.have.length(1);
  });

  it('shows at most the stated number of output lines from a loop that never ends, and says so', async () => {
    const run = start(ConnectionMode.simulated, SIMULATED_SERVER, {
      client: "let i = 0;\nwhile (true) log('line', i++);",
    });
    await until(
      () => lines(run, 'playground').some((text) => text.startsWith('Output limit reached')),
      'the limit line',
    );
    run.stop();
    const shown = lines(run, 'client');
    expect(shown).to.have.length(SANDBOX_LIMITS.outputLines);
    expect(shown.at(-1)).to.equal(`line ${SANDBOX_LIMITS.outputLines - 1}`);
    expect(lines(run, 'playground')[0]).to.equal(
      `Output limit reached: ${SANDBOX_LIMITS.outputLines} lines. Later lines are not shown; the code goes on running.`,
    );
  });
});

describe('the sandbox: Live mode only', () => {
  it('says once that serve() does nothing on the shared server', async () => {
    const run = start(ConnectionMode.live, await serverUrl('live-server-url'), {
      server: 'serve(() => ({}));\nserve(() => ({}));',
      client: "log('client ran');",
    });
    await until(() => lines(run, 'client').length === 1, 'the client runs');
    expect(
      lines(run, 'playground').filter((text) => text.startsWith('serve() does nothing in Live mode')),
    ).to.have.length(1);
  });

  it('opens another server’s URL with the plain WebSocket: no byte trace, and a note says why', async () => {
    const other = await executeServerCommand('restartable-server-url');
    if (typeof other !== 'string') throw new Error('the test runner did not start the restartable server');
    const run = start(ConnectionMode.live, await serverUrl('live-server-url'), {
      client: `const ws = new WebSocket(${JSON.stringify(`${other}/echo`)});\nws.onopen = () => ws.send('far');\nws.onmessage = (event) => { log(event.data); ws.close(); };`,
    });
    await until(() => lines(run, 'client').length === 1, 'the echo');
    expect(lines(run, 'client')).to.deep.equal(['far']);
    const [connection] = run.connections as [SandboxConnection];
    expect(connection.traced).to.equal(false);
    await until(
      () => connection.trace.events.some((event) => event.type === 'api' && event.name === 'close'),
      'the close',
    );
    expect(connection.trace.events.map((event) => event.type)).to.deep.equal(['note', 'api', 'api', 'api']);
    expect(
      lines(run, 'playground').some(
        (text) => text.includes('is not this site’s server') || text.includes("is not this site's server"),
      ),
    ).to.equal(true);
  });
});
