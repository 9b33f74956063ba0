import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/app/wsp-app.ts';
import type { WspApp } from '../../src/app/wsp-app.ts';
import { lessons } from '../../src/app/lessons.ts';

/** The site's own colours, as index.html links them, so that axe checks the contrast a reader gets. */
async function linkSiteTheme(): Promise<void> {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = '/src/app/site-theme.css';
  const loaded = new Promise((resolve, reject) => {
    link.addEventListener('load', resolve);
    link.addEventListener('error', reject);
  });
  document.head.append(link);
  await loaded;
}

/** The page background of each theme (site-theme.css): proof that the theme really applies. */
const BACKGROUND = { light: 'rgb(244, 246, 250)', dark: 'rgb(18, 21, 28)' } as const;

/** Every lesson, in the whole site shell, checked by axe-core in both themes. */
describe('accessibility', () => {
  before(linkSiteTheme);

  for (const theme of ['light', 'dark'] as const) {
    for (const lesson of lessons) {
      it(`finds no axe violations in "${lesson.title}" (${theme} theme)`, async () => {
        localStorage.setItem('wsp-theme', theme);
        history.replaceState(null, '', `#/${lesson.slug}`);
        const app = await fixture<WspApp>(html`<wsp-app></wsp-app>`);
        await waitUntil(
          () => app.shadowRoot!.querySelector('main')!.firstElementChild?.shadowRoot?.querySelector('h1'),
          'the lesson renders',
          { timeout: 5000 },
        );
        await waitUntil(() => app.shadowRoot!.querySelector('.pager'), 'the lesson is complete');
        expect(getComputedStyle(document.documentElement).backgroundColor).to.equal(BACKGROUND[theme]);
        await expect(app).to.be.accessible();
      });
    }
  }

  after(() => {
    localStorage.removeItem('wsp-theme');
    delete document.documentElement.dataset['theme'];
  });
});
