import type { HandshakeResponseEvent } from '../../protocol/index.ts';
import type { ReactiveControllerHost } from 'lit';
import { ConnectionLog, LogKind, type LogEntry } from '../../controllers/connection-log.ts';
import { connectionSettings, type ConnectionSettings } from '../../controllers/connection-settings.ts';
import { ConnectionStatus, HostedWireConnection } from '../../controllers/wire-connection.ts';
import { endpointUrl } from '../../transport/endpoint-url.ts';
import type { PlaygroundSocket } from '../../transport/playground-socket.ts';
import { describeSocketData } from '../../transport/socket-data.ts';
import { deflateAnswerProblem } from './deflate-messages.ts';

export { ConnectionStatus };

/** The page's close event, as the demos report it. */
export interface CloseOutcome {
  readonly code: number;
  readonly reason: string;
  readonly wasClean: boolean;
}

/** Log lines a demo keeps. */
const LOG_LIMIT = 100;

/**
 * One compression demo's connection to a `/deflate` target, on the wire the
 * site-wide settings choose: it keeps the trace, the page's log, what
 * `ws.extensions` said once open, and the close event; and it says in words
 * why a connection failed, telling a browser that rejected the server's
 * extension answer from a server that refused. Messages can be awaited, for
 * the demos that send a batch and read the trace after.
 */
export class DeflateConnection extends HostedWireConnection {
  /** `ws.extensions` once the connection opened: the agreed extensions, as the browser reports them. */
  extensions: string | undefined;
  outcome: CloseOutcome | undefined;
  /** Whether the page heard an error event. */
  error = false;
  /** Why the connection failed before it opened, in a sentence. */
  failure: string | undefined;
  /** Messages received on the current connection. */
  received = 0;
  readonly #log = new ConnectionLog(LOG_LIMIT);
  #waiters: (() => void)[] = [];

  constructor(host: ReactiveControllerHost, settings: ConnectionSettings = connectionSettings) {
    super(host, settings);
  }

  get entries(): readonly LogEntry[] {
    return this.#log.entries;
  }

  /** The URL a connection to `target` uses now. */
  urlFor(target: string): string {
    return endpointUrl(this.settings.serverUrl, target);
  }

  connect(target: string): void {
    this.#log.restart();
    this.extensions = undefined;
    this.outcome = undefined;
    this.error = false;
    this.failure = undefined;
    this.received = 0;
    this.#add(LogKind.info, `new WebSocket("${this.urlFor(target)}")`);
    this.openSocket(target, { binaryType: 'arraybuffer' });
  }

  /** Sends a text or binary message; false when the connection is not open. */
  send(data: string | Uint8Array): boolean {
    const socket = this.socket;
    if (!socket || !this.isOpen) {
      this.#add(LogKind.error, 'Not sent: connect first; a WebSocket can only send once it is open.');
      return false;
    }
    socket.send(data);
    this.#add(LogKind.sent, `Sent ${describeSocketData(data)}`);
    return true;
  }

  disconnect(): void {
    if (!this.isOpen) return;
    this.socket?.close(1000, 'demo done');
    this.setStatus(ConnectionStatus.closing);
  }

  /** Resolves true once `test` holds on this connection; false if it closes or `ms` pass first. */
  until(test: () => boolean, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(false), ms);
      const check = (): void => {
        if (test()) done(true);
        else if (this.status === ConnectionStatus.closed || this.status === ConnectionStatus.idle) done(false);
      };
      const done = (value: boolean): void => {
        clearTimeout(timer);
        this.#waiters = this.#waiters.filter((waiter) => waiter !== check);
        resolve(value);
      };
      this.#waiters.push(check);
      check();
    });
  }

  protected override changed(): void {
    super.changed();
    for (const waiter of [...this.#waiters]) waiter();
  }

  /** A flip of mode or server ends the demo's connection: the reader connects again on the new wire. */
  protected override settingsChanged(): void {
    if (!this.isActive || !this.settingsMoved) return;
    this.abandon();
    this.#add(LogKind.info, 'The connection mode changed: connect again.');
  }

  protected override onRefused(error: Error): void {
    this.failure = `The browser refused to open the connection: ${error.message}`;
    this.#add(LogKind.error, this.failure);
  }

  protected override onOpen(socket: PlaygroundSocket): void {
    this.extensions = socket.extensions;
    this.#add(LogKind.info, `open: ws.extensions is "${socket.extensions}".`);
  }

  protected override onMessage(data: unknown): void {
    this.received++;
    this.#add(LogKind.received, `Received ${describeSocketData(data)}`);
  }

  protected override onError(): void {
    this.error = true;
    this.#add(LogKind.error, 'error event (the browser never says more).');
  }

  protected override onClose({ code, reason, wasClean }: CloseEvent): void {
    this.outcome = { code, reason, wasClean };
    const because = reason === '' ? '' : `, reason "${reason}"`;
    this.#add(LogKind.closed, `close event: code ${code}${because}, wasClean ${wasClean}.`);
  }

  /** A 101 the browser then rejected is no refusal: say what it rejected. */
  protected override refusal(note: string, response: HandshakeResponseEvent | undefined): string | undefined {
    if (response?.status === 101) return this.#rejected() ?? `The browser failed the connection: ${note}`;
    return super.refusal(note, response);
  }

  protected override onFailure(text: string): void {
    // In Live mode the trace holds the server's 101, even when no note explains it: the browser's reason is in it.
    this.failure = this.#rejected() ?? text;
    this.#add(LogKind.error, this.failure);
  }

  #rejected(): string | undefined {
    const problem = deflateAnswerProblem(this.trace);
    return problem && `The server answered 101, and the browser failed the connection: ${problem}`;
  }

  #add(kind: LogKind, text: string): void {
    this.#log.add(kind, text);
    this.changed();
  }
}
