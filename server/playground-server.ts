import { randomBytes } from 'node:crypto';
import { createServer, STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { createOriginPolicy, type OriginPolicy } from '../src/protocol/index.ts';
import { createService, type PlaygroundService } from '../src/service/service.ts';
import { createAuthRoutes } from './auth-routes.ts';
import { DEFAULT_TICKET_TTL_MS, defaultAllowedOrigins } from './config.ts';
import { createBreakItLab } from './break-it.ts';
import { createFrameLab } from './frame-lab.ts';
import { DeflateServers } from './deflate-servers.ts';
import { createHttpHandler } from './http-handler.ts';
import { jsonLogger, type Logger } from './log.ts';
import { nodeClock } from './node-clock.ts';
import { startOtherSite, type OtherSite } from './other-site.ts';
import { startHeartbeat } from './heartbeat.ts';
import { clientAddress } from './client-address.ts';
import { ConnectionCounter, connectionPlaces, DEFAULT_LIMITS, type ServerLimits } from './limits.ts';
import type { RedisRooms } from './redis-bus.ts';
import { TraceRegistry } from './trace-registry.ts';
import { chosenProtocol, createUpgradeHandler } from './upgrade.ts';

export interface PlaygroundServerOptions {
  /** 0 picks a free port (tests). Default 8080. */
  readonly port?: number;
  readonly host?: string;
  /** Allowed page origins; by default this server's own origin and the local dev origins. */
  readonly allowedOrigins?: readonly string[] | undefined;
  /** The built site. Default: dist/ beside server/. */
  readonly staticRoot?: string;
  readonly logger?: Logger;
  readonly service?: PlaygroundService;
  /** How long an inspect connection may wait for a lesson connection; a minute by default. */
  readonly inspectIdleMs?: number;
  /** What one instance allows; DEFAULT_LIMITS where not given. */
  readonly limits?: Partial<ServerLimits>;
  /** Also serve the CORS lesson's "other site" (a second origin) on this port; 0 picks a free one. None when absent. */
  readonly otherSitePort?: number | undefined;
  /** REDIS_URL: share chat, notify and collab rooms with the other instances through this Redis. None when absent. */
  readonly redisUrl?: string | undefined;
  /** REDIS_CLUSTER_NODES: share them through a Redis Cluster of these nodes (`host:port`), with sharded channels. */
  readonly redisClusterNodes?: readonly string[] | undefined;
  /** REDIS_HEARTBEAT_MS: how often this instance tells the others it is alive (see server/redis-heartbeat.ts). */
  readonly redisHeartbeatMs?: number | undefined;
  /** REDIS_COMMAND_TIMEOUT_MS: how long a command may wait for Redis before the link counts as lost (server/redis-link.ts). */
  readonly redisCommandTimeoutMs?: number | undefined;
  /** REDIS_MAX_PENDING: most commands of members' messages waiting for Redis at once (server/redis-link.ts). */
  readonly redisMaxPending?: number | undefined;
  /** TRUSTED_PROXIES: proxies whose X-Forwarded-For names the client (server/client-address.ts). None by default. */
  readonly trustedProxies?: readonly string[];
  /** TICKET_TTL_MS: the longest a ticket from `POST /ticket` lives (default 30 s). */
  readonly ticketTtlMs?: number | undefined;
}

export interface PlaygroundServer {
  /** The HTTP address to open in a browser. */
  readonly url: string;
  /** The same address as a WebSocket base URL. */
  readonly wsUrl: string;
  readonly port: number;
  readonly originPolicy: OriginPolicy;
  /** The other site's address, when it runs. */
  readonly otherSiteUrl: string | undefined;
  /** Closes every client with 1001 (going away, §7.4.1) and stops listening. */
  close(): Promise<void>;
}

const DEFAULT_STATIC_ROOT = fileURLToPath(new URL('../dist', import.meta.url));
/** How long a client may take to send a request's head (408 after that). */
const HEAD_TIMEOUT_MS = 5000;
/** How long clients get to answer a 1001 before they are cut off. */
const SHUTDOWN_GRACE_MS = 1000;

export async function startPlaygroundServer(options: PlaygroundServerOptions = {}): Promise<PlaygroundServer> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? jsonLogger;
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const rooms = await connectSharedRooms(options, logger);
  const random = (bytes: number): Uint8Array => randomBytes(bytes);
  const service =
    options.service ??
    createService({
      clock: nodeClock,
      roomMembers: limits.roomMembers,
      rooms,
      random,
      ticketTtlMs: options.ticketTtlMs ?? DEFAULT_TICKET_TTL_MS,
      // With Redis a ticket issued by any instance opens a connection on this one; in memory otherwise.
      ...(rooms && { tickets: rooms.tickets({ random }) }),
    });
  // ws closes with 1009 on a bigger message (§7.4.1), fragments counted together. No extension here: every
  // path but those that agree compression declines it (see deflate-servers.ts).
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: chosenProtocol,
    maxPayload: limits.maxMessageBytes,
    perMessageDeflate: false,
  });
  // Compression only where an endpoint agrees it (/deflate): its connections join `wss.clients`, so the
  // heartbeat, /healthz and shutdown below treat them as any other.
  const deflateServers = new DeflateServers({
    maxPayload: limits.maxMessageBytes,
    handleProtocols: chosenProtocol,
    clients: wss.clients,
  });
  const traces = new TraceRegistry({
    idleMs: options.inspectIdleMs,
    maxTraces: limits.maxTraces,
    bufferEvents: limits.traceBufferEvents,
    sendBufferBytes: limits.sendBufferBytes,
  });
  const connections = new ConnectionCounter(limits);
  const trustedProxies = new Set(options.trustedProxies ?? []);
  const stopHeartbeat = startHeartbeat(wss, limits.heartbeatMs, logger);
  // The lab checks origins against the policy built once the port is known (below).
  const frameLab = createFrameLab({ originPolicy: () => originPolicy, logger });
  const breakIt = createBreakItLab({
    originPolicy: () => originPolicy,
    logger,
    address: () => server.address() as AddressInfo,
    wss,
  });
  const auth = createAuthRoutes({ auth: service.auth, originPolicy: () => originPolicy, logger });

  const server = createServer(
    {
      // A client that sends half a request must not hold a socket for long: Node's defaults wait a minute.
      headersTimeout: HEAD_TIMEOUT_MS,
      requestTimeout: HEAD_TIMEOUT_MS,
      connectionsCheckingInterval: 1000,
    },
    createHttpHandler({
      service,
      staticRoot: options.staticRoot ?? DEFAULT_STATIC_ROOT,
      connectionCount: () => wss.clients.size,
      places: connectionPlaces(connections, (request) => clientAddress(request, trustedProxies), logger),
      redis:
        rooms &&
        (() => ({
          connected: rooms.connected,
          waiting: rooms.waiting,
          maxWaiting: rooms.maxPending,
          ...(rooms.cluster && { lostShards: rooms.lostShards }),
        })),
      frameLab: (request, response) => frameLab.handle(request, response),
      breakIt: (request, response) => breakIt.handle(request, response),
      auth,
    }),
  );
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    // Garbage, an oversized head or a request that stalled: answer as HTTP says, then let the socket go.
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    if (socket.writable) {
      socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\n\r\n`, () => socket.destroy());
    } else {
      socket.destroy();
    }
  });
  // The HTTP server stops tracking a socket once it is upgraded; ws tracks those it accepted (wss.clients), and
  // these are the rest: upgrades being decided or refused (see createUpgradeHandler).
  const handshakes = new Set<Duplex>();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  // Built once listening: with port 0 the default origins depend on the port chosen.
  const originPolicy = createOriginPolicy(options.allowedOrigins ?? defaultAllowedOrigins(host, port));
  const upgrade = createUpgradeHandler({
    service,
    wss,
    deflateServers,
    logger,
    originPolicy,
    traces,
    connections,
    limits,
    handshakes,
    trustedProxies,
  });
  server.on('upgrade', (request, socket, head) => void upgrade(request, socket, head));
  const shownHost = host === '127.0.0.1' || host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
  const otherSite = await startOtherSiteBeside(options.otherSitePort, host, port, logger);
  logger('listening', { url, allowedOrigins: originPolicy.entries.join(','), otherSite: otherSite?.url });

  return {
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    port,
    originPolicy,
    otherSiteUrl: otherSite?.url,
    async close() {
      stopHeartbeat();
      await otherSite?.close();
      await frameLab.close();
      breakIt.close();
      traces.closeAll();
      // A session leaves its rooms on its socket's 'close', which can come after the server's own: wait for every
      // one, so the other instances hear each member leave (and free its name) before the link to Redis closes.
      const sessionsEnded = Promise.all(
        [...wss.clients].map((client) => new Promise<void>((resolve) => client.once('close', () => resolve()))),
      );
      for (const client of wss.clients) client.close(1001, 'server shutting down');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const deadline = setTimeout(() => {
        for (const client of wss.clients) client.terminate();
        for (const socket of handshakes) socket.destroy();
        server.closeAllConnections();
      }, SHUTDOWN_GRACE_MS);
      server.closeIdleConnections();
      await closed;
      await sessionsEnded;
      clearTimeout(deadline);
      await rooms?.close();
      logger('stopped', { url });
    },
  };
}

/** With REDIS_URL or REDIS_CLUSTER_NODES, the rooms shared with other instances; the Redis client is loaded only then. */
async function connectSharedRooms(options: PlaygroundServerOptions, logger: Logger): Promise<RedisRooms | undefined> {
  if ((options.redisUrl === undefined && !options.redisClusterNodes) || options.service) return undefined;
  const { connectRedisRooms } = await import('./redis-bus.ts');
  return connectRedisRooms({
    url: options.redisUrl,
    clusterNodes: options.redisClusterNodes,
    logger,
    heartbeatMs: options.redisHeartbeatMs,
    commandTimeoutMs: options.redisCommandTimeoutMs,
    maxPending: options.redisMaxPending,
  });
}

/** The other site is a lesson aid: when its port is taken, the playground still starts, and says so. */
async function startOtherSiteBeside(
  port: number | undefined,
  host: string,
  mainPort: number,
  logger: Logger,
): Promise<OtherSite | undefined> {
  if (port === undefined) return undefined;
  try {
    return await startOtherSite({ port, host, mainPort });
  } catch (error) {
    logger('other-site-unavailable', { port, error: (error as Error).message });
    return undefined;
  }
}
