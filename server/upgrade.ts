import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { answerDeflateOffer, type HeaderList, type OriginPolicy, type TraceEvent } from '../src/protocol/index.ts';
import { decideHandshake, refusalResponse, statusText, type HandshakeDecision } from '../src/service/gatekeeper.ts';
import type { PlaygroundService } from '../src/service/service.ts';
import { unofferedNote } from '../src/service/deflate.ts';
import { parseTarget } from '../src/service/target.ts';
import type { ConnectionCounter, ServerLimits } from './limits.ts';
import { clientAddress } from './client-address.ts';
import type { DeflateServers } from './deflate-servers.ts';
import type { Logger } from './log.ts';
import { TRACE_ID_PATTERN, type TraceRegistry } from './trace-registry.ts';
import { HEARTBEAT_TIMEOUT } from './heartbeat.ts';
import { traceClock } from './trace-clock.ts';
import { answerUnoffered } from './unoffered-answer.ts';
import { requestEvent, WireTap } from './wire-tap.ts';
import { bindSession } from './ws-session.ts';

export const INSPECT_PATH = '/inspect';

/** The subprotocol the gatekeeper chose for each request, for ws to answer with (see `handleProtocols`). */
const chosenProtocols = new WeakMap<IncomingMessage, string | null>();

/** ws's `handleProtocols`: the gatekeeper already chose, by the endpoint's preference (§4.2.2). */
export function chosenProtocol(_offered: Set<string>, request: IncomingMessage): string | false {
  return chosenProtocols.get(request) ?? false;
}

export interface UpgradeContext {
  readonly service: PlaygroundService;
  readonly wss: WebSocketServer;
  /** The ws servers with permessage-deflate, for endpoints that agree it; the main one keeps it off. */
  readonly deflateServers: DeflateServers;
  readonly originPolicy: OriginPolicy;
  readonly traces: TraceRegistry;
  readonly connections: ConnectionCounter;
  readonly limits: ServerLimits;
  readonly logger: Logger;
  /** Sockets from their upgrade request until ws owns them or they close: shutdown destroys what is left. */
  readonly handshakes: Set<Duplex>;
  /** Reverse proxies whose X-Forwarded-For names the client (see client-address.ts). */
  readonly trustedProxies: ReadonlySet<string>;
}

interface LessonTrace {
  emit(event: TraceEvent): void;
  done(): void;
}

/** Answers a handshake with a plain HTTP refusal and hangs up (§4.2.2: any status but 101 refuses). */
function refuse(socket: Duplex, refusal: Parameters<typeof refusalResponse>[0]): HeaderList {
  const { status, statusText, headers, body } = refusalResponse(refusal);
  if (socket.writable) {
    const lines = headers.map(([name, value]) => `${name}: ${value}\r\n`).join('');
    // Destroy once written, as ws does: bytes the client still sends would otherwise keep the socket half open.
    socket.end(`HTTP/1.1 ${status} ${statusText}\r\n${lines}\r\n${body}`, () => socket.destroy());
  } else {
    socket.destroy();
  }
  return headers;
}

/** Clients behind a trusted proxy, whose address is not the socket's own: only those cost an entry here. */
const forwardedFor = new WeakMap<Duplex, string>();

/** The client's address, which holds the connection's place (see ConnectionCounter). */
function addressOf(socket: Duplex): string {
  // An upgrade's socket is a net.Socket, which reads the address once and keeps it, closed or not.
  return forwardedFor.get(socket) ?? (socket as Socket).remoteAddress ?? 'unknown';
}

/*
 * Listeners a socket keeps while it lives are shared functions, never closures
 * made per request: a closure keeps alive every variable of the call it was
 * made in (the request, its head, the decision), and costs memory for each of
 * thousands of connections. Node calls a listener with the socket as `this`.
 */

/** A client that vanishes mid-handshake must not crash the process. */
function destroyOnError(this: Duplex): void {
  this.destroy();
}

/** ws owns the socket from now on: it listens for the socket's errors, and shutdown finds it in `wss.clients`. */
function handedToWs(context: UpgradeContext, socket: Duplex): void {
  socket.off('error', destroyOnError);
  context.handshakes.delete(socket);
}

