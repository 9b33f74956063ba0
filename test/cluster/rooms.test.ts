/**
 * Two server instances (real processes) sharing rooms through one real
 * redis-server, and again through a real Redis Cluster of three shards:
 * chat, presence and history, a push to a client on the other instance, two
 * editors converging, and an instance killed, the same on both.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { BACKENDS, type StartedBackend } from './helpers/backends.ts';
import { openClient, type Client, type Instance } from './helpers/cluster.ts';

for (const backend of BACKENDS)
  describe(`two instances sharing rooms through ${backend.name}`, () => {
    let redis: StartedBackend;
    let a: Instance;
    let b: Instance;
    const clients: Client[] = [];
    const open = async (url: string): Promise<Client> => {
      const client = await openClient(url);
      clients.push(client);
      return client;
    };

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

    it('lets clients on different instances chat in one room, with presence and history', async () => {
      const ann = await open(`${a.wsUrl}/chat?room=lobby&name=ann`);
      await ann.until((m) => m.type === 'welcome');
      ann.send({ type: 'say', text: 'first' });
      await ann.until((m) => m.type === 'message' && m.text === 'first');

      const bob = await open(`${b.wsUrl}/chat?room=lobby&name=ann`);
      const welcome = await bob.until((m) => m.type === 'welcome');
      assert.equal(welcome.you, 'ann (2)', 'names are unique across instances');
      assert.deepEqual(welcome.members, ['ann', 'ann (2)']);
      assert.deepEqual(
        (welcome.history as Json[]).map((line) => line.text),
        ['first'],
      );
      await ann.until((m) => m.type === 'joined' && m.name === 'ann (2)', 5000, 'the joined of the other instance');

      bob.send({ type: 'say', text: 'from b' });
      await ann.until((m) => m.type === 'message' && m.text === 'from b', 5000, 'the line said on the other instance');
      await bob.until((m) => m.type === 'message' && m.text === 'from b');
      ann.send({ type: 'say', text: 'from a' });
      await bob.until((m) => m.type === 'message' && m.text === 'from a', 5000, 'the line said on the other instance');

      const cy = await open(`${a.wsUrl}/chat?room=lobby&name=cy`);
      const third = await cy.until((m) => m.type === 'welcome');
      assert.deepEqual(third.members, ['ann', 'ann (2)', 'cy']);
      assert.deepEqual(
        (third.history as Json[]).map((line) => line.text),
        ['first', 'from b', 'from a'],
      );

      await bob.close();
      await ann.until((m) => m.type === 'left' && m.name === 'ann (2)', 5000, 'the left of the other instance');
    });

    it('pushes a notification to a named client connected to the other instance', async () => {
      const ann = await open(`${a.wsUrl}/notify?name=ann&room=ops`);
      await ann.until((m) => m.type === 'welcome');
      const bob = await open(`${b.wsUrl}/notify?name=bob&room=ops`);
      const welcome = await bob.until((m) => m.type === 'welcome');
      assert.deepEqual(welcome.members, ['ann', 'bob']);
      await ann.until((m) => m.type === 'joined' && m.name === 'bob');

      ann.send({ type: 'notify', to: 'bob', text: 'build failed', level: 'urgent' });
      const alert = await bob.until((m) => m.type === 'alert', 5000, 'the alert');
      assert.deepEqual(
        [alert.from, alert.to, alert.text, alert.level, alert.id],
        ['ann', 'bob', 'build failed', 'urgent', 1],
      );
      const sent = await ann.until((m) => m.type === 'sent');
      assert.deepEqual([sent.id, sent.delivered], [1, 1]);
      assert.equal(ann.received.filter((m) => m.type === 'alert').length, 0, 'only bob gets it');

      bob.send({ type: 'notify', text: 'lunch' });
      const everyone = await ann.until((m) => m.type === 'alert' && m.text === 'lunch', 5000, 'the alert to everyone');
      assert.equal(everyone.id, 2, 'alerts are numbered for the room across instances');
    });

    it('orders two editors\u2019 simultaneous changes to one item the same way on both instances', async () => {
      const ann = await open(`${a.wsUrl}/collab?doc=plan&name=ann`);
      await ann.until((m) => m.type === 'welcome');
      ann.send({ type: 'add', text: 'milk', ref: 'r1' });
      const added = await ann.until((m) => m.type === 'added');
      const id = (added.item as { id: string }).id;

      const bob = await open(`${b.wsUrl}/collab?doc=plan&name=bob`);
      const welcome = await bob.until((m) => m.type === 'welcome');
      assert.equal(welcome.rev, 1, 'a newcomer on the other instance gets the whole document');
      assert.deepEqual(
        (welcome.items as { text: string }[]).map((item) => item.text),
        ['milk'],
      );

      // Both at once, many times: the instances race for every revision.
      for (let round = 0; round < 10; round++) {
        ann.send({ type: 'edit', id, text: `ann ${round}`, base: 1 });
        bob.send({ type: 'edit', id, text: `bob ${round}`, base: 1 });
      }
      ann.send({ type: 'add', text: 'eggs' });
      const changes = (client: Client) => client.received.filter((m) => m.type === 'edited' || m.type === 'added');
      const last = 22;
      await ann.until((m) => m.rev === last, 10_000, `revision ${last} on instance a`);
      await bob.until((m) => m.rev === last, 10_000, `revision ${last} on instance b`);
      const revs = (client: Client) => changes(client).map((m) => m.rev);
      assert.deepEqual(
        revs(bob),
        Array.from({ length: 21 }, (_, index) => index + 2),
        'every revision, in order',
      );
      assert.deepEqual(changes(ann).slice(1), changes(bob), 'both instances sent the same changes in the same order');

      const late = await open(`${b.wsUrl}/collab?doc=plan&name=cy`);
      const state = await late.until((m) => m.type === 'welcome');
      const lateOnA = await open(`${a.wsUrl}/collab?doc=plan&name=dee`);
      const stateOnA = await lateOnA.until((m) => m.type === 'welcome');
      assert.equal(state.rev, last);
      assert.deepEqual([stateOnA.rev, stateOnA.items], [state.rev, state.items], 'one document on both instances');
    });

    it('keeps the other instance\u2019s clients working when an instance is killed', async () => {
      const ann = await open(`${a.wsUrl}/chat?room=garden&name=ann`);
      await ann.until((m) => m.type === 'welcome');
      const bob = await open(`${b.wsUrl}/chat?room=garden&name=bob`);
      await bob.until((m) => m.type === 'welcome');
      const cy = await open(`${a.wsUrl}/chat?room=garden&name=cy`);
      await bob.until((m) => m.type === 'joined' && m.name === 'cy');

      const exited = once(b.child, 'exit');
      b.child.kill('SIGKILL');
      await exited;
      // The dead instance's member is removed once its heartbeat key expires (3 beats of 500 ms: long enough that a busy machine does not make a live instance look dead).
      await ann.until((m) => m.type === 'left' && m.name === 'bob', 5000, 'bob leaving with his instance');

      ann.send({ type: 'say', text: 'still here?' });
      await cy.until((m) => m.type === 'message' && m.text === 'still here?');
      const dee = await open(`${a.wsUrl}/chat?room=garden&name=dee`);
      const welcome = await dee.until((m) => m.type === 'welcome');
      assert.deepEqual(welcome.members, ['ann', 'cy', 'dee']);
      assert.equal(ann.closedWith, undefined);
    });
  });

type Json = Record<string, unknown>;
