import { redactSecrets } from '../../protocol/index.ts';
import type { LoginAnswer, TicketAnswer } from '../../service/auth-http.ts';
import type { Role } from '../../service/credentials.ts';
import { requestTicket, signIn } from '../../transport/auth-requests.ts';
import { currentWire } from './security-demo.ts';

/** A signed-in reader as a demo keeps it: the server's answer to `POST /login`, the token inside. */
export type Session = LoginAnswer;

/** The outcome of an HTTP request of the lesson: its answer, or why there is none, in a sentence. */
export type Outcome<T> = { readonly ok: true; readonly answer: T } | { readonly ok: false; readonly message: string };

/** What a failed request said, named, with any secret in it starred. */
function failureText(what: string, message: string): string {
  return `${what} failed. ${redactSecrets(message)}`;
}

/** `POST /login` on the current wire: a session cookie (the browser keeps it) and an access token. */
export async function signInAs(name: string, role: Role, tokenLifetimeMs?: number): Promise<Outcome<Session>> {
  const result = await signIn(currentWire(), {
    name,
    role,
    ...(tokenLifetimeMs === undefined ? {} : { tokenLifetimeMs }),
  });
  return result.ok ? result : { ok: false, message: failureText('POST /login', result.message) };
}

/** `POST /ticket` with the token as `Authorization: Bearer`: a one-time ticket. */
export async function ticketFor(token: string, ttlMs?: number): Promise<Outcome<TicketAnswer>> {
  const result = await requestTicket(currentWire(), token, ttlMs);
  return result.ok ? result : { ok: false, message: failureText('POST /ticket', result.message) };
}

/** A secret as the page shows it: its kind's prefix, then stars. */
export function shown(secret: string): string {
  return redactSecrets(secret);
}
