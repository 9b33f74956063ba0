import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cryptoRandom, isSecret, newSecret } from '../../src/protocol/index.ts';
import type { Grant } from '../../src/service/credentials.ts';
import { MAX_TICKETS, TICKET_KEPT_MS, createMemoryTicketStore } from '../../src/service/tickets.ts';

const grant: Grant = { user: 'ada', role: 'member', expiresAt: 600_000 };

describe('the memory ticket store', () => {
  it('issues a ticket of 128 random bits that opens exactly one connection', async () => {
    const store = createMemoryTicketStore(cryptoRandom);
    const ticket = await store.issue(grant, 30_000, 0);
    assert.ok(ticket !== undefined && isSecret(ticket, 'ticket'), ticket);
    assert.deepEqual(await store.redeem(ticket, 10), { ok: true, grant });
    assert.deepEqual(await store.redeem(ticket, 20), { ok: false, why: 'used' });
  });

  it('refuses an expired ticket, and an unknown or malformed one', async () => {
    const store = createMemoryTicketStore(cryptoRandom);
    const ticket = await store.issue(grant, 1000, 0);
    assert.ok(ticket);
    assert.deepEqual(await store.redeem(ticket, 1000), { ok: false, why: 'expired' });
    assert.deepEqual(await store.redeem(newSecret('ticket', cryptoRandom), 0), { ok: false, why: 'unknown' });
    assert.deepEqual(await store.redeem('', 0), { ok: false, why: 'unknown' });
    assert.deepEqual(await store.redeem(`${ticket}x`, 0), { ok: false, why: 'unknown' });
  });

  it('keeps a used ticket known as used until a minute past its expiry, then forgets it', async () => {
    const store = createMemoryTicketStore(cryptoRandom);
    const ticket = await store.issue(grant, 1000, 0);
    assert.ok(ticket);
    await store.redeem(ticket, 1);
    await store.issue(grant, 1000, 1000 + TICKET_KEPT_MS - 1);
    assert.deepEqual(await store.redeem(ticket, 1000 + TICKET_KEPT_MS - 1), { ok: false, why: 'used' });
    assert.deepEqual(await store.redeem(ticket, 1000 + TICKET_KEPT_MS), { ok: false, why: 'unknown' });
    // The sweep (at most once a second, on issue) then frees its place.
    assert.equal(store.size, 2);
    await store.issue(grant, 1000, 1000 + TICKET_KEPT_MS + 1000);
    assert.equal(store.size, 2);
  });

  it('is bounded: past its limit issue answers undefined until old tickets are swept', async () => {
    const store = createMemoryTicketStore(cryptoRandom, 3);
    for (let i = 0; i < 3; i++) assert.ok(await store.issue(grant, 1000, 0));
    assert.equal(await store.issue(grant, 1000, 0), undefined);
    assert.equal(store.size, 3);
    assert.ok(await store.issue(grant, 1000, 1000 + TICKET_KEPT_MS));
    assert.equal(store.size, 1);
    assert.equal(MAX_TICKETS, 10_000);
  });

  it('is left unchanged by 10,000 wrong tickets, and a good ticket still redeems', async () => {
    const store = createMemoryTicketStore(cryptoRandom);
    const good = await store.issue(grant, 30_000, 0);
    assert.ok(good);
    const size = store.size;
    for (let i = 0; i < 10_000; i++) {
      const wrong = i % 2 === 0 ? newSecret('ticket', cryptoRandom) : `wsp_tk_${'A'.repeat(i % 40)}`;
      assert.deepEqual(await store.redeem(wrong, 1), { ok: false, why: 'unknown' });
    }
    assert.equal(store.size, size);
    assert.deepEqual(await store.redeem(good, 2), { ok: true, grant });
  });
});
