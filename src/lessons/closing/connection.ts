import type { ReactiveControllerHost } from 'lit';
import { ConnectionLog, LogKind, type LogEntry } from '../../controllers/connection-log.ts';
import { connectionSettings, type ConnectionSettings } from '../../controllers/connection-settings.ts';
import { ConnectionStatus, HostedWireConnection } from '../../controllers/wire-connection.ts';
import { closeCodeLabel } from '../../protocol/index.ts';
import { endpointUrl } from '../../transport/endpoint-url.ts';
import { ReadyState, type PlaygroundSocket } from '../../transport/playground-socket.ts';
import { SimulatedWebSocket } from '../../transport/simulated.ts';
import { describeSocketData } from '../../transport/socket-data.ts';
import { closeCall, type CloseArguments } from './call.ts';

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
export class ClosingConnection extends HostedWireConnection {
  /** The close event of the current connection, once it came. */
  outcome: CloseOutcome | undefined;
  /** The latest exception a `close()` call threw. */
  thrown: ThrownError | undefined;
  /** The URL of the current (or last) connection. */
  url: string | undefined;
  readonly #log = new ConnectionLog(LOG_LIMIT);
  /** Whether the page itself called close() on the current connection (then a failure needs no explaining). */
  #closedByPage = false;
  /** Whether the current connection had an error event. */
  #error = false;

  constructor(host: ReactiveControllerHost, settings: ConnectionSettings = connectionSettings) {
    super(host, settings);
  }

  get entries(): readonly LogEntry[] {
    return this.#log.entries;
  }

  /** Only the simulated wire can break a connection under both ends; a page cannot cut its own network. */
  get canDrop(): boolean {
    return this.socket instanceof SimulatedWebSocket && this.isOpen;
  }

  /** The URL a connection to `target` would use now. */
  urlFor(target: string): string {
    return endpointUrl(this.settings.serverUrl, target);
  }

  /** Opens `target`; returns false when the browser refused to even try. */
  connect(target: string): boolean {
    this.#log.restart();
    this.url = this.urlFor(target);
    this.outcome = undefined;
    this.thrown = undefined;
    this.#closedByPage = false;
    this.#error = false;
    const connection = this.openSocket(target, { binaryType: 'arraybuffer' });
    if (!connection) return false;
    this.#add(
      LogKind.info,
      `new WebSocket("${this.url}"): readyState ${readyStateText(connection.socket.readyState)}.`,
    );
    return true;
  }

  /** Calls the page's `close()` with exactly these arguments, and records what it threw, if anything. */
  close(args: CloseArguments): void {
    const socket = this.socket;
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
      this.#add(LogKind.error, `${call} threw ${name}: ${message} The connection stays as it was.`);
      return;
    }
    this.#closedByPage = true;
    this.#add(LogKind.info, `${call}: readyState ${readyStateText(socket.readyState)}.`);
    if (socket.readyState === ReadyState.closing) this.setStatus(ConnectionStatus.closing);
  }

  /** The simulated wire's network failure: no close frame either way. */
  drop(): void {
    const socket = this.socket;
    if (!(socket instanceof SimulatedWebSocket)) return;
    this.#add(LogKind.info, 'The simulated network broke the connection under both ends.');
    socket.drop();
  }

  protected override settingsChanged(): void {
    if (!this.isActive || this.settings.mode === this.mode) return;
    this.abandon();
    this.#add(LogKind.info, 'The mode changed: that connection was left. Start again in the new mode.');
  }

  protected override onRefused({ name, message }: Error): void {
    this.#add(LogKind.error, `new WebSocket threw ${name}: ${message}`);
  }

  protected override onOpen(socket: PlaygroundSocket): void {
    this.#add(LogKind.info, `open event: readyState ${readyStateText(socket.readyState)}.`);
  }

  protected override onMessage(data: unknown): void {
    this.#add(LogKind.received, `Received ${describeSocketData(data)}`);
  }

  protected override onError(socket: PlaygroundSocket): void {
    this.#error = true;
    this.#add(LogKind.error, `error event: readyState ${readyStateText(socket.readyState)}.`);
  }

  protected override onClose({ code, reason, wasClean }: CloseEvent): void {
    this.outcome = { code, reason, wasClean, error: this.#error };
    const because = reason === '' ? 'no reason' : `reason "${reason}"`;
    this.#add(LogKind.closed, `close event: code ${closeCodeLabel(code)}, ${because}, wasClean ${wasClean}.`);
  }

  /** A connection the page closed itself needs no explaining. */
  protected override needsExplaining(): boolean {
    return !this.#closedByPage;
  }

  protected override onFailure(text: string): void {
    this.#add(LogKind.error, text);
  }

  #add(kind: LogKind, text: string): void {
    this.#log.add(kind, text);
    this.changed();
  }
}
