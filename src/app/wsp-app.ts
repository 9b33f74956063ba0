import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { SelfCheckAnswerEvent } from '../components/wsp-self-check.ts';
import { findLesson, lessons, type LessonEntry } from './lessons.ts';
import { CourseProgress, ProgressChangeEvent } from './progress.ts';
import { hrefFor, sectionFromHash, sectionId, slugFromHash } from './router.ts';
import './wsp-theme-switch.ts';

const SITE_NAME = 'WebSocket Playground';

/** Loading a lesson's chunk, as in Lit's Task: pending, complete or error. */
type LessonLoad =
  | { readonly status: 'pending'; readonly lesson: LessonEntry }
  | { readonly status: 'complete'; readonly lesson: LessonEntry; readonly element: HTMLElement }
  | { readonly status: 'error'; readonly lesson: LessonEntry; readonly message: string };

/** A heading of the open lesson, for the "on this page" links. */
interface Section {
  readonly id: string;
  readonly title: string;
}

/**
 * The shell: the lesson list with the reader's progress, the lesson the hash
 * names, its sections and the way to the next one. A thin wire-up: lessons do
 * the teaching, this element only finds, loads and links them.
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
    nav.lessons {
      grid-area: nav;
      padding: 1rem 0.75rem;
      border-right: 1px solid var(--wsp-border, #d5d9e2);
    }
    .lessons h2,
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
    ol > li {
      counter-increment: lesson;
    }
    .lessons a {
      display: block;
      padding: 0.4rem 0.5rem;
      border-radius: var(--wsp-radius, 6px);
      color: inherit;
      text-decoration: none;
    }
    .lessons a::before {
      content: counter(lesson) '. ';
      color: var(--wsp-muted, #5b6478);
    }
    .lessons a:hover {
      background: var(--wsp-hover, #eef1f6);
    }
    .lessons a[aria-current='page'] {
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
    wsp-theme-switch {
      margin-left: auto;
    }
    /* The shell's own quiet buttons: "All lessons" and "Reset progress". */
    .quiet {
      font: inherit;
      font-size: 0.85rem;
      min-height: 24px;
      padding: 0.2em 0.7em;
      border-radius: var(--wsp-radius, 6px);
      border: 1px solid var(--wsp-border-strong, #8a93a6);
      background: transparent;
      color: inherit;
      cursor: pointer;
    }
    .quiet:focus-visible {
      outline: 3px solid var(--wsp-focus, #f5a524);
      outline-offset: 2px;
    }
    .to-lessons {
      display: none;
    }
    .progress {
      display: block;
      font-size: 0.8rem;
      font-weight: 400;
    }
    .sections {
      list-style: none;
      margin: 0.15rem 0 0.4rem 1.4rem;
      padding: 0;
      font-size: 0.88rem;
    }
    .sections a {
      /* 24 px at least: a finger must hit one link, not its neighbour (WCAG 2.5.8). */
      min-height: 24px;
      padding: 0.3rem 0.5rem;
      color: var(--wsp-muted, #5b6478);
    }
    .sections a::before {
      content: none;
    }
    .reset {
      margin: 1rem 0.5rem 0;
    }
    .pager {
      display: flex;
      justify-content: space-between;
      flex-wrap: wrap;
      gap: 1rem;
      max-width: var(--wsp-measure, 46rem);
      margin-top: 3rem;
      padding-top: 1rem;
      border-top: 1px solid var(--wsp-border, #d5d9e2);
    }
    .pager a {
      color: var(--wsp-accent-text, #1d47a8);
      font-weight: 600;
    }
    .done {
      color: var(--wsp-muted, #5b6478);
    }
    @media (max-width: 48rem) {
      :host {
        grid-template-columns: minmax(0, 1fr);
        grid-template-rows: auto auto 1fr;
        grid-template-areas: 'header' 'main' 'nav';
      }
      .to-lessons {
        display: inline-block;
        margin-left: auto;
      }
      .to-lessons + wsp-theme-switch {
        margin-left: 0.5rem;
      }
      main {
        /* The lesson arrives after the shell: the list below must not jump as it does (layout shift). */
        min-height: 100vh;
      }
      nav.lessons {
        border-right: none;
        border-bottom: 1px solid var(--wsp-border, #d5d9e2);
      }
    }
  `;

  @state() private slug = slugFromHash(window.location.hash);
  @state() private load: LessonLoad | undefined;
  @state() private sections: readonly Section[] = [];
  readonly #progress = new CourseProgress();
  #navigated = false;
  #endObserver: IntersectionObserver | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.#onHashChange);
    this.#progress.addEventListener(ProgressChangeEvent.eventName, this.#onProgress);
    this.addEventListener(SelfCheckAnswerEvent.eventName, this.#onAnswer);
    if (this.slug === '') {
      // No route: open the first lesson, without adding a history entry.
      history.replaceState(history.state, '', hrefFor(lessons[0]!.slug));
      this.slug = lessons[0]!.slug;
    }
    this.#route();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.#onHashChange);
    this.#progress.removeEventListener(ProgressChangeEvent.eventName, this.#onProgress);
    this.removeEventListener(SelfCheckAnswerEvent.eventName, this.#onAnswer);
    this.#endObserver?.disconnect();
    super.disconnectedCallback();
  }

  protected override render() {
    return html`
      <header>
        <a class="site" href=${hrefFor(lessons[0]!.slug)}>${SITE_NAME}</a>
        <span class="tagline">See what really crosses the wire.</span>
        <button class="quiet to-lessons" type="button" @click=${this.#showLessonList}>All lessons</button>
        <wsp-theme-switch></wsp-theme-switch>
      </header>
      <nav class="lessons" aria-label="Lessons">
        <h2>Lessons</h2>
        ${this.#lessonList(false)}
        <button class="quiet reset" type="button" @click=${() => this.#progress.reset()}>Reset progress</button>
      </nav>
      <main tabindex="-1">${this.#main()}${this.#nextAndPrevious()}</main>
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
      ${lessons.map((lesson) => {
        const current = lesson.slug === this.slug;
        return html`<li>
          <a href=${hrefFor(lesson.slug)} aria-current=${current ? 'page' : 'false'}
            >${lesson.title}${this.#progressNote(lesson.slug)}</a
          >${withSummaries ? html` <span class="summary">${lesson.summary}</span>` : nothing}
          ${
            current && !withSummaries && this.sections.length > 0
              ? html`<ul class="sections" aria-label="On this page">
                  ${this.sections.map(
                    (section) => html`<li><a href=${hrefFor(lesson.slug, section.id)}>${section.title}</a></li>`,
                  )}
                </ul>`
              : nothing
          }
        </li>`;
      })}
    </ol>`;
  }

  /** Read and passed, said in words as well as a mark: colour is never the only signal. */
  #progressNote(slug: string): TemplateResult | typeof nothing {
    const { read, passed } = this.#progress.of(slug);
    const notes = [read ? 'read' : '', passed.length > 0 ? `${passed.length} checked` : ''].filter(Boolean);
    if (notes.length === 0) return nothing;
    return html` <span class="progress">${read ? '✓ ' : ''}${notes.join(' · ')}</span>`;
  }

  #nextAndPrevious(): TemplateResult | typeof nothing {
    if (this.load?.status !== 'complete') return nothing;
    const index = lessons.indexOf(this.load.lesson);
    const previous = lessons[index - 1];
    const next = lessons[index + 1];
    return html`<nav class="pager" aria-label="Previous and next lesson">
      ${previous ? html`<a rel="prev" href=${hrefFor(previous.slug)}>← ${previous.title}</a>` : html`<span></span>`}
      ${
        next
          ? html`<a rel="next" href=${hrefFor(next.slug)}>${next.title} →</a>`
          : html`<span class="done">The end of the course.</span>`
      }
    </nav>`;
  }

  readonly #onHashChange = (): void => {
    this.slug = slugFromHash(window.location.hash);
    this.#navigated = true;
    this.#route();
  };

  readonly #onProgress = (): void => this.requestUpdate();

  /** On a phone the list sits below the lesson: this takes the reader (and the focus) there. */
  #showLessonList(): void {
    const current = this.renderRoot.querySelector<HTMLAnchorElement>('.lessons a[aria-current=page]');
    const target = current ?? this.renderRoot.querySelector<HTMLAnchorElement>('.lessons a');
    target?.scrollIntoView({ block: 'center' });
    target?.focus({ preventScroll: true });
  }

  readonly #onAnswer = (event: Event): void => {
    if (!(event instanceof SelfCheckAnswerEvent) || this.load?.status !== 'complete') return;
    this.#progress.recordAnswer(this.load.lesson.slug, event.question, event.correct);
  };

  #route(): void {
    const lesson = findLesson(this.slug);
    if (!lesson) {
      this.load = undefined;
      this.sections = [];
      this.#focusMain();
      return;
    }
    if (this.load?.lesson === lesson && this.load.status !== 'error') {
      if (this.load.status === 'complete') void this.#showSection();
      return;
    }
    this.load = { status: 'pending', lesson };
    this.sections = [];
    lesson.load().then(
      () => {
        if (this.load?.lesson !== lesson) return;
        const element = document.createElement(lesson.tag);
        this.load = { status: 'complete', lesson, element };
        void this.#lessonShown(lesson, element);
      },
      (error: unknown) => {
        if (this.load?.lesson !== lesson) return;
        this.load = { status: 'error', lesson, message: error instanceof Error ? error.message : String(error) };
      },
    );
  }

  /** Once the lesson has rendered: list its sections, watch for its end, and go where the hash says. */
  async #lessonShown(lesson: LessonEntry, element: HTMLElement): Promise<void> {
    await this.updateComplete;
    await (element as HTMLElement & { updateComplete?: Promise<unknown> }).updateComplete;
    if (this.load?.lesson !== lesson) return;
    this.sections = [...(element.shadowRoot?.querySelectorAll('h2') ?? [])].map((heading) => {
      const title = heading.textContent?.replace(/\s+/g, ' ').trim() ?? '';
      return { id: sectionId(title), title };
    });
    await this.updateComplete;
    this.#watchForEnd(lesson);
    if (!(await this.#showSection())) this.#focusMain();
  }

  /** Reaching the previous/next links at the bottom counts as having read the lesson. */
  #watchForEnd(lesson: LessonEntry): void {
    this.#endObserver?.disconnect();
    const pager = this.renderRoot.querySelector('.pager');
    if (!pager) return;
    this.#endObserver = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) this.#progress.markRead(lesson.slug);
    });
    this.#endObserver.observe(pager);
  }

  /** Scrolls to and focuses the section the hash names; false when it names none. */
  async #showSection(): Promise<boolean> {
    const wanted = sectionFromHash(window.location.hash);
    if (!wanted || this.load?.status !== 'complete') return false;
    const heading = [...(this.load.element.shadowRoot?.querySelectorAll('h2') ?? [])].find(
      (candidate) => sectionId(candidate.textContent ?? '') === wanted,
    );
    if (!heading) return false;
    heading.tabIndex = -1;
    heading.scrollIntoView();
    heading.focus({ preventScroll: true });
    return true;
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
