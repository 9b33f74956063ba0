import type { WebSocket, WebSocketServer } from 'ws';
import { missedPongNote } from '../src/service/heartbeat.ts';
import type { Logger } from './log.ts';

/**
 * Emitted on a client's WebSocket just before the heartbeat terminates it,
 * with the reason in a sentence: a traced connection tells its page.
 */
export const HEARTBEAT_TIMEOUT = 'heartbeat-timeout';

/**
 * Pings every client each interval (§5.5.2). A client that has not answered
 * the previous ping with a pong (§5.5.3) is gone without saying so (a laptop
 * lid closed, a network lost): terminate it, since a close frame would never
 * be answered. Returns the function that stops the heartbeat.
 */
export function startHeartbeat(wss: WebSocketServer, intervalMs: number, logger: Logger): () => void {
  // Pinged and not answered yet: empty between a round's pongs and the next round, so an idle client costs
  // nothing here; weak, so a client that closes meanwhile is not kept.
  const awaiting = new WeakSet<WebSocket>();
  // One listener shared by every client: ws calls it with the client as `this`.
  function answered(this: WebSocket): void {
    awaiting.delete(this);
  }
  const onConnection = (socket: WebSocket): void => {
    socket.on('pong', answered);
  };
  wss.on('connection', onConnection);
  const timer = setInterval(() => {
    for (const socket of wss.clients) {
      if (awaiting.has(socket)) {
        logger('heartbeat-timeout', { reason: `no pong within ${intervalMs} ms` });
        socket.emit(HEARTBEAT_TIMEOUT, missedPongNote(intervalMs));
        socket.terminate();
        continue;
      }
      awaiting.add(socket);
      socket.ping();
    }
  }, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    wss.off('connection', onConnection);
  };
}
