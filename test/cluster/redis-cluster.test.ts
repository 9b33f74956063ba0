/**
 * Rooms on a real Redis Cluster of three shards (three redis-server
 * processes in cluster mode, joined by redis-cli), shared by two server
 * instances: one finds the cluster through REDIS_URL, the other is given
 * REDIS_CLUSTER_NODES. Rooms spread over the shards on sharded channels;
 * lines cross instances once and in order; one shard's node killed cuts off
 * only its rooms, and they rejoin when it is back.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import calculateSlot from 'cluster-key-slot';
import { ConfigError, readConfig } from '../../server/config.ts';
import { roomKeys } from '../../server/redis-scripts.ts';
import { Programs, requireProgram } from '../helpers/programs.ts';
import {
  joinRoom,
  logEvents,
  redisHealth,
  startInstance,
  until,
  type Client,
  type Instance,
  type Json,
} from './helpers/cluster.ts';
import { startRedisCluster, type ClusterNode, type RedisCluster } from './helpers/redis-cluster.ts';

/** What redis-cli prints for a command on one node, one item per line. */
function ask(node: ClusterNode, ...command: string[]): string[] {
  const output = execFileSync(requireProgram(Programs.redisCli), ['-p', String(node.port), ...command], {
    encoding: 'utf8',
  });
  return output.split('\n').filter(Boolean);
}

/** The chat lines (`<sender> <n>`) a client heard, in order. */
const lines = (client: Client): string[] =>
  client.received.filter((m) => m.type === 'message').map((m) => String(m.text));

