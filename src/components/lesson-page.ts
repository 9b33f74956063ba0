import { LitElement, css, type CSSResultGroup, type CSSResultOrNative } from 'lit';
import { LessonSectionsController } from '../controllers/lesson-sections-controller.ts';
import type { LessonElement } from '../controllers/lesson-sections.ts';
import { partsUpdated } from './page-part.ts';
import type { WspOnApproach } from './wsp-on-approach.ts';

/**
 * Where a deep link lands: the heading a little below the top edge, not
 * touching it. Its focus is for screen readers (it starts reading there), and
 * a heading is no control: no browser focus box, only an underline in the
 * site's focus colour when the browser would show a keyboard reader a ring.
 */
const sectionHeadingStyles = css`
  h2 {
    scroll-margin-top: 1.25rem;
  }
  h2:focus {
    outline: none;
  }
  h2:focus-visible {
    text-decoration: underline 3px var(--wsp-focus, #f5a524);
    text-underline-offset: 0.3em;
  }
`;

/**
 * What every lesson element builds on: the shell's contract. The lesson's h2
 * headings are its sections; it tells the shell once rendered and shows one
 * when a deep link asks, so the shell never reads the lesson's shadow root.
 *
 * @fires wsp-lesson-sections - once rendered: its sections, for the site's "on this page" links
 */
export class LessonPage extends LitElement implements LessonElement {
  readonly #sections = new LessonSectionsController(this);

  /** Adds the section headings' rules after each lesson's own styles, so every lesson lands the same way. */
  protected static override finalizeStyles(styles?: CSSResultGroup): CSSResultOrNative[] {
    return [...super.finalizeStyles(styles), sectionHeadingStyles];
  }

  /**
   * Done when the lesson and every part of its article have rendered (each part takes a task of its own); a demo
   * whose code has not come yet is not waited for.
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    const lesson = await super.getUpdateComplete();
    return (await partsUpdated(this.renderRoot, 'article > *, article > wsp-on-approach > *')) && lesson;
  }

  /** Scrolls to and focuses one of the lesson's sections: the site's deep links. */
  showSection(id: string): boolean {
    return this.#sections.show(id);
  }

  async loadPartsAbove(pageY: number): Promise<void> {
    const tried = new Set<Element>();
    // Each demo that renders pushes those below it down: look again until none above is left to load.
    for (;;) {
      const above = [...this.renderRoot.querySelectorAll<WspOnApproach>('wsp-on-approach')].filter(
        (waiting) =>
          !tried.has(waiting) &&
          customElements.get(waiting.firstElementChild?.localName ?? '') === undefined &&
          waiting.getBoundingClientRect().top + window.scrollY < pageY,
      );
      if (above.length === 0) return;
      for (const waiting of above) tried.add(waiting);
      await Promise.all(above.map((waiting) => waiting.loadNow()));
      await this.updateComplete;
    }
  }
}
