import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { LessonSection, LessonSectionsEvent } from '../controllers/lesson-sections.ts';
import { holdScroll, releaseScroll } from '../controllers/lesson-sections-scroll.ts';
import type { SelfCheckAnswerEvent } from '../components/self-check-answer-event.ts';
import { LessonLoader } from './lesson-loader.ts';
import { findPage, lessons, playground, type LessonEntry } from './lessons.ts';
import { ProgressChangeEvent } from './progress-change-event.ts';
import { CourseProgress } from './progress.ts';
import { hrefFor, sectionFromHash, slugFromHash } from './router.ts';
import { ScrollMemory } from './scroll-memory.ts';
import { appStyles } from './wsp-app.styles.ts';
import './wsp-theme-switch.ts';

const SITE_NAME = 'WebSocket Playground';

/**
 * The shell: the lesson list with the reader's progress, the lesson the hash
 * names, its sections and the way to the next one. A thin wire-up: lessons do
 * the teaching, this element only finds, loads and links them.
 */
@customElement('wsp-app')
export class WspApp extends LitElement {
  static override styles = appStyles;

  @state() private slug = slugFromHash(window.location.hash);
  /** The open lesson's sections, as it told them: the "on this page" links. */
  @state() private sections: readonly LessonSection[] = [];
  /** Resetting the progress: asked once, then confirmed or kept, and said when done. */
  @state() private reset: 'idle' | 'asking' | 'done' = 'idle';
  /** On a phone the lesson list is a menu under the header, opened by "All lessons"; beside the lesson it is always open. */
  @state() private lessonsOpen = false;
  readonly #lesson = new LessonLoader(this);
  readonly #progress = new CourseProgress();
  readonly #scroll = new ScrollMemory();
  /** Where the reader left the history entry now shown, to return there once its lesson has rendered. */
  #returnTo: number | undefined;
  #navigated = false;
  #endObserver: IntersectionObserver | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.#onHashChange);
    this.#progress.addEventListener(ProgressChangeEvent.eventName, this.#onProgress);
    this.addEventListener('wsp-self-check-answer', this.#onAnswer);
    if (this.slug === '') {
      // No route: open the first lesson, without adding a history entry.
      history.replaceState(history.state, '', hrefFor(lessons[0]!.slug));
      this.slug = lessons[0]!.slug;
    }
    this.#scroll.start();
    // A reload keeps the place the reader had reached.
    this.#returnTo = this.#scroll.saved();
    this.#route();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.#onHashChange);
    this.#progress.removeEventListener(ProgressChangeEvent.eventName, this.#onProgress);
    this.removeEventListener('wsp-self-check-answer', this.#onAnswer);
    this.#endObserver?.disconnect();
    this.#scroll.stop();
    releaseScroll();
    super.disconnectedCallback();
  }

  protected override render() {
    return html`
      <header>
        <a class="skip" href=${hrefFor(this.slug)} @click=${this.#skipToLesson}>Skip to the lesson</a>
        <a class="site" href=${hrefFor(lessons[0]!.slug)}>${SITE_NAME}</a>
        <span class="tagline">See what really crosses the wire.</span>
        <button
          class="quiet to-lessons"
          type="button"
          aria-controls="lesson-list"
          aria-expanded=${this.lessonsOpen ? 'true' : 'false'}
          @click=${this.#toggleLessonList}
          @keydown=${this.#closeLessonListOnEscape}
        >
          All lessons
        </button>
        <wsp-theme-switch></wsp-theme-switch>
      </header>
      <nav
        id="lesson-list"
        class=${this.lessonsOpen ? 'lessons open' : 'lessons'}
        aria-label="Lessons"
        @keydown=${this.#closeLessonListOnEscape}
      >
        <h2>Lessons</h2>
        ${this.#lessonList(false)}
        <p class="beside">
          <a href=${hrefFor(playground.slug)} aria-current=${this.slug === playground.slug ? 'page' : 'false'}
            >${playground.title}</a
          >
          <span class="summary">${playground.summary}</span>
        </p>
        ${this.#resetProgress()}
      </nav>
      <main tabindex="-1" @wsp-lesson-sections=${this.#onSections}>${this.#main()}${this.#nextAndPrevious()}</main>
    `;
  }

  protected override updated(): void {
    const title = this.#lesson.value?.lesson.title ?? 'Page not found';
    document.title = `${title} · ${SITE_NAME}`;
  }

  #main(): TemplateResult | HTMLElement | typeof nothing {
    const load = this.#lesson.value;
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

  /** Reset, with one question first: it forgets every lesson at once, and nothing brings it back. */
  #resetProgress(): TemplateResult {
    if (this.reset === 'asking') {
      return html`<div class="reset-ask" role="group" aria-labelledby="reset-question">
        <p id="reset-question">Forget what you read and answered in every lesson?</p>
        <button id="reset-confirm" class="quiet" type="button" @click=${this.#confirmReset}>Reset</button>
        <button id="reset-keep" class="quiet" type="button" @click=${() => this.#endReset('idle')}>Keep it</button>
      </div>`;
    }
    return html`<button class="quiet reset" type="button" @click=${this.#askReset}>Reset progress</button>
      <p class="reset-done" role="status">
        ${this.reset === 'done' ? html`<span id="reset-done">Progress reset.</span>` : nothing}
      </p>`;
  }