describe('rooms on a Redis Cluster of three shards', () => {
  let cluster: RedisCluster;
  let a: Instance;
  let b: Instance;
  const clients: Client[] = [];
  /** One room per shard: `rooms[i]` lives on `cluster.nodes[i]`. */
  const rooms: string[] = [];
  /** Ann on instance A and Bob on B, in each of `rooms`. */
  const pairs = new Map<string, { ann: Client; bob: Client }>();

  before(async () => {
    cluster = await startRedisCluster(3);
    [a, b] = await Promise.all([
      startInstance(`redis://127.0.0.1:${cluster.nodes[0]!.port}`),
      startInstance('', { REDIS_URL: '', REDIS_CLUSTER_NODES: cluster.nodeList }),
    ]);
    for (const node of cluster.nodes) {
      for (let n = 0; ; n++) {
        const name = `room-${n}`;
        if (rooms.includes(name)) continue;
        if (cluster.ownerOf(calculateSlot(roomKeys('chat', name).channel)) === node) {
          rooms.push(name);
          break;
        }
      }
    }
  });
  after(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await Promise.all([a?.stop(), b?.stop()]);
    await cluster?.dispose();
  });

  it('finds the cluster through REDIS_URL or REDIS_CLUSTER_NODES and says it uses sharded channels', async () => {
    for (const instance of [a, b]) {
      await until(() => logEvents(instance, 'redis-connected').length > 0, 'redis-connected');
      const [connected] = logEvents(instance, 'redis-connected');
      assert.equal(connected!.cluster, true);
      assert.equal(connected!.shardedPubSub, true);
      assert.deepEqual((await redisHealth(instance.port)).lostShards, []);
    }
  });

  it('keeps each room, its keys and its channel on the shard that owns it', async () => {
    for (const room of rooms) {
      const ann = await joinRoom(`${a.wsUrl}/chat?room=${room}&name=ann`, clients);
      const bob = await joinRoom(`${b.wsUrl}/chat?room=${room}&name=bob`, clients);
      bob.send({ type: 'say', text: `hello ${room}` });
      await ann.until((m) => m.text === `hello ${room}`, 5000, 'a line across instances');
      pairs.set(room, { ann, bob });
    }
    for (const [i, node] of cluster.nodes.entries()) {
      const channel = roomKeys('chat', rooms[i]!).channel;
      // Both instances subscribe to the room's sharded channel on its own node, and to nothing classic.
      assert.deepEqual(ask(node, 'pubsub', 'shardchannels'), [channel]);
      assert.deepEqual(ask(node, 'pubsub', 'shardnumsub', channel), [channel, '2']);
      assert.deepEqual(ask(node, 'pubsub', 'channels'), []);
      const keys = ask(node, '--scan', '--pattern', 'wsp:{chat:*');
      assert.ok(keys.length > 0, `room ${rooms[i]}'s keys on its own node`);
      assert.ok(
        keys.every((key) => key.startsWith(channel)),
        `only room ${rooms[i]}'s keys on node ${node.port}: ${keys.join(' ')}`,
      );
    }
  });

  it('carries every line across instances once, in each sender’s order', async () => {
    const room = 'order';
    const ann = await joinRoom(`${a.wsUrl}/chat?room=${room}&name=ann`, clients);
    const cy = await joinRoom(`${a.wsUrl}/chat?room=${room}&name=cy`, clients);
    const bob = await joinRoom(`${b.wsUrl}/chat?room=${room}&name=bob`, clients);
    await ann.until((m) => m.type === 'joined' && m.name === 'bob');
    const senders = { ann, cy, bob };
    const count = 40;
    for (let n = 0; n < count; n++) {
      for (const [name, client] of Object.entries(senders)) client.send({ type: 'say', text: `${name} ${n}` });
    }
    for (const receiver of [ann, cy, bob]) {
      await until(
        () => lines(receiver).length >= 3 * count,
        'every line',
        15_000,
        () => lines(receiver).length,
      );
      const heard = lines(receiver);
      assert.equal(heard.length, 3 * count, 'no line twice');
      for (const name of Object.keys(senders)) {
        const own = heard.filter((text) => text.startsWith(`${name} `));
        assert.deepEqual(
          own,
          Array.from({ length: count }, (_, n) => `${name} ${n}`),
        );
      }
    }
  });

  it('when one shard is lost, cuts off only its rooms, says which, and rejoins them when it is back', async () => {
    const [lostRoom, liveRoom] = [rooms[2]!, rooms[0]!];
    const doomed = pairs.get(lostRoom)!;
    const kept = pairs.get(liveRoom)!;
    const lostNode = cluster.nodes[2]!;
    await cluster.kill(lostNode);

    // The first line said in the lost room finds its shard gone; each instance logs which node and rooms.
    doomed.ann.send({ type: 'say', text: 'into the void' });
    const nodeName = `127.0.0.1:${lostNode.port}`;
    for (const instance of [a, b]) {
      if (instance === b) doomed.bob.send({ type: 'say', text: 'also into the void' });
      await until(
        () => logEvents(instance, 'redis-shard-lost').length > 0,
        'redis-shard-lost',
        10_000,
        () => instance.log.slice(-5),
      );
      const [lost] = logEvents(instance, 'redis-shard-lost');
      assert.equal(lost!.node, nodeName);
      assert.match(String(lost!.rooms), new RegExp(`chat:${lostRoom}`));
      assert.doesNotMatch(String(lost!.rooms), new RegExp(`chat:${liveRoom}\\b`));
      assert.equal(logEvents(instance, 'redis-lost').length, 0, 'the link as a whole stays up');
      assert.deepEqual((await redisHealth(instance.port)).lostShards, [nodeName]);
    }

    // The rooms of the other shards go on across instances.
    kept.ann.send({ type: 'say', text: 'still here' });
    await kept.bob.until((m) => m.text === 'still here', 5000, 'a line across instances on a kept shard');

    // The lost shard's room goes on on each instance alone, with the members it knew.
    const cy = await joinRoom(`${a.wsUrl}/chat?room=${lostRoom}&name=cy`, clients);
    const welcome = cy.received.find((m) => m.type === 'welcome')!;
    assert.deepEqual(welcome.members, ['ann', 'bob', 'cy'], 'served by its own instance alone');
    doomed.ann.send({ type: 'say', text: 'local only' });
    await cy.until((m) => m.text === 'local only');

    // Back, empty: each instance logs its return, and puts its members back.
    await cluster.restart(lostNode);
    for (const instance of [a, b]) {
      await until(() => logEvents(instance, 'redis-shard-back').length > 0, 'redis-shard-back', 15_000);
      const [back] = logEvents(instance, 'redis-shard-back');
      assert.equal(back!.node, nodeName);
      assert.match(String(back!.rooms), new RegExp(`chat:${lostRoom}`));
    }
    await until(async () => (await redisHealth(a.port)).lostShards?.length === 0, 'no shard lost on /healthz', 10_000);
    const members = ask(lostNode, 'zrange', roomKeys('chat', lostRoom).members, '0', '-1');
    assert.deepEqual([...members].sort(), ['ann', 'bob', 'cy'], 'both instances put their members back');
    const dee = await joinRoom(`${b.wsUrl}/chat?room=${lostRoom}&name=dee`, clients);
    assert.deepEqual([...((dee.received.find((m) => m.type === 'welcome') as Json).members as string[])].sort(), [
      'ann',
      'bob',
      'cy',
      'dee',
    ]);
    doomed.bob.send({ type: 'say', text: 'across again' });
    await doomed.ann.until((m) => m.text === 'across again', 5000, 'a line across instances in the returned room');
    await cy.until((m) => m.text === 'across again');
    // (The very first line, said before A knew, may still reach B once the shard is back.)
    assert.equal(
      doomed.bob.received.filter((m) => m.text === 'local only').length,
      0,
      'what was said on A once it knew the shard lost stayed on A',
    );
  });
});

