/**
 * Tickets across instances: two server processes sharing one real
 * redis-server (REDIS_URL), and again a Redis Cluster of three shards. A ticket issued by one opens a connection on the
 * other, once: it is then "used" everywhere. Expiry and unknown tickets read
 * the same through Redis as in memory; Redis keeps only a hash of each
 * ticket; and with Redis gone an instance says the store is unreachable
 * (on the cluster, when the shard holding the tickets is lost) rather than
 * guessing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { ticketKey } from '../../server/redis-tickets.ts';
import { connect, getTicket, opened, post, refused, signIn } from '../server/helpers/secure-client.ts';
import { BACKENDS, type StartedBackend } from './helpers/backends.ts';
import { pause, type Instance } from './helpers/cluster.ts';

for (const backend of BACKENDS)
  describe(`tickets shared by two instances through ${backend.name}`, () => {
    let redis: StartedBackend;
    let a: Instance;
    let b: Instance;
    const httpUrl = (instance: Instance): string => instance.wsUrl.replace(/^ws/, 'http');
    const secure = (instance: Instance, ticket: string): string =>
      `${instance.wsUrl}/secure?auth=ticket&ticket=${ticket}`;

    before(async () => {
      redis = await backend.start();
      a = await redis.instance();
      b = await redis.instance();
    });
    after(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
      await redis?.dispose();
    });

    it('honours on instance B a ticket issued by instance A, and then refuses it as used on A', async () => {
      const { token } = await signIn(httpUrl(a), 'ada');
      const ticket = await getTicket(httpUrl(a), token);
      const onB = await opened(connect(secure(b, ticket)));
      const welcome = await onB.until((message) => message.type === 'welcome');
      assert.deepEqual([welcome.user, welcome.via], ['ada', 'ticket']);
      await onB.close();

      const again = await refused(connect(secure(a, ticket)));
      assert.equal(again.status, 403);
      assert.match(again.body, /^ticket already used/);
      const againOnB = await refused(connect(secure(b, ticket)));
      assert.match(againOnB.body, /^ticket already used/);
    });

    it('reads an expired or unknown ticket the same on every instance', async () => {
      const { token } = await signIn(httpUrl(b), 'bo');
      const short = await getTicket(httpUrl(b), token, { ttlMs: 1000 });
      await pause(1100);
      const expired = await refused(connect(secure(a, short)));
      assert.equal(expired.status, 403);
      assert.match(expired.body, /^ticket expired/);
      const unknown = await refused(connect(secure(a, `wsp_tk_${'Z'.repeat(22)}`)));
      assert.equal(unknown.status, 403);
      assert.match(unknown.body, /^ticket unknown/);
    });

    it('keeps only a hash of each ticket in Redis', async () => {
      const { token } = await signIn(httpUrl(a), 'cy');
      const ticket = await getTicket(httpUrl(a), token);
      const client = new Redis(redis.urlHolding(ticketKey(ticket)));
      try {
        const keys = await client.keys('wsp:{tickets}:*');
        assert.ok(keys.includes(ticketKey(ticket)), `no key for the ticket among ${keys.join(', ')}`);
        const random = ticket.slice('wsp_tk_'.length);
        for (const key of keys) {
          assert.ok(!key.includes(random));
          const stored = await client.type(key);
          const values = stored === 'hash' ? Object.values(await client.hgetall(key)) : [];
          assert.ok(!values.some((value) => value.includes(random)));
        }
      } finally {
        client.disconnect();
      }
    });

    it('with Redis gone, refuses a ticket with 503 (the store is unreachable) and issues none', async () => {
      const { token } = await signIn(httpUrl(a), 'dee');
      const ticket = await getTicket(httpUrl(a), token);
      await redis.lose(ticketKey(ticket));
      const unreachable = await refused(connect(secure(b, ticket)));
      assert.equal(unreachable.status, 503);
      assert.match(unreachable.body, /ticket store is unreachable/);
      const none = await post(httpUrl(a), '/ticket', '{}', { authorization: `Bearer ${token}` });
      assert.equal(none.status, 503);
    });
  });
