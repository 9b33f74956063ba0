import { ConnectionStatus } from '../controllers/connection-controller.ts';
import type { ConnectionSettings } from '../controllers/connection-settings.ts';
import { codeText } from './closing-connection.ts';
import type { ServerMessage } from '../service/json-messages.ts';
import { connect, explainFailure, type Connection } from '../transport/connect.ts';
import { endpointUrl } from '../transport/endpoint-url.ts';
import { ConnectionMode } from '../transport/mode.ts';
import { ReadyState } from '../transport/playground-socket.ts';
import { TraceAddEvent, type PageTraceEvent } from '../transport/trace-stream.ts';

/** Milliseconds each way on the simulated wire. */
export interface Latency {
  readonly up: number;
  readonly down: number;
}

export interface RoomConnectionOptions {
  readonly settings: ConnectionSettings;
  /** Each JSON message the server sent, parsed, in the order it came. */
  readonly onMessage: (message: ServerMessage) => void;
  /** Something shown changed: status or problem. */
  readonly onChange: () => void;
  /** The trace grew (default: onChange). A demo that hides its trace can skip the render. */
  readonly onTrace?: () => void;
}

/**
 * One client's connection to a room endpoint (`/collab`, `/game`), for demos
 * that put several clients in one card. Unlike ConnectionController, its
 * target is chosen when it opens, it hands each parsed message to the demo,
 * and on the simulated wire it can add latency. Used by the collaborative
 * editing and the game demos alike.
 */
export class RoomConnection {
  status: ConnectionStatus = ConnectionStatus.idle;
  /** The trace of the current (or last) connection. */
  trace: readonly PageTraceEvent[] = [];
  /** Why the connection failed or ended, in the reader's words; undefined while all is well. */
  problem: string | undefined;
  /** The URL of the current (or last) connection. */
  url: string | undefined;
  readonly #options: RoomConnectionOptions;
  #connection: Connection | undefined;
  #mode: ConnectionMode = ConnectionMode.simulated;
  #serverUrl = '';
  #leaving = false;
  /** Resolves when the current connection has closed. */
  #closed: Promise<void> = Promise.resolve();

  constructor(options: RoomConnectionOptions) {
    this.#options = options;
  }

  get isOpen(): boolean {
    return this.status === ConnectionStatus.open;
  }

  get canConnect(): boolean {
    return this.status === ConnectionStatus.idle || this.status === ConnectionStatus.closed;
  }

  /** The mode the current connection was opened in. */
  get mode(): ConnectionMode {
    return this.#mode;
  }

  /**
   * Opens `target` on the wire the settings choose. `latency` applies in
   * Simulated mode only: on a live connection the network decides.
   */
  open(target: string, latency?: Latency): void {
    this.abandon();
    const { mode, serverUrl } = this.#options.settings;
    this.#mode = mode;
    this.#serverUrl = serverUrl;
    this.#leaving = false;
    this.problem = undefined;
    this.url = endpointUrl(serverUrl, target);
    this.trace = [];
    this.#setStatus(ConnectionStatus.connecting);
    let connection: Connection;
    try {
      connection = connect(target, {
        mode,
        serverUrl,
        latency: mode === ConnectionMode.simulated ? latency : undefined,
      });
    } catch (error) {
      this.problem = `The browser refused to open the connection: ${(error as Error).message}`;
      this.#setStatus(ConnectionStatus.closed);
      return;
    }
    this.#connection = connection;
    const current = (): boolean => connection === this.#connection;
    connection.trace.addEventListener(TraceAddEvent.eventName, () => {
      if (!current()) return;
      this.trace = connection.trace.events;
      (this.#options.onTrace ?? this.#options.onChange)();
    });
    const { socket } = connection;
    let opened = false;
    this.#closed = new Promise((resolve) => socket.addEventListener('close', () => resolve(), { once: true }));
    socket.addEventListener('open', () => {
      if (!current()) return;
      opened = true;
      this.#setStatus(ConnectionStatus.open);
    });
    socket.addEventListener('message', (event) => {
      if (!current()) return;
      const { data } = event as MessageEvent<unknown>;
      if (typeof data !== 'string') return;
      let message: ServerMessage;
      try {
        message = JSON.parse(data) as ServerMessage;
      } catch {
        this.problem = 'The server sent a message that is not JSON.';
        this.#options.onChange();
        return;
      }
      this.#options.onMessage(message);
    });
    socket.addEventListener('close', (event) => {
      if (!current()) return;
      const { code, reason } = event as CloseEvent;
      this.#setStatus(ConnectionStatus.closed);
      if (!opened) void this.#explain(connection, target);
      else if (!this.#leaving) {
        this.problem = `The connection closed with code ${codeText(code)}${reason ? `: ${reason}` : ''}.`;
        this.#options.onChange();
      }
    });
  }

  /** Sends one JSON message; false when there is no open connection to carry it. */
  send(message: object): boolean {
    const socket = this.#connection?.socket;
    if (!socket || !this.isOpen) return false;
    socket.send(JSON.stringify(message));
    return true;
  }

  /**
   * Leaves the room: a normal close (1000), which the server answers. Resolves
   * once the connection has closed, so the server has let the name go.
   */
  leave(reason: string): Promise<void> {
    const socket = this.#connection?.socket;
    if (!socket || socket.readyState > ReadyState.open) return Promise.resolve();
    if (socket.readyState === ReadyState.connecting) {
      this.abandon();
      return Promise.resolve();
    }
    this.#leaving = true;
    socket.close(1000, reason);
    this.#setStatus(ConnectionStatus.closing);
    return this.#closed;
  }

  /** Closes the connection without waiting for or reporting its events. */
  abandon(): void {
    const connection = this.#connection;
    this.#connection = undefined;
    if (connection && connection.socket.readyState <= ReadyState.open) connection.socket.close(1000, 'demo left');
    connection?.release();
    this.status = ConnectionStatus.idle;
  }

  /** Why a connection failed before it opened: the server's own note when the trace has one. */
  async #explain(connection: Connection, target: string): Promise<void> {
    // The live server's note travels on a separate connection: give it a moment to arrive.
    await new Promise((resolve) => setTimeout(resolve, 300));
    if (connection !== this.#connection) return;
    const note = connection.trace.events.find((event) => event.type === 'note');
    this.problem =
      note?.type === 'note'
        ? `The server refused the handshake: ${note.text}`
        : await explainFailure(target, { mode: this.#mode, serverUrl: this.#serverUrl }, window.location.origin);
    this.#options.onChange();
  }

  #setStatus(status: ConnectionStatus): void {
    this.status = status;
    this.#options.onChange();
  }
}
