import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OriginPolicy } from '../src/protocol/index.ts';
import type { Logger } from './log.ts';

/**
 * What the labs' HTTP routes share (`POST /frame-lab`, `POST /break-it`):
 * only pages the allowlist accepts may use them, and only they get CORS
 * headers; a preflight, a size cap, a cap on runs at once; every answer is
 * JSON, a refusal `{"error": "..."}`.
 */

/** A refusal with its HTTP status, thrown by a lab's run. */
export class LabFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface LabRouteOptions {
  /** The route's path, for the log. */
  readonly path: string;
  /** The log's event name for a run that failed unexpectedly: `frame-lab-error`. */
  readonly errorEvent: string;
  /** The server's allowlist; a function, as the server builds it once it knows its port. */
  readonly originPolicy: () => OriginPolicy;
  readonly logger: Logger;
  /** The largest body read. */
  readonly maxBytes: number;
  /** Runs at once; more get 503. */
  readonly maxConcurrent: number;
  /** The route's sentences: what to POST, what the cap is, that it is busy, that it failed. */
  readonly words: {
    readonly post: string;
    readonly tooLarge: (declared?: number) => string;
    readonly busy: string;
    readonly failed: string;
  };
  /** One run: the body read, the JSON to answer 200 with; a LabFailure for a refusal. */
  readonly run: (body: Buffer, request: IncomingMessage) => Promise<string>;
}

/** Reads a request body up to `limit` bytes; null if it is longer. */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(over ? null : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...headers,
  });
  response.end(body);
}

function problem(response: ServerResponse, status: number, error: string, headers?: Record<string, string>): void {
  send(response, status, JSON.stringify({ error }), headers);
}

export function labRoute(options: LabRouteOptions): (request: IncomingMessage, response: ServerResponse) => void {
  const { words } = options;
  let active = 0;

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const origin = request.headers.origin;
    const decision = options.originPolicy().decide(origin);
    // CORS only for pages the allowlist accepts: others cannot read any answer.
    const cors: Record<string, string> =
      decision.allowed && origin !== undefined ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : {};
    if (!decision.allowed) {
      options.logger('refused', { status: 403, path: options.path, origin, reason: decision.reason });
      request.resume();
      return problem(response, 403, `Origin not allowed: ${decision.reason}.`, { Vary: 'Origin' });
    }
    if (request.method === 'OPTIONS') {
      response.writeHead(204, {
        ...cors,
        'Access-Control-Allow-Methods': 'POST',
        'Access-Control-Allow-Headers': 'Content-Type',
        'Access-Control-Max-Age': '600',
      });
      response.end();
      return;
    }
    if (request.method !== 'POST') {
      request.resume();
      return problem(response, 405, words.post, { ...cors, Allow: 'POST, OPTIONS' });
    }
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > options.maxBytes) {
      request.resume();
      return problem(response, 413, words.tooLarge(declared), cors);
    }
    if (active >= options.maxConcurrent) {
      request.resume();
      return problem(response, 503, words.busy, { ...cors, 'Retry-After': '2' });
    }
    active++;
    try {
      const body = await readBody(request, options.maxBytes);
      if (body === null) return problem(response, 413, words.tooLarge(), cors);
      send(response, 200, await options.run(body, request), cors);
    } catch (error) {
      const status = error instanceof LabFailure ? error.status : 500;
      problem(response, status, error instanceof Error ? error.message : String(error), cors);
    } finally {
      active--;
    }
  }

  return (request, response) => {
    serve(request, response).catch((error: unknown) => {
      options.logger(options.errorEvent, { error: (error as Error).message });
      if (!response.headersSent) problem(response, 500, words.failed);
      else response.destroy();
    });
  };
}
