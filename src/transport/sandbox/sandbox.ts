import { ConnectionMode } from '../mode.ts';
import { TraceStream } from '../trace-stream.ts';
import { TypedEventTarget } from '../typed-event-target.ts';
import {
  READER_SCRIPT_NAMES,
  READER_SCRIPT_OFFSET,
  RunState,
  SANDBOX_LIMITS,
  type OutputLine,
  type ReaderError,
  type RunNews,
  type StartMessage,
  type TraceOp,
  type WorkerMessage,
} from './sandbox-messages.ts';
import runtimeUrl from './sandbox-runtime.ts?module-url';
import { SandboxUpdateEvent } from './sandbox-update-event.ts';

export { RunState, SANDBOX_LIMITS, type OutputLine, type ReaderError } from './sandbox-messages.ts';
export { SandboxUpdateEvent } from './sandbox-update-event.ts';

/**
 * The reader's code, run: one Web Worker per run, so that Stop (the
 * worker's end) halts any code at once, an endless loop included, and no
 * code can freeze the page. The worker is a classic one (see
 * reader-scripts.ts for why) whose tiny bootstrap imports the runtime
 * module; what the code prints, throws and opens comes back as batched news
 * (sandbox-messages.ts), each connection's trace replayed here into a
 * TraceStream of the page's, which the trace views show as a lesson's.
 */

/** The most often a run tells its listeners: news arrives faster than a page needs to redraw. */
export const UPDATE_MS = 50;

export interface SandboxConnection {
  /** From 1, in the order the reader's code opened them. */
  readonly id: number;
  readonly url: string;
  /** false: not this site's server, no byte trace */
  readonly traced: boolean;
  readonly trace: TraceStream;
}

export interface SandboxOptions {
  readonly mode: ConnectionMode;
  /** The live server's URL: what `SERVER` holds, and where the simulated server pretends to live. */
  readonly serverUrl: string;
  readonly client: string;
  readonly server: string;
}

let bootstrapUrl: string | undefined;

/** The classic worker's whole script: it imports the runtime module, or says why it could not. */
function bootstrap(): string {
  // Absolute: a blob's script has no base URL of its own to resolve the runtime's against.
  const runtime = new URL(runtimeUrl, import.meta.url).href;
  bootstrapUrl ??= URL.createObjectURL(
    new Blob(
      [
        `import(${JSON.stringify(runtime)}).catch((error) => postMessage({ type: 'boot-failed', message: String(error) }));`,
      ],
      { type: 'text/javascript' },
    ),
  );
  return bootstrapUrl;
}

/**
 * One run of the reader's code.
 *
 * @fires wsp-sandbox-update - at most every UPDATE_MS, when output, errors, connections or state changed
 */
