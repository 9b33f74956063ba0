import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../../../src/app/wsp-app.ts';
import type { WspApp } from '../../../src/app/wsp-app.ts';
import { text, WAIT } from '../helpers/lesson-helpers.ts';

/** The viewport the test runner's Chromium opens with, put back after each test. */
const RUNNER_VIEWPORT = { width: 800, height: 600 };
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

function lessonRoot(app: WspApp): ShadowRoot | null | undefined {
  return app.shadowRoot!.querySelector('main')!.firstElementChild?.shadowRoot;
}

function title(app: WspApp): string {
  return text(lessonRoot(app)?.querySelector('h1'));
}

async function go(hash: string): Promise<void> {
  const changed = new Promise((resolve) => window.addEventListener('hashchange', resolve, { once: true }));
  window.location.hash = hash;
  await changed;
}

/** Waits for the lesson and for the shell to have put the reader at its top (the focus on `<main>`, no scroll). */
async function landsAtTop(app: WspApp, lesson: string): Promise<void> {
  await waitUntil(
    () => title(app) === lesson && app.shadowRoot!.activeElement?.tagName === 'MAIN' && window.scrollY === 0,
    `"${lesson}" opens at its top (shown: "${title(app)}", scrolled to ${window.scrollY})`,
    WAIT,
  );
}

async function scrollsTo(y: number, what: string): Promise<void> {
  await waitUntil(() => Math.abs(window.scrollY - y) < 2, `${what}: ${y} (scrolled to ${window.scrollY})`, WAIT);
}

const frame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Scrolls as a reader does (a wheel first, so nothing the site holds in place
 * takes the page back) and reads until the page is still: the place where
 * the reader is then. The scroll brings the lesson's demos, and as they
 * render above, the browser's scroll anchoring nudges the place.
 */
async function readerScrollsTo(y: number): Promise<number> {
  window.dispatchEvent(new WheelEvent('wheel'));
  window.scrollTo(0, y);
  let place = Number.NaN;
  for (let reads = 0; reads < 20 && place !== window.scrollY; reads++) {
    place = window.scrollY;
    await pause(300);
  }
  expect(window.scrollY, 'the page scrolled').to.be.greaterThan(y / 2);
  return window.scrollY;
}

