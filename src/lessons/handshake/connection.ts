import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { connectionSettings, type ConnectionSettings } from '../../controllers/connection-settings.ts';
import { SettingsChangeEvent } from '../../controllers/settings-change-event.ts';
import { connect, explainFailure, type Connection } from '../../transport/connect.ts';
import { endpointUrl } from '../../transport/endpoint-url.ts';
import type { ConnectionMode } from '../../transport/mode.ts';
import { TraceAddEvent, type PageTraceEvent } from '../../transport/trace-stream.ts';
import { findResponse } from './trace.ts';

export const AttemptStatus = { connecting: 'connecting', open: 'open', closed: 'closed' } as const;
export type AttemptStatus = (typeof AttemptStatus)[keyof typeof AttemptStatus];

/** One handshake attempt with a given subprotocol offer, as the page's WebSocket reported it. */
export interface Attempt {
  readonly mode: ConnectionMode;
  readonly url: string;
  /** The subprotocols offered, in order: the second argument of `new WebSocket`. */
  readonly offered: readonly string[];
  readonly status: AttemptStatus;
  /** `ws.protocol` when the open event came; undefined if it never opened. */
  readonly protocol: string | undefined;
  /** Whether the page heard an error event. */
  readonly error: boolean;
  readonly close: { readonly code: number; readonly wasClean: boolean } | undefined;
  /** Why it failed, when the trace cannot say: the constructor threw, or no server answered. */
  readonly problem: string | undefined;
}

/**
 * Opens `/echo` (or another target) with a subprotocol offer, on the wire the
 * site-wide settings choose, and closes it as soon as it is open: only the
 * handshake matters to the demo. The socket is taken in `connect` and given
 * back when the host leaves the page; a mode flip repeats the attempt.
 */
export class HandshakeAttemptController implements ReactiveController {
  attempt: Attempt | undefined;
  trace: readonly PageTraceEvent[] = [];
  readonly settings: ConnectionSettings;
  readonly #host: ReactiveControllerHost;
  readonly #target: string;
  #connection: Connection | undefined;

  constructor(host: ReactiveControllerHost, target: string, settings: ConnectionSettings = connectionSettings) {
    this.#host = host;
    this.#target = target;
    this.settings = settings;
    host.addController(this);
  }

  hostConnected(): void {
    this.settings.addEventListener(SettingsChangeEvent.eventName, this.#onSettingsChange);
  }

  hostDisconnected(): void {
    this.settings.removeEventListener(SettingsChangeEvent.eventName, this.#onSettingsChange);
    this.#abandon();
  }

  get busy(): boolean {
    return this.attempt?.status === AttemptStatus.connecting || this.attempt?.status === AttemptStatus.open;
  }

  connect(offered: readonly string[]): void {
    this.#abandon();
    const { mode, serverUrl } = this.settings;
    const base: Attempt = {
      mode,
      url: endpointUrl(serverUrl, this.#target),
      offered,
      status: AttemptStatus.connecting,
      protocol: undefined,
      error: false,
      close: undefined,
      problem: undefined,
    };
    this.trace = [];
    let connection: Connection;
    try {
      connection = connect(this.#target, { mode, serverUrl, protocols: offered });
    } catch (error) {
      this.#set({ ...base, status: AttemptStatus.closed, problem: `new WebSocket threw: ${(error as Error).message}` });
      return;
    }
    this.#connection = connection;
    // The simulated wire writes its request as it is built, before anyone can listen.
    this.trace = connection.trace.events;
    this.#set(base);
    const current = (): boolean => connection === this.#connection;
    connection.trace.addEventListener(TraceAddEvent.eventName, () => {
      if (!current()) return;
      this.trace = connection.trace.events;
      this.#host.requestUpdate();
    });
    const { socket } = connection;
    socket.addEventListener('open', () => {
      if (!current()) return;
      this.#patch({ status: AttemptStatus.open, protocol: socket.protocol });
      socket.close(1000, 'negotiation shown');
    });
    socket.addEventListener('error', () => current() && this.#patch({ error: true }));
    socket.addEventListener('close', (event) => {
      if (!current()) return;
      const { code, wasClean } = event as CloseEvent;
      this.#patch({ status: AttemptStatus.closed, close: { code, wasClean } });
      if (this.attempt?.protocol === undefined) void this.#explain(connection, { mode, serverUrl });
    });
  }

  /** A failure with no answer in the trace: say whether a server is there at all. */
  async #explain(connection: Connection, options: { mode: ConnectionMode; serverUrl: string }): Promise<void> {
    // The live server's view travels on a separate connection: give it a moment to arrive.
    await new Promise((resolve) => setTimeout(resolve, 300));
    if (connection !== this.#connection || findResponse(connection.trace.events)) return;
    const problem = await explainFailure(this.#target, options, window.location.origin);
    if (connection === this.#connection) this.#patch({ problem });
  }

  readonly #onSettingsChange = (): void => {
    const attempt = this.attempt;
    const changed = attempt && (attempt.mode !== this.settings.mode || attempt.url !== this.#url());
    if (attempt && changed && this.busy) this.connect(attempt.offered);
    this.#host.requestUpdate();
  };

  #url(): string {
    return endpointUrl(this.settings.serverUrl, this.#target);
  }

  #abandon(): void {
    const connection = this.#connection;
    this.#connection = undefined;
    if (connection && connection.socket.readyState <= 1) connection.socket.close(1000, 'demo left');
    connection?.release();
  }

  #patch(change: Partial<Attempt>): void {
    if (this.attempt) this.#set({ ...this.attempt, ...change });
  }

  #set(attempt: Attempt): void {
    this.attempt = attempt;
    this.#host.requestUpdate();
  }
}