export class SandboxRun extends TypedEventTarget<{ [SandboxUpdateEvent.eventName]: SandboxUpdateEvent }> {
  readonly #options: SandboxOptions;
  readonly #worker: Worker;
  readonly #startedAt = performance.now();
  readonly #output: OutputLine[] = [];
  readonly #errors: ReaderError[] = [];
  readonly #connections: SandboxConnection[] = [];
  readonly #byId = new Map<number, SandboxConnection>();
  /** Connections the worker has not reported closed. */
  readonly #open = new Set<number>();
  #state: RunState = RunState.starting;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: SandboxOptions) {
    super();
    this.#options = options;
    this.#worker = new Worker(bootstrap());
    this.#worker.addEventListener('message', (event: MessageEvent<WorkerMessage>) => this.#receive(event.data));
    this.#worker.addEventListener('error', (event) => {
      event.preventDefault();
      if (this.#state === RunState.running) this.#escaped(event);
      else this.#fail(`The run's worker failed: ${event.message || 'the browser gave no reason'}.`);
    });
  }

  get output(): readonly OutputLine[] {
    return this.#output;
  }

  get errors(): readonly ReaderError[] {
    return this.#errors;
  }

  get connections(): readonly SandboxConnection[] {
    return this.#connections;
  }

  get state(): RunState {
    return this.#state;
  }

  /**
   * Ends the worker at once, whatever the code is doing. Its sockets die
   * with it: no close frame goes out (RFC 6455 §7.1.5: the server sees
   * 1006), and a playground line and each open connection's trace say so.
   */
  stop(): void {
    if (!this.#active()) return;
    this.#worker.terminate();
    const open = this.#open.size;
    const sockets = `${open} open socket${open === 1 ? '' : 's'}`;
    this.#line(
      this.#options.mode === ConnectionMode.simulated
        ? `Stopped: the worker running your code was ended at once, and its ${sockets} and the in-page server with it. No close frame was sent.`
        : `Stopped: the worker running your code was ended at once, and its ${sockets} with it: no close frame was sent, so the server sees each connection drop (1006).`,
    );
    for (const id of this.#open) {
      const { trace } = this.#byId.get(id)!;
      trace.push({
        type: 'note',
        at: trace.now(),
        text: 'The run was stopped: this socket ended with its worker, with no close frame.',
      });
    }
    this.#open.clear();
    this.#setState(RunState.stopped);
  }

  #active(): boolean {
    return this.#state === RunState.starting || this.#state === RunState.running;
  }

  #receive(message: WorkerMessage): void {
    if (!this.#active()) return;
    switch (message.type) {
      case 'ready': {
        const { mode, serverUrl, client, server } = this.#options;
        const start: StartMessage = { type: 'start', mode, serverUrl, client, server };
        this.#worker.postMessage(start);
        return;
      }
      case 'boot-failed':
        this.#fail(`The playground could not load what runs your code: ${message.message}`);
        return;
      case 'news':
        for (const news of message.news) this.#apply(news);
        this.#changed();
    }
  }

  #apply(news: RunNews): void {
    switch (news.kind) {
      case 'line':
        this.#output.push(news.line);
        return;
      case 'error':
        this.#errors.push(news.error);
        return;
      case 'connection': {
        const connection: SandboxConnection = {
          id: news.id,
          url: news.url,
          traced: news.traced,
          trace: new TraceStream(),
        };
        this.#connections.push(connection);
        this.#byId.set(news.id, connection);
        this.#open.add(news.id);
        return;
      }
      case 'trace': {
        const connection = this.#byId.get(news.id);
        if (connection) replay(connection.trace, news.op);
        return;
      }
      case 'closed':
        this.#open.delete(news.id);
        return;
      case 'state':
        this.#setState(news.state);
    }
  }

  #fail(text: string): void {
    if (!this.#active()) return;
    this.#worker.terminate();
    this.#line(text, 'error');
    this.#setState(RunState.failed);
  }

  /**
   * An error got past the worker's own reporting after the code started (an
   * error handler of the reader's that throws, say): the reader's error, with
   * its line when it came from an editor's script, and the run goes on, as a
   * page goes on after one.
   */
  #escaped(event: ErrorEvent): void {
    if (this.#errors.length >= SANDBOX_LIMITS.errors) return;
    const source = (Object.keys(READER_SCRIPT_NAMES) as ReaderError['source'][]).find(
      (name) => READER_SCRIPT_NAMES[name] === event.filename,
    );
    const message = event.message || 'the browser gave no reason';
    const [, name = 'Error', text = message] = /^(?:Uncaught )?(\w*Error): (.*)$/s.exec(message) ?? [];
    this.#errors.push({
      source: source ?? 'client',
      name,
      message: text,
      line: source ? Math.max(event.lineno - READER_SCRIPT_OFFSET, 1) : undefined,
      column: source ? event.colno || undefined : undefined,
    });
    this.#changed();
  }

  #setState(state: RunState): void {
    if (!this.#active()) return;
    this.#state = state;
    if (state === RunState.failed) this.#worker.terminate();
    this.#changed();
  }

  #line(text: string, level: OutputLine['level'] = 'info'): void {
    this.#output.push({ at: Math.round(performance.now() - this.#startedAt), source: 'playground', level, text });
  }

  #changed(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.dispatchEvent(new SandboxUpdateEvent());
    }, UPDATE_MS);
  }
}

/** One change the worker's trace was told, told again to the page's. */
function replay(trace: TraceStream, op: TraceOp): void {
  switch (op.kind) {
    case 'page':
      trace.push(op.event);
      return;
    case 'server':
      trace.pushServer(op.event);
      return;
    case 'offset':
      trace.setClockOffset({ ...op.offset, offset: op.offset.offset + trace.startedAt });
  }
}
