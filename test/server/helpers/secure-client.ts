/**
 * A client of the security lesson's live routes: `POST /login` and
 * `POST /ticket` over plain HTTP (with any Origin, as a page elsewhere would
 * send), and WebSocket connections to `/secure` and `/limited` that keep
 * every message, the 101's headers, or the refusal's status and body.
 */
import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import WebSocket from 'ws';

export interface HttpResult {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface PostOptions {
  readonly origin?: string | undefined;
  readonly authorization?: string | undefined;
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** One HTTP request to `baseUrl` + `path`, on its own connection. */
export function post(baseUrl: string, path: string, body: string, options: PostOptions = {}): Promise<HttpResult> {
  const url = new URL(path, baseUrl);
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ...options.headers };
  if (options.origin !== undefined) headers.Origin = options.origin;
  if (options.authorization !== undefined) headers.Authorization = options.authorization;
  return new Promise((resolve, reject) => {
    const sent = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: options.method ?? 'POST',
        headers,
        agent: false,
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
      },
    );
    sent.once('error', reject);
    if (body === '') sent.end();
    else sent.end(body);
  });
}

export interface SignedIn {
  readonly user: string;
  readonly token: string;
  /** The session id, the cookie's value. */
  readonly session: string;
  /** `wsp_session=<id>`, as a browser sends it back. */
  readonly cookie: string;
}

/** Signs in through `POST /login`; throws with the answer if it is not 200. */
export async function signIn(
  baseUrl: string,
  name: string,
  role: 'member' | 'reader' = 'member',
  options: { readonly tokenLifetimeMs?: number; readonly origin?: string } = {},
): Promise<SignedIn> {
  const body = JSON.stringify({ name, role, tokenLifetimeMs: options.tokenLifetimeMs });
  const answer = await post(baseUrl, '/login', body, { origin: options.origin });
  if (answer.status !== 200) throw new Error(`sign-in answered ${answer.status}: ${answer.body}`);
  const { user, token } = JSON.parse(answer.body) as { user: string; token: string };
  const setCookie = answer.headers['set-cookie']?.[0] ?? '';
  const cookie = setCookie.split(';')[0] ?? '';
  return { user, token, cookie, session: cookie.slice(cookie.indexOf('=') + 1) };
}

/** A ticket through `POST /ticket`; throws with the answer if it is not 200. */
export async function getTicket(
  baseUrl: string,
  token: string,
  options: { readonly ttlMs?: number; readonly origin?: string } = {},
): Promise<string> {
  const body = options.ttlMs === undefined ? '{}' : JSON.stringify({ ttlMs: options.ttlMs });
  const answer = await post(baseUrl, '/ticket', body, { origin: options.origin, authorization: `Bearer ${token}` });
  if (answer.status !== 200) throw new Error(`POST /ticket answered ${answer.status}: ${answer.body}`);
  return (JSON.parse(answer.body) as { ticket: string }).ticket;
}

export type Json = Record<string, unknown> & { readonly type: string };

export interface Connection {
  readonly socket: WebSocket;
  /** The 101's headers. */
  readonly headers: IncomingHttpHeaders;
  readonly received: Json[];
  /** The close code and reason, once closed. */
  readonly closed: { code: number; reason: string } | undefined;
  send(message: object | string): void;
  /** The first message (from the start) that matches, waiting at most `timeoutMs`. */
  until(test: (message: Json) => boolean, timeoutMs?: number): Promise<Json>;
  /** Resolves with the close code and reason (at once if already closed). */
  ended(timeoutMs?: number): Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

/** A JSON message as an object; anything else (an echo) kept as text. */
function parsed(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return { type: 'text', text };
  }
}

export type Outcome = { readonly open: Connection } | { readonly status: number; readonly body: string };

/** Opens a WebSocket; resolves with the connection, or with the refusal's HTTP status and body. */
export function connect(
  url: string,
  options: WebSocket.ClientOptions & { readonly protocols?: string[] } = {},
): Promise<Outcome> {
  const { protocols, ...rest } = options;
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, protocols ?? [], rest);
    const received: Json[] = [];
    let closed: { code: number; reason: string } | undefined;
    let headers: IncomingHttpHeaders = {};
    const waiters = new Set<() => void>();
    const wake = (): void => {
      for (const waiter of [...waiters]) waiter();
    };
    socket.once('upgrade', (response) => (headers = response.headers));
    socket.on('message', (data, isBinary) => {
      received.push(isBinary ? { type: 'binary', size: (data as Buffer).length } : parsed(data.toString()));
      wake();
    });
    socket.on('close', (code, reason) => {
      closed = { code, reason: reason.toString() };
      wake();
    });
    socket.once('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    socket.on('error', (error) => {
      if (socket.readyState === WebSocket.CONNECTING) reject(error);
    });
    socket.once('open', () => {
      const connection: Connection = {
        socket,
        headers,
        received,
        get closed() {
          return closed;
        },
        send: (message) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
        until(test, timeoutMs = 5000) {
          return new Promise((done, fail) => {
            const check = (): void => {
              const found = received.find(test);
              if (found) {
                finish();
                done(found);
              } else if (closed) {
                finish();
                fail(new Error(`closed with ${closed.code} "${closed.reason}"; got ${JSON.stringify(received)}`));
              }
            };
            const timer = setTimeout(() => {
              finish();
              fail(new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(received)}`));
            }, timeoutMs);
            const finish = (): void => {
              clearTimeout(timer);
              waiters.delete(check);
            };
            waiters.add(check);
            check();
          });
        },
        ended(timeoutMs = 10_000) {
          return new Promise((done, fail) => {
            const check = (): void => {
              if (!closed) return;
              clearTimeout(timer);
              waiters.delete(check);
              done(closed);
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`still open after ${timeoutMs} ms; got ${JSON.stringify(received)}`));
            }, timeoutMs);
            waiters.add(check);
            check();
          });
        },
        async close() {
          if (socket.readyState === WebSocket.CLOSED) return;
          const done = new Promise((resolveClose) => socket.once('close', resolveClose));
          socket.close();
          await done;
        },
      };
      resolve({ open: connection });
    });
  });
}

/** The open connection, or a failure that says what came instead. */
export async function opened(outcome: Promise<Outcome>): Promise<Connection> {
  const result = await outcome;
  if ('open' in result) return result.open;
  throw new Error(`refused with ${result.status}: ${result.body}`);
}

/** The refusal, or a failure if the handshake was accepted. */
export async function refused(outcome: Promise<Outcome>): Promise<{ status: number; body: string }> {
  const result = await outcome;
  if ('open' in result) {
    await result.open.close();
    throw new Error('the handshake was accepted');
  }
  return result;
}
