import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { findLesson, lessons, type LessonEntry } from './lessons.ts';
import { hrefFor, slugFromHash } from './router.ts';

const SITE_NAME = 'WebSocket Playground';

/** Loading a lesson's chunk, as in Lit's Task: pending, complete or error. */
type LessonLoad =
  | { readonly status: 'pending'; readonly lesson: LessonEntry }
  | { readonly status: 'complete'; readonly lesson: LessonEntry; readonly element: HTMLElement }
  | { readonly status: 'error'; readonly lesson: LessonEntry; readonly message: string };

/**
 * The shell: the lesson list and the lesson the hash names. A thin wire-up:
 * lessons do the teaching, this element only finds and loads them.
 */
@customElement('wsp-app')
export class WspApp extends LitElement {
  static override styles = css`
    :host {
      display: grid;
      grid-template-columns: minmax(13rem, 17rem) minmax(0, 1fr);
      grid-template-rows: auto 1fr;
      grid-template-areas: 'header header' 'nav main';
      min-height: 100vh;
    }
    header {
      grid-area: header;
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 0.25rem 1rem;
      padding: 0.75rem 1.25rem;
      border-bottom: 1px solid var(--wsp-border, #d5d9e2);
      background: var(--wsp-surface, #fff);
    }
    .site {
      font-weight: 700;
      font-size: 1.15rem;
      color: inherit;
      text-decoration: none;
    }
    .tagline {
      color: var(--wsp-muted, #5b6478);
    }
    nav {
      grid-area: nav;
      padding: 1rem 0.75rem;
      border-right: 1px solid var(--wsp-border, #d5d9e2);
    }
    nav h2,
    .not-found h2 {
      font-size: 0.8rem;
      text-transform: uppercase;
      letter-spacing: 0.06em;
      color: var(--wsp-muted, #5b6478);
      margin: 0 0 0.5rem 0.5rem;
    }
    ol {
      margin: 0;
      padding: 0;
      list-style: none;
      counter-reset: lesson;
    }
    li {
      counter-increment: lesson;
    }
    nav a {
      display: block;
      padding: 0.4rem 0.5rem;
      border-radius: var(--wsp-radius, 6px);
      color: inherit;
      text-decoration: none;
    }
    nav a::before {
      content: counter(lesson) '. ';
      color: var(--wsp-muted, #5b6478);
    }
    nav a:hover {
      background: var(--wsp-hover, #eef1f6);
    }
    nav a[aria-current='page'] {
      background: var(--wsp-current, #e2e9fb);
      font-weight: 600;
      box-shadow: inset 3px 0 0 var(--wsp-accent, #2456c7);
    }
    main {
      grid-area: main;
      padding: 1.5rem clamp(1rem, 4vw, 3rem) 4rem;
      min-width: 0;
    }
    main:focus {
      outline: none;
    }
    a:focus-visible {
      outline: 3px solid var(--wsp-focus, #f5a524);
      outline-offset: 2px;
    }
    .not-found {
      max-width: 42rem;
    }
    .not-found li {
      margin: 0.4rem 0;
    }
    .not-found a {
      color: var(--wsp-accent-text, #1d47a8);
    }
    .summary {
      color: var(--wsp-muted, #5b6478);
    }
    .problem {
      color: var(--wsp-error, #b42318);
    }
    @media (max-width: 48rem) {
      :host {
        grid-template-columns: minmax(0, 1fr);
        grid-template-rows: auto auto 1fr;
        grid-template-areas: 'header' 'nav' 'main';
      }
      nav {
        border-right: none;
        border-bottom: 1px solid var(--wsp-border, #d5d9e2);
      }
    }
  `;

  @state() private slug = slugFromHash(window.location.hash);
  @state() private load: LessonLoad | undefined;
  #navigated = false;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.#onHashChange);
    if (this.slug === '') {
      // No route: open the first lesson, without adding a history entry.
      history.replaceState(history.state, '', hrefFor(lessons[0]!.slug));
      this.slug = lessons[0]!.slug;
    }
    this.#route();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.#onHashChange);
    super.disconnectedCallback();
  }

  protected override render() {
    return html`
      <header>
        <a class="site" href=${hrefFor(lessons[0]!.slug)}>${SITE_NAME}</a>
        <span class="tagline">See what really crosses the wire.</span>
      </header>
      <nav aria-label="Lessons">
        <h2>Lessons</h2>
        ${this.#lessonList(false)}
      </nav>
      <main tabindex="-1">${this.#main()}</main>
    `;
  }

  protected override updated(): void {
    const title = this.load ? this.load.lesson.title : 'Page not found';
    document.title = `${title} · ${SITE_NAME}`;
  }

  #main(): TemplateResult | HTMLElement | typeof nothing {
    const load = this.load;
    if (!load) {
      return html`<section class="not-found">
        <h1>No lesson here</h1>
        <p>
          There is no lesson at <code>#/${this.slug}</code>. Perhaps the link was mistyped or the lesson was renamed.
          Here is every lesson; pick one to carry on.
        </p>
        ${this.#lessonList(true)}
      </section>`;
    }
    switch (load.status) {
      case 'pending':
        return html`<p role="status">Loading “${load.lesson.title}”…</p>`;
      case 'error':
        return html`<section role="alert">
          <h1>${load.lesson.title}</h1>
          <p class="problem">This lesson could not be loaded: ${load.message}</p>
          <p>Reload the page to try again. If the site was just updated, a reload fetches the new files.</p>
        </section>`;
      case 'complete':
        return load.element;
    }
  }

  #lessonList(withSummaries: boolean): TemplateResult {
    return html`<ol>
      ${lessons.map(
        (lesson) =>
          html`<li>
            <a href=${hrefFor(lesson.slug)} aria-current=${lesson.slug === this.slug ? 'page' : 'false'}
              >${lesson.title}</a
            >${withSummaries ? html` <span class="summary">${lesson.summary}</span>` : nothing}
          </li>`,
      )}
    </ol>`;
  }

  readonly #onHashChange = (): void => {
    this.slug = slugFromHash(window.location.hash);
    this.#navigated = true;
    this.#route();
  };

  #route(): void {
    const lesson = findLesson(this.slug);
    if (!lesson) {
      this.load = undefined;
      this.#focusMain();
      return;
    }
    if (this.load?.lesson === lesson && this.load.status !== 'error') return;
    this.load = { status: 'pending', lesson };
    lesson.load().then(
      () => {
        if (this.load?.lesson !== lesson) return;
        this.load = { status: 'complete', lesson, element: document.createElement(lesson.tag) };
        this.#focusMain();
      },
      (error: unknown) => {
        if (this.load?.lesson !== lesson) return;
        this.load = { status: 'error', lesson, message: error instanceof Error ? error.message : String(error) };
      },
    );
  }

  /** After a navigation, move focus to the new content so keyboard and screen reader users start there. */
  #focusMain(): void {
    if (!this.#navigated) return;
    void this.updateComplete.then(() => {
      this.renderRoot.querySelector('main')?.focus();
      window.scrollTo(0, 0);
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-app': WspApp;
  }
}
