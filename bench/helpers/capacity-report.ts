/**
 * How the capacity bench prints: the run line that names the machine and
 * the moment (so a figure quoted elsewhere can say which run it came from),
 * markdown tables, and the statistics they show.
 */
import { cpus, loadavg, platform, release, totalmem } from 'node:os';

export interface Run {
  /** ISO date and time, to the minute: the name a table gives its run. */
  readonly stamp: string;
  /** The machine, for the top of the output. */
  readonly line: string;
}

export function runLine(): Run {
  const cpu = cpus();
  const stamp = `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const load = loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
  return {
    stamp,
    line:
      `Run ${stamp}: ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores, ` +
      `${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version} on ${platform()} ${release()}; ` +
      `load average before (1, 5, 15 min): ${load}`,
  };
}

export { median } from './median.ts';

/** The nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** A number with thousands separators and `digits` decimals. */
export function num(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export const percent = (share: number): string => `${(share * 100).toFixed(0)}%`;

export interface Table {
  readonly title: string;
  /** Column names; a name ending in ' >' is right-aligned (the marker is not printed). */
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Lines under the table: how it was measured. */
  readonly notes?: readonly string[];
}

/** Prints `table` as markdown under a heading that names its run. */
export function printTable(run: Run, table: Table): void {
  const right = table.columns.map((column) => column.endsWith(' >'));
  const names = table.columns.map((column, i) => (right[i] ? column.slice(0, -2) : column));
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  console.log(
    [
      '',
      `#### ${table.title} (run ${run.stamp})`,
      '',
      line(names),
      line(right.map((isRight) => (isRight ? '---:' : '---'))),
      ...table.rows.map(line),
      ...(table.notes && table.notes.length > 0 ? ['', ...table.notes] : []),
    ].join('\n'),
  );
}
