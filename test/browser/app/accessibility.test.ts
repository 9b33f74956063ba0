import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../src/app/wsp-app.ts';
import type { WspApp } from '../../../src/app/wsp-app.ts';
import { lessons, playground } from '../../../src/app/lessons.ts';
import { linkSiteTheme, THEME_BACKGROUND, WAIT } from '../helpers/lesson-helpers.ts';

/** Every lesson and the playground, in the whole site shell, checked by axe-core in both themes. */
describe('accessibility', () => {
  before(linkSiteTheme);

  for (const theme of ['light', 'dark'] as const) {
    for (const lesson of [...lessons, playground]) {
      it(`finds no axe violations in "${lesson.title}" (${theme} theme)`, async () => {
        localStorage.setItem('wsp-theme', theme);
        history.replaceState(null, '', `#/${lesson.slug}`);
        const app = await fixture<WspApp>(html`<wsp-app></wsp-app>`);
        await waitUntil(
          () => app.shadowRoot!.querySelector('main')!.firstElementChild?.shadowRoot?.querySelector('h1'),
          'the lesson renders',
          { timeout: 5000 },
        );
        if (lesson !== playground) {
          await waitUntil(() => app.shadowRoot!.querySelector('.pager'), 'the lesson is complete', WAIT);
        }
        expect(getComputedStyle(document.documentElement).backgroundColor).to.equal(THEME_BACKGROUND[theme]);
        await expect(app).to.be.accessible();
      });
    }
  }

  after(() => {
    localStorage.removeItem('wsp-theme');
    delete document.documentElement.dataset['theme'];
  });
});
