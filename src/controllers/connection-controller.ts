import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { connect, explainFailure } from '../transport/connect.ts';
import { endpointUrl } from '../transport/endpoint-url.ts';
import type { ConnectionMode } from '../transport/mode.ts';
import type { PlaygroundSocket } from '../transport/playground-socket.ts';
import { connectionSettings, SettingsChangeEvent, type ConnectionSettings } from './connection-settings.ts';
import { describeData } from './describe-data.ts';

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
  readonly settings: ConnectionSettings;
  readonly #host: ReactiveControllerHost;
  readonly #target: string;
  #socket: PlaygroundSocket | undefined;
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
    let socket: PlaygroundSocket;
    try {
      socket = connect(this.#target, { mode: this.#mode, serverUrl: this.#serverUrl });
    } catch (error) {
      this.#log(LogKind.error, `The browser refused to open the connection: ${(error as Error).message}`);
      this.#setStatus(ConnectionStatus.closed);
      return;
    }
    socket.binaryType = 'arraybuffer';
    this.#socket = socket;
    let opened = false;
    socket.addEventListener('open', () => {
      if (socket !== this.#socket) return;
      opened = true;
      this.#log(LogKind.info, 'Open: the handshake succeeded, both sides may now send at any time.');
      this.#setStatus(ConnectionStatus.open);
    });
    socket.addEventListener('message', (event) => {
      if (socket !== this.#socket) return;
      this.#log(LogKind.received, `Received ${describeData((event as MessageEvent<unknown>).data)}`);
    });
    socket.addEventListener('error', () => {
      if (socket !== this.#socket) return;
      this.#log(LogKind.error, 'The browser reported an error event (it never says more than that).');
    });
    socket.addEventListener('close', (event) => {
      if (socket !== this.#socket) return;
      const { code, reason, wasClean } = event as CloseEvent;
      this.#socket = undefined;
      const because = reason === '' ? '' : `, reason "${reason}"`;
      this.#log(LogKind.closed, `Closed with code ${code}${because}, ${wasClean ? 'cleanly' : 'not cleanly'}.`);
      this.#setStatus(ConnectionStatus.closed);
      if (!opened) void this.#explain({ mode: this.#mode, serverUrl: this.#serverUrl });
    });
  }

  /** Sends a string as a text message or bytes as a binary message. */
  send(data: string | Uint8Array): void {
    const socket = this.#socket;
    if (!socket || !this.isOpen) {
      this.#log(LogKind.error, 'Not sent: connect first; a WebSocket can only send once it is open.');
      return;
    }
    socket.send(data);
    this.#log(LogKind.sent, `Sent ${describeData(data)}`);
  }

  disconnect(code?: number, reason?: string): void {
    const socket = this.#socket;
    if (!socket) return;
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

  async #explain(options: { mode: ConnectionMode; serverUrl: string }): Promise<void> {
    const text = await explainFailure(this.#target, options, window.location.origin);
    this.#log(LogKind.error, text);
  }

  /** Closes the socket without waiting for or logging its events. */
  #abandon(): void {
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket && socket.readyState <= 1) socket.close(1000, 'demo left');
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
