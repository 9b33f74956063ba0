import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { containsSecret, isSecret } from '../../src/protocol/index.ts';
import type { HttpAnswer } from '../../src/service/auth-http.ts';
import { MAX_CREDENTIALS } from '../../src/service/credentials.ts';
import { createService } from '../../src/service/service.ts';
import type { TicketStore } from '../../src/service/tickets.ts';
import { createFakeClock } from './helpers/fake-clock.ts';
import { signIn } from './helpers/sign-in.ts';

function header(answer: HttpAnswer, name: string): string | undefined {
  return answer.headers.find(([key]) => key === name)?.[1];
}

function error(answer: HttpAnswer): string {
  return (JSON.parse(answer.body) as { error: string }).error;
}

describe('POST /login', () => {
  it('signs a reader in: a token in the body, the session in an HttpOnly SameSite=Strict cookie', async () => {
    const service = createService({ clock: createFakeClock() });
    const answer = await service.auth.login('{"name":" ada ","role":"member","tokenLifetimeMs":20000}');
    assert.equal(answer.status, 200);
    const body = JSON.parse(answer.body) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body), ['user', 'role', 'token', 'tokenExpiresInMs', 'sessionExpiresInMs']);
    assert.equal(body.user, 'ada');
    assert.equal(body.role, 'member');
    assert.ok(typeof body.token === 'string' && isSecret(body.token, 'token'));
    assert.equal(body.tokenExpiresInMs, 20_000);
    assert.equal(body.sessionExpiresInMs, 600_000);
    assert.match(
      header(answer, 'Set-Cookie') ?? '',
      /^wsp_session=wsp_ss_[A-Za-z0-9_-]{22}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=600$/,
    );
    assert.equal(header(answer, 'Content-Type'), 'application/json; charset=utf-8');
    assert.equal(header(answer, 'Cache-Control'), 'no-store');
  });

  it('gives a token 60 s unless asked otherwise, and a reader its role', async () => {
    const service = createService({ clock: createFakeClock() });
    const signedIn = await signIn(service, 'bob_2', 'reader');
    assert.equal(signedIn.tokenExpiresInMs, 60_000);
    assert.equal(signedIn.role, 'reader');
  });

  it('refuses junk with 400 and says what was wrong', async () => {
    const service = createService({ clock: createFakeClock() });
    const cases: [string, RegExp][] = [
      ['{nope', /not JSON/],
      ['[1]', /must be a JSON object/],
      ['{"role":"member"}', /"name" must be 1 to 24 letters, digits, spaces, - or _; got nothing/],
      ['{"name":"a<b>","role":"member"}', /"name" must be/],
      [`{"name":"${'a'.repeat(25)}","role":"member"}`, /"name" must be/],
      ['{"name":"ada","role":"admin"}', /"role" must be one of member, reader; got "admin"/],
      [
        '{"name":"ada","role":"member","tokenLifetimeMs":100}',
        /"tokenLifetimeMs" must be a whole number of milliseconds from 3000 to 600000; got 100/,
      ],
      [JSON.stringify({ name: 'ada', role: 'member', pad: 'x'.repeat(2000) }), /over 1024 characters/],
    ];
    for (const [body, reason] of cases) {
      const answer = await service.auth.login(body);
      assert.equal(answer.status, 400, body);
      assert.match(error(answer), reason);
      assert.equal(header(answer, 'Set-Cookie'), undefined);
    }
  });

  it('answers 503 when the store holds as many sign-ins as it may', async () => {
    const service = createService({ clock: createFakeClock() });
    for (let i = 0; i < MAX_CREDENTIALS; i++) {
      assert.equal((await service.auth.login('{"name":"ada","role":"member"}')).status, 200);
    }
    const answer = await service.auth.login('{"name":"ada","role":"member"}');
    assert.equal(answer.status, 503);
    assert.match(error(answer), /too many sign-ins/);
  });
});

describe('POST /ticket', () => {
  it('trades a token for a one-time ticket of the server’s lifetime, or a shorter one', async () => {
    const service = createService({ clock: createFakeClock(), ticketTtlMs: 20_000 });
    const { token } = await signIn(service, 'ada', 'member');
    const answer = await service.auth.ticket(`Bearer ${token}`, '{}');
    assert.equal(answer.status, 200);
    const body = JSON.parse(answer.body) as { ticket: string; expiresInMs: number };
    assert.ok(isSecret(body.ticket, 'ticket'));
    assert.equal(body.expiresInMs, 20_000);
    assert.equal(header(answer, 'Cache-Control'), 'no-store');
    const short = await service.auth.ticket(`bearer ${token}`, '{"ttlMs":1000}');
    assert.equal((JSON.parse(short.body) as { expiresInMs: number }).expiresInMs, 1000);
    const long = await service.auth.ticket(`Bearer ${token}`, '{"ttlMs":20001}');
    assert.equal(long.status, 400);
    assert.match(error(long), /"ttlMs" must be a whole number of milliseconds from 1000 to 20000; got 20001/);
  });

  it('answers 401 without a bearer token, naming what was missing and never the token', async () => {
    const clock = createFakeClock();
    const service = createService({ clock });
    const { token } = await signIn(service, 'ada', 'member', 3000);
    const missing = await service.auth.ticket(undefined, '');
    assert.equal(missing.status, 401);
    assert.equal(header(missing, 'WWW-Authenticate'), 'Bearer');
    assert.match(error(missing), /no Authorization header/);
    const basic = await service.auth.ticket('Basic YWRhOnB3', '');
    assert.equal(basic.status, 401);
    assert.match(error(basic), /not "Bearer <token>"/);
    const unknown = await service.auth.ticket(`Bearer ${token.slice(0, -2)}zz`, '');
    assert.equal(unknown.status, 401);
    assert.equal(error(unknown), 'token unknown: sign in again');
    assert.equal(header(unknown, 'WWW-Authenticate'), 'Bearer error="invalid_token"');
    clock.advance(3000);
    const expired = await service.auth.ticket(`Bearer ${token}`, '');
    assert.equal(expired.status, 401);
    assert.equal(error(expired), 'token expired: sign in again');
    for (const answer of [missing, basic, unknown, expired]) assert.ok(!containsSecret(answer.body));
  });

  it('answers 503 when the ticket store is full or unreachable', async () => {
    const full: TicketStore = { issue: async () => undefined, redeem: async () => ({ ok: false, why: 'unavailable' }) };
    const down: TicketStore = {
      issue: () => Promise.reject(new Error('ECONNREFUSED')),
      redeem: () => Promise.reject(new Error('ECONNREFUSED')),
    };
    for (const tickets of [full, down]) {
      const service = createService({ clock: createFakeClock(), tickets });
      const { token } = await signIn(service, 'ada', 'member');
      const answer = await service.auth.ticket(`Bearer ${token}`, '');
      assert.equal(answer.status, 503);
      assert.match(error(answer), /ticket store is full or unreachable/);
    }
  });
});
