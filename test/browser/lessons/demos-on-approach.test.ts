import { expect, fixture, html } from '@open-wc/testing';
import '../../../src/lessons/closing/wsp-lesson-closing.ts';
import type { WspLessonClosing } from '../../../src/lessons/closing/wsp-lesson-closing.ts';
import { shadow } from '../helpers/lesson-helpers.ts';

/** The closing lesson's demos in the order it shows them: each one's module defines its element. */
const DEMOS = [
  'wsp-close-client-demo',
  'wsp-close-code-table',
  'wsp-close-server-demo',
  'wsp-close-drop-demo',
  'wsp-close-connecting-demo',
];

const defined = (): boolean[] => DEMOS.map((name) => customElements.get(name) !== undefined);

// A page of its own: no other test has loaded these demos' modules, and nothing has scrolled it yet.
describe('a lesson’s demos wait for the reader', () => {
  it('opens with its prose alone: no demo below the first screen is loaded', async () => {
    const lesson = await fixture<WspLessonClosing>(html`<wsp-lesson-closing></wsp-lesson-closing>`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const waiting = [...shadow(lesson).querySelectorAll('wsp-on-approach')];
    expect(waiting.map((element) => element.firstElementChild?.localName)).to.deep.equal(DEMOS);
    expect(waiting[0]!.getBoundingClientRect().top, 'the first demo is below the first screen').to.be.above(
      window.innerHeight,
    );
    expect(defined()).to.deep.equal([false, false, false, false, false]);
  });

  it('loads the demos, all together, only when a place it returns to lies below one of them', async () => {
    const lesson = await fixture<WspLessonClosing>(html`<wsp-lesson-closing></wsp-lesson-closing>`);
    const first = shadow(lesson).querySelector('wsp-on-approach')!;
    const top = first.getBoundingClientRect().top + window.scrollY;
    await lesson.loadPartsAbove(top - 1);
    expect(defined(), 'a place above the first demo needs none').to.deep.equal([false, false, false, false, false]);
    await lesson.loadPartsAbove(top + 1);
    expect(defined()).to.deep.equal([true, true, true, true, true]);
    const [client, table] = [...shadow(lesson).querySelectorAll('wsp-on-approach')].map(
      (element) => element.firstElementChild!,
    );
    expect(client!.shadowRoot?.querySelector('button'), 'the first demo rendered').to.not.equal(null);
    expect(table!.shadowRoot?.querySelector('table'), 'the table rendered').to.not.equal(null);
  });
});
