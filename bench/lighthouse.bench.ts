import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { startPlaygroundServer } from '../server/playground-server.ts';
import { chromiumArgs, chromiumPath } from '../test/helpers/chromium.ts';
import { buildSite, siteBuildIsStale } from '../scripts/site-build.ts';

/** Three lessons of different weight: the first visit, a text-heavy one, and a byte-heavy one. */
const PAGES = ['what-are-websockets', 'handshake', 'frames'];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
/** The goals of issue #8: Performance 95 on Lighthouse's default mobile settings, the rest 100. */
const GOALS: Readonly<Record<(typeof CATEGORIES)[number], number>> = {
  performance: 95,
  accessibility: 100,
  'best-practices': 100,
  seo: 100,
};

/** The metrics behind the Performance score, printed so a low score says why. */
const METRICS = [
  'first-contentful-paint',
  'largest-contentful-paint',
  'total-blocking-time',
  'cumulative-layout-shift',
  'speed-index',
];

/** Lighthouse (mobile, simulated throttling) on the built site served by the live server, in the tests' Chromium. */
export default async function run(): Promise<void> {
  if (await siteBuildIsStale()) await buildSite();
  const server = await startPlaygroundServer({ port: 0, logger: () => {} });
  const chrome = await launch({ chromePath: chromiumPath(), chromeFlags: chromiumArgs });
  try {
    console.log(`| lesson | ${CATEGORIES.join(' | ')} |`);
    console.log(`| --- | ${CATEGORIES.map(() => '---:').join(' | ')} |`);
    for (const slug of PAGES) {
      const result = await lighthouse(`${server.url}/#/${slug}`, {
        port: chrome.port,
        logLevel: 'error',
        onlyCategories: [...CATEGORIES],
      });
      if (!result) throw new Error(`Lighthouse returned nothing for ${slug}`);
      const scores = CATEGORIES.map((category) => {
        const score = Math.round((result.lhr.categories[category]?.score ?? 0) * 100);
        return score >= GOALS[category] ? `${score}` : `${score} (goal ${GOALS[category]})`;
      });
      console.log(`| ${slug} | ${scores.join(' | ')} |`);
      const failed = Object.values(result.lhr.audits).filter(
        (audit) => audit.score !== null && audit.score < 1 && audit.scoreDisplayMode === 'binary',
      );
      for (const audit of failed) console.log(`  - ${slug}: ${audit.id}: ${audit.title}`);
      const metrics = METRICS.map((id) => `${id} ${result.lhr.audits[id]?.displayValue ?? '?'}`);
      console.log(`  - ${slug}: ${metrics.join(', ')}`);
    }
  } finally {
    chrome.kill();
    await server.close();
  }
}
