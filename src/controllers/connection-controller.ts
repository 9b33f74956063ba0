import type { ReactiveControllerHost } from 'lit';
import type { HandshakeResponseEvent } from '../protocol/index.ts';
import { endpointUrl } from '../transport/endpoint-url.ts';
import type { ConnectionMode } from '../transport/mode.ts';
import { describeSocketData } from '../transport/socket-data.ts';
import { ConnectionLog, LogKind, type LogEntry } from './connection-log.ts';
import { connectionSettings, type ConnectionSettings } from './connection-settings.ts';
import type { ReconnectNews } from './reconnect-news.ts';
import type { ReconnectPolicy } from './reconnect-policy.ts';
import { ConnectionStatus, HostedWireConnection } from './wire-connection.ts';

export { ConnectionStatus };
export { LogKind, type LogEntry } from './connection-log.ts';

export interface ConnectionControllerOptions {
  /** The endpoint target, such as `/echo`. */
  readonly target: string;
  readonly settings?: ConnectionSettings;
  /**
   * Reconnect by itself in Live mode after the server went away (1001) or
   * the connection dropped (1006): for a demo that stands for a long-lived
   * app, never for one whose point is the close. A policy replaces defaults.
   */
  readonly reconnect?: boolean | Partial<ReconnectPolicy>;
}

/** A demo keeps this many log lines; older ones scroll away. */
const LOG_LIMIT = 200;

const MODE_NAMES: Readonly<Record<ConnectionMode, string>> = {
  simulated: 'Simulated (a server inside this page)',
  live: 'Live server',
};

/**
 * One demo's connection: opens it on the wire the settings choose, logs what
 * happens, and reconnects when the reader flips the mode (and, if asked,
 * after the live server went away). The socket is taken in `connect` and
 * given back when the host leaves the page.
 */
export class ConnectionController extends HostedWireConnection {
  readonly #target: string;
  readonly #log = new ConnectionLog(LOG_LIMIT);

  constructor(host: ReactiveControllerHost, options: ConnectionControllerOptions) {
    super(host, options.settings ?? connectionSettings);
    this.#target = options.target;
    if (options.reconnect) this.enableReconnect(options.reconnect === true ? {} : options.reconnect);
  }

  get entries(): readonly LogEntry[] {
    return this.#log.entries;
  }

  /** The URL the next connection goes to. */
  get url(): string {
    return endpointUrl(this.settings.serverUrl, this.#target);
  }

  connect(): void {
    if (!this.canConnect) return;
    this.#log.restart();
    this.#open();
  }

  /** Sends a string as a text message or bytes as a binary message. */
  send(data: string | Uint8Array): void {
    const socket = this.socket;
    if (!socket || !this.isOpen) {
      this.#add(LogKind.error, 'Not sent: connect first; a WebSocket can only send once it is open.');
      return;
    }
    socket.send(data);
    this.#add(LogKind.sent, `Sent ${describeSocketData(data)}`);
  }

  /** Closes an open connection, or calls off a pending automatic reconnect. */
  disconnect(code?: number, reason?: string): void {
    if (this.reconnecting) {
      this.stopReconnecting();
      return;
    }
    const socket = this.socket;
    if (!socket || !this.isOpen) return;
    try {
      socket.close(code, reason);
    } catch (error) {
      this.#add(LogKind.error, `close() threw ${(error as Error).name}: ${(error as Error).message}`);
      return;
    }
    // The reader closed it: however it ends, it stays closed.
    this.stopReconnecting();
    this.#add(LogKind.info, 'Closing: sent a close frame, waiting for the server to answer with its own.');
    this.setStatus(ConnectionStatus.closing);
  }

  clearLog(): void {
    this.#log.clear();
    this.changed();
  }

  protected override settingsChanged(): void {
    if (!this.isActive || !this.settingsMoved) return;
    this.abandon();
    this.#add(LogKind.info, `Switched to ${MODE_NAMES[this.settings.mode]}: reconnecting.`);
    this.connect();
  }

  protected override reopen(): void {
    this.#open();
  }

  /** Each step in the log; an attempt starts a new section of it, timed from +0 ms as every connection's is. */
  protected override onReconnectNews(news: ReconnectNews, sentence: string): void {
    if (news.kind === 'trying') this.#log.restart();
    this.#log.add(news.kind === 'gave-up' ? LogKind.error : LogKind.info, sentence);
  }

  protected override onRefused(error: Error): void {
    this.#add(LogKind.error, `The browser refused to open the connection: ${error.message}`);
  }

  protected override onOpen(): void {
    this.#add(LogKind.info, 'Open: the handshake succeeded, both sides may now send at any time.');
  }

  protected override onMessage(data: unknown): void {
    this.#add(LogKind.received, `Received ${describeSocketData(data)}`);
  }

  protected override onError(): void {
    this.#add(LogKind.error, 'The browser reported an error event (it never says more than that).');
  }

  protected override onClose({ code, reason, wasClean }: CloseEvent): void {
    const because = reason === '' ? '' : `, reason "${reason}"`;
    this.#add(LogKind.closed, `Closed with code ${code}${because}, ${wasClean ? 'cleanly' : 'not cleanly'}.`);
  }

  protected override onFailure(text: string): void {
    this.#add(LogKind.error, text);
  }

  protected override refusal(note: string, response: HandshakeResponseEvent | undefined): string | undefined {
    return response && `The server refused the handshake with ${response.status} ${response.reason}: ${note}`;
  }

  #open(): void {
    this.#add(LogKind.info, `Connecting to ${this.url}, ${MODE_NAMES[this.settings.mode]}…`);
    this.openSocket(this.#target, { binaryType: 'arraybuffer' });
  }

  #add(kind: LogKind, text: string): void {
    this.#log.add(kind, text);
    this.changed();
  }
}
