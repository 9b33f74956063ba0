import { explainFailure, type Connection, type ConnectOptions } from '../../transport/connect.ts';
import { ReadyState } from '../../transport/playground-socket.ts';
import { TraceAddEvent, type PageTraceEvent } from '../../transport/trace-stream.ts';
import { handshakeAnswer } from './trace-facts.ts';

export const AttemptStatus = { connecting: 'connecting', open: 'open', closed: 'closed' } as const;
export type AttemptStatus = (typeof AttemptStatus)[keyof typeof AttemptStatus];

/** What the page's close event said. */
export interface CloseReport {
  readonly code: number;
  readonly reason: string;
  readonly wasClean: boolean;
}

/** What the attempt tells its demo: every change, and (for demos that act on them) the open, each text message and the close. */
export interface AttemptHooks {
  changed(): void;
  message?(text: string): void;
  opened?(): void;
  closed?(close: CloseReport): void;
}

/** How long the live server's side channel gets to bring its answer before the attempt asks why nothing came. */
const SIDE_CHANNEL_GRACE_MS = 1500;

/**
 * One connection of a security demo, opened by the demo's controller (with
 * `connect` or `openSlowReader`): its status, its trace, the text messages
 * the page received and the close event, reported to `changed` as they come.
 * A demo may hold several (the connection limit needs four). `abandon` closes
 * it and stops reporting.
 */
export class Attempt {
  status: AttemptStatus = AttemptStatus.connecting;
  trace: readonly PageTraceEvent[] = [];
  /** Text messages received, in order. */
  received: readonly string[] = [];
  /** Binary messages received. */
  binaryCount = 0;
  close: CloseReport | undefined;
  /** Whether the page heard an error event. */
  error = false;
  /** Why it failed before opening, when the trace cannot say (no server, say). */
  problem: string | undefined;
  /** Undefined when the browser refused to even try. */
  readonly #connection: Connection | undefined;
  readonly #hooks: AttemptHooks;
  #live = true;

  /**
   * `open` makes the connection; if it throws (a URL the browser refuses), the
   * attempt ends at once with the browser's message as its problem.
   */
  constructor(
    open: () => Connection,
    hooks: AttemptHooks,
    readonly target: string,
    readonly options: ConnectOptions,
  ) {
    this.#hooks = hooks;
    let connection: Connection;
    try {
      connection = open();
    } catch (error) {
      this.#connection = undefined;
      this.status = AttemptStatus.closed;
      this.problem = `The browser refused to open the connection: ${(error as Error).message}`;
      this.#live = false;
      return;
    }
    this.#connection = connection;
    const { socket, trace } = connection;
    this.trace = trace.events;
    trace.addEventListener(TraceAddEvent.eventName, () => {
      if (!this.#live) return;
      this.trace = trace.events;
      this.#hooks.changed();
    });
    socket.addEventListener('open', () => {
      this.#set(AttemptStatus.open);
      if (this.#live) this.#hooks.opened?.();
    });
    socket.addEventListener('message', (event) => {
      if (!this.#live) return;
      const data = (event as MessageEvent<unknown>).data;
      if (typeof data === 'string') this.received = [...this.received, data];
      else this.binaryCount++;
      this.#hooks.changed();
      if (typeof data === 'string') this.#hooks.message?.(data);
    });
    socket.addEventListener('error', () => {
      if (!this.#live) return;
      this.error = true;
      this.#hooks.changed();
    });
    socket.addEventListener('close', (event) => {
      if (!this.#live) return;
      const { code, reason, wasClean } = event as CloseEvent;
      const opened = this.status === AttemptStatus.open;
      this.close = { code, reason, wasClean };
      this.#set(AttemptStatus.closed);
      this.#hooks.closed?.(this.close);
      if (!opened) setTimeout(() => void this.#explain(), SIDE_CHANNEL_GRACE_MS);
    });
  }

  get isOpen(): boolean {
    return this.status === AttemptStatus.open;
  }

  /** Sends a text message; false when the connection is not open. */
  send(text: string): boolean {
    if (!this.isOpen || !this.#connection) return false;
    this.#connection.socket.send(text);
    return true;
  }

  /** Starts the closing handshake with 1000 (§7.4.1). */
  disconnect(reason: string): void {
    if (this.isOpen) this.#connection?.socket.close(1000, reason);
  }

  /** Closes the connection if need be and reports nothing more. */
  abandon(): void {
    if (!this.#live) return;
    this.#live = false;
    const connection = this.#connection;
    if (connection && connection.socket.readyState <= ReadyState.open) connection.socket.close(1000, 'demo left');
    connection?.release();
  }

  /** No answer from the server in the trace: say whether anything is listening at all. */
  async #explain(): Promise<void> {
    if (!this.#live || handshakeAnswer(this.trace)) return;
    const problem = await explainFailure(this.target, this.options, window.location.origin);
    if (!this.#live || handshakeAnswer(this.trace)) return;
    this.problem = problem;
    this.#hooks.changed();
  }

  #set(status: AttemptStatus): void {
    if (!this.#live) return;
    this.status = status;
    this.#hooks.changed();
  }
}