describe('a shard whose primary fails over to its replica', () => {
  let cluster: RedisCluster;
  let a: Instance;
  let b: Instance;
  const clients: Client[] = [];

  before(async () => {
    cluster = await startRedisCluster(3, 1);
    const env = { REDIS_URL: '', REDIS_CLUSTER_NODES: cluster.nodeList };
    [a, b] = await Promise.all([startInstance('', env), startInstance('', env)]);
  });
  after(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await Promise.all([a?.stop(), b?.stop()]);
    await cluster?.dispose();
  });

  it('finds the room on the promoted replica, with its members and history', async () => {
    const primary = cluster.nodes[0]!;
    let room = '';
    for (let n = 0; !room; n++) {
      if (cluster.ownerOf(calculateSlot(roomKeys('chat', `kept-${n}`).channel)) === primary) room = `kept-${n}`;
    }
    const ann = await joinRoom(`${a.wsUrl}/chat?room=${room}&name=ann`, clients);
    const bob = await joinRoom(`${b.wsUrl}/chat?room=${room}&name=bob`, clients);
    ann.send({ type: 'say', text: 'before' });
    await bob.until((m) => m.text === 'before', 5000, 'a line across instances');

    await cluster.kill(primary);
    // Lines keep coming while Redis elects the replica: the instances notice the shard gone, then back.
    let said = 0;
    const talking = setInterval(() => bob.send({ type: 'say', text: `during ${said++}` }), 100);
    try {
      for (const instance of [a, b]) {
        await until(
          () => logEvents(instance, 'redis-shard-back').length > 0,
          'redis-shard-back',
          20_000,
          () => instance.log.filter((line) => String(line.event).startsWith('redis')),
        );
        assert.equal(logEvents(instance, 'redis-shard-lost')[0]!.node, `127.0.0.1:${primary.port}`);
      }
    } finally {
      clearInterval(talking);
    }
    await cluster.reread();
    const promoted = cluster.ownerOf(calculateSlot(roomKeys('chat', room).channel));
    assert.notEqual(promoted.port, primary.port, 'a replica owns the room now');
    assert.ok(promoted.running);

    const keys = roomKeys('chat', room);
    // What the replica had not copied yet, the instances put back as they rejoin.
    await until(
      () => ask(promoted, 'zrange', keys.members, '0', '-1').sort().join() === 'ann,bob',
      'both members on the promoted replica',
      10_000,
      () => ask(promoted, 'zrange', keys.members, '0', '-1'),
    );
    assert.ok(
      ask(promoted, 'lrange', keys.history, '0', '-1').some((line) => line.includes('"before"')),
      'the history kept by the replica',
    );
    // An instance's map of the slots catches up with the promotion within a beat or two; lines said before that
    // may not cross (as while the shard was lost), so Bob speaks until one does.
    let after = 0;
    const speaking = setInterval(() => bob.send({ type: 'say', text: `after ${after++}` }), 250);
    try {
      await ann.until((m) => String(m.text).startsWith('after '), 15_000, 'a line across instances after the failover');
    } finally {
      clearInterval(speaking);
    }
    const cy = await joinRoom(`${a.wsUrl}/chat?room=${room}&name=cy`, clients);
    assert.deepEqual(cy.received.find((m) => m.type === 'welcome')!.members, ['ann', 'bob', 'cy']);
  });
});

describe('REDIS_CLUSTER_NODES', () => {
  it('reads a list of host:port, and names what is wrong in one that is not', () => {
    assert.equal(readConfig({}).redisClusterNodes, undefined);
    assert.equal(readConfig({ REDIS_CLUSTER_NODES: ' ' }).redisClusterNodes, undefined);
    assert.deepEqual(readConfig({ REDIS_CLUSTER_NODES: 'redis-1:6379, 10.0.0.2:7000,[::1]:7001' }).redisClusterNodes, [
      'redis-1:6379',
      '10.0.0.2:7000',
      '[::1]:7001',
    ]);
    for (const text of ['redis-1', 'redis://redis-1:6379', 'redis-1:port', 'a b:1']) {
      assert.throws(
        () => readConfig({ REDIS_CLUSTER_NODES: text }),
        (error: unknown) =>
          error instanceof ConfigError &&
          error.message.startsWith(`REDIS_CLUSTER_NODES="${text}": `) &&
          error.message.includes('is not host:port'),
      );
    }
  });

  it('starts while the cluster is away, serves alone, and joins it when it comes', async () => {
    const cluster = await startRedisCluster(3);
    const nodes = cluster.nodeList;
    await Promise.all(cluster.nodes.map((node) => cluster.kill(node)));
    const instance = await startInstance('', { REDIS_URL: '', REDIS_CLUSTER_NODES: nodes });
    const clients: Client[] = [];
    try {
      await until(() => logEvents(instance, 'redis-lost').length > 0, 'redis-lost at start');
      assert.equal(logEvents(instance, 'redis-lost')[0]!.reason, 'not reachable at start');
      const ann = await joinRoom(`${instance.wsUrl}/chat?room=early&name=ann`, clients);
      ann.send({ type: 'say', text: 'alone' });
      await ann.until((m) => m.text === 'alone');
      await Promise.all(cluster.nodes.map((node) => cluster.restart(node)));
      await until(() => logEvents(instance, 'redis-connected').length > 0, 'redis-connected', 20_000);
      assert.equal(logEvents(instance, 'redis-connected')[0]!.cluster, true);
      const owner = cluster.ownerOf(calculateSlot(roomKeys('chat', 'early').members));
      await until(
        () => ask(owner, 'zrange', roomKeys('chat', 'early').members, '0', '-1').join() === 'ann',
        'ann put in the room once the cluster came',
      );
    } finally {
      await Promise.all(clients.map((client) => client.close()));
      await instance.stop();
      await cluster.dispose();
    }
  });
});
