import type { IncomingMessage } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { DeflateServerOptions } from '../src/protocol/index.ts';

/** What every ws server of the playground shares with the main one (see playground-server.ts). */
export interface DeflateServerBase {
  /** MAX_MESSAGE_BYTES: with permessage-deflate ws applies it to the inflated size too, a bomb gets 1009. */
  readonly maxPayload: number;
  readonly handleProtocols: (offered: Set<string>, request: IncomingMessage) => string | false;
  /** The main server's `clients`: the heartbeat, /healthz and shutdown find every connection there. */
  readonly clients: Set<WebSocket>;
}

/**
 * Distinct option sets kept at once. The query chooses them (threshold is any
 * number), so without a bound a client could make the server keep one ws
 * server per request; an evicted one has no client to forget, since the main
 * server tracks them all.
 */
const MAX_SERVERS = 32;

/** The options ws reads, in a fixed order: equal options make equal keys (ws tells `false` from absent). */
function keyOf(options: DeflateServerOptions): string {
  return JSON.stringify([
    options.serverNoContextTakeover ?? null,
    options.clientNoContextTakeover ?? null,
    options.serverMaxWindowBits ?? null,
    options.clientMaxWindowBits ?? null,
    options.threshold ?? null,
  ]);
}

/**
 * ws servers that complete a handshake with permessage-deflate (RFC 7692),
 * one per distinct option set, made when first asked for. ws takes its
 * `perMessageDeflate` per server, not per handshake; the main server keeps it
 * off, since each compressed connection costs a zlib context (the lesson's
 * memory figure), and only the paths that ask for it get one of these.
 */
export class DeflateServers {
  readonly #base: DeflateServerBase;
  /** In order of last use, oldest first (a Map iterates in insertion order). */
  readonly #servers = new Map<string, WebSocketServer>();
  /** ws's own tracking, done for the main server: one listener shared by every connection. */
  readonly #untrack: (this: WebSocket) => void;

  constructor(base: DeflateServerBase) {
    this.#base = base;
    const { clients } = base;
    this.#untrack = function (this: WebSocket) {
      clients.delete(this);
    };
  }

  /** How many option sets have a server now. */
  get size(): number {
    return this.#servers.size;
  }

  /** The server for these options, made now or reused. */
  for(options: DeflateServerOptions): WebSocketServer {
    const key = keyOf(options);
    const known = this.#servers.get(key);
    this.#servers.delete(key);
    const server = known ?? this.#create(options);
    this.#servers.set(key, server);
    if (this.#servers.size > MAX_SERVERS) this.#servers.delete(this.#servers.keys().next().value!);
    return server;
  }

  /** Puts a connection a deflate server accepted where the main server keeps its own. */
  track(ws: WebSocket): void {
    this.#base.clients.add(ws);
    ws.on('close', this.#untrack);
  }

  #create(options: DeflateServerOptions): WebSocketServer {
    const { maxPayload, handleProtocols } = this.#base;
    return new WebSocketServer({
      noServer: true,
      clientTracking: false,
      maxPayload,
      handleProtocols,
      // As given: DeflateServerOptions has ws's names and meanings, so answerDeflateOffer agrees with ws's answer.
      perMessageDeflate: { ...options },
    });
  }
}
