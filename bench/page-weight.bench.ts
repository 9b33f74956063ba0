import { join } from 'node:path';
import {
  BUDGETS,
  chunkSizes,
  initialJavaScript,
  lessonChunks,
  playgroundWeight,
  reachable,
  routeWeights,
} from '../scripts/chunk-sizes.ts';
import { buildSite, ROOT, siteBuildIsStale } from '../scripts/site-build.ts';

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/**
 * Prints every built chunk, raw and gzip, the initial JavaScript of a first visit, each lesson's whole first
 * visit and all it can come to load as the reader reads on, the playground's own JavaScript, and the budgets.
 */
export default async function run(): Promise<void> {
  if (await siteBuildIsStale()) await buildSite();
  const rows = await chunkSizes(join(ROOT, 'dist'));
  console.log('| chunk | raw | gzip | loaded |');
  console.log('| --- | ---: | ---: | --- |');
  for (const row of rows) {
    console.log(`| ${row.file} | ${kb(row.raw)} | ${kb(row.gzip)} | ${row.initial ? 'at start' : 'on demand'} |`);
  }
  const largestLesson = Math.max(...lessonChunks(rows).map((row) => row.gzip));
  console.log(
    `\nInitial JavaScript: ${kb(initialJavaScript(rows))} gzip (budget ${kb(BUDGETS.initialJavaScript)}).` +
      ` Largest lesson chunk: ${kb(largestLesson)} gzip (budget ${kb(BUDGETS.lessonChunk)}).`,
  );
  console.log(
    `\n| route (a lesson's first visit) | chunks | gzip | goal ${kb(BUDGETS.route)} | read to its end: chunks | gzip |`,
  );
  console.log('| --- | ---: | ---: | --- | ---: | ---: |');
  const gzip = new Map(rows.map((row) => [row.file, row.gzip]));
  for (const route of await routeWeights(join(ROOT, 'dist'), rows)) {
    const met = route.gzip <= BUDGETS.route ? 'met' : 'over';
    // Every demo loaded, and all they may load then (the DEFLATE runtime, the simulated server...).
    const all = await reachable(join(ROOT, 'dist'), rows, route.files);
    const allGzip = [...all].reduce((sum, file) => sum + (gzip.get(file) ?? 0), 0);
    console.log(
      `| ${route.lesson} | ${route.files.length} | ${kb(route.gzip)} | ${met} | ${all.size} | ${kb(allGzip)} |`,
    );
  }
  const playground = await playgroundWeight(join(ROOT, 'dist'), rows);
  console.log(
    `\nThe playground's own JavaScript (what no lesson loads: editor, page, sandbox): ${kb(playground.gzip)} gzip` +
      ` in ${playground.files.length} files (budget ${kb(BUDGETS.playground)}).`,
  );
}
