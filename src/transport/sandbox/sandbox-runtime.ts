import { createService } from '../../service/service.ts';
import { browserClock } from '../browser-clock.ts';
import { ConnectionMode } from '../mode.ts';
import { formatValues } from './format-value.ts';
import { Outbox } from './outbox.ts';
import { readerError, type ReaderScript, type ReaderSource } from './reader-errors.ts';
import { loadScripts, type ReaderGlobals } from './reader-scripts.ts';
import { ReaderServer, withEndpoint } from './reader-server.ts';
import { ReaderSockets } from './reader-sockets.ts';
import { RunState, type OutputLine, type StartMessage, type WorkerMessage } from './sandbox-messages.ts';

/**
 * A run's worker: a classic worker whose bootstrap imports this module
 * (sandbox.ts makes it). It says it is ready, takes the code, loads it,
 * runs the server's code then the client's, and tells the page everything
 * through the outbox. Ending the worker ends everything the code started.
 */

// The browser's own, taken before the reader's code can touch the globals.
const NativeWebSocket = WebSocket;
const scope = self as unknown as { postMessage(message: WorkerMessage): void };
const post = scope.postMessage.bind(scope);

/**
 * Only the playground talks to the page, and only Stop ends the run: the
 * reader's code finds no postMessage to make news with, nor close() to end
 * the worker by mistake (meaning a socket's).
 */
function keepWorkerToItself(): void {
  for (
    let target: object | null = self;
    target && target !== Object.prototype;
    target = Object.getPrototypeOf(target)
  ) {
    for (const name of ['postMessage', 'close']) {
      if (Object.hasOwn(target, name)) delete (target as Record<string, unknown>)[name];
    }
  }
}

const LIVE_SERVE_NOTE =
  'serve() does nothing in Live mode: the live server is shared by every reader and runs only its own endpoints, never code a page sends it. Switch to Simulated to run your server code.';

function start({ mode, serverUrl, client, server }: StartMessage): void {
  const outbox = new Outbox(post);
  let scripts: readonly ReaderScript[] = [];
  const report = (source: ReaderSource) => (thrown: unknown) => outbox.error(readerError(scripts, thrown, source));
  self.addEventListener('error', (event) => {
    // Reported here, as the reader's error: the page's Worker hears nothing of it.
    event.preventDefault();
    const place = { file: event.filename, line: event.lineno, column: event.colno };
    outbox.error(readerError(scripts, event.error ?? event.message, 'client', place));
  });
  self.addEventListener('unhandledrejection', (event) => {
    event.preventDefault();
    report('client')(event.reason);
  });

  const readerServer = new ReaderServer(report('server'));
  const service = withEndpoint(createService({ clock: browserClock }), readerServer.endpoint);
  const sockets = new ReaderSockets({ mode, serverUrl, service, outbox, native: NativeWebSocket });
  let liveServeSaid = false;
  const serve =
    mode === ConnectionMode.simulated
      ? readerServer.serve
      : () => {
          if (!liveServeSaid) outbox.line('playground', 'info', LIVE_SERVE_NOTE);
          liveServeSaid = true;
        };
  const globals = (source: ReaderSource): ReaderGlobals => {
    const write =
      (level: OutputLine['level']) =>
      (...values: unknown[]): void =>
        outbox.line(source, level, formatValues(values));
    const console = Object.assign(Object.create(self.console) as Console, {
      log: write('log'),
      debug: write('log'),
      info: write('info'),
      warn: write('warn'),
      error: write('error'),
    });
    return { WebSocket: sockets.WebSocket, SERVER: serverUrl, log: write('log'), console, serve };
  };

  keepWorkerToItself();
  const loaded = loadScripts({ server, client });
  scripts = loaded.scripts;
  loaded.whenLoaded((run) => {
    if (!run) {
      outbox.line('playground', 'error', 'The code did not run: fix the syntax error first.');
      outbox.state(RunState.failed);
      return;
    }
    outbox.state(RunState.running);
    for (const source of ['server', 'client'] as const) run(source, globals(source)).catch(report(source));
  });
}

self.addEventListener('message', (event) => start(event.data as StartMessage), { once: true });
post({ type: 'ready' });
