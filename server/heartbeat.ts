import type { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from './log.ts';

/**
 * Pings every client each interval (§5.5.2). A client that has not answered
 * the previous ping with a pong (§5.5.3) is gone without saying so (a laptop
 * lid closed, a network lost): terminate it, since a close frame would never
 * be answered. Returns the function that stops the heartbeat.
 */
export function startHeartbeat(wss: WebSocketServer, intervalMs: number, logger: Logger): () => void {
  const answered = new WeakSet<WebSocket>();
  const onConnection = (socket: WebSocket): void => {
    answered.add(socket);
    socket.on('pong', () => answered.add(socket));
  };
  wss.on('connection', onConnection);
  const timer = setInterval(() => {
    for (const socket of wss.clients) {
      if (!answered.has(socket)) {
        logger('heartbeat-timeout', { reason: `no pong within ${intervalMs} ms` });
        socket.terminate();
        continue;
      }
      answered.delete(socket);
      socket.ping();
    }
  }, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    wss.off('connection', onConnection);
  };
}