type Accepted = Extract<HandshakeDecision, { ok: true }>;
type Refused = Extract<HandshakeDecision, { ok: false }>;

/** One handshake on its way through `createUpgradeHandler`. */
interface Arrival {
  readonly request: IncomingMessage;
  readonly socket: Duplex;
  readonly head: Buffer;
  readonly path: string;
  readonly address: string;
  readonly trace: LessonTrace | undefined;
  /** The socket's 'close' listener while the handshake lasts. */
  readonly closed: (this: Duplex) => void;
}

/**
 * Every WebSocket handshake comes through here. The same gatekeeper as the
 * simulated wire decides it; ws then completes it and speaks the protocol.
 * A lesson connection that names a trace id is tapped byte for byte.
 */
export function createUpgradeHandler(context: UpgradeContext) {
  // The socket's 'close' listener until a session takes it over (LiveSession then gives the place back): made
  // once here, shared by every socket. A connection that got a place gives it back.
  function closedWithPlace(this: Duplex): void {
    context.handshakes.delete(this);
    context.connections.release(addressOf(this));
  }
  function closedWithoutPlace(this: Duplex): void {
    context.handshakes.delete(this);
  }
  return async (request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    // A client that vanishes mid-handshake must not crash the process.
    socket.on('error', destroyOnError);
    context.handshakes.add(socket);
    const target = request.url ?? '/';
    const { path, query } = parseTarget(target);
    const address = clientAddress(request, context.trustedProxies);
    if (address !== (socket as Socket).remoteAddress) forwardedFor.set(socket, address);
    const traceId = query.get('trace');
    const full = context.connections.acquire(address);
    const closed = full ? closedWithoutPlace : closedWithPlace;
    socket.on('close', closed);
    if (path === INSPECT_PATH) {
      inspect(context, request, socket, head, traceId, full);
      return;
    }
    const trace: LessonTrace | undefined =
      traceId !== undefined && TRACE_ID_PATTERN.test(traceId) ? context.traces.openLesson(traceId) : undefined;
    trace?.emit(requestEvent(request, traceClock()));
    const arrival: Arrival = { request, socket, head, path, address, trace, closed };

    const decision: HandshakeDecision = full
      ? { ok: false, status: 503, statusText: statusText(503), reason: full, headers: [['Retry-After', '30']] }
      : await decideHandshake(
          { target, method: request.method ?? 'GET', httpVersion: request.httpVersion, headers: request.headers },
          context.service,
          context.originPolicy,
        );
    if (decision.ok) acceptHandshake(context, arrival, decision);
    else refuseHandshake(context, arrival, decision);
  };
}

/**
 * The ws server that completes this handshake: one with permessage-deflate when the endpoint agrees it and
 * the client offered something it can accept, else the main one, which answers with no extension.
 */
function serverFor(context: UpgradeContext, request: IncomingMessage, decision: Accepted): WebSocketServer {
  const choice = decision.extensions;
  if (!choice || !('deflate' in choice)) return context.wss;
  // ws refuses with 400 an offer it cannot accept, where RFC 7692 §7 has the server decline it (a 101 without
  // the extension), as the simulated server does: the same function decides on both wires, and ws gets only
  // the offers it accepts.
  const offer = request.headers['sec-websocket-extensions'];
  if (!answerDeflateOffer(offer, choice.deflate)) return context.wss;
  return context.deflateServers.for(choice.deflate);
}

/** Lets ws answer 101 and take the socket over, then runs the endpoint's session on it. */
function acceptHandshake(context: UpgradeContext, arrival: Arrival, decision: Accepted): void {
  const { request, socket, head, path, address, trace, closed } = arrival;
  const origin = request.headers.origin;
  const tap = trace ? new WireTap(trace.emit) : undefined;
  tap?.watchWrites(socket);
  const choice = decision.extensions;
  if (choice && 'unoffered' in choice) {
    answerUnoffered(socket, decision.response, choice.unoffered);
    context.logger('unoffered-extension', { path, origin, address, extensions: choice.unoffered });
    if (trace) reportUnoffered(socket, trace, choice.unoffered);
    return;
  }
  chosenProtocols.set(request, decision.protocol);
  const server = serverFor(context, request, decision);
  server.handleUpgrade(request, socket, head, (ws) => {
    handedToWs(context, socket);
    if (server !== context.wss) context.deflateServers.track(ws);
    // With noServer, ws leaves announcing the connection to us; the heartbeat listens for it.
    context.wss.emit('connection', ws, request);
    tap?.watchReads(socket);
    context.logger('connect', { path, origin, address });
    const { logger, limits, connections } = context;
    const note = trace && tap ? noteSink(trace, tap) : undefined;
    bindSession(ws, decision.open, { logger, limits, path, origin, connections, address, note });
    // The session gives the place back when it ends. ws has its own listener for the socket's close; a second
    // one would be kept, and cost memory, for the connection's whole life.
    socket.off('close', closed);
    if (trace && tap) reportClose(ws, trace, tap);
  });
}

