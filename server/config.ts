/** The live server's settings, read from the environment once at start-up. */
export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  /** Allowed page origins; undefined means "this server's own origin plus the local dev origins". */
  readonly allowedOrigins: readonly string[] | undefined;
  readonly limits: ServerLimits;
  /** REDIS_URL: several instances share rooms through this Redis; undefined keeps every room in memory. */
  readonly redisUrl: string | undefined;
  /** REDIS_CLUSTER_NODES: `host:port` of some nodes of a Redis Cluster the instances share rooms through (sharded pub/sub). */
  readonly redisClusterNodes: readonly string[] | undefined;
  /** REDIS_HEARTBEAT_MS: how often an instance tells the others it is alive (default 2000). */
  readonly redisHeartbeatMs: number | undefined;
  /** REDIS_COMMAND_TIMEOUT_MS: how long a command may wait for Redis's answer before the link counts as lost (default 1000). */
  readonly redisCommandTimeoutMs: number | undefined;
  /** REDIS_MAX_PENDING: most commands of members' messages waiting for Redis at once; more are refused (default 1000). */
  readonly redisMaxPending: number | undefined;
  /** TRUSTED_PROXIES: reverse proxies whose X-Forwarded-For names the client (see client-address.ts). */
  readonly trustedProxies: readonly string[];
  /** TICKET_TTL_MS: the longest a ticket from `POST /ticket` lives, and what one lives when the page asks no less. */
  readonly ticketTtlMs: number;
}

import { SESSION_LIFETIME_MS } from '../src/service/credentials.ts';
import { MIN_TICKET_TTL_MS, TICKET_TTL_MS } from '../src/service/tickets.ts';
import { readTrustedProxies } from './client-address.ts';
import { ConfigError } from './config-error.ts';
import { readLimits, type ServerLimits } from './limits.ts';

export { ConfigError };

function readPort(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return 8080;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT="${text}" is not a port number (0 to 65535; 0 picks a free one)`);
  }
  return port;
}

function readRedisUrl(text: string | undefined): string | undefined {
  const url = text?.trim();
  if (!url) return undefined;
  if (!/^rediss?:\/\/[^/]/.test(url)) {
    throw new ConfigError(`REDIS_URL="${url}" is not a Redis URL such as redis://localhost:6379 (rediss:// for TLS)`);
  }
  return url;
}

function readClusterNodes(text: string | undefined): readonly string[] | undefined {
  const nodes = text
    ?.split(',')
    .map((node) => node.trim())
    .filter(Boolean);
  if (!nodes || nodes.length === 0) return undefined;
  for (const node of nodes) {
    if (!/^(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+):\d{1,5}$/.test(node)) {
      throw new ConfigError(
        `REDIS_CLUSTER_NODES="${text}": "${node}" is not host:port (list some nodes of the cluster, comma-separated, such as redis-1:6379,redis-2:6379)`,
      );
    }
  }
  return nodes;
}

/** A whole number of at least `min` (in `unit`), or undefined for the default when unset or blank. */
function readWhole(variable: string, text: string | undefined, min: number, unit: string): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new ConfigError(`${variable}="${text}" is not a whole number of ${unit} of at least ${min}`);
  }
  return value;
}

/** A ticket is for the connection the page opens next: seconds, not minutes. */
export const DEFAULT_TICKET_TTL_MS = TICKET_TTL_MS;
/** The page may ask for no less than MIN_TICKET_TTL_MS; a session cookie lives no longer than the maximum. */
const TICKET_TTL_RANGE = { min: MIN_TICKET_TTL_MS, max: SESSION_LIFETIME_MS } as const;

function readTicketTtl(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return DEFAULT_TICKET_TTL_MS;
  const ms = Number(text);
  const { min, max } = TICKET_TTL_RANGE;
  if (!Number.isSafeInteger(ms) || ms < min || ms > max) {
    throw new ConfigError(`TICKET_TTL_MS="${text}" is not a whole number of milliseconds from ${min} to ${max}`);
  }
  return ms;
}

export function readConfig(env: NodeJS.ProcessEnv): ServerConfig {
  const origins = env.ALLOWED_ORIGINS?.trim();
  return {
    port: readPort(env.PORT),
    host: env.HOST?.trim() || '127.0.0.1',
    allowedOrigins: origins ? origins.split(',').map((origin) => origin.trim()) : undefined,
    limits: readLimits(env),
    redisUrl: readRedisUrl(env.REDIS_URL),
    redisClusterNodes: readClusterNodes(env.REDIS_CLUSTER_NODES),
    redisHeartbeatMs: readWhole('REDIS_HEARTBEAT_MS', env.REDIS_HEARTBEAT_MS, 50, 'milliseconds'),
    redisCommandTimeoutMs: readWhole('REDIS_COMMAND_TIMEOUT_MS', env.REDIS_COMMAND_TIMEOUT_MS, 50, 'milliseconds'),
    redisMaxPending: readWhole('REDIS_MAX_PENDING', env.REDIS_MAX_PENDING, 1, 'commands'),
    trustedProxies: readTrustedProxies(env.TRUSTED_PROXIES),
    ticketTtlMs: readTicketTtl(env.TICKET_TTL_MS),
  };
}

/** Vite's dev server (5173) and preview (4173) serve the page from another port than this server's. */
const DEV_PORTS = [5173, 4173];

/** The origins a page served by this server, or by `npm run dev`, would send. */
export function defaultAllowedOrigins(host: string, port: number): string[] {
  const hosts = new Set(['localhost', '127.0.0.1', host.includes(':') ? `[${host}]` : host]);
  hosts.delete('0.0.0.0');
  hosts.delete('[::]');
  const origins: string[] = [];
  for (const name of hosts) {
    for (const candidate of [port, ...DEV_PORTS]) origins.push(`http://${name}:${candidate}`);
  }
  return origins;
}
