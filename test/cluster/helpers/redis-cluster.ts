/**
 * A real Redis Cluster for the tests and benches: three (or more)
 * `redis-server` processes in cluster mode on free ports, joined by
 * `redis-cli --cluster create` with no replicas, so each node owns a third
 * of the 16,384 hash slots. `cluster-require-full-coverage no` keeps the
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
  readonly nodes: readonly ClusterNode[];
  /** `host:port,host:port,…`: what REDIS_CLUSTER_NODES takes. */
  readonly nodeList: string;
  /** The node that owns `slot`. */
  ownerOf(slot: number): ClusterNode;
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

/** Starts `count` redis-servers in cluster mode and joins them into one cluster of `count` shards. */
export async function startRedisCluster(count = 3): Promise<RedisCluster> {
  const server = requireProgram(Programs.redis);
  const dir = await mkdtemp(join(tmpdir(), 'wsp-redis-cluster-'));
  const ports: number[] = [];
  for (let i = 0; i < count; i++) ports.push(await freePort());
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
      '0',
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
  } catch (error) {
    await Promise.all(ports.map(stop));
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  const slotLines = await cli(ports[0]!, 'cluster', 'nodes');
  const nodes: ClusterNode[] = ports.map((port) => {
    const line = slotLines.split('\n').find((text) => text.includes(`127.0.0.1:${port}@`)) ?? '';
    const slots = line
      .split(' ')
      .slice(8)
      .filter((field) => /^\d+(-\d+)?$/.test(field))
      .map((field) => {
        const [first, last] = field.split('-').map(Number) as [number, number | undefined];
        return [first, last ?? first] as const;
      });
    return {
      port,
      slots,
      get running() {
        const child = children.get(port);
        return child !== undefined && child.exitCode === null && child.signalCode === null;
      },
    };
  });

  return {
    nodes,
    nodeList: ports.map((port) => `127.0.0.1:${port}`).join(','),
    ownerOf(slot) {
      const owner = nodes.find((node) => node.slots.some(([first, last]) => slot >= first && slot <= last));
      if (!owner) throw new Error(`no node owns slot ${slot}`);
      return owner;
    },
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
