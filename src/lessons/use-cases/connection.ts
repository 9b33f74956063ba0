import type { ReactiveControllerHost } from 'lit';
import { connectionSettings, type ConnectionSettings } from '../../controllers/connection-settings.ts';
import { ConnectionStatus, HostedWireConnection } from '../../controllers/wire-connection.ts';
import type { HandshakeResponseEvent } from '../../protocol/index.ts';
import { endpointUrl } from '../../transport/endpoint-url.ts';

/** A JSON message from a use-case endpoint: an object with a `type`; the fields depend on it. */
export interface UseCaseMessage {
  readonly type: string;
  readonly [field: string]: unknown;
}

export interface UseCaseConnectionOptions {
  /** Every JSON message the server sends, in order. */
  readonly onMessage: (message: UseCaseMessage) => void;
  /** A new connection begins (a first connect, a reconnect after the mode changed or the server went away): forget the old state. */
  readonly onConnecting?: () => void;
  readonly settings?: ConnectionSettings;
}

/**
 * One client of a use-case demo (a chat pane, a ticker, a notification
 * pane): its own WebSocket to a target chosen at connect time, the server's
 * JSON messages handed to the demo, the trace for the timeline, and a
 * sentence for the reader when something goes wrong. Like
 * ConnectionController, it follows the site-wide mode switch: an open
 * connection reconnects on the other wire when the reader flips it. Each
 * demo stands for an app that keeps its connection, so in Live mode it
 * reconnects by itself, to the same target (a chat pane rejoins its room
 * under the same name), when the server went away or the connection dropped.
 */
export class UseCaseConnection extends HostedWireConnection {
  /** What went wrong last, in a sentence: a refusal, a server error message, an unexpected close. */
  problem: string | undefined;
  /** Whether the last connection opened before it closed: a pane that never got in did not leave. */
  wasOpen = false;
  readonly #options: UseCaseConnectionOptions;

  constructor(host: ReactiveControllerHost, options: UseCaseConnectionOptions) {
    super(host, options.settings ?? connectionSettings);
    this.#options = options;
    this.enableReconnect();
  }

  /** The URL of the current (or last) connection, or of `target` on the wire the settings choose. */
  url(target = this.target): string {
    return endpointUrl(this.settings.serverUrl, target);
  }

  /** Opens a connection to `target` (such as `/chat?room=lobby&name=Ann`) on the wire the settings choose. */
  connect(target: string): void {
    if (this.isActive || this.status === ConnectionStatus.closing) return;
    this.#open(target);
  }

  /** Sends one JSON message; false (and a sentence in `problem`) when the connection is not open. */
  send(message: object): boolean {
    const socket = this.socket;
    if (!socket || !this.isOpen) {
      this.#report('Not sent: join first; a WebSocket can only send once it is open.');
      return false;
    }
    socket.send(JSON.stringify(message));
    return true;
  }

  /** Closes with 1000 Normal Closure (§7.4.1) and the given reason, or calls off a pending automatic reconnect. */
  disconnect(reason: string): void {
    if (this.stopReconnecting()) return;
    const socket = this.socket;
    if (!socket) return;
    if (this.status === ConnectionStatus.connecting) {
      // Closing a connecting socket is allowed; the browser fails the handshake (WHATWG WebSockets, close()).
      socket.close(1000, reason);
      return;
    }
    if (this.status !== ConnectionStatus.open) return;
    socket.close(1000, reason);
    this.setStatus(ConnectionStatus.closing);
  }

  protected override reopen(): void {
    this.#open(this.target);
  }

  protected override settingsChanged(): void {
    if (!this.isActive || !this.settingsMoved) return;
    this.abandon();
    this.connect(this.target);
  }

  protected override onRefused(error: Error): void {
    this.problem = `The browser refused to open the connection: ${error.message}`;
  }

  protected override onMessage(data: unknown): void {
    if (typeof data !== 'string') {
      this.#report('The server sent a binary message; this demo expects JSON text.');
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      this.#report('The server sent a message that is not JSON.');
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { type?: unknown }).type !== 'string') {
      this.#report('The server sent JSON without a "type".');
      return;
    }
    const message = parsed as UseCaseMessage;
    if (message.type === 'error') this.problem = `The server said: ${String(message['message'])}`;
    this.#options.onMessage(message);
    this.changed();
  }

  protected override onClose({ code, reason }: CloseEvent, opened: boolean): void {
    this.wasOpen = opened;
    if (opened && code !== 1000) {
      this.problem = `The connection closed with code ${code}${reason ? ` (${reason})` : ''}.`;
    }
  }

  protected override onFailure(text: string): void {
    this.#report(text);
  }

  protected override onDropped(note: string): void {
    this.#report(`The server dropped the connection. ${note}`);
  }

  protected override refusal(note: string, response: HandshakeResponseEvent | undefined): string | undefined {
    return response && `The server refused to let this client in (${response.status} ${response.reason}): ${note}`;
  }

  #open(target: string): void {
    this.problem = undefined;
    this.wasOpen = false;
    this.#options.onConnecting?.();
    this.openSocket(target);
  }

  #report(problem: string): void {
    this.problem = problem;
    this.changed();
  }
}
