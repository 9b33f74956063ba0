import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../src/app/wsp-app.ts';
import type { WspApp } from '../../../src/app/wsp-app.ts';
import { lessons } from '../../../src/app/lessons.ts';
import { LessonSectionsEvent, sectionId, type LessonElement } from '../../../src/controllers/lesson-sections.ts';
import { shadow, text, WAIT } from '../helpers/lesson-helpers.ts';

/** The lessons put on the page by `told`, taken off after each test. */
const shown: HTMLElement[] = [];

/** Puts the lesson on the page and waits for the sections it tells, the way the shell's `<main>` hears them. */
async function told(lesson: LessonElement): Promise<LessonSectionsEvent> {
  const holder = document.createElement('div');
  const event = new Promise<LessonSectionsEvent>((resolve) =>
    holder.addEventListener(LessonSectionsEvent.eventName, resolve, { once: true }),
  );
  holder.append(lesson);
  document.body.append(holder);
  shown.push(holder);
  const silence = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`<${lesson.localName}> told no sections`)), 3000),
  );
  return Promise.race([event, silence]);
}

describe('the lessons’ sections', () => {
  afterEach(() => {
    for (const holder of shown.splice(0)) holder.remove();
  });

  it('turns a heading into the id its deep link names', () => {
    expect(sectionId('Reading the request')).to.equal('reading-the-request');
    expect(sectionId('Where Sec-WebSocket-Accept comes from')).to.equal('where-sec-websocket-accept-comes-from');
    expect(sectionId('No close frame: 1006')).to.equal('no-close-frame-1006');
    expect(sectionId('bufferedAmount: send never waits')).to.equal('bufferedamount-send-never-waits');
  });

  for (const entry of lessons) {
    it(`the ${entry.slug} lesson tells its h2 sections, in order, once it has rendered`, async () => {
      const Lesson = await entry.load();
      const lesson = new Lesson();
      const event = await told(lesson);
      expect(event.target).to.equal(lesson);
      expect(event.bubbles, 'bubbles up to the shell').to.equal(true);
      const headings = [...shadow(lesson).querySelectorAll('h2')].map((heading) => text(heading));
      expect(headings.length, 'the lesson has sections').to.be.greaterThan(0);
      expect(event.sections).to.deep.equal(headings.map((title) => ({ id: sectionId(title), title })));
    });
  }

  it('shows a section on request: its heading scrolled to and focused; an unknown id shows nothing', async () => {
    const Lesson = await lessons.find((entry) => entry.slug === 'handshake')!.load();
    const lesson = new Lesson();
    await told(lesson);
    const breakIt = [...shadow(lesson).querySelectorAll('h2')].find((heading) => text(heading) === 'Break it')!;
    expect(lesson.showSection('no-such-section')).to.equal(false);
    expect(shadow(lesson).activeElement).to.equal(null);
    expect(lesson.showSection('break-it')).to.equal(true);
    expect(shadow(lesson).activeElement).to.equal(breakIt);
  });
});

describe('a deep link into a lesson', () => {
  afterEach(() => history.replaceState(null, '', '#/what-are-websockets'));

  it('opens the lesson at its section: the heading focused and scrolled into view', async () => {
    history.replaceState(null, '', '#/handshake/break-it');
    const app = await fixture<WspApp>(html`<wsp-app></wsp-app>`);
    const lesson = () => app.shadowRoot!.querySelector('main')!.firstElementChild;
    await waitUntil(() => text(lesson()?.shadowRoot?.activeElement) === 'Break it', 'the section has focus', WAIT);
    const heading = lesson()!.shadowRoot!.activeElement!;
    const { top } = heading.getBoundingClientRect();
    expect(top, 'the heading is at the top of the view').to.be.within(-1, window.innerHeight / 2);
    expect(window.scrollY, 'the page scrolled down to it').to.be.greaterThan(0);
    const listed = [...app.shadowRoot!.querySelectorAll<HTMLAnchorElement>('.sections a')];
    expect(listed.map((link) => link.getAttribute('href'))).to.include('#/handshake/break-it');
  });

  it('lists as "on this page" links every section of the open lesson, and only those', async () => {
    history.replaceState(null, '', '#/closing');
    const app = await fixture<WspApp>(html`<wsp-app></wsp-app>`);
    await waitUntil(() => app.shadowRoot!.querySelector('.sections a'), 'the sections are listed', { timeout: 5000 });
    const lesson = app.shadowRoot!.querySelector('main')!.firstElementChild;
    const headings = [...shadow(lesson).querySelectorAll('h2')].map((heading) => text(heading));
    const listed = [...app.shadowRoot!.querySelectorAll<HTMLAnchorElement>('.sections a')];
    expect(listed.map((link) => [link.getAttribute('href'), link.textContent])).to.deep.equal(
      headings.map((title) => [`#/closing/${sectionId(title)}`, title]),
    );
  });
});
