import type { LogFields } from './log-line.ts';

/**
 * What an endpoint sees of one connection. The simulated wire implements it
 * in the page, server/ implements it over ws: the endpoint cannot tell which.
 */
export interface Peer {
  /** The handshake's Origin header, or undefined when there was none. */
  readonly origin: string | undefined;
  /**
   * Sends one message: a string as text, bytes as binary. With `fragments`
   * above 1 the message goes as that many frames, a first frame and
   * continuations (§5.4): a server can fragment, the browser API cannot.
   */
  send(data: string | Uint8Array, options?: { readonly fragments?: number }): void;
  /** Sends a ping (§5.5.2); the browser answers with a pong by itself. */
  ping(payload?: Uint8Array): void;
  /** Starts the closing handshake with this code and reason (§7.1.2). */
  close(code?: number, reason?: string): void;
  /** Drops the TCP connection with no close frame: the browser sees 1006 (§7.1.5). */
  drop(): void;
  /**
   * Bytes sent to this client and not yet written to the network: what a
   * client that reads slowly makes the server hold (live: ws's
   * `bufferedAmount`; simulated: what the paused page has not read).
   */
  readonly bufferedAmount: number;
  /**
   * Stops reading this connection (a slow consumer): what the client sends
   * waits in the buffers between (live: ws's `pause()`, so TCP's window
   * closes and the browser's send buffer fills; simulated: the wire's
   * bounded network buffer). A message already read may still arrive. A
   * wire that cannot stop reading leaves it out.
   */
  pauseReading?(): void;
  /** Reads the connection again, what waited first. */
  resumeReading?(): void;
  /**
   * Writes a line to the server's log (live: the server's logger, with the
   * path) and, on both wires, a trace note `serverLogNote(event, fields)`.
   * Fields never hold a secret.
   */
  log(event: string, fields?: LogFields): void;
}

/** One endpoint's handling of one open connection. */
export interface Session {
  /** A whole message arrived: text as a string, binary as bytes. */
  message(data: string | Uint8Array): void;
  /** A pong arrived (§5.5.3), usually the browser's answer to our ping. */
  pong?(payload: Uint8Array): void;
  /** The connection is gone; free what the session holds. */
  closed(code: number, reason: string): void;
}

/**
 * Time, for endpoints that push on their own. Injected because this layer has
 * no timers of its own (ES2022 only), and so tests can run time by hand.
 */
export interface Clock {
  now(): number;
  every(ms: number, run: () => void): Cancel;
  after(ms: number, run: () => void): Cancel;
}
export type Cancel = () => void;
