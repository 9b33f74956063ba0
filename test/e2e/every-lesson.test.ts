import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { startPlaygroundServer, type PlaygroundServer } from '../../server/playground-server.ts';
import { chromiumArgs, chromiumPath } from '../helpers/chromium.ts';

/** Every lesson of the built site, as a reader on a small phone first sees it. */
describe('every lesson on a 360 px phone', () => {
  let server: PlaygroundServer;
  let browser: Browser;

  before(async () => {
    server = await startPlaygroundServer({ port: 0, logger: () => {} });
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: chromiumArgs.filter((arg) => !arg.startsWith('--headless')),
    });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('renders with no console error and never makes the page wider than the screen', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
    await page.goto(server.url);
    // The lessons as the site lists them: on a phone, in the menu "All lessons" opens.
    await page.getByRole('button', { name: 'All lessons' }).click();
    const links = page.getByRole('navigation', { name: 'Lessons' }).locator(':scope > ol > li > a');
    await links.first().waitFor();
    const hrefs = await links.evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href') ?? ''));
    assert.equal(hrefs.length, 11);
    const tooWide: string[] = [];
    for (const href of hrefs) {
      await page.goto(`${server.url}/${href}`);
      await page.locator('main h1').waitFor();
      await page.locator('main .pager').waitFor();
      const width = Number(await page.evaluate('document.documentElement.scrollWidth'));
      if (width > 360) tooWide.push(`${href}: ${width} px`);
    }
    assert.deepEqual(tooWide, []);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
