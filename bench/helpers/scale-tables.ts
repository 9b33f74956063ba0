/**
 * The scale check's tables: the calibration, the unit costs, the prediction,
 * the prediction against the measurements, where the difference comes from,
 * and the extrapolation. Each takes figures and returns markdown.
 */
import type { CalibrationRow } from './scale-calibrate.ts';
import type { Stretch } from './scale-measure.ts';
import { sum } from './scale-measure.ts';
import {
  extrapolate,
  omittedAtScale,
  withOmitted,
  type Budget,
  type Load,
  type Omitted,
  type Prediction,
  type UnitCosts,
  type UpkeepCosts,
} from './scale-model.ts';
import { core, count, kb, mb, micros, ratio, table } from './scale-report.ts';
import type { ScaleSample } from './scale-server.ts';

export function calibrationTable(rows: readonly CalibrationRow[]): string {
  return table(
    [
      'stretch',
      's',
      'lines',
      'deliveries',
      'SPUBLISH',
      'reap commands',
      'instance CPU (summed)',
      'Redis CPU (3 shards)',
    ],
    rows.map((row) => [
      row.stretch,
      row.seconds.toFixed(1),
      count(row.lines),
      count(row.deliveries),
      count(row.spublish),
      count(row.reap),
      core(row.instanceCpu),
      core(row.redisCpu),
    ]),
  );
}

export function unitsTable(units: UnitCosts, upkeep: UpkeepCosts, calibrated: number): string {
  return table(
    ['unit cost', 'value', 'from'],
    [
      ['idle instance: heap + external / RSS', `${mb(units.idleHeap)} / ${mb(units.idleRss)}`, 'no member, after GC'],
      [
        'per chat member: heap + external / RSS',
        `${kb(units.heapPerMember)} / ${kb(units.rssPerMember)}`,
        `${calibrated} members, after GC`,
      ],
      ['instance CPU, members quiet', core(units.idleCpu), 'share of a core'],
      ['instance CPU per line said (its Redis commands included)', micros(units.cpuPerLine), 'the two room sizes'],
      ['instance CPU per delivery', micros(units.cpuPerDelivery), 'the two room sizes'],
      ['SPUBLISH per line said', units.publishesPerLine.toFixed(2), 'cmdstat_spublish'],
      ['Redis CPU per SPUBLISH (all a line costs Redis)', micros(units.redisCpuPerPublish), 'talking less quiet'],
      ['Redis CPU per shard, idle', core(units.redisIdleCpu), 'no room'],
      ['left out: instance CPU per reap command', micros(upkeep.instanceCpuPerReapCommand), 'quiet less no room'],
      ['left out: Redis CPU per reap command', micros(upkeep.redisCpuPerReapCommand), 'quiet less no room'],
      [
        'left out: instance CPU per line heard from another instance',
        micros(upkeep.cpuPerLineHeard),
        'talking less quiet less the model',
      ],
    ],
  );
}

export function predictionTable(load: Load, prediction: Prediction): string {
  const rows = prediction.instances.map((figures, i) => [
    `instance ${i + 1}`,
    count(load.instances[i]!.members),
    `${load.instances[i]!.linesPerSecond.toFixed(1)} / ${count(load.instances[i]!.deliveriesPerSecond)}`,
    mb(figures.heap),
    mb(figures.rss),
    core(figures.cpu),
  ]);
  const shards = prediction.shards.map((figures, k) => [
    `shard ${k + 1}`,
    '',
    `${load.shards[k]!.linesPerSecond.toFixed(1)} lines/s → ${figures.publishesPerSecond.toFixed(1)} SPUBLISH/s`,
    '',
    '',
    core(figures.cpu),
  ]);
  return table(
    ['where', 'members', 'lines/s / deliveries/s', 'heap + external', 'RSS', 'CPU (share of a core)'],
    [...rows, ...shards],
  );
}

/** The run's measured stretch, and every instance's memory after GC at its end. */
export interface Measured {
  readonly stretch: Stretch;
  readonly memory: readonly ScaleSample[];
}

export function comparisonTable(prediction: Prediction, measured: Measured): string {
  const { stretch, memory } = measured;
  const rows: string[][] = [];
  const add = (figure: string, predicted: number, value: number, show: (value: number) => string): void => {
    rows.push([figure, show(predicted), show(value), ratio(value, predicted)]);
  };
  prediction.instances.forEach((figures, i) => {
    const sample = memory[i]!;
    add(`instance ${i + 1} heap + external`, figures.heap, sample.heapUsed + sample.external, mb);
    add(`instance ${i + 1} RSS`, figures.rss, sample.rss, mb);
    add(`instance ${i + 1} CPU`, figures.cpu, stretch.cpuSeconds[i]! / stretch.seconds, core);
  });
  prediction.shards.forEach((figures, k) => {
    const shard = stretch.shards[k]!;
    add(`shard ${k + 1} SPUBLISH/s`, figures.publishesPerSecond, shard.spublish / stretch.seconds, (v) => v.toFixed(1));
    add(`shard ${k + 1} Redis CPU`, figures.cpu, shard.cpuSeconds / stretch.seconds, core);
  });
  return table(['figure', 'predicted', 'measured', 'measured/predicted'], rows);
}

export interface Totals {
  readonly heap: number;
  readonly rss: number;
  /** Shares of a core, summed over the instances and over the shards. */
  readonly cpu: number;
  readonly publishes: number;
  readonly redisCpu: number;
}

