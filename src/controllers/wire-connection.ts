import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { HandshakeResponseEvent } from '../protocol/index.ts';
import { connect, explainFailure, type Connection, type ConnectOptions } from '../transport/connect.ts';
import { ConnectionMode } from '../transport/mode.ts';
import { ReadyState, type PlaygroundSocket } from '../transport/playground-socket.ts';
import { TraceAddEvent, type PageTraceEvent } from '../transport/trace-stream.ts';
import { type ConnectionSettings } from './connection-settings.ts';
import { reconnectSentence, type ReconnectNews } from './reconnect-news.ts';
import type { ReconnectPolicy } from './reconnect-policy.ts';
import { Reconnector } from './reconnector.ts';
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

/** Where an automatic reconnect stands while one is pending. */
export interface Reconnecting {
  /** The attempt being waited for or made, from 1. */
  readonly attempt: number;
  readonly attempts: number;
}

/** The live server's note on a refusal travels on the side channel: it gets this long to arrive. */
const NOTE_GRACE_MS = 300;

/**
 * What every demo connection shares: it opens a target on the wire the
 * site-wide settings choose, keeps the status and the trace, hears only its
 * current socket (a socket it abandoned is closed and its events ignored), and
 * says in words why a connection failed before it opened. A subclass decides
 * what the socket's events mean to its demo by overriding the `on…` hooks.
 *
 * A demo that stands for a long-lived app may opt in to reconnecting by
 * itself (`enableReconnect`): in Live mode only, after an open connection
 * ended with 1001 or 1006 that the reader did not close, with the waits of
 * `ReconnectPolicy`. While an attempt is pending the status is `connecting`,
 * so the reader's Disconnect (which calls `stopReconnecting`) stays at hand.
 */
export abstract class WireConnection {
  status: ConnectionStatus = ConnectionStatus.idle;
  /** The trace of the current (or last) connection: wire events and API events, in order. */
  trace: readonly PageTraceEvent[] = [];
  readonly settings: ConnectionSettings;
  /** The latest step of the automatic reconnect in a sentence, for a demo with no log; undefined when none. */
  reconnectNote: string | undefined;
  #connection: Connection | undefined;
  #target = '';
  #options: OpenOptions = {};
  #reconnector: Reconnector | undefined;
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

  /** The attempt an automatic reconnect waits for or makes; undefined when none is pending. */
  get reconnecting(): Reconnecting | undefined {
    const reconnector = this.#reconnector;
    if (!reconnector?.active) return undefined;
    return { attempt: reconnector.attempt, attempts: reconnector.policy.attempts };
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
    // An attempt of the automatic reconnect continues its count; anything else is the reader's new connection.
    if (!this.#reconnector?.active) {
      this.#reconnector?.reset();
      this.reconnectNote = undefined;
    }
    this.#release();
    const { mode, serverUrl } = this.settings;
    this.#target = target;
    this.#options = options;
    this.#mode = mode;
    this.#serverUrl = serverUrl;
    this.trace = [];
    this.setStatus(ConnectionStatus.connecting);
    let connection: Connection;
    try {
      const { protocols, latency, heartbeatMs } = options;
      connection = connect(target, { mode, serverUrl, protocols, latency, heartbeatMs });
    } catch (error) {
      this.#reconnector?.stop();
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
      this.#reconnector?.opened();
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
      const { code } = event as CloseEvent;
      this.onClose(event as CloseEvent, opened);
      const live = this.#mode === ConnectionMode.live;
      const retrying = this.#reconnector?.closed({ code, opened, live }) ?? false;
      this.setStatus(retrying ? ConnectionStatus.connecting : ConnectionStatus.closed);
      // A failed attempt is said by the reconnect's news; the last one is explained like any failure.
      if (!opened && !retrying && this.needsExplaining()) void this.#explain(connection);
      // §7.1.5: 1006 is all a page hears of a drop; the server's note, if it sent one, says why.
      if (opened && code === 1006) void this.#explainDrop(connection);
    });
    return connection;
  }

  /** Closes the socket without waiting for or reporting its events, and makes no more automatic attempts. */
  abandon(): void {
    this.#reconnector?.stop();
    this.reconnectNote = undefined;
    this.#release();
    this.status = ConnectionStatus.idle;
  }

  /** Opts in to reconnecting by itself after the server went away or the connection dropped (see the class comment). */
  protected enableReconnect(policy: Partial<ReconnectPolicy> = {}): void {
    this.#reconnector = new Reconnector({ retry: () => this.reopen(), news: (news) => this.#news(news) }, policy);
  }

  /**
   * The reader closed the connection or leaves the demo: an ending from now
   * on stands. When an attempt was pending, it is called off, the connection
   * is closed and true is returned.
   */
  protected stopReconnecting(): boolean {
    if (!this.#reconnector?.stop()) return false;
    this.#release();
    this.#news({ kind: 'stopped' });
    this.setStatus(ConnectionStatus.closed);
    return true;
  }

  /** An automatic attempt: opens the same target with the same options (a demo resets what it shows first). */
  protected reopen(): void {
    this.openSocket(this.#target, this.#options);
  }

  /** A step of the automatic reconnect (its sentence is in `reconnectNote` too): a demo with a log writes it there. */
  protected onReconnectNews(_news: ReconnectNews, _sentence: string): void {}

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

  #news(news: ReconnectNews): void {
    this.reconnectNote = reconnectSentence(news);
    this.onReconnectNews(news, this.reconnectNote);
    this.changed();
  }

  #release(): void {
    const connection = this.#connection;
    this.#connection = undefined;
    if (connection && connection.socket.readyState <= ReadyState.open) connection.socket.close(1000, 'demo left');
    connection?.release();
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
