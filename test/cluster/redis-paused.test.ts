/**
 * Redis frozen (SIGSTOP) for ten seconds in the middle of a chat between two
 * instances, then let go (SIGCONT). Its connections stay open, so nothing
 * closes: only the command deadline tells the instances. They must drop no
 * client, keep delivering to their own, let a newcomer in within about one
 * deadline, keep what waits for Redis under the cap and their memory bounded
 * through a flood, log the loss and the return once each, and pick the room
 * up again when Redis answers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  floodLines,
  joinRoom,
  openClient,
  redisHealth,
  roomAcross,
  rssKb,
  startInstance,
  startRedis,
  watchHealth,
  type Client,
  type Instance,
  type RedisProcess,
  logEvents as events,
  until,
} from './helpers/cluster.ts';

const DEADLINE_MS = 1000;
const MAX_PENDING = 50;
const PAUSE_MS = 10_000;
/** Far above what the flood costs once the link gives up on Redis; far below what piling every line up would. */
const RSS_GROWTH_BOUND_KB = 64 * 1024;

describe('Redis paused (SIGSTOP) for 10 s mid-chat, then resumed', () => {
  let redis: RedisProcess;
  let a: Instance;
  let b: Instance;
  const clients: Client[] = [];

  before(async () => {
    redis = await startRedis();
    const env = {
      REDIS_COMMAND_TIMEOUT_MS: String(DEADLINE_MS),
      REDIS_MAX_PENDING: String(MAX_PENDING),
      // Three beats (3 s) of grace after the return: both instances are back well within it.
      REDIS_HEARTBEAT_MS: '1000',
      // The flood is one client's: the per-connection rate limit is not what this test is about.
      MAX_MESSAGES_PER_SECOND: '100000',
    };
    [a, b] = await Promise.all([startInstance(redis.url, env), startInstance(redis.url, env)]);
  });
  after(async () => {
    redis?.resume();
    await Promise.all(clients.map((client) => client.close()));
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.dispose();
  });

  it('keeps every client, serves each instance alone within the deadline, bounds what waits, and recovers', async (t) => {
    const { ann, cy, bob } = await roomAcross(a, b, 'lobby', clients);
    ann.send({ type: 'say', text: 'before' });
    await bob.until((m) => m.text === 'before', 5000, 'the line before the pause');
    const rssBefore = rssKb(a.child.pid!);
    const health = watchHealth(a.port);

    redis.pause();
    const pausedAt = performance.now();
    const pausedWall = Date.now();
    // Said before anything timed out: these wait for Redis, up to the cap, and the rest is refused at once.
    floodLines(ann, 'early', 300);
    // A newcomer on the other instance: its claim waits one deadline at most, then it joins there alone.
    const dee = await openClient(`${b.wsUrl}/chat?room=lobby&name=dee`);
    clients.push(dee);
    await dee.until((m) => m.type === 'welcome', DEADLINE_MS + 4000, 'the welcome of a newcomer during the pause');
    const joinMs = performance.now() - pausedAt;

    ann.send({ type: 'say', text: 'during' });
    await cy.until((m) => m.text === 'during', 5000, 'local delivery on a during the pause');
    bob.send({ type: 'say', text: 'during on b' });
    await dee.until((m) => m.text === 'during on b', 5000, 'local delivery on b during the pause');
    await until(() => events(a, 'redis-lost').length > 0 && events(b, 'redis-lost').length > 0, 'both log the loss');
    const lostMs = [a, b].map((instance) => Date.parse(events(instance, 'redis-lost')[0]!.time as string) - pausedWall);

    // A flood once the loss is known: nothing of it may wait for Redis.
    let rssPeak = rssBefore;
    for (let batch = 0; batch < 40; batch++) {
      await floodLines(ann, `flood ${batch}`, 200, cy);
      rssPeak = Math.max(rssPeak, rssKb(a.child.pid!));
    }
    await until(() => performance.now() - pausedAt >= PAUSE_MS, 'the end of the pause', PAUSE_MS + 5000);
    for (const instance of [a, b]) {
      assert.equal(events(instance, 'redis-lost').length, 1, 'the loss is logged once, however often it reconnects');
      assert.equal(events(instance, 'redis-connected').length, 1, 'no return while paused');
      assert.equal(instance.child.exitCode, null, 'the instance still runs');
    }

    redis.resume();
    const resumedAt = performance.now();
    await until(
      () => events(a, 'redis-connected').length === 2 && events(b, 'redis-connected').length === 2,
      'both log the return',
    );
    const recoveryMs = performance.now() - resumedAt;
    // Both came back on their own: b put dee in the room for the instance across.
    await ann.until((m) => m.type === 'joined' && m.name === 'dee', 10_000, 'the newcomer of the pause, heard on a');
    bob.send({ type: 'say', text: 'after' });
    await ann.until((m) => m.text === 'after', 10_000, 'delivery across instances after the pause');
    ann.send({ type: 'say', text: 'after from a' });
    await dee.until((m) => m.text === 'after from a', 10_000, 'delivery to the newcomer of the pause');
    const { peakWaiting, last } = await health.stop();

    for (const client of [ann, cy, bob, dee]) assert.equal(client.closedWith, undefined, 'no client was dropped');
    for (const instance of [a, b]) {
      assert.equal(events(instance, 'redis-lost').length, 1, 'one loss');
      assert.equal(events(instance, 'redis-connected').length, 2, 'the start and the return');
      assert.equal(instance.child.exitCode, null, 'the instance still runs');
    }
    assert.ok(peakWaiting <= MAX_PENDING, `at most ${MAX_PENDING} commands waited; saw ${peakWaiting}`);
    assert.deepEqual({ ...last, waiting: 0 }, { connected: true, waiting: 0, maxWaiting: MAX_PENDING });
    // The last line's own commands may still await their answer as it arrives: what waits drains to nothing.
    await until(async () => (await redisHealth(a.port)).waiting === 0, 'nothing left waiting for Redis');
    assert.ok(
      rssPeak - rssBefore < RSS_GROWTH_BOUND_KB,
      `memory grew by ${rssPeak - rssBefore} kB during the flood (bound ${RSS_GROWTH_BOUND_KB} kB)`,
    );
    // Nobody was counted gone: the instances' keys lapsed in the pause, but each waits before reaping.
    assert.equal(ann.received.filter((m) => m.type === 'left').length, 0, 'nobody left, as seen on a');
    assert.equal(bob.received.filter((m) => m.type === 'left').length, 0, 'nobody left, as seen on b');
    const eve = await joinRoom(`${a.wsUrl}/chat?room=lobby&name=eve`, clients);
    assert.deepEqual(eve.received[0]!.members, ['ann', 'cy', 'bob', 'dee', 'eve']);

    t.diagnostic(`newcomer's wait during the pause: ${Math.round(joinMs)} ms (deadline ${DEADLINE_MS} ms)`);
    t.diagnostic(`loss logged ${lostMs.join(' and ')} ms after SIGSTOP (a flooded, b idle)`);
    t.diagnostic(`both instances back ${Math.round(recoveryMs)} ms after SIGCONT`);
    t.diagnostic(`peak of commands waiting: ${peakWaiting} (cap ${MAX_PENDING})`);
    t.diagnostic(`memory growth through ${40 * 200 + 300} lines: ${rssPeak - rssBefore} kB`);
  });
});
