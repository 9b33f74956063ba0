import type { IncomingMessage, ServerResponse } from 'node:http';
import { BREAK_IT_PATH, FRAME_LAB_PATH } from '../src/protocol/index.ts';
import { createPollingFeed, POLL_PATH } from '../src/service/polling.ts';
import type { PlaygroundService } from '../src/service/service.ts';
import { SSE_PATH } from '../src/service/sse-text.ts';
import { upgradeRequired } from '../src/service/upgrade-required.ts';
import { AUTH_PATHS } from './auth-routes.ts';
import { nodeClock } from './node-clock.ts';
import type { ConnectionPlaces } from './limits.ts';
import { createPollingHandler } from './polling.ts';
import { createSseHandler } from './sse.ts';
import { serveStatic } from './static-files.ts';
import { INSPECT_PATH } from './upgrade.ts';

/** What /healthz says of the link to Redis: up or not, and commands of members' messages waiting for an answer. */
export interface RedisHealth {
  readonly connected: boolean;
  readonly waiting: number;
  readonly maxWaiting: number;
  /** On a Redis Cluster: the nodes whose shards this instance cannot reach now (their rooms are cut off). */
  readonly lostShards?: readonly string[];
}

export interface HttpContext {
  readonly service: PlaygroundService;
  readonly staticRoot: string;
  readonly connectionCount: () => number;
  /** Held long polls and open event streams take their places here, beside the WebSocket connections. */
  readonly places: ConnectionPlaces;
  /** The link to Redis, when REDIS_URL or REDIS_CLUSTER_NODES is set: shown on /healthz. */
  readonly redis?: (() => RedisHealth) | undefined;
  /** `POST /frame-lab` (server/frame-lab.ts), when the server offers it. */
  readonly frameLab?: ((request: IncomingMessage, response: ServerResponse) => void) | undefined;
  /** `POST /break-it` (server/break-it.ts), when the server offers it. */
  readonly breakIt?: ((request: IncomingMessage, response: ServerResponse) => void) | undefined;
  /** `POST /login` and `POST /ticket` (server/auth-routes.ts), when the server offers them. */
  readonly auth?: ((request: IncomingMessage, response: ServerResponse) => void) | undefined;
}

/**
 * Plain HTTP: the health check, the polling feed and its event stream, the labs, sign-in and tickets, 426 on
 * WebSocket paths, and the built site.
 */
export function createHttpHandler(context: HttpContext) {
  // One feed, started with the server, behind both /poll and /sse: the race's lanes watch the same ticks.
  const feed = createPollingFeed(nodeClock);
  const poll = createPollingHandler(feed, context.places);
  const sse = createSseHandler(feed, nodeClock, context.places);
  return (request: IncomingMessage, response: ServerResponse): void => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (path === POLL_PATH) return poll(request, response);
    if (path === SSE_PATH) return sse(request, response);
    if (path === FRAME_LAB_PATH && context.frameLab) return context.frameLab(request, response);
    if (path === BREAK_IT_PATH && context.breakIt) return context.breakIt(request, response);
    if (AUTH_PATHS.has(path) && context.auth) return context.auth(request, response);
    if (path === '/healthz') {
      response.writeHead(200, {
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-store',
        // Public and harmless: lets a page on another origin tell "server down" from "server refused me".
        'Access-Control-Allow-Origin': '*',
      });
      response.end(
        JSON.stringify({
          status: 'ok',
          service: 'websocket-playground',
          endpoints: context.service.endpoints.map((endpoint) => endpoint.path),
          connections: context.connectionCount(),
          ...(context.redis && { redis: context.redis() }),
        }),
      );
      return;
    }
    const summary =
      path === INSPECT_PATH
        ? 'reports the trace of the lesson connections that name its id'
        : context.service.endpoints.find((candidate) => candidate.path === path)?.summary;
    if (summary !== undefined) {
      const { status, headers, body } = upgradeRequired(path, summary, request.headers.host ?? 'localhost:8080');
      response.writeHead(status, Object.fromEntries(headers));
      response.end(body);
      return;
    }
    void serveStatic(context.staticRoot, request, response);
  };
}
