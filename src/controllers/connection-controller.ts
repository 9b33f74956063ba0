import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { connect, explainFailure, type Connection } from '../transport/connect.ts';
import { endpointUrl } from '../transport/endpoint-url.ts';
import type { ConnectionMode } from '../transport/mode.ts';
import { TraceAddEvent, type PageTraceEvent } from '../transport/trace-stream.ts';
import { connectionSettings, SettingsChangeEvent, type ConnectionSettings } from './connection-settings.ts';
import { describeSocketData } from '../transport/socket-data.ts';

/** Where a demo's connection stands, as the demo shows it. */
export const ConnectionStatus = {
  idle: 'idle',
  connecting: 'connecting',
  open: 'open',
  closing: 'closing',
  closed: 'closed',
} as const;
export type ConnectionStatus = (typeof ConnectionStatus)[keyof typeof ConnectionStatus];

export const LogKind = {
  info: 'info',
  sent: 'sent',
  received: 'received',
  error: 'error',
  closed: 'closed',
} as const;
export type LogKind = (typeof LogKind)[keyof typeof LogKind];

export interface LogEntry {
  readonly id: number;
  /** Milliseconds since the connection attempt began. */
  readonly at: number;
  readonly kind: LogKind;
  readonly text: string;
}

export interface ConnectionControllerOptions {
  /** The endpoint target, such as `/echo`. */
  readonly target: string;
  readonly settings?: ConnectionSettings;
}

/** A demo keeps this many log lines; older ones scroll away. */
const LOG_LIMIT = 200;

const MODE_NAMES: Readonly<Record<ConnectionMode, string>> = {
  simulated: 'Simulated (a server inside this page)',
  live: 'Live server',
};

/**
 * One demo's connection: opens it on the wire the settings choose, logs what
 * happens, and reconnects when the reader flips the mode. The socket is taken
 * in `connect` and given back when the host leaves the page.
 */
export class ConnectionController implements ReactiveController {
  status: ConnectionStatus = ConnectionStatus.idle;
  entries: readonly LogEntry[] = [];
  /** The trace of the current (or last) connection: wire events and API events, in order. */
  trace: readonly PageTraceEvent[] = [];
  readonly settings: ConnectionSettings;
  readonly #host: ReactiveControllerHost;
  readonly #target: string;
  #connection: Connection | undefined;
  #startedAt = 0;
  #nextId = 0;
  #mode: ConnectionMode;
  #serverUrl: string;

  constructor(host: ReactiveControllerHost, options: ConnectionControllerOptions) {
    this.#host = host;
    this.#target = options.target;
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

  /** The URL the next connection goes to. */
  get url(): string {
    return endpointUrl(this.settings.serverUrl, this.#target);
  }

  get isOpen(): boolean {
    return this.status === ConnectionStatus.open;
  }

  get canConnect(): boolean {
    return this.status === ConnectionStatus.idle || this.status === ConnectionStatus.closed;
  }

  connect(): void {
    if (!this.canConnect) return;
    this.#mode = this.settings.mode;
    this.#serverUrl = this.settings.serverUrl;
    this.#startedAt = performance.now();
    this.#setStatus(ConnectionStatus.connecting);
    this.#log(LogKind.info, `Connecting to ${this.url}, ${MODE_NAMES[this.#mode]}…`);
    let connection: Connection;
    try {
      connection = connect(this.#target, { mode: this.#mode, serverUrl: this.#serverUrl });
    } catch (error) {
      this.#log(LogKind.error, `The browser refused to open the connection: ${(error as Error).message}`);
      this.#setStatus(ConnectionStatus.closed);
      return;
    }
    const { socket } = connection;
    socket.binaryType = 'arraybuffer';
    this.#connection = connection;
    this.trace = [];
    connection.trace.addEventListener(TraceAddEvent.eventName, () => {
      if (connection !== this.#connection && this.#connection !== undefined) return;
      this.trace = connection.trace.events;
      this.#host.requestUpdate();
    });
    let opened = false;
    socket.addEventListener('open', () => {
      if (connection !== this.#connection) return;
      opened = true;
      this.#log(LogKind.info, 'Open: the handshake succeeded, both sides may now send at any time.');
      this.#setStatus(ConnectionStatus.open);
    });
    socket.addEventListener('message', (event) => {
      if (connection !== this.#connection) return;
      this.#log(LogKind.received, `Received ${describeSocketData((event as MessageEvent<unknown>).data)}`);
    });
    socket.addEventListener('error', () => {
      if (connection !== this.#connection) return;
      this.#log(LogKind.error, 'The browser reported an error event (it never says more than that).');
    });
    socket.addEventListener('close', (event) => {
      if (connection !== this.#connection) return;
      const { code, reason, wasClean } = event as CloseEvent;
      const because = reason === '' ? '' : `, reason "${reason}"`;
      this.#log(LogKind.closed, `Closed with code ${code}${because}, ${wasClean ? 'cleanly' : 'not cleanly'}.`);
      this.#setStatus(ConnectionStatus.closed);
      if (!opened) void this.#explain(connection);
    });
  }

  /** Sends a string as a text message or bytes as a binary message. */
  send(data: string | Uint8Array): void {
    const socket = this.#connection?.socket;
    if (!socket || !this.isOpen) {
      this.#log(LogKind.error, 'Not sent: connect first; a WebSocket can only send once it is open.');
      return;
    }
    socket.send(data);
    this.#log(LogKind.sent, `Sent ${describeSocketData(data)}`);
  }

  disconnect(code?: number, reason?: string): void {
    const socket = this.#connection?.socket;
    if (!socket || this.status !== ConnectionStatus.open) return;
    try {
      socket.close(code, reason);
    } catch (error) {
      this.#log(LogKind.error, `close() threw ${(error as Error).name}: ${(error as Error).message}`);
      return;
    }
    this.#log(LogKind.info, 'Closing: sent a close frame, waiting for the server to answer with its own.');
    this.#setStatus(ConnectionStatus.closing);
  }

  clearLog(): void {
    this.entries = [];
    this.#host.requestUpdate();
  }

  readonly #onSettingsChange = (): void => {
    const active = this.status === ConnectionStatus.connecting || this.status === ConnectionStatus.open;
    const changed = this.settings.mode !== this.#mode || this.settings.serverUrl !== this.#serverUrl;
    if (active && changed) {
      this.#abandon();
      this.#log(LogKind.info, `Switched to ${MODE_NAMES[this.settings.mode]}: reconnecting.`);
      this.connect();
    }
    this.#host.requestUpdate();
  };

  /** Why a connection failed before it opened: the server's own note when the trace has one. */
  async #explain(connection: Connection): Promise<void> {
    // The live server's note travels on a separate connection: give it a moment to arrive.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const events = connection.trace.events;
    const note = events.find((event) => event.type === 'note');
    const response = events.find((event) => event.type === 'handshake-response');
    const text =
      note?.type === 'note' && response?.type === 'handshake-response'
        ? `The server refused the handshake with ${response.status} ${response.reason}: ${note.text}`
        : await explainFailure(this.#target, { mode: this.#mode, serverUrl: this.#serverUrl }, window.location.origin);
    this.#log(LogKind.error, text);
  }

  /** Closes the socket without waiting for or logging its events. */
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

  #log(kind: LogKind, text: string): void {
    const entry: LogEntry = { id: this.#nextId++, at: Math.round(performance.now() - this.#startedAt), kind, text };
    this.entries = [...this.entries.slice(-(LOG_LIMIT - 1)), entry];
    this.#host.requestUpdate();
  }
}