/** Where the session's log lines go as notes of the lesson's trace. Its own function: a closure keeps its whole scope alive. */
function noteSink(trace: LessonTrace, tap: WireTap): (text: string) => void {
  return (text) => trace.emit({ type: 'note', at: tap.at, text });
}

/** Tells the lesson's trace how the connection closed, and why the heartbeat dropped it. Its own function: a closure keeps its whole scope alive. */
function reportClose(ws: WebSocket, trace: LessonTrace, tap: WireTap): void {
  ws.once(HEARTBEAT_TIMEOUT, (text: string) => trace.emit({ type: 'note', at: tap.at, text }));
  ws.on('close', (code, reason) => {
    trace.emit({ type: 'closed', at: tap.at, code, reason: reason.toString(), wasClean: tap.wasClean });
    trace.done();
  });
}

/** Tells the lesson's trace why the server broke the rules, and that the client then dropped the connection. */
function reportUnoffered(socket: Duplex, trace: LessonTrace, extensions: string): void {
  trace.emit({
    type: 'note',
    at: traceClock(),
    text: unofferedNote(extensions),
  });
  socket.once('close', () => {
    // No close frame crossed: a browser reports 1006 (§7.1.5).
    trace.emit({ type: 'closed', at: traceClock(), code: 1006, reason: '', wasClean: false });
    trace.done();
  });
}

/** Answers a refused handshake with its HTTP status, logs why, and tells the lesson's trace. */
function refuseHandshake(context: UpgradeContext, arrival: Arrival, decision: Refused): void {
  const { request, socket, path, address, trace } = arrival;
  const origin = request.headers.origin;
  const headers = refuse(socket, decision);
  context.logger('refused', { status: decision.status, path, origin, address, reason: decision.reason });
  trace?.emit({
    type: 'handshake-response',
    at: traceClock(),
    status: decision.status,
    reason: decision.statusText,
    headers,
  });
  trace?.emit({ type: 'note', at: traceClock(), text: decision.reason });
  trace?.done();
}

/** `/inspect?trace=ID`: the side channel that receives the trace of lesson connections naming ID. */
function inspect(
  context: UpgradeContext,
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  traceId: string | undefined,
  full: string | undefined,
): void {
  const origin = request.headers.origin;
  const originDecision = context.originPolicy.decide(origin);
  const refusal = (status: number, reason: string): void => {
    refuse(socket, { status, statusText: statusText(status), reason, headers: [] });
    context.logger('refused', { status, path: INSPECT_PATH, origin, reason });
  };
  if (full) {
    refusal(503, full);
    return;
  }
  if (!originDecision.allowed) {
    refusal(403, `Origin not allowed: ${originDecision.reason}.`);
    return;
  }
  if (traceId === undefined || !TRACE_ID_PATTERN.test(traceId)) {
    refusal(400, 'An inspect connection needs ?trace= with at least 128 random bits: 22 to 64 of A-Z a-z 0-9 _ -.');
    return;
  }
  if (context.traces.full) {
    refusal(503, 'the server is following as many traces as it can; try again later');
    return;
  }
  context.wss.handleUpgrade(request, socket, head, (ws) => {
    handedToWs(context, socket);
    context.wss.emit('connection', ws, request);
    ws.on('error', (error) => context.logger('socket-error', { path: INSPECT_PATH, error: error.message }));
    const problem = context.traces.attachInspector(traceId, ws);
    // §7.4.1: 1008 "policy violation" for a request the server will not serve.
    if (problem) ws.close(1008, problem);
  });
}
