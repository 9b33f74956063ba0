/**
 * Hubs on two instances sharing rooms through a bus (in memory here, Redis
 * on the live server: test/cluster runs the same over a real redis-server).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createHub, type Hub, type Membership } from '../../src/service/hub.ts';
import type { SharedState } from '../../src/service/room-sync.ts';
import { MemoryDeployment, settle } from './helpers/memory-bus.ts';

/** A room's shared state: one number every change adds one to. */
interface Counter {
  n: number;
}

const counter: SharedState<string, Counter> = {
  save: (state) => state.n,
  load: (saved, into) => {
    into.n = saved as number;
  },
  fork: (state) => ({ n: state.n }),
  whileCutOff: 'refuse',
};

function enter<S>(hub: Hub<string, S>, room: string, name: string, got: string[]): Promise<Membership<string, S>> {
  return new Promise((resolve, reject) =>
    hub.enter(
      room,
      name,
      (message) => got.push(message),
      (member) => (member ? resolve(member) : reject(new Error(`${name} found no place`))),
    ),
  );
}

function twoInstances(): { deployment: MemoryDeployment<string>; a: Hub<string, Counter>; b: Hub<string, Counter> } {
  const deployment = new MemoryDeployment<string>((kind, name) => `${name} ${kind}`);
  const hub = (instance: string): Hub<string, Counter> =>
    createHub<string, Counter>({
      bus: deployment.bus(instance),
      instance,
      shared: counter,
      createState: () => ({ n: 0 }),
    });
  return { deployment, a: hub('a'), b: hub('b') };
}

const increment = (state: Counter) => {
  state.n++;
  return { ok: true as const, message: `n=${state.n}` };
};

describe('rooms across instances', () => {
  it('gives names unique in the deployment and carries presence, broadcasts and messages to one member across', async () => {
    const { a, b } = twoInstances();
    const atA: string[] = [];
    const atB: string[] = [];
    const annA = await enter(a, 'r', 'ann', atA);
    const annB = await enter(b, 'r', 'ann', atB);
    assert.equal(annB.name, 'ann (2)');
    assert.deepEqual(annB.room.members, ['ann', 'ann (2)'], 'the newcomer hears who is on the other instance');

    annB.announce('ann (2) joined');
    await settle();
    assert.deepEqual(a.rooms.get('r')?.members, ['ann', 'ann (2)']);
    annA.broadcast('hello');
    assert.equal(annA.sendTo('ann (2)', 'psst'), true, 'a member on another instance can be reached');
    assert.equal(annA.sendTo('nobody', 'psst'), false);
    await settle();
    assert.deepEqual(atA, ['ann (2) joined', 'hello']);
    assert.deepEqual(atB, ['hello', 'psst']);

    annB.leave('ann (2) left');
    await settle();
    assert.deepEqual(a.rooms.get('r')?.members, ['ann']);
    assert.deepEqual(atA.at(-1), 'ann (2) left');
  });

  it('applies changes made at once on both instances in one order everywhere', async () => {
    const { a, b } = twoInstances();
    const atA: string[] = [];
    const atB: string[] = [];
    const annA = await enter(a, 'r', 'ann', atA);
    const bobB = await enter(b, 'r', 'bob', atB);
    const rejected = (): void => assert.fail('no change is refused');
    for (const member of [annA, bobB, annA, bobB]) member.change(increment, { rejected });
    await settle(20);
    assert.deepEqual(atA, ['n=1', 'n=2', 'n=3', 'n=4']);
    assert.deepEqual(atB, atA);
    assert.equal(a.rooms.get('r')?.state.n, 4);
    assert.equal(b.rooms.get('r')?.state.n, 4);
  });

  it('keeps serving its own members while the bus is down, and refuses changes that must be ordered', async () => {
    const { deployment, a } = twoInstances();
    deployment.connected = false;
    const got: string[] = [];
    const ann = await enter(a, 'r', 'ann', got);
    const bob = await enter(a, 'r', 'bob', got);
    assert.deepEqual(bob.room.members, ['ann', 'bob'], 'both joined on this instance alone');
    ann.broadcast('still here');
    let unavailable = 0;
    ann.change(increment, { rejected: () => assert.fail('not refused'), unavailable: () => unavailable++ });
    await settle();
    assert.deepEqual(got, ['still here', 'still here']);
    assert.equal(unavailable, 1);
    assert.equal(ann.room.state.n, 0, 'nothing changed');
  });
});