  readonly #askReset = async (): Promise<void> => {
    this.reset = 'asking';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('#reset-keep')?.focus();
  };

  readonly #confirmReset = (): void => {
    this.#progress.reset();
    void this.#endReset('done');
  };

  /** Back to the button, with the focus on it, so a keyboard reader is not dropped at the top of the page. */
  async #endReset(step: 'idle' | 'done'): Promise<void> {
    this.reset = step;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('.reset')?.focus();
  }

  /** Read and passed, said in words as well as a mark: colour is never the only signal. */
  #progressNote(slug: string): TemplateResult | typeof nothing {
    const { read, passed } = this.#progress.of(slug);
    const notes = [read ? 'read' : '', passed.length > 0 ? `${passed.length} checked` : ''].filter(Boolean);
    if (notes.length === 0) return nothing;
    return html` <span class="progress">${read ? '✓ ' : ''}${notes.join(' · ')}</span>`;
  }

  #nextAndPrevious(): TemplateResult | typeof nothing {
    const load = this.#lesson.value;
    if (load?.status !== 'complete') return nothing;
    const index = lessons.indexOf(load.lesson);
    // The playground stands beside the course: no previous or next lesson, nothing to mark read.
    if (index < 0) return nothing;
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
    this.#scroll.arrived();
    releaseScroll();
    this.#returnTo = this.#scroll.saved();
    this.slug = slugFromHash(window.location.hash);
    this.#navigated = true;
    // The reader picked a lesson or a section from the menu: it has done its job.
    this.lessonsOpen = false;
    this.#route();
  };

  readonly #onProgress = (): void => {
    // "Progress reset." is about the reset: once the reader makes progress again, it is old news.
    if (this.reset === 'done') this.reset = 'idle';
    this.requestUpdate();
  };

  /**
   * "All lessons", on a phone: the list opens in place, right under the
   * header the button sits in, so the reader stays where they are and the
   * focus order follows what they see (a disclosure: the focus stays on the
   * button, and Tab goes on into the list).
   */
  readonly #toggleLessonList = (): void => {
    this.lessonsOpen = !this.lessonsOpen;
  };

  /** Escape closes the menu and gives the focus back to the button that opened it. */
  readonly #closeLessonListOnEscape = async (event: KeyboardEvent): Promise<void> => {
    if (event.key !== 'Escape' || !this.lessonsOpen) return;
    this.lessonsOpen = false;
    await this.updateComplete;
    const button = this.renderRoot.querySelector<HTMLButtonElement>('.to-lessons');
    // Beside the lesson the button is hidden (the screen grew since it opened the menu): nothing to give it back to.
    if (button && getComputedStyle(button).display !== 'none') button.focus();
  };

  readonly #onAnswer = (event: SelfCheckAnswerEvent): void => {
    const load = this.#lesson.value;
    if (load?.status !== 'complete') return;
    this.#progress.recordAnswer(load.lesson.slug, event.question, event.correct);
  };

  #route(): void {
    const lesson = findPage(this.slug);
    const open = this.#lesson.value;
    if (lesson && open?.lesson === lesson && open.status !== 'error') {
      // The same lesson, perhaps another section of it.
      if (open.status === 'complete') this.#place();
      return;
    }
    this.sections = [];
    this.#lesson.open(lesson);
    if (!lesson) this.#place();
  }

  /** The lesson has rendered and told its sections: list them, watch for its end, and go where the hash says. */
  readonly #onSections = (event: LessonSectionsEvent): void => {
    const load = this.#lesson.value;
    if (load?.status !== 'complete' || event.target !== load.element) return;
    this.sections = event.sections;
    void this.#lessonShown(load.lesson);
  };

  async #lessonShown(lesson: LessonEntry): Promise<void> {
    await this.updateComplete;
    if (this.#lesson.value?.lesson !== lesson) return;
    this.#watchForEnd(lesson);
    this.#place();
  }

  /** Where the reader lands: where they left this history entry, else the section the hash names, else the top. */
  #place(): void {
    const returnTo = this.#returnTo;
    this.#returnTo = undefined;
    if (returnTo !== undefined) this.#restore(returnTo);
    else if (!this.#showSection()) this.#focusMain();
  }

  /** Back (or Forward, or a reload) to a page read before: its place again, held while the lesson settles. */
  #restore(scrollY: number): void {
    void this.updateComplete.then(() => {
      const main = this.renderRoot.querySelector('main');
      if (!main) return;
      if (this.#navigated) main.focus({ preventScroll: true });
      holdScroll(main, () => window.scrollTo(0, scrollY));
      // The demos the reader had passed: the place is only the same with the page above it as long.
      const load = this.#lesson.value;
      if (load?.status === 'complete') void load.element.loadPartsAbove?.(scrollY + window.innerHeight);
    });
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

  /** Asks the open lesson to show the section the hash names; false when it names none. */
  #showSection(): boolean {
    const wanted = sectionFromHash(window.location.hash);
    const load = this.#lesson.value;
    return wanted !== '' && load?.status === 'complete' && load.element.showSection(wanted);
  }

  /** The skip link: past the header and the lesson list, without touching the route. */
  readonly #skipToLesson = (event: Event): void => {
    event.preventDefault();
    this.renderRoot.querySelector('main')?.focus();
  };

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
