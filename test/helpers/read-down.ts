import type { Page } from 'playwright-core';

/**
 * Scrolls a lesson to one of its demos, as a reader does, and waits for the
 * demo to render: a lesson's demos load as the reader comes near them
 * (wsp-on-approach), so a first screen holds none of them.
 */
export async function readDownTo(page: Page, demo: string): Promise<void> {
  const host = page.locator(demo).first();
  const control = host.locator('button, input, table, [role=group]').first();
  // The site puts a lesson at its top once it has rendered, which may come after this scroll: scroll again then.
  for (let attempt = 1; ; attempt++) {
    await host.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    try {
      await control.waitFor({ timeout: 2000 });
      return;
    } catch (error) {
      if (attempt === 5) throw error;
    }
  }
}
