import { expect, fixture, html } from '@open-wc/testing';
import '../../../src/lessons/key-points/wsp-lesson-key-points.ts';
import { KEY_POINTS, type WspLessonKeyPoints } from '../../../src/lessons/key-points/wsp-lesson-key-points.ts';
import { findLesson } from '../../../src/app/lessons.ts';
import { sectionFromHash, slugFromHash } from '../../../src/app/router.ts';
import { sectionId } from '../../../src/controllers/lesson-sections.ts';
import { text } from '../helpers/lesson-helpers.ts';

/** The section ids of a lesson, as the site computes them from its h2 headings. */
async function sectionsOf(slug: string): Promise<string[]> {
  const lesson = findLesson(slug);
  if (!lesson) throw new Error(`no lesson "${slug}"`);
  await lesson.load();
  const element = document.createElement(lesson.tag) as HTMLElement & { updateComplete: Promise<unknown> };
  document.body.append(element);
  try {
    await element.updateComplete;
    return [...element.shadowRoot!.querySelectorAll('h2')].map((heading) => sectionId(text(heading)));
  } finally {
    element.remove();
  }
}

describe('the key points lesson', () => {
  it('states the four key points, each as a section of its own', async () => {
    const lesson = await fixture<WspLessonKeyPoints>(html`<wsp-lesson-key-points></wsp-lesson-key-points>`);
    const headings = [...lesson.shadowRoot!.querySelectorAll('h2')].map((heading) => text(heading));
    expect(headings).to.deep.equal([
      'The client always opens the connection',
      'Once open, both sides speak whenever they like',
      'The browser does the upgrade for you',
      'Real two-way traffic, not polling',
      'Check yourself',
    ]);
  });

  it('links every point to at least two places in the course', async () => {
    const lesson = await fixture<WspLessonKeyPoints>(html`<wsp-lesson-key-points></wsp-lesson-key-points>`);
    const lists = lesson.shadowRoot!.querySelectorAll('ul.links');
    expect(lists.length).to.equal(4);
    for (const list of lists) expect(list.querySelectorAll('a[href^="#/"]').length).to.be.at.least(2);
  });

  it('links only to lessons and sections that exist', async () => {
    const lesson = await fixture<WspLessonKeyPoints>(html`<wsp-lesson-key-points></wsp-lesson-key-points>`);
    const hrefs = [...lesson.shadowRoot!.querySelectorAll('a')].map((link) => link.getAttribute('href') ?? '');
    expect(hrefs.length).to.equal(KEY_POINTS.flatMap((point) => point.links).length + 1);
    const sections = new Map<string, string[]>();
    for (const href of hrefs) {
      const slug = slugFromHash(href);
      const section = sectionFromHash(href);
      expect(findLesson(slug), `${href} names a lesson`).to.not.equal(undefined);
      if (!sections.has(slug)) sections.set(slug, await sectionsOf(slug));
      expect(sections.get(slug), `${href} names a section of ${slug}`).to.include(section);
    }
  });

  it('teaches the key, file:// pages and the two commands on their own, with no text the reader never saw', async () => {
    const lesson = await fixture<WspLessonKeyPoints>(html`<wsp-lesson-key-points></wsp-lesson-key-points>`);
    const prose = text(lesson.shadowRoot);
    expect(prose).to.contain('Its job is to prove the server understood a WebSocket request');
    expect(prose).to.contain('Origin: null');
    expect(prose).to.contain('npm install installs dependencies but creates no project (npm init does)');
    expect(prose).to.contain('Node 20 runs TypeScript with node --import tsx server.ts');
    const questions = [...lesson.shadowRoot!.querySelectorAll('wsp-self-check')].map((check) => check.question);
    for (const said of [prose, ...questions]) expect(said).to.not.match(/\bguide\b|client\.html|node-ts/);
  });

  it('ends with six self-check questions that each have exactly one right answer', async () => {
    const lesson = await fixture<WspLessonKeyPoints>(html`<wsp-lesson-key-points></wsp-lesson-key-points>`);
    const checks = [...lesson.shadowRoot!.querySelectorAll('wsp-self-check')];
    expect(checks).to.have.length(6);
    for (const check of checks) expect(check.options.filter((option) => option.correct)).to.have.length(1);
    const first = checks[0]!;
    first.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type=radio]')[1]!.click();
    await first.updateComplete;
    expect(text(first.shadowRoot!.querySelector('[role=status]'))).to.match(/^Right\./);
  });

  it('renders with no console errors', async () => {
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const lesson = await fixture<WspLessonKeyPoints>(html`<wsp-lesson-key-points></wsp-lesson-key-points>`);
      await lesson.updateComplete;
    } finally {
      console.error = original;
    }
    expect(errors).to.deep.equal([]);
  });
});