export function predictedTotals(prediction: Prediction): Totals {
  return {
    heap: sum(prediction.instances.map((figures) => figures.heap)),
    rss: sum(prediction.instances.map((figures) => figures.rss)),
    cpu: sum(prediction.instances.map((figures) => figures.cpu)),
    publishes: sum(prediction.shards.map((figures) => figures.publishesPerSecond)),
    redisCpu: sum(prediction.shards.map((figures) => figures.cpu)),
  };
}

export function measuredTotals({ stretch, memory }: Measured): Totals {
  return {
    heap: sum(memory.map((sample) => sample.heapUsed + sample.external)),
    rss: sum(memory.map((sample) => sample.rss)),
    cpu: sum(stretch.cpuSeconds) / stretch.seconds,
    publishes: sum(stretch.shards.map((shard) => shard.spublish)) / stretch.seconds,
    redisCpu: sum(stretch.shards.map((shard) => shard.cpuSeconds)) / stretch.seconds,
  };
}

export function totalsTable(predicted: Totals, measured: Totals): string {
  const row = (name: string, p: number, m: number, show: (value: number) => string): string[] => [
    name,
    show(p),
    show(m),
    ratio(m, p),
  ];
  return table(
    ['all instances / all shards', 'predicted', 'measured', 'measured/predicted'],
    [
      row('heap + external', predicted.heap, measured.heap, mb),
      row('RSS', predicted.rss, measured.rss, mb),
      row('instance CPU', predicted.cpu, measured.cpu, core),
      row('SPUBLISH/s', predicted.publishes, measured.publishes, (v) => v.toFixed(1)),
      row('Redis CPU', predicted.redisCpu, measured.redisCpu, core),
    ],
  );
}

export interface DifferenceInputs {
  readonly units: UnitCosts;
  readonly instances: number;
  readonly shards: number;
  readonly predicted: Totals;
  readonly measured: Totals;
  readonly omitted: Omitted;
  /** The full population connected and quiet: instance and Redis CPU, summed. */
  readonly quietCpu: number;
  readonly quietRedisCpu: number;
}

/** The model, each left-out term priced by its calibrated cost, and the measurement, quiet and talking. */
export function differenceTable(inputs: DifferenceInputs): string {
  const { units, omitted } = inputs;
  const row = (name: string, model: number, reap: number, heard: number, measured: number): string[] => [
    name,
    core(model),
    core(reap),
    heard === 0 ? '–' : core(heard),
    core(model + reap + heard),
    core(measured),
    ratio(measured, model + reap + heard),
  ];
  return table(
    [
      'CPU, summed (share of a core)',
      'the model',
      '+ heartbeat reap',
      '+ lines heard from other instances',
      '= with both',
      'measured',
      'measured / with both',
    ],
    [
      row('instances, members quiet', inputs.instances * units.idleCpu, omitted.instanceReap, 0, inputs.quietCpu),
      row('instances, talking', inputs.predicted.cpu, omitted.instanceReap, omitted.instanceHeard, inputs.measured.cpu),
      row('Redis, members quiet', inputs.shards * units.redisIdleCpu, omitted.redisReap, 0, inputs.quietRedisCpu),
      row('Redis, talking', inputs.predicted.redisCpu, omitted.redisReap, 0, inputs.measured.redisCpu),
    ],
  );
}

export interface ScaleShape {
  readonly everySeconds: number;
  readonly roomSize: number;
  readonly beatSeconds: number;
}

export function extrapolationTable(
  units: UnitCosts,
  readers: readonly number[],
  shape: ScaleShape,
  budget: Budget,
): string {
  const rows = readers.map((count_) => {
    const scale = extrapolate(units, count_, shape, budget);
    return [
      count(count_),
      `${count(scale.linesPerSecond)} / ${count(scale.deliveriesPerSecond)}`,
      `${count(scale.membersByCpu)} / ${count(scale.membersByMemory)}`,
      count(scale.instances),
      count(scale.publishesPerSecond),
      scale.redisCores.toFixed(2),
      count(scale.shards),
    ];
  });
  return table(
    [
      'readers',
      'lines/s / deliveries/s',
      'members per instance by CPU / by memory',
      'instances',
      'SPUBLISH/s',
      'Redis CPU (cores)',
      'shards',
    ],
    rows,
  );
}

/** The left-out terms at the extrapolation's scale: members placed at random, and rooms routed to one instance. */
export function omittedAtScaleTable(
  units: UnitCosts,
  upkeep: UpkeepCosts,
  readers: readonly number[],
  shape: ScaleShape,
  budget: Budget,
): string {
  const rows: string[][] = [];
  for (const count_ of readers) {
    const scale = extrapolate(units, count_, shape, budget);
    const instances = scale.instances;
    // Members placed at random: a room's members fall on this many distinct instances on average.
    const spread = instances * (1 - (1 - 1 / instances) ** shape.roomSize);
    const placements = [
      [`at random (each room on ~${spread.toFixed(1)} of ${instances} instances)`, spread],
      ['routed by room (each room on 1 instance)', 1],
    ] as const;
    for (const [placement, perRoom] of placements) {
      const terms = omittedAtScale(upkeep, count_, shape, perRoom);
      const needed = withOmitted(units, scale, terms, budget);
      rows.push([
        count(count_),
        placement,
        count(terms.reapCommandsPerSecond),
        count(terms.linesHeardPerSecond),
        terms.instanceCpu.toFixed(2),
        terms.redisCpu.toFixed(2),
        count(needed.instances),
        count(needed.shards),
      ]);
    }
  }
  return table(
    [
      'readers',
      'members placed',
      'reap commands/s',
      'lines heard from other instances/s',
      '+ instance CPU (cores)',
      '+ Redis CPU (cores)',
      'instances with them (at least)',
      'shards with them',
    ],
    rows,
  );
}
