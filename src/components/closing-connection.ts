import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ConnectionStatus, LogKind, type LogEntry } from '../controllers/connection-controller.ts';
import {
  connectionSettings,
  SettingsChangeEvent,
  type ConnectionSettings,
} from '../controllers/connection-settings.ts';
import { describeCloseCode } from '../protocol/close-codes.ts';
import { connect, explainFailure, type Connection } from '../transport/connect.ts';
import { endpointUrl } from '../transport/endpoint-url.ts';
import type { ConnectionMode } from '../transport/mode.ts';
import { ReadyState } from '../transport/playground-socket.ts';
import { SimulatedWebSocket } from '../transport/simulated.ts';
import { describeSocketData } from '../transport/socket-data.ts';
import { TraceAddEvent, type PageTraceEvent } from '../transport/trace-stream.ts';
import { closeCall, type CloseArguments } from './closing-call.ts';

/** The page's close event, as the demo shows it. */
export interface CloseOutcome {
  readonly code: number;
  readonly reason: string;
  readonly wasClean: boolean;
  /** Whether an error event came first. */
  readonly error: boolean;
}

/** An exception the page's WebSocket threw, exactly as it came. */
export interface ThrownError {
  /** The call that threw, as the page ran it: `ws.close(1001, "bye")`. */
  readonly call: string;
  readonly name: string;
  readonly message: string;
}

const READY_STATE_NAMES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'] as const;

/** `readyState` as a reader reads it: `2 (CLOSING)`. */
export function readyStateText(state: number): string {
  return `${state} (${READY_STATE_NAMES[state] ?? 'unknown'})`;
}

/** A close code with its name from the table: `4000 (Private use)`. */
export function codeText(code: number): string {
  const info = describeCloseCode(code);
  return info ? `${code} (${info.name})` : String(code);
}

/** How many log lines a closing demo keeps. */
const LOG_LIMIT = 100;

/**
 * One closing demo's connection, on the wire the site-wide settings choose.
 * Unlike the echo demos' controller it lets the reader call `close()` at any
 * moment with any arguments, while connecting too, and keeps what the page's
 * WebSocket reported: the exception it threw, the error event, the close
 * event's code, reason and `wasClean`. The socket is taken in `connect` and
 * given back when the host leaves the page.
 */
export class ClosingConnection implements ReactiveController {
  status: ConnectionStatus = ConnectionStatus.idle;
  entries: readonly LogEntry[] = [];
  trace: readonly PageTraceEvent[] = [];
  /** The close event of the current connection, once it came. */
  outcome: CloseOutcome | undefined;
  /** The latest exception a `close()` call threw. */
  thrown: ThrownError | undefined;
  /** The URL of the current (or last) connection. */
  url: string | undefined;
  readonly settings: ConnectionSettings;
  readonly #host: ReactiveControllerHost;
  #connection: Connection | undefined;
  #mode: ConnectionMode;
  #startedAt = 0;
  #nextId = 0;

