/**
 * The capacity model as the scale check applies it: unit costs measured on a
 * small population, multiplied out to a deployment's members and traffic.
 * The same formulas predict the scaled-down run before it starts and
 * extrapolate to deployments this machine cannot hold.
 */

/** What one chat member, one line and one publish cost, calibrated in the same run (scale-calibrate.ts). */
export interface UnitCosts {
  /** An instance with no member, linked to the cluster, after GC: heap + external, and RSS (bytes). */
  readonly idleHeap: number;
  readonly idleRss: number;
  /** Bytes per chat member on its instance after GC: heap + external, and RSS. */
  readonly heapPerMember: number;
  readonly rssPerMember: number;
  /** An instance's share of a core with its members connected and nobody talking. */
  readonly idleCpu: number;
  /** CPU-seconds on the instance per line said there (reading it, its Redis commands) and per delivery. */
  readonly cpuPerLine: number;
  readonly cpuPerDelivery: number;
  /** SPUBLISH commands per line said. */
  readonly publishesPerLine: number;
  /** Redis CPU-seconds per SPUBLISH, everything else a line costs Redis included; and one shard's idle share of a core. */
  readonly redisCpuPerPublish: number;
  readonly redisIdleCpu: number;
}

/**
 * What the model leaves out, calibrated the same way (scale-calibrate.ts), to say how much of a departure
 * from it each explains.
 */
export interface UpkeepCosts {
  /**
   * Instance CPU-seconds and Redis CPU-seconds per command of the heartbeat's reap: every beat, for each room
   * an instance follows, one HGETALL of who holds its members and one EXISTS per other instance holding one.
   */
  readonly instanceCpuPerReapCommand: number;
  readonly redisCpuPerReapCommand: number;
  /** Instance CPU-seconds per line heard through Redis from another instance, beyond its deliveries. */
  readonly cpuPerLineHeard: number;
}

/** A deployment's members and traffic, per instance and per shard. */
export interface Load {
  readonly instances: readonly {
    readonly members: number;
    readonly linesPerSecond: number;
    readonly deliveriesPerSecond: number;
    /** Lines of the rooms it follows said on other instances: the model leaves these out. */
    readonly linesHeardPerSecond: number;
    /** Its heartbeat's reap commands: the model leaves these out. */
    readonly reapCommandsPerSecond: number;
  }[];
  readonly shards: readonly { readonly linesPerSecond: number }[];
}

export interface InstanceFigures {
  /** Heap + external and RSS, in bytes. */
  readonly heap: number;
  readonly rss: number;
  /** Share of one core (CPU-seconds per second). */
  readonly cpu: number;
}

export interface ShardFigures {
  readonly publishesPerSecond: number;
  /** Share of one core. */
  readonly cpu: number;
}

export interface Prediction {
  readonly instances: readonly InstanceFigures[];
  readonly shards: readonly ShardFigures[];
}

export function predict(units: UnitCosts, load: Load): Prediction {
  return {
    instances: load.instances.map((instance) => ({
      heap: units.idleHeap + instance.members * units.heapPerMember,
      rss: units.idleRss + instance.members * units.rssPerMember,
      cpu:
        units.idleCpu +
        instance.linesPerSecond * units.cpuPerLine +
        instance.deliveriesPerSecond * units.cpuPerDelivery,
    })),
    shards: load.shards.map((shard) => {
      const publishesPerSecond = shard.linesPerSecond * units.publishesPerLine;
      return { publishesPerSecond, cpu: units.redisIdleCpu + publishesPerSecond * units.redisCpuPerPublish };
    }),
  };
}

/** The CPU (shares of a core, summed over the instances and over the shards) of the terms the model leaves out. */
export interface Omitted {
  readonly instanceReap: number;
  readonly instanceHeard: number;
  readonly redisReap: number;
}

export function omitted(upkeep: UpkeepCosts, load: Load): Omitted {
  const total = (value: (instance: Load['instances'][number]) => number): number =>
    load.instances.reduce((sum, instance) => sum + value(instance), 0);
  const reap = total((instance) => instance.reapCommandsPerSecond);
  return {
    instanceReap: reap * upkeep.instanceCpuPerReapCommand,
    instanceHeard: total((instance) => instance.linesHeardPerSecond) * upkeep.cpuPerLineHeard,
    redisReap: reap * upkeep.redisCpuPerReapCommand,
  };
}

/** What one instance may use: its cores and memory, less the share kept free. */
export interface Budget {
  readonly cores: number;
  readonly memoryBytes: number;
  /** The share of each (an instance's cores and memory, a shard's one core) kept free: 0.5 leaves half. */
  readonly headroom: number;
}

