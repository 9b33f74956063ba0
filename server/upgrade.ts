import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import type { OriginPolicy } from '../src/protocol/origin.ts';
import type { PlaygroundService } from '../src/service/service.ts';
import type { Logger } from './log.ts';
import { bindSession } from './ws-session.ts';

/** Answers a handshake with a plain HTTP refusal and hangs up (§4.2.2: any status but 101 refuses). */
function refuse(socket: Duplex, status: number, reason: string): void {
  if (!socket.writable) return;
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Refused'}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

export interface UpgradeContext {
  readonly service: PlaygroundService;
  readonly wss: WebSocketServer;
  readonly originPolicy: OriginPolicy;
  readonly logger: Logger;
}

/**
 * Decides each handshake before ws completes it: the Origin first (so a
 * foreign page learns nothing, not even which paths exist), then the path.
 */
export function createUpgradeHandler(context: UpgradeContext) {
  return (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // A client that vanishes mid-handshake must not crash the process.
    socket.on('error', () => socket.destroy());
    const target = request.url ?? '/';
    const path = target.split('?')[0] ?? '/';
    const origin = request.headers.origin;
    const decision = context.originPolicy.decide(origin);
    if (!decision.allowed) {
      context.logger('refused', { status: 403, path, origin, reason: `origin not allowed: ${decision.reason}` });
      refuse(socket, 403, `Origin not allowed: ${decision.reason}.`);
      return;
    }
    const admission = context.service.admit(target);
    if (!admission.ok) {
      context.logger('refused', { status: admission.status, path, origin, reason: admission.reason });
      refuse(socket, admission.status, admission.reason);
      return;
    }
    context.wss.handleUpgrade(request, socket, head, (ws) => {
      context.logger('connect', { path, origin });
      bindSession(ws, admission.open, context.logger, path);
    });
  };
}
