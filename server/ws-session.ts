import type { RawData, WebSocket } from 'ws';
import type { Peer, Session } from '../src/service/peer.ts';
import type { Logger } from './log.ts';

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

/** Runs one service session over a ws socket: the live twin of the simulated wire. */
export function bindSession(socket: WebSocket, open: (peer: Peer) => Session, logger: Logger, path: string): void {
  const session = open({
    send: (data) => {
      if (socket.readyState === socket.OPEN) socket.send(data, { binary: typeof data !== 'string' });
    },
    close: (code, reason) => socket.close(code, reason),
  });
  socket.on('message', (data, isBinary) => session.message(isBinary ? toBytes(data) : toBytes(data).toString()));
  socket.on('close', (code, reason) => {
    session.closed(code, reason.toString());
    logger('disconnect', { path, code });
  });
  // ws reports protocol violations here and then closes with the right code (§7.1.7); never let one crash the process.
  socket.on('error', (error) => logger('socket-error', { path, error: error.message }));
}
