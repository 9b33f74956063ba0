/**
 * The scale check's tables, as markdown like the other benches print:
 * numbers in fixed units so the rows compare at a glance.
 */
import { readdirSync, readFileSync } from 'node:fs';

export const count = (value: number): string => Math.round(value).toLocaleString('en-US');
export const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;
export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
/** A share of one core as a percentage (100% = a whole core). */
export const core = (share: number): string => `${(share * 100).toFixed(1)}%`;
export const micros = (seconds: number): string => `${(seconds * 1e6).toFixed(2)} µs`;
export const ms = (value: number): string => (Number.isNaN(value) ? 'n/a' : `${value.toFixed(1)} ms`);
export const ratio = (measured: number, predicted: number): string =>
  predicted === 0 ? 'n/a' : `${(measured / predicted).toFixed(2)}×`;

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (values: readonly string[]): string => `| ${values.join(' | ')} |`;
  const align = header.map((_, index) => (index === 0 ? '---' : '--:'));
  return [line(header), line(align), ...rows.map(line)].join('\n');
}

/** Other bench runs on this machine now (their command lines), this process and its parent left out. */
export function otherBenches(): string[] {
  const mine = new Set([process.pid, process.ppid]);
  const found: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || mine.has(pid)) continue;
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      if (command.includes('bench/main.ts') && !command.startsWith('sh -c')) found.push(`${pid}: ${command}`);
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}
