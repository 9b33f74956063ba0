import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
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
  // The lessons as the site lists them: the page is the one place that knows them all.
  const index = await browser.newPage();
  await index.goto(server.url);
  const links = index.getByRole('navigation', { name: 'Lessons' }).locator(':scope > ol > li > a');
  await links.first().waitFor();
  const slugs = (await links.evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href') ?? '')))
    .map((href) => href.replace(/^#\//, ''))
    .filter((slug) => only.length === 0 || only.includes(slug));
  await index.close();
  if (slugs.length === 0) throw new Error(`No lesson named ${only.join(', ')}.`);
  for (const theme of THEMES) {
    for (const [device, width] of Object.entries(WIDTHS)) {
      const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme: theme });
      for (const slug of slugs) {
        await page.goto(`${server.url}/#/${slug}`);
        await page.locator('main h1').waitFor();
        // Demos load as the reader comes near them (wsp-on-approach): read down the page as a reader would, to
        // its end, which moves down as they render.
        const height = async (): Promise<number> =>
          Number(await page.evaluate('document.documentElement.scrollHeight'));
        for (let y = 0; y < (await height()); y += 900) {
          await page.mouse.wheel(0, 900);
          await page.waitForTimeout(100);
        }
        await page.evaluate('scrollTo(0, 0)');
        await page.waitForLoadState('networkidle');
        const file = join(folder, `${slug}-${theme}-${device}.png`);
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
