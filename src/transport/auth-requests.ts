/**
 * The security lesson's two plain HTTP requests, on either wire: `POST
 * /login` (a session cookie and an access token) and `POST /ticket` (a token
 * traded for a one-time ticket). Plain HTTP because a page can put a token in
 * an Authorization header there, and never on a WebSocket handshake.
 *
 * Live: fetch, with `credentials: 'include'` on the sign-in so the browser
 * keeps the HttpOnly cookie (no script sees it) and sends it on the next
 * handshake to that host. Simulated: the page's service answers, and its
 * Set-Cookie goes into the page's cookie jar (simulated-cookies.ts), which the
 * simulated wire reads as a browser reads its own. Never throws: every
 * failure is a sentence, with the status when the server answered.
 */
import { LOGIN_PATH, TICKET_PATH, type HttpAnswer, type LoginAnswer, type TicketAnswer } from '../service/auth-http.ts';
import { Role } from '../service/credentials.ts';
import { httpUrl } from './endpoint-url.ts';
import { postForAnswer, type PostOutcome } from './lab-post.ts';
import { ConnectionMode } from './mode.ts';
import { pageService } from './page-service.ts';
import { pageCookies } from './simulated-cookies.ts';

/** Which server a request goes to: the page's own, or the live one at `serverUrl` (its WebSocket URL). */
export interface AuthWire {
  readonly mode: ConnectionMode;
  readonly serverUrl: string;
}

export interface SignInRequest {
  /** 1 to 24 letters, digits, spaces, - or _. */
  readonly name: string;
  readonly role: Role;
  /** How long the access token lives: 3 000 to 600 000 ms (the server's default, 60 000, when left out). */
  readonly tokenLifetimeMs?: number | undefined;
}

/** The answer, or why there is none in a sentence (with the HTTP status when the server answered one). */
export type AuthOutcome<T> = PostOutcome<T>;

type Fields = Readonly<Record<string, unknown>>;

function readObject(text: string): Fields {
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('it is not a JSON object');
  return parsed as Fields;
}

function stringField(fields: Fields, name: string): string {
  const value = fields[name];
  if (typeof value !== 'string') throw new Error(`its "${name}" is not a string`);
  return value;
}

function numberField(fields: Fields, name: string): number {
  const value = fields[name];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`its "${name}" is not a number`);
  return value;
}

/** Reads `POST /login`'s 200 answer; throws an Error saying what is wrong with it. */
export function parseLoginAnswer(text: string): LoginAnswer {
  const fields = readObject(text);
  const role = Object.values(Role).find((candidate) => candidate === fields.role);
  if (role === undefined) throw new Error('its "role" is neither member nor reader');
  return {
    user: stringField(fields, 'user'),
    role,
    token: stringField(fields, 'token'),
    tokenExpiresInMs: numberField(fields, 'tokenExpiresInMs'),
    sessionExpiresInMs: numberField(fields, 'sessionExpiresInMs'),
  };
}

/** Reads `POST /ticket`'s 200 answer; throws an Error saying what is wrong with it. */
export function parseTicketAnswer(text: string): TicketAnswer {
  const fields = readObject(text);
  return { ticket: stringField(fields, 'ticket'), expiresInMs: numberField(fields, 'expiresInMs') };
}

/** The page's service's answer as an outcome: the same words the live server's answer gives. */
function simulatedOutcome<T>(answer: HttpAnswer, parse: (text: string) => T): AuthOutcome<T> {
  if (answer.status !== 200) {
    let reason = '';
    try {
      const error = readObject(answer.body).error;
      if (typeof error === 'string') reason = error;
    } catch {
      // The service always answers JSON; a body that is not is told as the status alone.
    }
    return {
      ok: false,
      status: answer.status,
      message: `The simulated server answered ${answer.status}${reason === '' ? '' : `: ${reason}`}`,
    };
  }
  try {
    return { ok: true, answer: parse(answer.body) };
  } catch (error) {
    return { ok: false, message: `The simulated server's answer could not be read: ${(error as Error).message}.` };
  }
}

/** Asks the service in the page, and keeps the cookie its answer sets, as a browser keeps a real one. */
async function askPage<T>(
  wire: AuthWire,
  path: string,
  ask: () => Promise<HttpAnswer>,
  parse: (text: string) => T,
): Promise<AuthOutcome<T>> {
  let answer: HttpAnswer;
  try {
    answer = await ask();
  } catch (error) {
    return { ok: false, message: `The simulated server failed: ${(error as Error).message}.` };
  }
  for (const [name, value] of answer.headers) {
    if (name.toLowerCase() === 'set-cookie') pageCookies.store(httpUrl(wire.serverUrl, path), value);
  }
  return simulatedOutcome(answer, parse);
}

/**
 * Signs in: a session cookie (HttpOnly, SameSite=Strict, kept by the browser
 * or the page's jar, never handed to the page) and an access token in the
 * answer's body.
 */
export async function signIn(wire: AuthWire, request: SignInRequest): Promise<AuthOutcome<LoginAnswer>> {
  const body = JSON.stringify({
    name: request.name,
    role: request.role,
    ...(request.tokenLifetimeMs !== undefined && { tokenLifetimeMs: request.tokenLifetimeMs }),
  });
  if (wire.mode === ConnectionMode.simulated) {
    return askPage(wire, LOGIN_PATH, async () => (await pageService()).auth.login(body), parseLoginAnswer);
  }
  return postForAnswer({
    serverUrl: wire.serverUrl,
    path: LOGIN_PATH,
    contentType: 'application/json',
    body,
    // The browser keeps the answer's cookie only for a request made with credentials.
    credentials: 'include',
    name: 'sign-in',
    parse: parseLoginAnswer,
  });
}

/**
 * Trades an access token for a one-time ticket (`Authorization: Bearer`),
 * living `ttlMs` (the server's ticket lifetime when left out, and at most
 * that). With no token, the request goes without Authorization: the server's
 * 401 is the answer.
 */
export async function requestTicket(
  wire: AuthWire,
  token: string | undefined,
  ttlMs?: number,
): Promise<AuthOutcome<TicketAnswer>> {
  const body = JSON.stringify(ttlMs === undefined ? {} : { ttlMs });
  const authorization = token === undefined ? undefined : `Bearer ${token}`;
  if (wire.mode === ConnectionMode.simulated) {
    return askPage(
      wire,
      TICKET_PATH,
      async () => (await pageService()).auth.ticket(authorization, body),
      parseTicketAnswer,
    );
  }
  return postForAnswer({
    serverUrl: wire.serverUrl,
    path: TICKET_PATH,
    contentType: 'application/json',
    body,
    headers: authorization === undefined ? {} : { Authorization: authorization },
    // The token alone proves who asks: no cookie goes.
    credentials: 'omit',
    name: 'ticket desk',
    parse: parseTicketAnswer,
  });
}

/** Forgets the simulated sign-in's cookie, as clearing the site's data does (Live cookies are the browser's). */
export function forgetSimulatedCookies(): void {
  pageCookies.clear();
}
