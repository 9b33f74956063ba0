import assert from 'node:assert/strict';
import type { LoginAnswer, TicketAnswer } from '../../../src/service/auth-http.ts';
import type { PlaygroundService } from '../../../src/service/service.ts';

export interface SignedIn extends LoginAnswer {
  /** The session id, from the Set-Cookie header. */
  readonly session: string;
  /** A Cookie header a browser would send with it. */
  readonly cookie: string;
}

/** Signs in through `POST /login` as a page would, and keeps what the answer gave. */
export async function signIn(
  service: PlaygroundService,
  name: string,
  role: 'member' | 'reader',
  tokenLifetimeMs?: number,
): Promise<SignedIn> {
  const answer = await service.auth.login(JSON.stringify({ name, role, tokenLifetimeMs }));
  assert.equal(answer.status, 200, answer.body);
  const setCookie = answer.headers.find(([name]) => name === 'Set-Cookie')?.[1] ?? '';
  const session = /^wsp_session=([^;]+);/.exec(setCookie)?.[1];
  assert.ok(session, setCookie);
  return { ...(JSON.parse(answer.body) as LoginAnswer), session, cookie: `theme=dark; wsp_session=${session}` };
}

/** A ticket from `POST /ticket`, bought with a token. */
export async function buyTicket(service: PlaygroundService, token: string, ttlMs?: number): Promise<string> {
  const answer = await service.auth.ticket(`Bearer ${token}`, ttlMs === undefined ? '' : JSON.stringify({ ttlMs }));
  assert.equal(answer.status, 200, answer.body);
  return (JSON.parse(answer.body) as TicketAnswer).ticket;
}
