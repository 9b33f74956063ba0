/**
 * A real Redis Cluster for the tests and benches: three (or more)
 * `redis-server` processes in cluster mode on free ports, joined by
 * `redis-cli --cluster create`, so each primary owns its share of the
 * 16,384 hash slots; with `replicas`, each primary gets that many replicas,
 * which take over when it is killed. `cluster-require-full-coverage no` keeps the
 * other shards serving when one is lost (as docs/deployment.md asks of a
 * deployment); a short node timeout lets the others notice it within a
 * second.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Programs, requireProgram } from '../../helpers/programs.ts';
import { freePort, until } from './cluster.ts';

const run = promisify(execFile);

export interface ClusterNode {
  readonly port: number;
  /** The hash slots this node owns, as `first-last` ranges. */
  readonly slots: readonly (readonly [number, number])[];
  /** Whether its process runs now. */
  readonly running: boolean;
}

export interface RedisCluster {
  /** The primaries, each owning its slots, in the order of their ports. */
  readonly nodes: readonly ClusterNode[];
  /** `host:port,host:port,…`: what REDIS_CLUSTER_NODES takes. */
  readonly nodeList: string;
  /** The node that owns `slot` now (a replica once it took over). */
  ownerOf(slot: number): ClusterNode;
  /** Reads again which node owns which slots (after a replica took over). */
  reread(): Promise<void>;
  /** Kills a node (SIGKILL, as in a crash): its shard is lost with its data. */
  kill(node: ClusterNode): Promise<void>;
  /** Starts a killed node again on its port; it rejoins owning the same slots, empty. */
  restart(node: ClusterNode): Promise<void>;
  /** Stops every node and removes their folders. */
  dispose(): Promise<void>;
}

/** Runs redis-cli against one node and answers what it printed. */
async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run(requireProgram(Programs.redisCli), ['-p', String(port), ...args]);
  return stdout;
}

/** Starts redis-servers in cluster mode and joins them into one cluster of `shards` shards, each with `replicas` replicas. */
export async function startRedisCluster(shards = 3, replicas = 0): Promise<RedisCluster> {
  const server = requireProgram(Programs.redis);
  const dir = await mkdtemp(join(tmpdir(), 'wsp-redis-cluster-'));
  const ports: number[] = [];
  for (let i = 0; i < shards * (1 + replicas); i++) ports.push(await freePort());
  const children = new Map<number, ChildProcess>();

  const start = async (port: number): Promise<void> => {
    const child = spawn(
      server,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--cluster-enabled',
        'yes',
        // Its own file, kept across a restart: a restarted node knows its slots and its peers.
        '--cluster-config-file',
        `nodes-${port}.conf`,
        '--cluster-node-timeout',
        '1000',
        '--cluster-require-full-coverage',
        'no',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.set(port, child);
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    await until(
      () => output.includes('Ready to accept connections') || child.exitCode !== null,
      `redis-server on ${port}`,
    );
    if (child.exitCode !== null) throw new Error(`redis-server on ${port} exited: ${output}`);
  };
  const stop = async (port: number): Promise<void> => {
    const child = children.get(port);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  };

  try {
    await Promise.all(ports.map(start));
    await run(requireProgram(Programs.redisCli), [
      '--cluster',
      'create',
      ...ports.map((port) => `127.0.0.1:${port}`),
      '--cluster-replicas',
      String(replicas),
      '--cluster-yes',
    ]);
    // `create` returns once slots are assigned; every node must also agree the cluster is up.
    await until(
      async () =>
        (await Promise.all(ports.map((port) => cli(port, 'cluster', 'info')))).every((info) =>
          info.includes('cluster_state:ok'),
        ),
      'cluster_state:ok on every node',
    );
    // A replica that never synced with its primary is too stale to take over from it.
    await until(
      async () =>
        (await Promise.all(ports.map((port) => cli(port, 'info', 'replication')))).every(
          (info) => !info.includes('role:slave') || info.includes('master_link_status:up'),
        ),
      'every replica in sync with its primary',
    );
  } catch (error) {
    await Promise.all(ports.map(stop));
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  const running = (port: number): boolean => {
    const child = children.get(port);
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  };
  /** Each node's slots, as one running node sees them. */
  const slotsOf = new Map<number, (readonly [number, number])[]>();
  const reread = async (): Promise<void> => {
    const asked = ports.find((port) => running(port)) ?? ports[0]!;
    const lines = (await cli(asked, 'cluster', 'nodes')).split('\n');
    for (const port of ports) {
      const line = lines.find((text) => text.includes(`127.0.0.1:${port}@`)) ?? '';
      const slots = line
        .split(' ')
        .slice(8)
        .filter((field) => /^\d+(-\d+)?$/.test(field))
        .map((field) => {
          const [first, last] = field.split('-').map(Number) as [number, number | undefined];
          return [first, last ?? first] as const;
        });
      slotsOf.set(port, slots);
    }
  };
  await reread();
  const all: ClusterNode[] = ports.map((port) => ({
    port,
    get slots() {
      return slotsOf.get(port) ?? [];
    },
    get running() {
      return running(port);
    },
  }));
  const nodes = all.filter((node) => node.slots.length > 0);

  return {
    nodes,
    nodeList: ports.map((port) => `127.0.0.1:${port}`).join(','),
    ownerOf(slot) {
      const owner = all.find((node) => node.slots.some(([first, last]) => slot >= first && slot <= last));
      if (!owner) throw new Error(`no node owns slot ${slot}`);
      return owner;
    },
    reread,
    kill: (node) => stop(node.port),
    async restart(node) {
      await start(node.port);
      await until(
        async () => (await cli(node.port, 'cluster', 'info')).includes('cluster_state:ok'),
        `node ${node.port} back in the cluster`,
      );
    },
    async dispose() {
      await Promise.all(ports.map(stop));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
