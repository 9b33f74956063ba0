import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { HandshakeResponseEvent } from '../protocol/index.ts';
import { connect, explainFailure, type Connection, type ConnectOptions } from '../transport/connect.ts';
import type { ConnectionMode } from '../transport/mode.ts';
import { ReadyState, type PlaygroundSocket } from '../transport/playground-socket.ts';
import { TraceAddEvent, type PageTraceEvent } from '../transport/trace-stream.ts';
import { type ConnectionSettings } from './connection-settings.ts';
import { SettingsChangeEvent } from './settings-change-event.ts';

/** Where a demo's connection stands, as the demo shows it. */
export const ConnectionStatus = {
  idle: 'idle',
  connecting: 'connecting',
  open: 'open',
  closing: 'closing',
  closed: 'closed',
} as const;
export type ConnectionStatus = (typeof ConnectionStatus)[keyof typeof ConnectionStatus];

/** What a demo adds to `connect()`'s options, and the `binaryType` its socket gets before any message. */
export interface OpenOptions extends Pick<ConnectOptions, 'protocols' | 'latency' | 'heartbeatMs'> {
  readonly binaryType?: BinaryType;
}

/** The live server's note on a refusal travels on the side channel: it gets this long to arrive. */
const NOTE_GRACE_MS = 300;

/**
 * What every demo connection shares: it opens a target on the wire the
 * site-wide settings choose, keeps the status and the trace, hears only its
 * current socket (a socket it abandoned is closed and its events ignored), and
 * says in words why a connection failed before it opened. A subclass decides
 * what the socket's events mean to its demo by overriding the `on…` hooks.
 */
export abstract class WireConnection {
  status: ConnectionStatus = ConnectionStatus.idle;
  /** The trace of the current (or last) connection: wire events and API events, in order. */
  trace: readonly PageTraceEvent[] = [];
  readonly settings: ConnectionSettings;
  #connection: Connection | undefined;
  #target = '';
  #mode: ConnectionMode;
  #serverUrl: string;

  constructor(settings: ConnectionSettings) {
    this.settings = settings;
    this.#mode = settings.mode;
    this.#serverUrl = settings.serverUrl;
  }

  get isOpen(): boolean {
    return this.status === ConnectionStatus.open;
  }

  get canConnect(): boolean {
    return this.status === ConnectionStatus.idle || this.status === ConnectionStatus.closed;
  }

  /** Connecting or open: the reader must leave before joining again. */
  get isActive(): boolean {
    return this.status === ConnectionStatus.connecting || this.status === ConnectionStatus.open;
  }

  /** The mode the current (or last) connection was opened in. */
  get mode(): ConnectionMode {
    return this.#mode;
  }

  /** The target of the current (or last) connection. */
  protected get target(): string {
    return this.#target;
  }

  protected get socket(): PlaygroundSocket | undefined {
    return this.#connection?.socket;
  }

  /** Whether the settings now choose another wire or server than the current connection's. */
  protected get settingsMoved(): boolean {
    return this.settings.mode !== this.#mode || this.settings.serverUrl !== this.#serverUrl;
  }

  /**
   * Opens `target` on the wire the settings choose, after abandoning the
   * previous connection. Undefined when the browser refused to even try.
   */
  protected openSocket(target: string, options: OpenOptions = {}): Connection | undefined {
    this.abandon();
    const { mode, serverUrl } = this.settings;
    this.#target = target;
    this.#mode = mode;
    this.#serverUrl = serverUrl;
    this.trace = [];
    this.setStatus(ConnectionStatus.connecting);
    let connection: Connection;
    try {
      const { protocols, latency, heartbeatMs } = options;
      connection = connect(target, { mode, serverUrl, protocols, latency, heartbeatMs });
    } catch (error) {
      this.onRefused(error as Error);
      this.setStatus(ConnectionStatus.closed);
      return undefined;
    }
    const { socket } = connection;
    if (options.binaryType) socket.binaryType = options.binaryType;
    this.#connection = connection;
    // The simulated wire writes its request as it is built, before anyone can listen.
    this.trace = connection.trace.events;
    const current = (): boolean => connection === this.#connection;
    connection.trace.addEventListener(TraceAddEvent.eventName, () => {
      if (!current()) return;
      this.trace = connection.trace.events;
      this.traceChanged();
    });
    let opened = false;
    socket.addEventListener('open', () => {
      if (!current()) return;
      opened = true;
      this.onOpen(socket);
      this.setStatus(ConnectionStatus.open);
    });
    socket.addEventListener('message', (event) => {
      if (current()) this.onMessage((event as MessageEvent<unknown>).data);
    });
    socket.addEventListener('error', () => {
      if (current()) this.onError(socket);
    });
    socket.addEventListener('close', (event) => {
      if (!current()) return;
      this.onClose(event as CloseEvent, opened);
      this.setStatus(ConnectionStatus.closed);
      if (!opened && this.needsExplaining()) void this.#explain(connection);
      // §7.1.5: 1006 is all a page hears of a drop; the server's note, if it sent one, says why.
      if (opened && (event as CloseEvent).code === 1006) void this.#explainDrop(connection);
    });
    return connection;
  }

