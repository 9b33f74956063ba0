import type { ConnectionSettings } from '../../controllers/connection-settings.ts';
import { ConnectionStatus, WireConnection } from '../../controllers/wire-connection.ts';
import type { ServerMessage } from '../../service/json-messages.ts';
import { endpointUrl } from '../../transport/endpoint-url.ts';
import { ReadyState } from '../../transport/playground-socket.ts';
import { closeCodeLabel } from '../../protocol/index.ts';

/** Milliseconds each way on the simulated wire. */
export interface Latency {
  readonly up: number;
  readonly down: number;
}

export interface RoomConnectionOptions {
  readonly settings: ConnectionSettings;
  /** Each JSON message the server sent, parsed, in the order it came. */
  readonly onMessage: (message: ServerMessage) => void;
  /** Something shown changed: status or problem. */
  readonly onChange: () => void;
  /** The trace grew (default: onChange). A demo that hides its trace can skip the render. */
  readonly onTrace?: () => void;
  /**
   * An automatic attempt begins (the server went away): the demo resets what
   * this client shows and opens the same target again. Default: the same
   * target and latency, nothing reset.
   */
  readonly rejoin?: () => void;
}

/**
 * One client's connection to a room endpoint (`/collab`, `/game`), for demos
 * that put several clients in one card. Unlike ConnectionController, its
 * target is chosen when it opens, it hands each parsed message to the demo,
 * and on the simulated wire it can add latency. The demo, not the connection,
 * follows the settings: it moves all its clients at once. Used by the
 * collaborative editing and the game demos alike. In Live mode it rejoins by
 * itself, under the same name (the server adds " (2)" only if that name is
 * still held), when the server went away or the connection dropped.
 */
export class RoomConnection extends WireConnection {
  /** Why the connection failed or ended, in the reader's words; undefined while all is well. */
  problem: string | undefined;
  /** The URL of the current (or last) connection. */
  url: string | undefined;
  readonly #options: RoomConnectionOptions;
  #leaving = false;
  #latency: Latency | undefined;
  /** Resolves when the current connection has closed. */
  #closed: Promise<void> = Promise.resolve();

  constructor(options: RoomConnectionOptions) {
    super(options.settings);
    this.#options = options;
    this.enableReconnect();
  }

  /**
   * Opens `target` on the wire the settings choose. `latency` applies in
   * Simulated mode only: on a live connection the network decides.
   */
  open(target: string, latency?: Latency): void {
    this.#leaving = false;
    this.#latency = latency;
    this.problem = undefined;
    this.url = endpointUrl(this.settings.serverUrl, target);
    const socket = this.openSocket(target, { latency })?.socket;
    if (socket) {
      this.#closed = new Promise((resolve) => socket.addEventListener('close', () => resolve(), { once: true }));
    }
  }

  /** Sends one JSON message; false when there is no open connection to carry it. */
  send(message: object): boolean {
    const socket = this.socket;
    if (!socket || !this.isOpen) return false;
    socket.send(JSON.stringify(message));
    return true;
  }

  /**
   * Leaves the room: a normal close (1000), which the server answers. Resolves
   * once the connection has closed, so the server has let the name go. A
   * pending automatic rejoin is called off.
   */
  leave(reason: string): Promise<void> {
    if (this.stopReconnecting()) return Promise.resolve();
    const socket = this.socket;
    if (!socket || socket.readyState > ReadyState.open) return Promise.resolve();
    if (socket.readyState === ReadyState.connecting) {
      this.abandon();
      return Promise.resolve();
    }
    this.#leaving = true;
    socket.close(1000, reason);
    this.setStatus(ConnectionStatus.closing);
    return this.#closed;
  }

  protected override reopen(): void {
    if (this.#options.rejoin) this.#options.rejoin();
    else this.open(this.target, this.#latency);
  }

  protected override changed(): void {
    this.#options.onChange();
  }

  protected override traceChanged(): void {
    (this.#options.onTrace ?? this.#options.onChange)();
  }

  protected override onRefused(error: Error): void {
    this.problem = `The browser refused to open the connection: ${error.message}`;
  }

  protected override onMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: ServerMessage;
    try {
      message = JSON.parse(data) as ServerMessage;
    } catch {
      this.problem = 'The server sent a message that is not JSON.';
      this.changed();
      return;
    }
    this.#options.onMessage(message);
  }

  protected override onClose({ code, reason }: CloseEvent, opened: boolean): void {
    if (opened && !this.#leaving) {
      this.problem = `The connection closed with code ${closeCodeLabel(code)}${reason ? `: ${reason}` : ''}.`;
    }
  }

  protected override onFailure(text: string): void {
    this.problem = text;
    this.changed();
  }

  protected override onDropped(note: string): void {
    this.onFailure(`The server dropped the connection. ${note}`);
  }
}
