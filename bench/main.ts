import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/**
 * `npm run bench`: runs every bench/*.bench.ts in turn. Each prints its own
 * table; speeds are ratios against a reference measured in the same run.
 * `npm run bench -- soak --minutes 1`: the words before the first `--option`
 * pick the benches by name; the options are the bench's own to read.
 */
const folder = fileURLToPath(new URL('.', import.meta.url));
const args = process.argv.slice(2);
const firstOption = args.findIndex((arg) => arg.startsWith('--'));
const only = firstOption === -1 ? args : args.slice(0, firstOption);
/** Benches that take minutes: they run only when named. */
const NAMED_ONLY = ['soak.bench.ts', 'scale-check.bench.ts', 'capacity.bench.ts', 'ticker-page.bench.ts'];
const files = (await readdir(folder))
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => (only.length === 0 ? !NAMED_ONLY.includes(file) : only.some((name) => file.includes(name))))
  .sort();

for (const file of files) {
  process.stdout.write(`\n## ${file.replace('.bench.ts', '')}\n\n`);
  const bench = (await import(new URL(file, import.meta.url).href)) as { default: () => Promise<void> };
  await bench.default();
}
