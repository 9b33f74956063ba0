import type { IncomingMessage } from 'node:http';
import { HEARTBEAT_MS } from '../src/service/heartbeat.ts';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../src/service/message-size.ts';
import { ConfigError } from './config-error.ts';
import type { Logger } from './log.ts';

/** What one server instance allows, each settable by an environment variable. */
export interface ServerLimits {
  /** MAX_MESSAGE_BYTES: a bigger message closes the connection with 1009 (§7.4.1). */
  readonly maxMessageBytes: number;
  /** MAX_MESSAGES_PER_SECOND: more from one connection in a second closes it with 1008. */
  readonly messagesPerSecond: number;
  /** MAX_CONNECTIONS: handshakes past it get 503. */
  readonly maxConnections: number;
  /** MAX_CONNECTIONS_PER_ADDRESS: handshakes from one client address past it get 503. */
  readonly maxConnectionsPerAddress: number;
  /** MAX_ROOM_MEMBERS: a newcomer to a full chat room gets 503. */
  readonly roomMembers: number;
  /** MAX_TRACES: inspect connections past it get 503, and further lesson connections go untraced. */
  readonly maxTraces: number;
  /** TRACE_BUFFER_EVENTS: events kept for a trace whose inspect connection has not arrived yet. */
  readonly traceBufferEvents: number;
  /** MAX_SEND_BUFFER_BYTES: a client with more than this waiting to be sent reads too slowly and is closed with 1008. */
  readonly sendBufferBytes: number;
  /** HEARTBEAT_MS: how often every client is pinged; one that missed the last pong is terminated. */
  readonly heartbeatMs: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
  messagesPerSecond: 100,
  maxConnections: 10_000,
  maxConnectionsPerAddress: 200,
  roomMembers: 1000,
  maxTraces: 1000,
  traceBufferEvents: 256,
  sendBufferBytes: 1024 * 1024,
  heartbeatMs: HEARTBEAT_MS,
};

const VARIABLES: Readonly<Record<keyof ServerLimits, string>> = {
  maxMessageBytes: 'MAX_MESSAGE_BYTES',
  messagesPerSecond: 'MAX_MESSAGES_PER_SECOND',
  maxConnections: 'MAX_CONNECTIONS',
  maxConnectionsPerAddress: 'MAX_CONNECTIONS_PER_ADDRESS',
  roomMembers: 'MAX_ROOM_MEMBERS',
  maxTraces: 'MAX_TRACES',
  traceBufferEvents: 'TRACE_BUFFER_EVENTS',
  sendBufferBytes: 'MAX_SEND_BUFFER_BYTES',
  heartbeatMs: 'HEARTBEAT_MS',
};

export function readLimits(env: NodeJS.ProcessEnv): ServerLimits {
  const limits: Record<string, number> = { ...DEFAULT_LIMITS };
  for (const [key, variable] of Object.entries(VARIABLES)) {
    const text = env[variable]?.trim();
    if (!text) continue;
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new ConfigError(`${variable}="${text}" is not a whole number of at least 1`);
    }
    limits[key] = value;
  }
  return limits as unknown as ServerLimits;
}

/** Counts open connections, in all and per client address, and says when one more is too many. */
export class ConnectionCounter {
  readonly #limits: Pick<ServerLimits, 'maxConnections' | 'maxConnectionsPerAddress'>;
  readonly #perAddress = new Map<string, number>();
  #total = 0;

  constructor(limits: Pick<ServerLimits, 'maxConnections' | 'maxConnectionsPerAddress'>) {
    this.#limits = limits;
  }

  get total(): number {
    return this.#total;
  }

  /** Takes a place for `address`, or returns why there is none. */
  acquire(address: string): string | undefined {
    const mine = this.#perAddress.get(address) ?? 0;
    if (this.#total >= this.#limits.maxConnections) {
      return `the server is full: ${this.#limits.maxConnections} connections is its limit; try again later`;
    }
    if (mine >= this.#limits.maxConnectionsPerAddress) {
      return `too many connections from ${address}: ${this.#limits.maxConnectionsPerAddress} is the limit per address`;
    }
    this.#total++;
    this.#perAddress.set(address, mine + 1);
    return undefined;
  }

  release(address: string): void {
    const mine = this.#perAddress.get(address) ?? 0;
    if (mine <= 1) this.#perAddress.delete(address);
    else this.#perAddress.set(address, mine - 1);
    this.#total = Math.max(0, this.#total - 1);
  }
}

/** A place a held request may take in the connection limits, given back once, whatever happens. */
export interface HeldPlace {
  /** Takes the place; a reason when there is none (the request gets 503). */
  readonly take: () => string | undefined;
  /** Gives it back, if taken; calling again does nothing. */
  readonly give: () => void;
}

export interface ConnectionPlaces {
  for(request: IncomingMessage): HeldPlace;
}

/**
 * A held long poll and an open event stream keep a connection busy as a
 * WebSocket does, so they count toward MAX_CONNECTIONS and
 * MAX_CONNECTIONS_PER_ADDRESS in the same counter, from the same client
 * address (server/client-address.ts), while they are held. A refusal is
 * logged as a refused handshake is.
 */
export function connectionPlaces(
  counter: Pick<ConnectionCounter, 'acquire' | 'release'>,
  addressOf: (request: IncomingMessage) => string,
  logger: Logger,
): ConnectionPlaces {
  return {
    for(request) {
      let address: string | undefined;
      return {
        take() {
          const candidate = addressOf(request);
          const refused = counter.acquire(candidate);
          if (refused === undefined) address = candidate;
          else {
            const path = (request.url ?? '/').split('?')[0];
            logger('refused', {
              status: 503,
              path,
              origin: request.headers.origin,
              address: candidate,
              reason: refused,
            });
          }
          return refused;
        },
        give() {
          if (address === undefined) return;
          counter.release(address);
          address = undefined;
        },
      };
    },
  };
}
