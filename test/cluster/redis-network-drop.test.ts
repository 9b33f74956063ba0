/**
 * The instances cut off from a Redis that keeps running and keeps its data
 * (a network drop, not a restart): a member who leaves meanwhile is owed to
 * Redis, and on the return the departure is carried out. Redis no longer
 * lists the member, the other instance hears the departure, and nobody
 * announces the member as joined again when the rooms reconcile.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { aliveKey, roomKeys } from '../../server/redis-scripts.ts';
import {
  joinRoom,
  roomAcross,
  startInstance,
  startRedis,
  type Client,
  type Instance,
  type Json,
  type RedisProcess,
  logEvents as events,
  until,
} from './helpers/cluster.ts';
import { startRedisProxy, type RedisProxy } from './helpers/redis-proxy.ts';

/** Whether `client` was told `name` joined after it was told `name` left. */
const joinedAgain = (client: Client, name: string): boolean => {
  const isLeft = (m: Json): boolean => m.type === 'left' && m.name === name;
  const leftAt = client.received.findIndex(isLeft);
  return client.received.slice(leftAt + 1).some((m) => m.type === 'joined' && m.name === name);
};

describe('Redis out of reach with its data kept', () => {
  let redis: RedisProcess;
  let proxy: RedisProxy;
  let direct: Redis;
  let a: Instance;
  let b: Instance;
  const clients: Client[] = [];
  const lobby = roomKeys('chat', 'lobby');

  before(async () => {
    redis = await startRedis();
    proxy = await startRedisProxy(redis.port);
    direct = new Redis(redis.url);
    // Three beats (6 s) is far longer than the outage: no instance counts the other as gone and reaps its members.
    const env = { REDIS_HEARTBEAT_MS: '2000' };
    [a, b] = await Promise.all([startInstance(proxy.url, env), startInstance(proxy.url, env)]);
  });
  after(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await Promise.all([a?.stop(), b?.stop()]);
    direct?.disconnect();
    await proxy?.close();
    await redis?.dispose();
  });

  it('carries out on the return a departure made during the outage', async () => {
    const { ann, cy, bob } = await roomAcross(a, b, 'lobby', clients);
    const join = (url: string): Promise<Client> => joinRoom(url, clients);
    await bob.until((m) => m.type === 'welcome' && (m.members as string[]).includes('cy'));
    assert.deepEqual(await direct.zrange(lobby.members, 0, -1), ['ann', 'cy', 'bob']);

    proxy.cut();
    await until(() => events(a, 'redis-lost').length > 0 && events(b, 'redis-lost').length > 0, 'both log the loss');
    await cy.close();
    await ann.until((m) => m.type === 'left' && m.name === 'cy', 5000, 'the local departure during the outage');
    // A member only a reconcile brings to the instances (its holder counts as alive, so nobody reaps it):
    // once the clients hear of it, the reconcile that could wrongly bring cy back has run.
    await direct.set(aliveKey('test-holder'), '1');
    await direct.zadd(lobby.members, await direct.incr(lobby.seq), 'ghost');
    await direct.hset(lobby.where, 'ghost', 'test-holder');

    proxy.restore();
    await until(
      () => events(a, 'redis-connected').length === 2 && events(b, 'redis-connected').length === 2,
      'both rejoin',
    );
    await until(
      async () => !(await direct.zrange(lobby.members, 0, -1)).includes('cy'),
      'Redis forgets the member who left during the outage; members:',
      10_000,
      () => direct.zrange(lobby.members, 0, -1),
    );
    await bob.until((m) => m.type === 'left' && m.name === 'cy', 10_000, 'the departure, heard on the other instance');
    await ann.until((m) => m.type === 'joined' && m.name === 'ghost', 10_000, 'the reconcile on the instance of cy');
    await bob.until((m) => m.type === 'joined' && m.name === 'ghost', 10_000, 'the reconcile on the other instance');

    assert.equal(joinedAgain(ann, 'cy'), false, 'the instance of cy does not announce cy again');
    assert.equal(joinedAgain(bob, 'cy'), false, 'the other instance does not announce cy again');
    assert.deepEqual(await direct.zrange(lobby.members, 0, -1), ['ann', 'bob', 'ghost']);
    const eve = await join(`${a.wsUrl}/chat?room=lobby&name=eve`);
    assert.deepEqual(eve.received[0]!.members, ['ann', 'bob', 'ghost', 'eve']);
  });
});
