import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ConnectionStatus } from '../controllers/connection-controller.ts';
import {
  connectionSettings,
  SettingsChangeEvent,
  type ConnectionSettings,
} from '../controllers/connection-settings.ts';
import { connect, explainFailure, type Connection } from '../transport/connect.ts';
import { endpointUrl } from '../transport/endpoint-url.ts';
import type { ConnectionMode } from '../transport/mode.ts';
import { TraceAddEvent, type PageTraceEvent } from '../transport/trace-stream.ts';

/** A JSON message from a use-case endpoint: an object with a `type`; the fields depend on it. */
export interface UseCaseMessage {
  readonly type: string;
  readonly [field: string]: unknown;
}

export interface UseCaseConnectionOptions {
  /** Every JSON message the server sends, in order. */
  readonly onMessage: (message: UseCaseMessage) => void;
  /** A new connection begins (a first connect, or a reconnect after the mode changed): forget the old state. */
  readonly onConnecting?: () => void;
  readonly settings?: ConnectionSettings;
}

/**
 * One client of a use-case demo (a chat pane, a ticker, a notification
 * pane): its own WebSocket to a target chosen at connect time, the server's
 * JSON messages handed to the demo, the trace for the timeline, and a
 * sentence for the reader when something goes wrong. Like
 * ConnectionController, it follows the site-wide mode switch: an open
 * connection reconnects on the other wire when the reader flips it.
 */
export class UseCaseConnection implements ReactiveController {
  status: ConnectionStatus = ConnectionStatus.idle;
  /** The trace of the current (or last) connection. */
  trace: readonly PageTraceEvent[] = [];
  /** What went wrong last, in a sentence: a refusal, a server error message, an unexpected close. */
  problem: string | undefined;
  readonly settings: ConnectionSettings;
  readonly #host: ReactiveControllerHost;
  readonly #options: UseCaseConnectionOptions;
  #connection: Connection | undefined;
  #target = '';
  #mode: ConnectionMode;
  #serverUrl: string;

  constructor(host: ReactiveControllerHost, options: UseCaseConnectionOptions) {
    this.#host = host;
    this.#options = options;
    this.settings = options.settings ?? connectionSettings;
    this.#mode = this.settings.mode;
    this.#serverUrl = this.settings.serverUrl;
    host.addController(this);
  }

