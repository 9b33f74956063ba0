import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OriginPolicy } from '../src/protocol/index.ts';
import { LOGIN_PATH, MAX_AUTH_BODY, TICKET_PATH, type AuthHttp, type HttpAnswer } from '../src/service/auth-http.ts';
import { readBody } from './lab-route.ts';
import type { Logger } from './log.ts';

/**
 * `POST /login` and `POST /ticket` on the live server: the service's answers
 * (src/service/auth-http.ts, the same code the page runs in Simulated mode)
 * behind the rules a browser-facing credential route needs.
 *
 * - The same Origin allowlist as a handshake. A page elsewhere gets 403 and
 *   no CORS headers: it can neither read an answer nor, since the check comes
 *   first, make the server act (a form post from another site that signs the
 *   reader in, or spends their token, is refused before anything happens).
 * - Allowed pages get CORS with credentials: their `fetch(…, {credentials:
 *   'include'})` then stores the session cookie and reads the ticket. The
 *   origin is echoed, never `*`, which the Fetch standard forbids with
 *   credentials; `Vary: Origin` keeps caches from serving one page's answer
 *   to another.
 * - The preflight allows POST and the two headers the page sends:
 *   `Authorization` (the bearer token) and `Content-Type` (JSON).
 * - Bodies are small JSON; a bigger one is refused before it is read whole.
 */

/** Paths these routes answer. */
export const AUTH_PATHS: ReadonlySet<string> = new Set([LOGIN_PATH, TICKET_PATH]);
/** The largest body read, in bytes: the service reads no more characters than this (a request is a few dozen). */
export const AUTH_MAX_BODY_BYTES = MAX_AUTH_BODY;

export interface AuthRoutesOptions {
  /** The service's credential answers. */
  readonly auth: AuthHttp;
  /** The server's allowlist; a function, as the server builds it once it knows its port. */
  readonly originPolicy: () => OriginPolicy;
  readonly logger: Logger;
}

/** The service's answers carry these already; the refusals made here carry them too. */
const JSON_HEADERS: [string, string][] = [
  ['Content-Type', 'application/json; charset=utf-8'],
  ['Cache-Control', 'no-store'],
];

function send(response: ServerResponse, answer: HttpAnswer, extra: [string, string][]): void {
  // Node takes a flat list [name, value, name, value…], which keeps a repeated name (Set-Cookie) as it is.
  response.writeHead(answer.status, [...answer.headers, ...extra].flat());
  response.end(answer.body);
}

function problem(response: ServerResponse, status: number, error: string, extra: [string, string][]): void {
  send(response, { status, headers: JSON_HEADERS, body: JSON.stringify({ error }) }, extra);
}

/** The `error` of a refusal's JSON body, for the log line. */
function errorOf(answer: HttpAnswer): string | undefined {
  if (answer.status < 400) return undefined;
  try {
    const { error } = JSON.parse(answer.body) as { error?: unknown };
    return typeof error === 'string' ? error : undefined;
  } catch {
    return undefined;
  }
}

export function createAuthRoutes(
  options: AuthRoutesOptions,
): (request: IncomingMessage, response: ServerResponse) => void {
  const { auth, logger } = options;

  async function serve(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    const origin = request.headers.origin;
    const decision = options.originPolicy().decide(origin);
    if (!decision.allowed) {
      logger('refused', { status: 403, path, origin, reason: decision.reason });
      request.resume();
      return problem(response, 403, `Origin not allowed: ${decision.reason}.`, [['Vary', 'Origin']]);
    }
    // No Origin: not a browser (curl, a test), so no CORS to grant.
    const cors: [string, string][] =
      origin === undefined
        ? [['Vary', 'Origin']]
        : [
            ['Access-Control-Allow-Origin', origin],
            ['Access-Control-Allow-Credentials', 'true'],
            ['Vary', 'Origin'],
          ];
    if (request.method === 'OPTIONS') {
      request.resume();
      response.writeHead(
        204,
        [
          ...cors,
          ['Access-Control-Allow-Methods', 'POST'],
          ['Access-Control-Allow-Headers', 'Authorization, Content-Type'],
          ['Access-Control-Max-Age', '600'],
        ].flat(),
      );
      response.end();
      return;
    }
    if (request.method !== 'POST') {
      request.resume();
      return problem(response, 405, `${path} takes POST with a JSON body.`, [...cors, ['Allow', 'POST, OPTIONS']]);
    }
    const tooLarge = `${path} takes a JSON body of at most ${AUTH_MAX_BODY_BYTES} bytes.`;
    if (Number(request.headers['content-length'] ?? 0) > AUTH_MAX_BODY_BYTES) {
      request.resume();
      return problem(response, 413, tooLarge, cors);
    }
    const body = await readBody(request, AUTH_MAX_BODY_BYTES);
    if (body === null) return problem(response, 413, tooLarge, cors);
    const text = body.toString();
    const answer =
      path === LOGIN_PATH ? await auth.login(text) : await auth.ticket(request.headers.authorization, text);
    // The log says who asked and what came of it; the answer's secrets stay out (and the logger stars any).
    logger(path === LOGIN_PATH ? 'login' : 'ticket', { status: answer.status, origin, error: errorOf(answer) });
    send(response, answer, cors);
  }

  return (request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    serve(request, response, path).catch((error: unknown) => {
      logger('auth-error', { path, error: (error as Error).message });
      if (!response.headersSent) problem(response, 500, 'The server failed to answer; try again.', []);
      else response.destroy();
    });
  };
}
