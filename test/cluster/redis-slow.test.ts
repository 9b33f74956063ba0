/**
 * Redis answering slowly, through a relay that holds its answers back: the
 * connections stay open and every answer comes, late. Slower than usual but
 * within the command deadline, everything works; a burst of chat lines past
 * the cap on what waits is refused at once (one log line), not queued;
 * slower than the deadline, the instances count Redis as lost and serve
 * their own members, and they come back by themselves once it speeds up.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConfigError, readConfig } from '../../server/config.ts';
import {
  floodLines,
  joinRoom,
  redisHealth,
  roomAcross,
  startInstance,
  startRedis,
  watchHealth,
  type Client,
  type Instance,
  type RedisProcess,
  logEvents as events,
  until,
} from './helpers/cluster.ts';
import { startRedisProxy, type RedisProxy } from './helpers/redis-proxy.ts';

const DEADLINE_MS = 2000;
const MAX_PENDING = 50;
/** Slow, but well within the deadline. */
const SLOW_MS = 500;
/** Past the deadline. */
const TOO_SLOW_MS = 3000;
const BURST = 200;

describe('Redis answering slowly', () => {
  let redis: RedisProcess;
  let proxy: RedisProxy;
  let a: Instance;
  let b: Instance;
  const clients: Client[] = [];
  let ann: Client;
  let cy: Client;
  let bob: Client;

  before(async () => {
    redis = await startRedis();
    proxy = await startRedisProxy(redis.port);
    const env = {
      REDIS_COMMAND_TIMEOUT_MS: String(DEADLINE_MS),
      REDIS_MAX_PENDING: String(MAX_PENDING),
      // Three beats (3 s) of grace after a return, so neither instance reaps the other's members meanwhile.
      REDIS_HEARTBEAT_MS: '1000',
      MAX_MESSAGES_PER_SECOND: '100000',
    };
    [a, b] = await Promise.all([startInstance(proxy.url, env), startInstance(proxy.url, env)]);
  });
  after(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await Promise.all([a?.stop(), b?.stop()]);
    await proxy?.close();
    await redis?.dispose();
  });

  it('works within the deadline, only slower', async (t) => {
    proxy.delay(SLOW_MS);
    const startedAt = performance.now();
    ({ ann, cy, bob } = await roomAcross(a, b, 'slow', clients));
    const joinedMs = performance.now() - startedAt;
    ann.send({ type: 'say', text: 'slowly' });
    await bob.until((m) => m.text === 'slowly', 10_000, 'a line across instances');
    // Names still come from Redis: a second ann on the other instance is told apart.
    const ann2 = await joinRoom(`${b.wsUrl}/chat?room=slow&name=ann`, clients);
    assert.equal(ann2.received[0]!.you, 'ann (2)');
    await ann.until((m) => m.type === 'joined' && m.name === 'ann (2)', 10_000, 'the second ann, heard on a');
    for (const instance of [a, b]) {
      assert.equal(events(instance, 'redis-lost').length, 0, 'a slow Redis within the deadline is not lost');
      assert.equal((await redisHealth(instance.port)).connected, true);
    }
    t.diagnostic(`three members joined across two instances in ${Math.round(joinedMs)} ms, answers ${SLOW_MS} ms late`);
  });

  it('refuses a burst past the cap at once, says so once, and goes on', async (t) => {
    const health = watchHealth(a.port);
    await floodLines(ann, 'burst', BURST, cy);
    await until(async () => (await redisHealth(a.port)).waiting === 0, 'every command answered');
    const { peakWaiting } = await health.stop();
    ann.send({ type: 'say', text: 'after the burst' });
    await bob.until((m) => m.text === 'after the burst', 10_000, 'a line across after the burst');

    const crossed = bob.received.filter((m) => typeof m.text === 'string' && m.text.startsWith('burst ')).length;
    assert.equal(events(a, 'redis-backlog').length, 1, 'one log line for the episode');
    assert.match(String(events(a, 'redis-backlog')[0]!.refusing), /chat lines/);
    assert.equal(events(a, 'redis-backlog')[0]!.max, MAX_PENDING);
    assert.ok(peakWaiting <= MAX_PENDING, `at most ${MAX_PENDING} commands waited; saw ${peakWaiting}`);
    assert.ok(crossed > 0 && crossed < BURST, `some lines crossed, the rest was refused: ${crossed} of ${BURST}`);
    assert.equal(
      cy.received.filter((m) => typeof m.text === 'string' && m.text.startsWith('burst ')).length,
      BURST,
      'the instance of the sender delivers every line',
    );
    assert.equal(events(a, 'redis-lost').length, 0, 'a backlog is not a loss');
    t.diagnostic(`burst of ${BURST}: ${crossed} crossed, ${BURST - crossed} refused; peak waiting ${peakWaiting}`);
  });

  it('counts a Redis slower than the deadline as lost, serves each instance alone, and recovers', async (t) => {
    proxy.delay(TOO_SLOW_MS);
    const slowedAt = performance.now();
    await until(() => events(a, 'redis-lost').length > 0 && events(b, 'redis-lost').length > 0, 'both log the loss');
    const lostMs = performance.now() - slowedAt;
    for (const instance of [a, b]) {
      assert.match(String(events(instance, 'redis-lost')[0]!.reason), new RegExp(`no answer within ${DEADLINE_MS} ms`));
      assert.equal((await redisHealth(instance.port)).connected, false);
    }
    ann.send({ type: 'say', text: 'while too slow' });
    await cy.until((m) => m.text === 'while too slow', 5000, 'local delivery while Redis is too slow');
    const joiningAt = performance.now();
    const fay = await joinRoom(`${b.wsUrl}/chat?room=slow&name=fay`, clients);
    const joinMs = performance.now() - joiningAt;
    await bob.until((m) => m.type === 'joined' && m.name === 'fay', 5000, 'a local join while Redis is too slow');

    proxy.delay(0);
    const spedUpAt = performance.now();
    await until(
      () => events(a, 'redis-connected').length === 2 && events(b, 'redis-connected').length === 2,
      'both log the return',
    );
    const recoveryMs = performance.now() - spedUpAt;
    await ann.until(
      (m) => m.type === 'joined' && m.name === 'fay',
      10_000,
      'the newcomer, heard on a after the return',
    );
    ann.send({ type: 'say', text: 'fast again' });
    await fay.until((m) => m.text === 'fast again', 10_000, 'delivery across instances after the return');

    assert.equal(
      bob.received.some((m) => m.text === 'while too slow'),
      false,
      'nothing crossed while Redis was counted lost',
    );
    for (const client of [ann, cy, bob, fay]) assert.equal(client.closedWith, undefined, 'no client was dropped');
    for (const instance of [a, b]) {
      assert.equal(events(instance, 'redis-lost').length, 1, 'the loss is logged once');
      assert.equal(events(instance, 'redis-connected').length, 2, 'the start and the return');
      // The last line's own commands may still await their answer (through the slow relay): what waits drains.
      await until(async () => (await redisHealth(instance.port)).waiting === 0, 'nothing left waiting for Redis');
      assert.deepEqual(await redisHealth(instance.port), { connected: true, waiting: 0, maxWaiting: MAX_PENDING });
    }
    const eve = await joinRoom(`${a.wsUrl}/chat?room=slow&name=eve`, clients);
    assert.deepEqual(eve.received[0]!.members, ['ann', 'cy', 'bob', 'ann (2)', 'fay', 'eve']);
    t.diagnostic(`answers ${TOO_SLOW_MS} ms late: both lost after ${Math.round(lostMs)} ms`);
    t.diagnostic(`a newcomer got in alone in ${Math.round(joinMs)} ms`);
    t.diagnostic(`both back ${Math.round(recoveryMs)} ms after the answers came at once again`);
  });
});

