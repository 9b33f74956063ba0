import type { RawData, WebSocket } from 'ws';
import { splitPayload } from '../src/protocol/fragment.ts';
import type { Peer, Session } from '../src/service/peer.ts';
import { createRateCheck, type ServerLimits } from './limits.ts';
import type { Logger } from './log.ts';

function toBytes(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? Buffer.from(data) : data;
}

export interface SessionContext {
  readonly logger: Logger;
  readonly limits: Pick<ServerLimits, 'messagesPerSecond' | 'sendBufferBytes'>;
  readonly path: string;
  readonly origin: string | undefined;
}

/**
 * The live Peer: the service's requests carried out by ws. A client that
 * reads too slowly is closed, never buffered for without bound: a broadcast
 * to a room must not let one stalled reader grow the server's memory.
 */
function peerFor(socket: WebSocket, context: SessionContext): Peer {
  const { sendBufferBytes } = context.limits;
  const writable = (): boolean => {
    if (socket.readyState !== socket.OPEN) return false;
    if (socket.bufferedAmount <= sendBufferBytes) return true;
    context.logger('slow-reader', { path: context.path, buffered: socket.bufferedAmount });
    // §7.4.1: 1008 for a connection the server will not keep on its terms.
    socket.close(1008, `reading too slowly: over ${sendBufferBytes} bytes waiting`);
    return false;
  };
  return {
    origin: context.origin,
    send(data, options = {}) {
      if (!writable()) return;
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
      if (writable()) socket.ping(payload);
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
export function bindSession(socket: WebSocket, open: (peer: Peer) => Session, context: SessionContext): void {
  const { logger, path } = context;
  const session = open(peerFor(socket, context));
  const withinRate = createRateCheck(context.limits.messagesPerSecond);
  socket.on('message', (data, isBinary) => {
    if (!withinRate()) {
      if (socket.readyState === socket.OPEN) {
        logger('rate-limited', { path, limit: context.limits.messagesPerSecond });
        socket.close(1008, `more than ${context.limits.messagesPerSecond} messages in a second`);
      }
      return;
    }
    session.message(isBinary ? toBytes(data) : toBytes(data).toString());
  });
  socket.on('pong', (payload) => session.pong?.(payload));
  socket.on('close', (code, reason) => {
    session.closed(code, reason.toString());
    logger('disconnect', { path, code, reason: reason.toString() });
  });
  // ws reports protocol violations here and then closes with the right code (§7.1.7); never let one crash the process.
  socket.on('error', (error) => logger('socket-error', { path, error: error.message }));
}