  constructor(host: ReactiveControllerHost, settings: ConnectionSettings = connectionSettings) {
    this.#host = host;
    this.settings = settings;
    this.#mode = settings.mode;
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

  get canConnect(): boolean {
    return this.status === ConnectionStatus.idle || this.status === ConnectionStatus.closed;
  }

  /** Only the simulated wire can break a connection under both ends; a page cannot cut its own network. */
  get canDrop(): boolean {
    return this.#connection?.socket instanceof SimulatedWebSocket && this.status === ConnectionStatus.open;
  }

  /** The URL a connection to `target` would use now. */
  urlFor(target: string): string {
    return endpointUrl(this.settings.serverUrl, target);
  }

  /** Opens `target`; returns false when the browser refused to even try. */
  connect(target: string): boolean {
    this.#abandon();
    const { mode, serverUrl } = this.settings;
    this.#mode = mode;
    this.#startedAt = performance.now();
    this.url = this.urlFor(target);
    this.outcome = undefined;
    this.thrown = undefined;
    this.trace = [];
    this.#setStatus(ConnectionStatus.connecting);
    let connection: Connection;
    try {
      connection = connect(target, { mode, serverUrl });
    } catch (error) {
      this.#log(LogKind.error, `new WebSocket threw ${(error as Error).name}: ${(error as Error).message}`);
      this.#setStatus(ConnectionStatus.closed);
      return false;
    }
    this.#connection = connection;
    this.#log(
      LogKind.info,
      `new WebSocket("${this.url}"): readyState ${readyStateText(connection.socket.readyState)}.`,
    );
    const current = (): boolean => connection === this.#connection;
    this.trace = connection.trace.events;
    connection.trace.addEventListener(TraceAddEvent.eventName, () => {
      if (!current()) return;
      this.trace = connection.trace.events;
      this.#host.requestUpdate();
    });
    const { socket } = connection;
    socket.binaryType = 'arraybuffer';
    let opened = false;
    let error = false;
    socket.addEventListener('open', () => {
      if (!current()) return;
      opened = true;
      this.#log(LogKind.info, `open event: readyState ${readyStateText(socket.readyState)}.`);
      this.#setStatus(ConnectionStatus.open);
    });
    socket.addEventListener('message', (event) => {
      if (current())
        this.#log(LogKind.received, `Received ${describeSocketData((event as MessageEvent<unknown>).data)}`);
    });
    socket.addEventListener('error', () => {
      if (!current()) return;
      error = true;
      this.#log(LogKind.error, `error event: readyState ${readyStateText(socket.readyState)}.`);
    });
    socket.addEventListener('close', (event) => {
      if (!current()) return;
      const { code, reason, wasClean } = event as CloseEvent;
      this.outcome = { code, reason, wasClean, error };
      const because = reason === '' ? 'no reason' : `reason "${reason}"`;
      this.#log(LogKind.closed, `close event: code ${codeText(code)}, ${because}, wasClean ${wasClean}.`);
      this.#setStatus(ConnectionStatus.closed);
      if (!opened && !this.#closedByPage) void this.#explain(connection, target);
    });
    return true;
  }

  /** Whether the page itself called close() on the current connection (then a failure needs no explaining). */
  #closedByPage = false;

  /** Calls the page's `close()` with exactly these arguments, and records what it threw, if anything. */
  close(args: CloseArguments): void {
    const socket = this.#connection?.socket;
    if (!socket) return;
    const call = closeCall(args);
    this.thrown = undefined;
    try {
      if (args.reason !== undefined) socket.close(args.code, args.reason);
      else if (args.code !== undefined) socket.close(args.code);
      else socket.close();
    } catch (error) {
      const { name, message } = error as Error;
      this.thrown = { call, name, message };
      this.#log(LogKind.error, `${call} threw ${name}: ${message} The connection stays as it was.`);
      this.#host.requestUpdate();
      return;
    }
    this.#closedByPage = true;
    this.#log(LogKind.info, `${call}: readyState ${readyStateText(socket.readyState)}.`);
    if (socket.readyState === ReadyState.closing) this.#setStatus(ConnectionStatus.closing);
  }

  /** The simulated wire's network failure: no close frame either way. */
  drop(): void {
    const socket = this.#connection?.socket;
    if (!(socket instanceof SimulatedWebSocket)) return;
    this.#log(LogKind.info, 'The simulated network broke the connection under both ends.');
    socket.drop();
  }

  readonly #onSettingsChange = (): void => {
    const active = this.status === ConnectionStatus.connecting || this.status === ConnectionStatus.open;
    if (active && this.settings.mode !== this.#mode) {
      this.#abandon();
      this.#log(LogKind.info, 'The mode changed: that connection was left. Start again in the new mode.');
    }
    this.#host.requestUpdate();
  };

  /** A connection that failed before opening, not by the page's hand: say why if the trace cannot. */
  async #explain(connection: Connection, target: string): Promise<void> {
    // The live server's note travels on a separate connection: give it a moment to arrive.
    await new Promise((resolve) => setTimeout(resolve, 300));
    if (connection !== this.#connection) return;
    const note = connection.trace.events.find((event) => event.type === 'note');
    const text =
      note?.type === 'note'
        ? `The server refused the handshake: ${note.text}`
        : await explainFailure(
            target,
            { mode: this.#mode, serverUrl: this.settings.serverUrl },
            window.location.origin,
          );
    if (connection === this.#connection) this.#log(LogKind.error, text);
  }

  #abandon(): void {
    const connection = this.#connection;
    this.#connection = undefined;
    this.#closedByPage = false;
    if (connection && connection.socket.readyState <= ReadyState.open) connection.socket.close(1000, 'demo left');
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