describe('the settings of a sick Redis', () => {
  it('reads REDIS_COMMAND_TIMEOUT_MS and REDIS_MAX_PENDING, defaults when unset, and refuses nonsense by name', () => {
    assert.equal(readConfig({}).redisCommandTimeoutMs, undefined);
    assert.equal(readConfig({}).redisMaxPending, undefined);
    const set = readConfig({ REDIS_COMMAND_TIMEOUT_MS: ' 250 ', REDIS_MAX_PENDING: '10' });
    assert.equal(set.redisCommandTimeoutMs, 250);
    assert.equal(set.redisMaxPending, 10);
    for (const [variable, text, message] of [
      [
        'REDIS_COMMAND_TIMEOUT_MS',
        '10',
        'REDIS_COMMAND_TIMEOUT_MS="10" is not a whole number of milliseconds of at least 50',
      ],
      [
        'REDIS_COMMAND_TIMEOUT_MS',
        '1s',
        'REDIS_COMMAND_TIMEOUT_MS="1s" is not a whole number of milliseconds of at least 50',
      ],
      ['REDIS_MAX_PENDING', '0', 'REDIS_MAX_PENDING="0" is not a whole number of commands of at least 1'],
      ['REDIS_MAX_PENDING', '2.5', 'REDIS_MAX_PENDING="2.5" is not a whole number of commands of at least 1'],
    ] as const) {
      assert.throws(
        () => readConfig({ [variable]: text }),
        (error: unknown) => error instanceof ConfigError && error.message === message,
      );
    }
  });
});
