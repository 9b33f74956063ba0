import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildSite, ROOT, siteBuildIsStale } from '../scripts/site-build.ts';

const DIST = join(ROOT, 'dist');

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** The JavaScript a first visit loads before any lesson: the entry script and what it preloads. */
async function initialScripts(): Promise<Set<string>> {
  const index = await readFile(join(DIST, 'index.html'), 'utf8');
  const names = [...index.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map((match) => match[1]!);
  return new Set(names);
}

/** Prints every built chunk, raw and gzip, and the initial JavaScript of a first visit. */
export default async function run(): Promise<void> {
  if (await siteBuildIsStale()) await buildSite();
  const initial = await initialScripts();
  const assets = (await readdir(join(DIST, 'assets'))).filter((file) => file.endsWith('.js') || file.endsWith('.css'));
  const rows = await Promise.all(
    assets.map(async (file) => {
      const bytes = await readFile(join(DIST, 'assets', file));
      return {
        file,
        raw: bytes.length,
        gzip: gzipSync(bytes, { level: 9 }).length,
        initial: initial.has(`assets/${file}`),
      };
    }),
  );
  rows.sort((a, b) => b.gzip - a.gzip);
  console.log('| chunk | raw | gzip | loaded |');
  console.log('| --- | ---: | ---: | --- |');
  for (const row of rows) {
    console.log(`| ${row.file} | ${kb(row.raw)} | ${kb(row.gzip)} | ${row.initial ? 'at start' : 'on demand'} |`);
  }
  const start = rows.filter((row) => row.initial).reduce((sum, row) => sum + row.gzip, 0);
  console.log(`\nInitial JavaScript: ${kb(start)} gzip.`);
}
