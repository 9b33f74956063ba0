import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cryptoRandom, isSecret } from '../../src/protocol/index.ts';
import {
  EXPIRED_KEPT_MS,
  MAX_CREDENTIALS,
  SESSION_LIFETIME_MS,
  createCredentialStore,
} from '../../src/service/credentials.ts';

describe('the credential store', () => {
  it('gives a sign-in a session id and a token, each naming the same user and role', () => {
    const store = createCredentialStore(cryptoRandom);
    const signedIn = store.signIn('ada', 'member', 60_000, 1000);
    assert.ok(signedIn);
    assert.ok(isSecret(signedIn.session, 'session'), signedIn.session);
    assert.ok(isSecret(signedIn.token, 'token'), signedIn.token);
    assert.equal(signedIn.sessionExpiresAt, 1000 + SESSION_LIFETIME_MS);
    assert.equal(signedIn.tokenExpiresAt, 61_000);
    assert.deepEqual(store.bySession(signedIn.session, 1000), {
      ok: true,
      grant: { user: 'ada', role: 'member', expiresAt: 601_000 },
    });
    assert.deepEqual(store.byToken(signedIn.token, 60_999), {
      ok: true,
      grant: { user: 'ada', role: 'member', expiresAt: 61_000 },
    });
  });

  it('tells an expired credential from an unknown one, then forgets it', () => {
    const store = createCredentialStore(cryptoRandom);
    const signedIn = store.signIn('ada', 'reader', 3000, 0);
    assert.ok(signedIn);
    assert.deepEqual(store.byToken(signedIn.token, 3000), { ok: false, why: 'expired' });
    assert.deepEqual(store.bySession(signedIn.session, SESSION_LIFETIME_MS), { ok: false, why: 'expired' });
    assert.deepEqual(store.byToken(signedIn.token.replace(/.$/, '_'), 0), { ok: false, why: 'unknown' });
    // A session id is no token, and a token no session id.
    assert.deepEqual(store.byToken(signedIn.session, 0), { ok: false, why: 'unknown' });
    assert.deepEqual(store.bySession(signedIn.token, 0), { ok: false, why: 'unknown' });
    assert.equal(store.size, 2);
    // The next sign-in sweeps what expired over a minute ago.
    store.signIn('bob', 'member', 3000, SESSION_LIFETIME_MS + EXPIRED_KEPT_MS);
    assert.equal(store.size, 2);
    assert.deepEqual(store.byToken(signedIn.token, SESSION_LIFETIME_MS + EXPIRED_KEPT_MS), {
      ok: false,
      why: 'unknown',
    });
  });

  it('refuses a sign-in past its bound until old ones have expired', () => {
    const store = createCredentialStore(cryptoRandom);
    for (let i = 0; i < MAX_CREDENTIALS; i++) assert.ok(store.signIn(`u${i}`, 'member', 3000, 0));
    assert.equal(store.signIn('one too many', 'member', 3000, 1), undefined);
    assert.equal(store.size, 2 * MAX_CREDENTIALS);
    assert.ok(store.signIn('later', 'member', 3000, SESSION_LIFETIME_MS + EXPIRED_KEPT_MS));
    assert.equal(store.size, 2);
  });

  it('stores nothing for a wrong lookup, whatever its length', () => {
    const store = createCredentialStore(cryptoRandom);
    store.signIn('ada', 'member', 3000, 0);
    for (let i = 0; i < 10_000; i++) {
      store.byToken(`wsp_at_${String(i).padStart(22, '0')}`, 0);
      store.bySession('x'.repeat(i % 100), 0);
    }
    assert.equal(store.size, 2);
  });
});
