/**
 * Redis stopped (killed) and started again in the middle of a chat between
 * two instances: no client is dropped, each instance keeps delivering to its
 * own clients, each logs the loss and the return once, and delivery across
 * instances resumes. The restarted Redis is empty: the instances put back
 * what it forgot. The same with all three shards of a Redis Cluster.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BACKENDS, type StartedBackend } from './helpers/backends.ts';
import {
  joinRoom,
  roomAcross,
  pause,
  type Client,
  type Instance,
  logEvents as events,
  until,
} from './helpers/cluster.ts';

for (const backend of BACKENDS)
  describe(`${backend.name} going away and coming back mid-chat`, () => {
    let redis: StartedBackend;
    let a: Instance;
    let b: Instance;
    const clients: Client[] = [];

    before(async () => {
      redis = await backend.start();
      a = await redis.instance();
      b = await redis.instance();
    });
    after(async () => {
      await Promise.all(clients.map((client) => client.close()));
      await Promise.all([a?.stop(), b?.stop()]);
      await redis?.dispose();
    });

    it('drops no client, keeps local delivery, logs once each way and resumes delivery across instances', async () => {
      const { ann, cy, bob } = await roomAcross(a, b, 'lobby', clients);
      const join = (url: string): Promise<Client> => joinRoom(url, clients);
      ann.send({ type: 'say', text: 'before' });
      await bob.until((m) => m.text === 'before', 5000, 'the line before the outage');

      await redis.outage();
      await until(() => events(a, 'redis-lost').length > 0 && events(b, 'redis-lost').length > 0, 'both log the loss');
      ann.send({ type: 'say', text: 'during' });
      await cy.until((m) => m.text === 'during', 5000, 'local delivery during the outage');
      await ann.until((m) => m.text === 'during');
      // A newcomer during the outage still gets in, on its own instance.
      const dee = await join(`${b.wsUrl}/chat?room=lobby&name=dee`);
      await bob.until((m) => m.type === 'joined' && m.name === 'dee', 5000, 'a local join during the outage');
      await pause(500);

      await redis.recover();
      await until(
        () => events(a, 'redis-connected').length === 2 && events(b, 'redis-connected').length === 2,
        'both rejoin',
        10_000,
      );
      // The instance on the other side heard of dee only when b put her back.
      await ann.until((m) => m.type === 'joined' && m.name === 'dee', 5000, 'presence republished after the outage');
      bob.send({ type: 'say', text: 'after' });
      await ann.until((m) => m.text === 'after', 5000, 'delivery across instances after the outage');
      await cy.until((m) => m.text === 'after');
      ann.send({ type: 'say', text: 'after from a' });
      await dee.until((m) => m.text === 'after from a', 5000, 'delivery to the newcomer of the outage');

      for (const client of [ann, cy, bob, dee]) assert.equal(client.closedWith, undefined, 'no client was dropped');
      for (const instance of [a, b]) {
        assert.equal(events(instance, 'redis-lost').length, 1, 'the loss is logged once');
        assert.equal(events(instance, 'redis-connected').length, 2, 'the start and the return');
        assert.equal(instance.child.exitCode, null, 'the instance still runs');
      }
      const eve = await join(`${a.wsUrl}/chat?room=lobby&name=eve`);
      const welcome = eve.received[0]!;
      assert.deepEqual(welcome.members, ['ann', 'cy', 'bob', 'dee', 'eve']);
    });
  });
