import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConnectionMode } from '../transport/mode.ts';
import { SandboxRun, SandboxUpdateEvent } from '../transport/sandbox/sandbox.ts';
import { TraceAddEvent, type TraceStream } from '../transport/trace-stream.ts';

/** What a run is given: the code of both editors, the mode and the server it pretends to be or reaches. */
export interface RunCode {
  readonly mode: ConnectionMode;
  readonly serverUrl: string;
  readonly client: string;
  readonly server: string;
}

/**
 * The reader's runs for the playground page: one at a time (a new run ends
 * the last), each in a worker of its own (src/transport/sandbox), ended when
 * the page leaves. The host re-renders when the run tells news and when the
 * connection it watches adds to its trace.
 */
export class RunController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  #run: SandboxRun | undefined;
  #watched: TraceStream | undefined;
  readonly #update = (): void => this.#host.requestUpdate();

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  /** The last run, running or ended; undefined before the first. */
  get run(): SandboxRun | undefined {
    return this.#run;
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.stop();
    this.watch(undefined);
  }

  start(code: RunCode): void {
    this.stop();
    this.#run?.removeEventListener(SandboxUpdateEvent.eventName, this.#update);
    this.watch(undefined);
    this.#run = new SandboxRun(code);
    this.#run.addEventListener(SandboxUpdateEvent.eventName, this.#update);
    this.#host.requestUpdate();
  }

  stop(): void {
    this.#run?.stop();
  }

  /** Re-renders the host as this connection's trace grows (undefined: none). */
  watch(trace: TraceStream | undefined): void {
    if (trace === this.#watched) return;
    this.#watched?.removeEventListener(TraceAddEvent.eventName, this.#update);
    this.#watched = trace;
    trace?.addEventListener(TraceAddEvent.eventName, this.#update);
  }
}
