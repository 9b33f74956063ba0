import { readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';

/** The report the benches write into, each its own section. */
export const BENCHMARKS_PAGE = new URL('../../docs/benchmarks.md', import.meta.url);

/**
 * Puts `section` (which starts with its own `## title` line) in place of the
 * page's section of that title, from its heading to the next `## ` heading,
 * or at the end when the page has none yet: one bench's rerun leaves the
 * others' figures alone.
 */
export async function writeReportSection(section: string): Promise<void> {
  const title = section.slice(0, section.indexOf('\n'));
  if (!title.startsWith('## ')) throw new Error(`a section starts with "## ": ${title}`);
  const lines = (await readFile(BENCHMARKS_PAGE, 'utf8')).split('\n');
  const start = lines.indexOf(title);
  const body = section.trimEnd().split('\n');
  if (start === -1) {
    while (lines.at(-1) === '') lines.pop();
    lines.push('', ...body, '');
  } else {
    const next = lines.findIndex((line, index) => index > start && line.startsWith('## '));
    const end = next === -1 ? lines.length : next;
    // A blank line after it: before the next heading, or the file's last newline.
    lines.splice(start, end - start, ...body, '');
  }
  await writeFile(BENCHMARKS_PAGE, lines.join('\n'));
}

/** Puts `top` (the page's title and the live-server figures) in place of everything before the first `## ` section. */
export async function writeReportTop(top: string): Promise<void> {
  const lines = (await readFile(BENCHMARKS_PAGE, 'utf8')).split('\n');
  const first = lines.findIndex((line) => line.startsWith('## '));
  const rest = first === -1 ? [] : lines.slice(first);
  await writeFile(BENCHMARKS_PAGE, [...top.trimEnd().split('\n'), '', ...rest].join('\n'));
}

/** The machine a report's figures come from, as its list line. */
export function machineLine(): string {
  const cpu = cpus();
  return (
    `- ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores, shared with other work (noisy); ` +
    `Node ${process.version}; ${new Date().toISOString().slice(0, 10)}`
  );
}