  hostConnected(): void {
    this.settings.addEventListener(SettingsChangeEvent.eventName, this.#onSettingsChange);
  }

  hostDisconnected(): void {
    this.settings.removeEventListener(SettingsChangeEvent.eventName, this.#onSettingsChange);
    this.#abandon();
  }

  get isOpen(): boolean {
    return this.status === ConnectionStatus.open;
  }

  /** Connecting or open: the reader must leave before joining again. */
  get isActive(): boolean {
    return this.status === ConnectionStatus.connecting || this.status === ConnectionStatus.open;
  }

  /** The URL of the current (or last) connection, or of `target` on the wire the settings choose. */
  url(target = this.#target): string {
    return endpointUrl(this.settings.serverUrl, target);
  }

  /** Opens a connection to `target` (such as `/chat?room=lobby&name=Ann`) on the wire the settings choose. */
  connect(target: string): void {
    if (this.isActive || this.status === ConnectionStatus.closing) return;
    this.#target = target;
    this.#mode = this.settings.mode;
    this.#serverUrl = this.settings.serverUrl;
    this.problem = undefined;
    this.#options.onConnecting?.();
    this.#setStatus(ConnectionStatus.connecting);
    let connection: Connection;
    try {
      connection = connect(target, { mode: this.#mode, serverUrl: this.#serverUrl });
    } catch (error) {
      this.problem = `The browser refused to open the connection: ${(error as Error).message}`;
      this.#setStatus(ConnectionStatus.closed);
      return;
    }
    this.#connection = connection;
    this.trace = [];
    connection.trace.addEventListener(TraceAddEvent.eventName, () => {
      if (connection !== this.#connection) return;
      this.trace = connection.trace.events;
      this.#host.requestUpdate();
    });
    const { socket } = connection;
    let opened = false;
    socket.addEventListener('open', () => {
      if (connection !== this.#connection) return;
      opened = true;
      this.#setStatus(ConnectionStatus.open);
    });
    socket.addEventListener('message', (event) => {
      if (connection !== this.#connection) return;
      this.#receive((event as MessageEvent<unknown>).data);
    });
    socket.addEventListener('close', (event) => {
      if (connection !== this.#connection) return;
      const { code, reason } = event as CloseEvent;
      if (opened && code !== 1000) {
        this.problem = `The connection closed with code ${code}${reason ? ` (${reason})` : ''}.`;
      }
      this.#setStatus(ConnectionStatus.closed);
      if (!opened) void this.#explain(connection);
    });
  }

  /** Sends one JSON message; false (and a sentence in `problem`) when the connection is not open. */
  send(message: object): boolean {
    const socket = this.#connection?.socket;
    if (!socket || !this.isOpen) {
      this.problem = 'Not sent: join first; a WebSocket can only send once it is open.';
      this.#host.requestUpdate();
      return false;
    }
    socket.send(JSON.stringify(message));
    return true;
  }

  /** Closes with 1000 Normal Closure (§7.4.1) and the given reason. */
  disconnect(reason: string): void {
    const socket = this.#connection?.socket;
    if (!socket) return;
    if (this.status === ConnectionStatus.connecting) {
      // Closing a connecting socket is allowed; the browser fails the handshake (WHATWG WebSockets, close()).
      socket.close(1000, reason);
      return;
    }
    if (this.status !== ConnectionStatus.open) return;
    socket.close(1000, reason);
    this.#setStatus(ConnectionStatus.closing);
  }

  #receive(data: unknown): void {
    if (typeof data !== 'string') {
      this.problem = 'The server sent a binary message; this demo expects JSON text.';
      this.#host.requestUpdate();
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      this.problem = 'The server sent a message that is not JSON.';
      this.#host.requestUpdate();
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { type?: unknown }).type !== 'string') {
      this.problem = 'The server sent JSON without a "type".';
      this.#host.requestUpdate();
      return;
    }
    const message = parsed as UseCaseMessage;
    if (message.type === 'error') this.problem = `The server said: ${String(message['message'])}`;
    this.#options.onMessage(message);
    this.#host.requestUpdate();
  }

  readonly #onSettingsChange = (): void => {
    const changed = this.settings.mode !== this.#mode || this.settings.serverUrl !== this.#serverUrl;
    if (this.isActive && changed) {
      this.#abandon();
      this.connect(this.#target);
    }
    this.#host.requestUpdate();
  };

  /** Why a connection failed before it opened: the server's own note when the trace has one. */
  async #explain(connection: Connection): Promise<void> {
    // The live server's note travels on the side channel: give it a moment to arrive.
    await new Promise((resolve) => setTimeout(resolve, 300));
    if (connection !== this.#connection) return;
    const events = connection.trace.events;
    const note = events.find((event) => event.type === 'note');
    const response = events.find((event) => event.type === 'handshake-response');
    this.problem =
      note?.type === 'note' && response?.type === 'handshake-response'
        ? `The server refused to let this client in (${response.status} ${response.reason}): ${note.text}`
        : await explainFailure(this.#target, { mode: this.#mode, serverUrl: this.#serverUrl }, window.location.origin);
    this.#host.requestUpdate();
  }

  /** Closes the socket without waiting for or reporting its events. */
  #abandon(): void {
    const connection = this.#connection;
    this.#connection = undefined;
    if (connection && connection.socket.readyState <= 1) connection.socket.close(1000, 'demo left');
    connection?.release();
    this.status = ConnectionStatus.idle;
  }

  #setStatus(status: ConnectionStatus): void {
    this.status = status;
    this.#host.requestUpdate();
  }
}