  /** Closes the socket without waiting for or reporting its events. */
  abandon(): void {
    const connection = this.#connection;
    this.#connection = undefined;
    if (connection && connection.socket.readyState <= ReadyState.open) connection.socket.close(1000, 'demo left');
    connection?.release();
    this.status = ConnectionStatus.idle;
  }

  protected setStatus(status: ConnectionStatus): void {
    this.status = status;
    this.changed();
  }

  /** Something the demo shows changed: status, a problem, a log line. */
  protected abstract changed(): void;

  /** The trace grew. */
  protected traceChanged(): void {
    this.changed();
  }

  /** `new WebSocket` threw (a URL the browser refuses, say): no connection was made. */
  protected onRefused(_error: Error): void {}

  protected onOpen(_socket: PlaygroundSocket): void {}

  protected onMessage(_data: unknown): void {}

  protected onError(_socket: PlaygroundSocket): void {}

  /** Called before the status turns closed; `opened` tells a refusal from an ending. */
  protected onClose(_event: CloseEvent, _opened: boolean): void {}

  /** Whether a connection that closed before it opened should be explained (not when the page closed it itself). */
  protected needsExplaining(): boolean {
    return true;
  }

  /** The explanation of a connection that failed before it opened, in a sentence. */
  protected onFailure(_text: string): void {}

  /** The server dropped the open connection and said why in the trace (its heartbeat heard no pong, say). */
  protected onDropped(_note: string): void {}

  /** The sentence for a refusal the server explained in a note; undefined to ask the probe instead. */
  protected refusal(note: string, _response: HandshakeResponseEvent | undefined): string | undefined {
    return `The server refused the handshake: ${note}`;
  }

  /** Why an open connection ended with 1006: the server's note after the open event, once the side channel had time to bring it. */
  async #explainDrop(connection: Connection): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, NOTE_GRACE_MS));
    if (connection !== this.#connection) return;
    const events = connection.trace.events;
    const opened = events.findIndex((event) => event.type === 'api' && event.name === 'open');
    const note = events.slice(opened + 1).find((event) => event.type === 'note');
    if (note?.type === 'note') this.onDropped(note.text);
  }

  /** Why a connection failed before it opened: the server's own note when the trace has one, else a probe. */
  async #explain(connection: Connection): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, NOTE_GRACE_MS));
    if (connection !== this.#connection) return;
    const events = connection.trace.events;
    const note = events.find((event) => event.type === 'note');
    const response = events.find((event) => event.type === 'handshake-response');
    const refusal =
      note?.type === 'note'
        ? this.refusal(note.text, response?.type === 'handshake-response' ? response : undefined)
        : undefined;
    const text =
      refusal ??
      (await explainFailure(this.#target, { mode: this.#mode, serverUrl: this.#serverUrl }, window.location.origin));
    if (connection === this.#connection) this.onFailure(text);
  }
}

/**
 * A WireConnection owned by one element: it renders the host on every
 * change, follows the site-wide settings while the host is on the page, and
 * gives its socket back when the host leaves.
 */
export abstract class HostedWireConnection extends WireConnection implements ReactiveController {
  readonly #host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost, settings: ConnectionSettings) {
    super(settings);
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.settings.addEventListener(SettingsChangeEvent.eventName, this.#onSettingsChange);
  }

  hostDisconnected(): void {
    this.settings.removeEventListener(SettingsChangeEvent.eventName, this.#onSettingsChange);
    this.abandon();
  }

  protected override changed(): void {
    this.#host.requestUpdate();
  }

  /** The reader flipped the mode or changed the server: what this demo does with its connection. */
  protected abstract settingsChanged(): void;

  readonly #onSettingsChange = (): void => {
    this.settingsChanged();
    this.changed();
  };
}
