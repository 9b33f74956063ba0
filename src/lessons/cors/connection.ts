import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { connectionSettings } from '../../controllers/connection-settings.ts';
import { SettingsChangeEvent } from '../../controllers/settings-change-event.ts';
import { connect, explainFailure, type Connection } from '../../transport/connect.ts';
import { TraceAddEvent, type PageTraceEvent } from '../../transport/trace-stream.ts';

export const AttemptStatus = { idle: 'idle', connecting: 'connecting', open: 'open', closed: 'closed' } as const;
export type AttemptStatus = (typeof AttemptStatus)[keyof typeof AttemptStatus];

/** What the page's close event said: all a page ever learns of a refused handshake. */
export interface CloseReport {
  readonly code: number;
  readonly reason: string;
  readonly wasClean: boolean;
}

/** How long the live server's side channel gets to deliver its view of a refusal before the page asks why. */
const SIDE_CHANNEL_GRACE_MS = 1500;

/**
 * One connection attempt per click, to a target chosen at each attempt (the
 * CORS demo changes `?allow=` between attempts). Forgets the attempt when the
 * reader flips the connection mode, and closes it when the host leaves.
 */
export class CorsConnection implements ReactiveController {
  status: AttemptStatus = AttemptStatus.idle;
  /** The attempt's trace: the wire's events (in Live mode, the server's side channel) and the page's. */
  trace: readonly PageTraceEvent[] = [];
  /** Text messages that came back. */
  echoes: readonly string[] = [];
  close: CloseReport | undefined;
  /** Why the attempt failed when the trace cannot say: no server, a URL the browser refused. */
  problem: string | undefined;
  readonly #host: ReactiveControllerHost;
  #connection: Connection | undefined;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    connectionSettings.addEventListener(SettingsChangeEvent.eventName, this.#onSettingsChange);
  }

  hostDisconnected(): void {
    connectionSettings.removeEventListener(SettingsChangeEvent.eventName, this.#onSettingsChange);
    this.#abandon();
  }

  connect(target: string): void {
    this.#abandon();
    this.trace = [];
    this.echoes = [];
    this.close = undefined;
    this.problem = undefined;
    this.#set(AttemptStatus.connecting);
    const options = { mode: connectionSettings.mode, serverUrl: connectionSettings.serverUrl };
    let connection: Connection;
    try {
      connection = connect(target, options);
    } catch (error) {
      this.problem = `The browser refused to open the connection: ${(error as Error).message}`;
      this.#set(AttemptStatus.closed);
      return;
    }
    this.#connection = connection;
    const current = (): boolean => connection === this.#connection;
    const { socket, trace } = connection;
    trace.addEventListener(TraceAddEvent.eventName, () => {
      if (!current()) return;
      this.trace = trace.events;
      this.#host.requestUpdate();
    });
    socket.addEventListener('open', () => current() && this.#set(AttemptStatus.open));
    socket.addEventListener('message', (event) => {
      const data = (event as MessageEvent<unknown>).data;
      if (!current() || typeof data !== 'string') return;
      this.echoes = [...this.echoes, data];
      this.#host.requestUpdate();
    });
    socket.addEventListener('close', (event) => {
      if (!current()) return;
      const { code, reason, wasClean } = event as CloseEvent;
      this.close = { code, reason, wasClean };
      this.#set(AttemptStatus.closed);
      if (!trace.events.some((item) => item.type === 'api' && item.name === 'open')) {
        setTimeout(() => void this.#explain(connection, target, options), SIDE_CHANNEL_GRACE_MS);
      }
    });
  }

  send(text: string): void {
    if (this.status === AttemptStatus.open) this.#connection?.socket.send(text);
  }

  disconnect(): void {
    if (this.status === AttemptStatus.open) this.#connection?.socket.close(1000, 'reader clicked Disconnect');
  }

  /** No server response in the trace: say whether anything is listening at all. */
  async #explain(connection: Connection, target: string, options: Parameters<typeof connect>[1]): Promise<void> {
    if (connection !== this.#connection) return;
    if (connection.trace.events.some((event) => event.type === 'handshake-response')) return;
    const problem = await explainFailure(target, options, window.location.origin);
    if (connection !== this.#connection) return;
    this.problem = problem;
    this.#host.requestUpdate();
  }

  readonly #onSettingsChange = (): void => {
    this.#abandon();
    this.trace = [];
    this.echoes = [];
    this.close = undefined;
    this.problem = undefined;
    this.#set(AttemptStatus.idle);
  };

  #abandon(): void {
    const connection = this.#connection;
    this.#connection = undefined;
    if (connection && connection.socket.readyState <= 1) connection.socket.close(1000, 'demo left');
    connection?.release();
  }

  #set(status: AttemptStatus): void {
    this.status = status;
    this.#host.requestUpdate();
  }
}
