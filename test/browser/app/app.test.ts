import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../src/app/wsp-app.ts';
import type { WspApp } from '../../../src/app/wsp-app.ts';
import { lessons } from '../../../src/app/lessons.ts';
import { WAIT } from '../helpers/lesson-helpers.ts';

const SLUGS = [
  'what-are-websockets',
  'handshake',
  'cors',
  'security',
  'frames',
  'compression',
  'closing',
  'client',
  'server',
  'use-cases',
  'key-points',
];

function heading(app: WspApp): string | undefined {
  const main = app.shadowRoot!.querySelector('main')!;
  const lesson = main.firstElementChild;
  const root = lesson?.shadowRoot ?? main;
  return root.querySelector('h1')?.textContent?.trim();
}

async function go(hash: string): Promise<void> {
  if (window.location.hash === hash) return;
  const changed = new Promise((resolve) => window.addEventListener('hashchange', resolve, { once: true }));
  window.location.hash = hash;
  await changed;
}

async function showsLesson(app: WspApp, title: string): Promise<void> {
  await waitUntil(() => heading(app) === title, `the lesson "${title}" is shown (shown: ${heading(app)})`, WAIT);
}

describe('the site shell', () => {
  let app: WspApp;

  beforeEach(async () => {
    history.replaceState(null, '', '#/what-are-websockets');
    localStorage.removeItem('wsp-progress');
    app = await fixture<WspApp>(html`<wsp-app></wsp-app>`);
  });

  it('lists every lesson in course order, with its route, and the playground beside them', () => {
    expect(lessons.map((lesson) => lesson.slug)).to.deep.equal(SLUGS);
    const links = [...app.shadowRoot!.querySelectorAll<HTMLAnchorElement>('nav a')];
    expect(links.map((link) => link.getAttribute('href'))).to.deep.equal([
      ...SLUGS.map((slug) => `#/${slug}`),
      '#/playground',
    ]);
  });

  it('opens the playground at #/playground, with no previous or next lesson', async () => {
    window.location.hash = '#/playground';
    await waitUntil(() => app.shadowRoot!.querySelector('wsp-playground') !== null, 'the playground', {
      timeout: 10000,
    });
    await app.updateComplete;
    expect(app.shadowRoot!.querySelector('.pager')).to.equal(null);
    expect(app.shadowRoot!.querySelector('nav a[href="#/playground"]')!.getAttribute('aria-current')).to.equal('page');
    expect(document.title).to.equal('Playground · WebSocket Playground');
  });

  it('offers a keyboard reader a skip link first, which takes the focus to the lesson', async () => {
    await showsLesson(app, 'What are WebSockets?');
    const root = app.shadowRoot!;
    const first = root.querySelector<HTMLAnchorElement>('a, button, input, select')!;
    expect(first.classList.contains('skip'), 'the first control of the page').to.equal(true);
    expect(first.textContent).to.equal('Skip to the lesson');
    const hash = window.location.hash;
    first.click();
    await waitUntil(() => root.activeElement?.tagName === 'MAIN', 'the lesson has the focus', WAIT);
    expect(window.location.hash, 'the route stays').to.equal(hash);
  });

  it("knows each lesson's element by the tag the lesson defines", async () => {
    for (const lesson of lessons) {
      expect(customElements.getName(await lesson.load())).to.equal(lesson.tag);
    }
  });

  it('opens each lesson on its route, marks it current and names the page after it', async () => {
    for (const lesson of lessons) {
      await go(`#/${lesson.slug}`);
      await showsLesson(app, lesson.title);
      const current = app.shadowRoot!.querySelector('nav a[aria-current=page]')!;
      expect(current.getAttribute('href')).to.equal(`#/${lesson.slug}`);
      expect(document.title).to.equal(`${lesson.title} · WebSocket Playground`);
    }
  });

  it('holds the echo demo in the first lesson', async () => {
    await showsLesson(app, 'What are WebSockets?');
    const lesson = app.shadowRoot!.querySelector('main')!.firstElementChild!;
    expect(lesson.shadowRoot!.querySelector('wsp-echo-demo')).to.not.equal(null);
  });

  it('keeps the lesson through back and forward', async () => {
    await go('#/frames');
    await showsLesson(app, 'Frames');
    await go('#/closing');
    await showsLesson(app, 'Closing a connection');
    history.back();
    await showsLesson(app, 'Frames');
    history.forward();
    await showsLesson(app, 'Closing a connection');
  });

  it('shows a helpful not-found view with every lesson for an unknown route', async () => {
    await go('#/no-such-lesson');
    await showsLesson(app, 'No lesson here');
    const main = app.shadowRoot!.querySelector('main')!;
    expect(main.textContent).to.contain('#/no-such-lesson');
    expect(main.querySelectorAll('a')).to.have.length(SLUGS.length);
    expect(document.title).to.equal('Page not found · WebSocket Playground');
  });

  it('opens the first lesson when there is no route, without a new history entry', async () => {
    history.replaceState(null, '', window.location.pathname + window.location.search);
    const length = history.length;
    const fresh = await fixture<WspApp>(html`<wsp-app></wsp-app>`);
    await showsLesson(fresh, 'What are WebSockets?');
    expect(window.location.hash).to.equal('#/what-are-websockets');
    expect(history.length).to.equal(length);
  });

  it('lists the sections of the open lesson as deep links, and a deep link scrolls to and focuses its heading', async () => {
    await go('#/handshake');
    await showsLesson(app, 'The handshake and its headers');
    await waitUntil(() => app.shadowRoot!.querySelector('.sections a'), 'the sections are listed', WAIT);
    const links = [...app.shadowRoot!.querySelectorAll<HTMLAnchorElement>('.sections a')];
    const reading = links.find((link) => link.textContent === 'Reading the request')!;
    expect(reading.getAttribute('href')).to.equal('#/handshake/reading-the-request');
    await go('#/handshake/reading-the-request');
    const lesson = app.shadowRoot!.querySelector('main')!.firstElementChild!;
    await waitUntil(
      () => lesson.shadowRoot!.activeElement?.textContent === 'Reading the request',
      'the heading has focus',
      WAIT,
    );
  });

  it('ends each lesson with links to the previous and the next one', async () => {
    await go('#/cors');
    await showsLesson(app, 'CORS and Origin');
    const pager = app.shadowRoot!.querySelector('.pager')!;
    expect(pager.querySelector('a[rel=prev]')!.getAttribute('href')).to.equal('#/handshake');
    expect(pager.querySelector('a[rel=next]')!.getAttribute('href')).to.equal('#/security');
    await go('#/key-points');
    await showsLesson(app, lessons.at(-1)!.title);
    expect(app.shadowRoot!.querySelector('.pager a[rel=next]')).to.equal(null);
    expect(app.shadowRoot!.querySelector('.pager')!.textContent).to.contain('The end of the course');
  });

  it('remembers lessons read to the end and self-checks answered right, shows them, and resets them', async () => {
    await go('#/handshake');
    await showsLesson(app, 'The handshake and its headers');
    // The shell takes the reader to the top of a newly opened lesson: scroll to its end only after that.
    await waitUntil(() => app.shadowRoot!.activeElement?.tagName === 'MAIN', 'focus moves to main', WAIT);
    const lesson = app.shadowRoot!.querySelector('main')!.firstElementChild!;
    const check = lesson.shadowRoot!.querySelector('wsp-self-check')!;
    const options = [...check.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type=radio]')];
    const right = options.find((option) => option.closest('label')?.textContent?.includes('lets the client check'))!;
    right.click();
    const note = () => app.shadowRoot!.querySelector('.lessons a[href="#/handshake"] .progress')?.textContent ?? '';
    await waitUntil(() => note().includes('1 checked'), 'the right answer is counted', WAIT);
    // Scrolled to the end again at each look: the shell may still be taking the reader to the top.
    const pager = app.shadowRoot!.querySelector('.pager')!;
    await waitUntil(
      () => {
        pager.scrollIntoView();
        return note() === '✓ read · 1 checked';
      },
      'the lesson counts as read once its end is in view',
      WAIT,
    );
    expect(JSON.parse(localStorage.getItem('wsp-progress')!).handshake.read).to.equal(true);

    const again = await fixture<WspApp>(html`<wsp-app></wsp-app>`);
    expect(again.shadowRoot!.querySelector('.lessons a[href="#/handshake"] .progress')!.textContent).to.equal(
      '✓ read · 1 checked',
    );
    const root = again.shadowRoot!;
    root.querySelector<HTMLButtonElement>('.reset')!.click();
    await again.updateComplete;
    expect(root.querySelector('.progress'), 'nothing is gone before the reader confirms').to.not.equal(null);
    expect(root.querySelector('#reset-question')!.textContent).to.contain('every lesson');
    root.querySelector<HTMLButtonElement>('#reset-keep')!.click();
    await again.updateComplete;
    expect(root.querySelector('.progress')).to.not.equal(null);
    expect(root.querySelector('#reset-question')).to.equal(null);

    root.querySelector<HTMLButtonElement>('.reset')!.click();
    await again.updateComplete;
    root.querySelector<HTMLButtonElement>('#reset-confirm')!.click();
    await again.updateComplete;
    expect(root.querySelector('.progress')).to.equal(null);
    expect(root.querySelector('#reset-done')!.textContent).to.equal('Progress reset.');
    expect(root.activeElement?.classList.contains('reset'), 'focus returns to the button').to.equal(true);
  });

  it('keeps working when the saved progress is junk', async () => {
    localStorage.setItem('wsp-progress', '{"handshake": 7, "cors": {"read": "yes", "passed": [1, "q"]}');
    const fresh = await fixture<WspApp>(html`<wsp-app></wsp-app>`);
    await showsLesson(fresh, 'What are WebSockets?');
    expect(fresh.shadowRoot!.querySelector('.progress')).to.equal(null);
    localStorage.removeItem('wsp-progress');
  });

  it('lets the reader choose a light or dark theme and remembers it', async () => {
    const select = app.shadowRoot!.querySelector('wsp-theme-switch')!.shadowRoot!.querySelector('select')!;
    select.value = 'dark';
    select.dispatchEvent(new Event('change'));
    expect(document.documentElement.dataset['theme']).to.equal('dark');
    expect(localStorage.getItem('wsp-theme')).to.equal('dark');
    select.value = 'system';
    select.dispatchEvent(new Event('change'));
    expect(document.documentElement.dataset['theme']).to.equal(undefined);
    expect(localStorage.getItem('wsp-theme')).to.equal(null);
  });

  it('moves focus to the new lesson after a navigation, for keyboard users', async () => {
    await go('#/cors');
    await showsLesson(app, 'CORS and Origin');
    await waitUntil(() => app.shadowRoot!.activeElement?.tagName === 'MAIN', 'focus moves to main', WAIT);
  });
});
