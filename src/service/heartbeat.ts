/**
 * The server's heartbeat, the same on both wires: every interval it pings
 * each connection (§5.5.2), and one that has not answered the previous ping
 * with a pong (§5.5.3) is dropped without a closing handshake.
 */

/** How often the server pings each connection. */
export const HEARTBEAT_MS = 30_000;

/** What the server tells a traced connection's page when it drops it. */
export function missedPongNote(intervalMs: number): string {
  return (
    `The server pinged this connection (§5.5.2) and no pong came back within ${intervalMs} ms (§5.5.3), ` +
    'so it took the connection for dead and dropped it without a closing handshake: the browser reports ' +
    'code 1006 (§7.1.5). A page that stops reading, a closed laptop lid or a lost network all look like this.'
  );
}