describe('moving around the site', () => {
  let app: WspApp;

  beforeEach(async () => {
    history.replaceState(null, '', '#/what-are-websockets');
    window.scrollTo(0, 0);
    app = await fixture<WspApp>(html`<wsp-app></wsp-app>`);
  });

  afterEach(async () => {
    await setViewport(RUNNER_VIEWPORT);
  });

  it('returns with Back and Forward to the place the reader left each lesson', async () => {
    await setViewport(DESKTOP);
    await go('#/handshake');
    await landsAtTop(app, 'The handshake and its headers');
    const inHandshake = await readerScrollsTo(1500);
    await go('#/frames');
    await landsAtTop(app, 'Frames');
    const inFrames = await readerScrollsTo(700);
    history.back();
    await waitUntil(() => title(app) === 'The handshake and its headers', 'Back opens the handshake again', WAIT);
    await scrollsTo(inHandshake, 'Back returns to where the reader was in the handshake');
    history.forward();
    await waitUntil(() => title(app) === 'Frames', 'Forward opens the frames again', WAIT);
    await scrollsTo(inFrames, 'Forward returns to where the reader was in the frames');
  });

  it('returns with Back to where the reader scrolled from a deep-linked section, not to the section', async () => {
    await setViewport(DESKTOP);
    await go('#/handshake/break-it');
    await waitUntil(() => text(lessonRoot(app)?.activeElement) === 'Break it', 'the section has the focus', WAIT);
    const place = await readerScrollsTo(400);
    await go('#/cors');
    await landsAtTop(app, 'CORS and Origin');
    history.back();
    await waitUntil(() => title(app) === 'The handshake and its headers', 'Back opens the handshake again', WAIT);
    await scrollsTo(place, 'Back returns to the place, not the section');
  });

  it('comes back after a reload to the place the reader had reached', async () => {
    await setViewport(DESKTOP);
    await go('#/closing');
    await landsAtTop(app, 'Closing a connection');
    const place = await readerScrollsTo(1200);
    // Long enough for the place to be written into the history entry, which outlives the page.
    await pause(300);
    app.remove();
    // A reloaded page starts at its top.
    window.scrollTo(0, 0);
    const reloaded = await fixture<WspApp>(html`<wsp-app></wsp-app>`);
    await waitUntil(() => title(reloaded) === 'Closing a connection', 'the lesson opens again', WAIT);
    await scrollsTo(place, 'the reload returns to the place');
  });

  it('keeps the lesson list in view beside a long lesson, scrolling on its own when taller than the screen', async () => {
    await setViewport(DESKTOP);
    await go('#/handshake');
    await landsAtTop(app, 'The handshake and its headers');
    await readerScrollsTo(3000);
    const nav = app.shadowRoot!.querySelector<HTMLElement>('nav.lessons')!;
    const list = nav.getBoundingClientRect();
    expect(list.top, 'the list sticks to the top edge').to.be.within(-1, 1);
    expect(list.bottom, 'and ends within the screen').to.be.at.most(window.innerHeight + 1);
    const current = nav.querySelector('a[aria-current=page]')!.getBoundingClientRect();
    expect(current.top, 'the current lesson is in view').to.be.within(0, window.innerHeight - current.height);

    await setViewport({ width: DESKTOP.width, height: 360 });
    await frame();
    expect(nav.scrollHeight, 'a short screen cannot hold the whole list').to.be.greaterThan(nav.clientHeight);
    expect(nav.getBoundingClientRect().bottom, 'the list ends within the screen').to.be.at.most(361);
    expect(getComputedStyle(nav).overflowY, 'and scrolls on its own').to.equal('auto');
  });

  it('opens the lesson list in place on a phone: under the header, no jump, closed by a choice or Escape', async () => {
    await setViewport(PHONE);
    await waitUntil(() => title(app) === 'What are WebSockets?', 'the first lesson is shown', WAIT);
    const root = app.shadowRoot!;
    const button = root.querySelector<HTMLButtonElement>('.to-lessons')!;
    const nav = root.querySelector<HTMLElement>('nav.lessons')!;
    const header = root.querySelector('header')!;
    expect(button.checkVisibility(), '"All lessons" is offered').to.equal(true);
    expect(button.getAttribute('aria-controls')).to.equal(nav.id);
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    expect(nav.checkVisibility(), 'the list waits closed').to.equal(false);
    expect(root.querySelector('main')!.getBoundingClientRect().top, 'the lesson follows the header').to.be.closeTo(
      header.getBoundingClientRect().bottom,
      1,
    );

    button.click();
    await app.updateComplete;
    await frame();
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    expect(nav.checkVisibility(), 'the list is open').to.equal(true);
    expect(window.scrollY, 'the page stays where it was').to.equal(0);
    expect(nav.getBoundingClientRect().top, 'the list opens right under the header').to.be.closeTo(
      header.getBoundingClientRect().bottom,
      1,
    );

    nav.querySelector<HTMLAnchorElement>('a[href="#/cors"]')!.click();
    await landsAtTop(app, 'CORS and Origin');
    expect(button.getAttribute('aria-expanded'), 'choosing a lesson closes the list').to.equal('false');
    expect(nav.checkVisibility()).to.equal(false);

    button.click();
    await app.updateComplete;
    nav.querySelector<HTMLAnchorElement>('a')!.focus();
    await sendKeys({ press: 'Escape' });
    await app.updateComplete;
    expect(button.getAttribute('aria-expanded'), 'Escape closes the list').to.equal('false');
    expect(root.activeElement?.className, 'and gives the focus back to the button').to.contain('to-lessons');
  });

  for (const viewport of [DESKTOP, PHONE]) {
    it(`lands a deep link at ${viewport.width} px with its heading below the top edge and no focus box`, async () => {
      await setViewport(viewport);
      history.replaceState(null, '', '#/handshake/break-it');
      const opened = await fixture<WspApp>(html`<wsp-app></wsp-app>`);
      await waitUntil(() => text(lessonRoot(opened)?.activeElement) === 'Break it', 'the section has the focus', WAIT);
      // The demos above the section render after the lesson: the heading must stay where it landed.
      await pause(1000);
      const heading = lessonRoot(opened)!.activeElement!;
      const { top } = heading.getBoundingClientRect();
      expect(top, 'the heading is below the top edge, with room to spare').to.be.within(12, window.innerHeight / 3);
      expect(getComputedStyle(heading).outlineStyle, 'no browser focus box').to.equal('none');
    });
  }
});
