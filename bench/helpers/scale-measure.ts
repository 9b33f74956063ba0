/**
 * One stretch of the scale check measured: what every instance, every shard
 * and the members did between two readings. Every figure is a difference of
 * counters (CPU time, SPUBLISH calls, lines said and delivered), so what
 * happened before the stretch does not count.
 */
import { readFileSync } from 'node:fs';
import type { ScaleClients } from './scale-clients.ts';
import type { ShardReading, ShardWatch } from './scale-redis.ts';
import type { ScaleSample, ScaleServer } from './scale-server.ts';

export interface Stretch {
  readonly seconds: number;
  /** Per instance: CPU-seconds used, and seconds its main thread waited for a core (null where unknown). */
  readonly cpuSeconds: readonly number[];
  readonly waitedSeconds: readonly (number | null)[];
  /** Per instance: lines said by its members, and lines delivered to them. */
  readonly said: readonly number[];
  readonly delivered: readonly number[];
  /** Per shard: its CPU-seconds, SPUBLISH and reap calls. */
  readonly shards: readonly ShardReading[];
  /** CPU-seconds of the client processes, summed. */
  readonly clientCpuSeconds: number;
  /** CPU-seconds every process of the machine used, and the hypervisor took (steal); null where unknown. */
  readonly machineCpuSeconds: number | null;
  readonly stealSeconds: number | null;
}

interface MachineTimes {
  readonly busy: number;
  readonly steal: number;
}

/** The machine's CPU time in seconds, all cores (Linux: the `cpu` line of /proc/stat, in USER_HZ ticks). */
function machineTimes(): MachineTimes | null {
  try {
    const ticks = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = ticks as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    // USER_HZ is 100 on every Linux a reader will run this on.
    return { busy: (user + nice + system + irq + softirq) / 100, steal: steal / 100 };
  } catch {
    return null;
  }
}

interface Reading {
  readonly at: number;
  readonly servers: readonly ScaleSample[];
  readonly said: readonly number[];
  readonly delivered: readonly number[];
  readonly shards: readonly ShardReading[];
  readonly clientCpuSeconds: number;
  readonly machine: MachineTimes | null;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Adds up the clients' per-instance counters (a client process knows only the instances it joined). */
function add(lists: readonly (readonly number[])[], length: number): number[] {
  return Array.from({ length }, (_, index) => lists.reduce((sum, list) => sum + (list[index] ?? 0), 0));
}

export class StretchMeter {
  constructor(
    private readonly servers: readonly ScaleServer[],
    private readonly clients: readonly ScaleClients[],
    private readonly shards: ShardWatch,
  ) {}

  async read(): Promise<Reading> {
    const [servers, counts, shards] = await Promise.all([
      Promise.all(this.servers.map((server) => server.sample(false))),
      Promise.all(this.clients.map((client) => client.call({ type: 'counts' }))),
      this.shards.read(),
    ]);
    const length = this.servers.length;
    return {
      at: performance.now(),
      servers,
      said: add(
        counts.map((count) => count.said),
        length,
      ),
      delivered: add(
        counts.map((count) => count.delivered),
        length,
      ),
      shards,
      clientCpuSeconds: counts.reduce((total, count) => total + count.cpuSeconds, 0),
      machine: machineTimes(),
    };
  }

  /** What happened from `from` to `to`. */
  static between(from: Reading, to: Reading): Stretch {
    const waited = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : b - a);
    return {
      seconds: (to.at - from.at) / 1000,
      cpuSeconds: to.servers.map((sample, i) => sample.cpuSeconds - from.servers[i]!.cpuSeconds),
      waitedSeconds: to.servers.map((sample, i) => waited(from.servers[i]!.waitedSeconds, sample.waitedSeconds)),
      said: to.said.map((value, i) => value - from.said[i]!),
      delivered: to.delivered.map((value, i) => value - from.delivered[i]!),
      shards: to.shards.map((shard, i) => ({
        cpuSeconds: shard.cpuSeconds - from.shards[i]!.cpuSeconds,
        spublish: shard.spublish - from.shards[i]!.spublish,
        reap: shard.reap - from.shards[i]!.reap,
      })),
      clientCpuSeconds: to.clientCpuSeconds - from.clientCpuSeconds,
      machineCpuSeconds: from.machine && to.machine ? to.machine.busy - from.machine.busy : null,
      stealSeconds: from.machine && to.machine ? to.machine.steal - from.machine.steal : null,
    };
  }

  /** Reads, waits `ms`, reads again. */
  async over(ms: number): Promise<Stretch> {
    const from = await this.read();
    await pause(ms);
    return StretchMeter.between(from, await this.read());
  }
}

export const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);