export interface Extrapolation {
  readonly readers: number;
  readonly linesPerSecond: number;
  readonly deliveriesPerSecond: number;
  readonly publishesPerSecond: number;
  /** CPU-seconds per second one member costs its deployment's instances: its lines, and those delivered to it. */
  readonly cpuPerMember: number;
  /** Members one instance holds within the budget, by CPU and by memory (RSS). */
  readonly membersByCpu: number;
  readonly membersByMemory: number;
  readonly instances: number;
  /** Redis CPU the publishes need, in cores, and the shards that carry it with the headroom left. */
  readonly redisCores: number;
  readonly shards: number;
}

/**
 * `readers` chat members, each saying a line every `everySeconds` in rooms of `roomSize`: the instances a
 * budget needs (the tighter of CPU and memory) and the shards Redis needs. Redis runs commands on one
 * thread, so a shard has one core.
 */
export function extrapolate(
  units: UnitCosts,
  readers: number,
  shape: { readonly everySeconds: number; readonly roomSize: number },
  budget: Budget,
): Extrapolation {
  const linesPerSecond = readers / shape.everySeconds;
  const deliveriesPerSecond = linesPerSecond * shape.roomSize;
  const publishesPerSecond = linesPerSecond * units.publishesPerLine;
  // A member's share: its own lines, and the lines of its room delivered to it.
  const cpuPerMember = (units.cpuPerLine + shape.roomSize * units.cpuPerDelivery) / shape.everySeconds;
  const usable = 1 - budget.headroom;
  const membersByCpu = Math.floor((budget.cores * usable - units.idleCpu) / cpuPerMember);
  const membersByMemory = Math.floor((budget.memoryBytes * usable - units.idleRss) / units.rssPerMember);
  const redisCores = publishesPerSecond * units.redisCpuPerPublish;
  return {
    readers,
    linesPerSecond,
    deliveriesPerSecond,
    publishesPerSecond,
    cpuPerMember,
    membersByCpu,
    membersByMemory,
    instances: Math.ceil(readers / Math.min(membersByCpu, membersByMemory)),
    redisCores,
    shards: Math.max(1, Math.ceil(redisCores / (usable - units.redisIdleCpu))),
  };
}

export interface OmittedAtScale {
  /** Instances following each room. */
  readonly perRoom: number;
  readonly reapCommandsPerSecond: number;
  readonly linesHeardPerSecond: number;
  /** Cores, summed over the instances and over the shards. */
  readonly instanceCpu: number;
  readonly redisCpu: number;
}

/**
 * The left-out terms for `readers` in rooms each followed by `perRoom` instances: members placed at random
 * put a room on up to min(room size, instances) of them; rooms routed by name to one instance put it on one.
 */
export function omittedAtScale(
  upkeep: UpkeepCosts,
  readers: number,
  shape: { readonly everySeconds: number; readonly roomSize: number; readonly beatSeconds: number },
  perRoom: number,
): OmittedAtScale {
  const rooms = readers / shape.roomSize;
  // Each of a room's instances reads its holders and asks after each of the others, every beat.
  const reapCommandsPerSecond = (rooms * perRoom * perRoom) / shape.beatSeconds;
  const linesHeardPerSecond = (readers / shape.everySeconds) * (perRoom - 1);
  return {
    perRoom,
    reapCommandsPerSecond,
    linesHeardPerSecond,
    instanceCpu:
      reapCommandsPerSecond * upkeep.instanceCpuPerReapCommand + linesHeardPerSecond * upkeep.cpuPerLineHeard,
    redisCpu: reapCommandsPerSecond * upkeep.redisCpuPerReapCommand,
  };
}

/**
 * Instances and shards when the left-out terms are paid too: the instances' CPU and the shards' CPU grow
 * by `terms`, memory stays as the model has it.
 */
export function withOmitted(
  units: UnitCosts,
  scale: Extrapolation,
  terms: OmittedAtScale,
  budget: Budget,
): { readonly instances: number; readonly shards: number } {
  const usable = 1 - budget.headroom;
  const cpuInstances =
    (scale.readers * scale.cpuPerMember + terms.instanceCpu) / (budget.cores * usable - units.idleCpu);
  return {
    instances: Math.ceil(Math.max(cpuInstances, scale.readers / scale.membersByMemory)),
    shards: Math.max(1, Math.ceil((scale.redisCores + terms.redisCpu) / (usable - units.redisIdleCpu))),
  };
}
