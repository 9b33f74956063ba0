import { expect, fixture } from '@open-wc/testing';
import type { ReactiveElement, TemplateResult } from 'lit';
import type { WspOnApproach } from '../../../src/components/wsp-on-approach.ts';
import { connectionSettings } from '../../../src/controllers/connection-settings.ts';
import { ConnectionMode } from '../../../src/transport/mode.ts';
import { serverUrl } from './live-servers.ts';

/** How long a demo gets to show what a test waits for. */
export const WAIT = { timeout: 5000 };

/**
 * Brings a lesson to what a reader who has read down to every demo sees: each
 * demo waits in a wsp-on-approach until the reader comes near, so this loads
 * them all, then waits until they have rendered.
 */
export async function loadDemos(lesson: ReactiveElement): Promise<void> {
  await lesson.updateComplete;
  const waiting = [...shadow(lesson).querySelectorAll<WspOnApproach>('wsp-on-approach')];
  await Promise.all(waiting.map((element) => element.loadNow()));
  await lesson.updateComplete;
}

/** A lesson rendered with every demo loaded (`loadDemos`). */
export async function lessonFixture<T extends ReactiveElement>(template: TemplateResult): Promise<T> {
  const lesson = await fixture<T>(template);
  await loadDemos(lesson);
  return lesson;
}

/** The element's shadow root, or a clear failure naming the element that has none. */
export function shadow(element: Element | null | undefined): ShadowRoot {
  if (!element?.shadowRoot) throw new Error(`no shadow root on ${element?.tagName ?? 'a missing element'}`);
  return element.shadowRoot;
}

/** A node's text as a reader sees it: white space folded, trimmed. */
export function text(element: Node | null | undefined): string {
  return (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Registers a `before` hook: the suite's demos connect in `mode`, Live ones to the runner's live server. */
export function useMode(mode: ConnectionMode): void {
  before(async () => {
    connectionSettings.setServerUrl(await serverUrl('live-server-url'));
    connectionSettings.setMode(mode);
  });
}

/** Registers hooks that fail every test of the suite that wrote to console.error (still passing it on). */
export function failOnConsoleErrors(): void {
  let errors: unknown[][] = [];
  const original = console.error;
  beforeEach(() => {
    errors = [];
    console.error = (...args: unknown[]) => {
      errors.push(args);
      original(...args);
    };
  });
  afterEach(() => {
    console.error = original;
    expect(errors, 'console errors').to.deep.equal([]);
  });
}

/** The site's own colours, as index.html links them, so that axe checks the contrast a reader gets. */
export async function linkSiteTheme(): Promise<void> {
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
export const THEME_BACKGROUND = { light: 'rgb(244, 246, 250)', dark: 'rgb(18, 21, 28)' } as const;

/** Registers the hooks of a demo's axe suite: Simulated mode and the site's colours, the theme forgotten after. */
export function useSiteThemeForAxe(): void {
  before(async () => {
    connectionSettings.setMode(ConnectionMode.simulated);
    await linkSiteTheme();
  });
  after(() => {
    delete document.documentElement.dataset['theme'];
  });
}

/** Switches the page to `theme` and checks that its colours really apply. */
export function applyTheme(theme: keyof typeof THEME_BACKGROUND): void {
  document.documentElement.dataset['theme'] = theme;
  expect(getComputedStyle(document.documentElement).backgroundColor).to.equal(THEME_BACKGROUND[theme]);
}

/** What every demo driver starts from: the demo, its shadow root, and elements that must be there. */
export class ShadowDriver<Demo extends HTMLElement> {
  constructor(readonly demo: Demo) {}

  get root(): ShadowRoot {
    return shadow(this.demo);
  }

  find<T extends Element = HTMLElement>(selector: string): T {
    const found = this.root.querySelector<T>(selector);
    if (!found) throw new Error(`nothing matches ${selector}`);
    return found;
  }
}
