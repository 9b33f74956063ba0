import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/app/wsp-app.ts';
import type { WspApp } from '../../src/app/wsp-app.ts';
import { lessons } from '../../src/app/lessons.ts';

const SLUGS = [
  'what-are-websockets',
  'handshake',
  'cors',
  'frames',
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
  await waitUntil(() => heading(app) === title, `the lesson "${title}" is shown (shown: ${heading(app)})`);
}

describe('the site shell', () => {
  let app: WspApp;

  beforeEach(async () => {
    history.replaceState(null, '', '#/what-are-websockets');
    app = await fixture<WspApp>(html`<wsp-app></wsp-app>`);
  });

  it('lists every lesson in course order, with its route', () => {
    expect(lessons.map((lesson) => lesson.slug)).to.deep.equal(SLUGS);
    const links = [...app.shadowRoot!.querySelectorAll<HTMLAnchorElement>('nav a')];
    expect(links.map((link) => link.getAttribute('href'))).to.deep.equal(SLUGS.map((slug) => `#/${slug}`));
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
    await showsLesson(app, 'Closing');
    history.back();
    await showsLesson(app, 'Frames');
    history.forward();
    await showsLesson(app, 'Closing');
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

  it('moves focus to the new lesson after a navigation, for keyboard users', async () => {
    await go('#/cors');
    await showsLesson(app, 'CORS and Origin');
    await waitUntil(() => app.shadowRoot!.activeElement?.tagName === 'MAIN', 'focus moves to main');
  });
});
