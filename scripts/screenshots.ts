import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { lessons } from '../src/app/lessons.ts';
import { startPlaygroundServer } from '../server/playground-server.ts';
import { chromiumArgs, chromiumPath } from '../test/helpers/chromium.ts';
import { buildSite, ROOT, siteBuildIsStale } from './site-build.ts';

/**
 * `npm run screenshots [slug…]`: every lesson of the built site, in both
 * themes, at a phone's width and a desktop's, as full-page PNGs in
 * screenshots/, for review by eye before a release.
 */
const WIDTHS = { phone: 360, desktop: 1280 } as const;
const THEMES = ['light', 'dark'] as const;

const only = process.argv.slice(2);
const chosen = lessons.filter((lesson) => only.length === 0 || only.includes(lesson.slug));
if (chosen.length === 0) {
  console.error(`No lesson named ${only.join(', ')}. Lessons: ${lessons.map((lesson) => lesson.slug).join(', ')}`);
  process.exit(1);
}

if (await siteBuildIsStale()) await buildSite();
const folder = join(ROOT, 'screenshots');
await mkdir(folder, { recursive: true });
const server = await startPlaygroundServer({ port: 0, logger: () => {} });
// Playwright sets headless itself.
const browser = await chromium.launch({
  executablePath: chromiumPath(),
  args: chromiumArgs.filter((arg) => !arg.startsWith('--headless')),
});
try {
  for (const theme of THEMES) {
    for (const [device, width] of Object.entries(WIDTHS)) {
      const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme: theme });
      for (const lesson of chosen) {
        await page.goto(`${server.url}/#/${lesson.slug}`);
        await page.getByRole('heading', { level: 1, name: lesson.title }).waitFor();
        const file = join(folder, `${lesson.slug}-${theme}-${device}.png`);
        await page.screenshot({ path: file, fullPage: true });
        console.log(file);
      }
      await page.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
