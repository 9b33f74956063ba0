import type { RawData, WebSocket } from 'ws';
import { splitPayload } from '../src/protocol/fragment.ts';
import type { Peer, Session } from '../src/service/peer.ts';
import type { Logger } from './log.ts';

function toBytes(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? Buffer.from(data) : data;
}

/** The live Peer: the service's requests carried out by ws. */
function peerFor(socket: WebSocket, origin: string | undefined): Peer {
  const open = (): boolean => socket.readyState === socket.OPEN;
  return {
    origin,
    send(data, options = {}) {
      if (!open()) return;
      const binary = typeof data !== 'string';
      const parts = options.fragments ?? 1;
      if (parts <= 1) {
        socket.send(data, { binary });
        return;
      }
      // ws turns the first piece into a text or binary frame and the rest into continuations (§5.4).
      const pieces = splitPayload(binary ? data : Buffer.from(data), parts);
      pieces.forEach((piece, index) => socket.send(piece, { binary, fin: index === pieces.length - 1 }));
    },
    ping(payload) {
      if (open()) socket.ping(payload);
    },
    close(code, reason) {
      socket.close(code, reason);
    },
    drop() {
      socket.terminate();
    },
  };
}

/** Runs one service session over a ws socket: the live twin of the simulated wire. */
export function bindSession(
  socket: WebSocket,
  open: (peer: Peer) => Session,
  logger: Logger,
  path: string,
  origin: string | undefined,
): void {
  const session = open(peerFor(socket, origin));
  socket.on('message', (data, isBinary) => session.message(isBinary ? toBytes(data) : toBytes(data).toString()));
  socket.on('pong', (payload) => session.pong?.(payload));
  socket.on('close', (code, reason) => {
    session.closed(code, reason.toString());
    logger('disconnect', { path, code });
  });
  // ws reports protocol violations here and then closes with the right code (§7.1.7); never let one crash the process.
  socket.on('error', (error) => logger('socket-error', { path, error: error.message }));
}
