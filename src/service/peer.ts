/**
 * What an endpoint sees of one connection. The simulated wire implements it
 * in the page, server/ implements it over ws: the endpoint cannot tell which.
 */
export interface Peer {
  /** Sends one message: a string goes as a text frame, bytes as a binary frame. */
  send(data: string | Uint8Array): void;
  /** Starts the closing handshake with this code and reason (§7.1.2). */
  close(code?: number, reason?: string): void;
}

/** One endpoint's handling of one open connection. */
export interface Session {
  /** A whole message arrived: text as a string, binary as bytes. */
  message(data: string | Uint8Array): void;
  /** The connection is gone; free what the session holds. */
  closed(code: number, reason: string): void;
}
