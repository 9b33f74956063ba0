import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useBuiltSite } from '../helpers/built-site.ts';

/** Every lesson of the built site, as a reader on a small phone first sees it. */
describe('every lesson on a 360 px phone', () => {
  const site = useBuiltSite();

  it('renders with no console error and never makes the page wider than the screen', async () => {
    const page = await site.browser.newPage({ viewport: { width: 360, height: 800 } });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
    await page.goto(site.server.url);
    // The lessons as the site lists them: on a phone, in the menu "All lessons" opens.
    await page.getByRole('button', { name: 'All lessons' }).click();
    const links = page.getByRole('navigation', { name: 'Lessons' }).locator(':scope > ol > li > a');
    await links.first().waitFor();
    const hrefs = await links.evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href') ?? ''));
    assert.equal(hrefs.length, 11);
    const tooWide: string[] = [];
    for (const href of hrefs) {
      await page.goto(`${site.server.url}/${href}`);
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
