import { readFile } from 'node:fs/promises';
import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';
import type { Result } from 'lighthouse';
import { startPlaygroundServer } from '../server/playground-server.ts';
import { chromiumArgs, chromiumPath } from '../test/helpers/chromium.ts';
import { buildSite, siteBuildIsStale } from '../scripts/site-build.ts';
import { median } from './helpers/median.ts';
import { machineLine, writeReportSection } from './helpers/report-section.ts';

/**
 * Every lesson and the playground, in course order: a reader can land on any
 * of them first. Read from the course's list itself (its module imports the
 * page's types, which Node's type check does not load).
 */
async function pages(): Promise<string[]> {
  const course = await readFile(new URL('../src/app/lessons.ts', import.meta.url), 'utf8');
  return [...course.matchAll(/^\s+slug: '([^']+)',$/gm)].map((match) => match[1]!);
}
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
/** The goals of issue #23: Performance 95 and Total Blocking Time 150 ms on Lighthouse's default mobile settings. */
const GOALS: Readonly<Record<(typeof CATEGORIES)[number], number>> = {
  performance: 95,
  accessibility: 100,
  'best-practices': 100,
  seo: 100,
};
const TBT_GOAL_MS = 150;
/** Runs per page: one run on a shared machine says little, the median of three says more. */
const RUNS = 3;

/** One run's figures: the four scores, the blocking time and where the main thread went. */
interface RunFigures {
  readonly scores: readonly number[];
  readonly tbt: number;
  readonly mainThread: number;
  readonly lcp: number;
  readonly failed: readonly string[];
}

function figures(lhr: Result): RunFigures {
  return {
    scores: CATEGORIES.map((category) => Math.round((lhr.categories[category]?.score ?? 0) * 100)),
    tbt: lhr.audits['total-blocking-time']?.numericValue ?? Number.NaN,
    mainThread: lhr.audits['mainthread-work-breakdown']?.numericValue ?? Number.NaN,
    lcp: lhr.audits['largest-contentful-paint']?.numericValue ?? Number.NaN,
    failed: Object.values(lhr.audits)
      .filter((audit) => audit.score !== null && audit.score < 1 && audit.scoreDisplayMode === 'binary')
      .map((audit) => `${audit.id}${reason(audit.details)}`),
  };
}

/** The first reason an audit's table gives (bf-cache says why the page could not be cached), for the notes. */
function reason(details: unknown): string {
  const items = (details as { items?: readonly { reason?: unknown }[] } | undefined)?.items;
  const first = items?.find((item) => typeof item.reason === 'string')?.reason;
  return typeof first === 'string' ? ` (${first})` : '';
}

/** The bench's section of docs/benchmarks.md. */
function report(table: readonly string[], notes: readonly string[]): string {
  return [
    '## Lighthouse (`npm run bench -- lighthouse`)',
    '',
    'Lighthouse with its default mobile settings (a mid-range phone: simulated 4× slower CPU and a slow 4G',
    'network) on every lesson and the playground of the built site, served by the live server, in the tests’',
    'Chromium; the median of three runs each. Goals (issue #23): Performance 95, Total Blocking Time 150 ms,',
    'the other categories 100. "main thread ms" is the main thread’s whole work during the load, as',
    'Lighthouse’s "mainthread-work-breakdown" counts it. A figure past its goal says so.',
    '',
    machineLine(),
    '',
    ...table,
    ...(notes.length > 0 ? ['', ...notes] : []),
  ].join('\n');
}

const mark = (value: number, goal: number, low: boolean): string =>
  (low ? value <= goal : value >= goal) ? `${value}` : `${value} (goal ${goal})`;

/**
 * Lighthouse (mobile, simulated throttling) on the built site served by the
 * live server, in the tests' Chromium: every page, the median of three runs,
 * with the main thread's time (the "mainthread-work-breakdown" audit).
 * `--runs N` changes the count; `--only slug,slug` picks pages.
 */
export default async function run(): Promise<void> {
  const args = process.argv;
  const runs = Number(args[args.indexOf('--runs') + 1]) || RUNS;
  const all = await pages();
  const only = args.includes('--only') ? (args[args.indexOf('--only') + 1] ?? '').split(',') : all;
  const unknown = only.filter((slug) => !all.includes(slug));
  if (unknown.length > 0) throw new Error(`--only takes pages of ${all.join(', ')}; not ${unknown.join(', ')}`);
  if (await siteBuildIsStale()) await buildSite();
  const server = await startPlaygroundServer({ port: 0, logger: () => {} });
  const chrome = await launch({ chromePath: chromiumPath(), chromeFlags: chromiumArgs });
  try {
    const table = [
      `| page | ${CATEGORIES.join(' | ')} | TBT ms | main thread ms | LCP ms |`,
      `| --- | ${CATEGORIES.map(() => '---:').join(' | ')} | ---: | ---: | ---: |`,
    ];
    console.log(`Median of ${runs} runs per page.\n\n${table.join('\n')}`);
    const notes: string[] = [];
    for (const slug of all.filter((page) => only.includes(page))) {
      const measured: RunFigures[] = [];
      for (let i = 0; i < runs; i++) {
        const result = await lighthouse(`${server.url}/#/${slug}`, {
          port: chrome.port,
          logLevel: 'error',
          onlyCategories: [...CATEGORIES],
        });
        if (!result) throw new Error(`Lighthouse returned nothing for ${slug}`);
        measured.push(figures(result.lhr));
      }
      const scores = CATEGORIES.map((category, i) =>
        mark(median(measured.map((run) => run.scores[i]!)), GOALS[category], false),
      );
      const tbt = Math.round(median(measured.map((run) => run.tbt)));
      const mainThread = Math.round(median(measured.map((run) => run.mainThread)));
      const lcp = Math.round(median(measured.map((run) => run.lcp)));
      const row = `| ${slug} | ${scores.join(' | ')} | ${mark(tbt, TBT_GOAL_MS, true)} | ${mainThread} | ${lcp} |`;
      console.log(row);
      table.push(row);
      for (const id of new Set(measured.flatMap((run) => run.failed))) notes.push(`- ${slug}: failed audit ${id}`);
    }
    if (notes.length > 0) console.log(`\n${notes.join('\n')}`);
    // A run over every page, as the goals are stated, is the one the report keeps.
    if (only.length === all.length && runs === RUNS) await writeReportSection(report(table, notes));
  } finally {
    chrome.kill();
    await server.close();
  }
}
