import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { LessonSectionsEvent, sectionId, type LessonSection } from './lesson-sections.ts';
import { holdScroll } from './lesson-sections-scroll.ts';

/** A lesson element as this controller needs it: an element that renders into `renderRoot`. */
export type SectionedHost = ReactiveControllerHost & HTMLElement & { readonly renderRoot: ParentNode };

/**
 * A lesson's sections, read from the lesson's own h2 headings: the one source,
 * so no hand-written list can drift from what the reader sees. After the
 * host's first render it sends them up as `wsp-lesson-sections` from the
 * host; `show(id)` is what the host's `showSection` does.
 */
export class LessonSectionsController implements ReactiveController {
  readonly #host: SectionedHost;
  #told = false;

  constructor(host: SectionedHost) {
    this.#host = host;
    host.addController(this);
  }

  hostUpdated(): void {
    if (this.#told) return;
    this.#told = true;
    this.#host.dispatchEvent(new LessonSectionsEvent(this.#sections().map(({ section }) => section)));
  }

  /** Scrolls to and focuses the heading of the section `id`; false when the lesson has none. */
  show(id: string): boolean {
    const heading = this.#sections().find(({ section }) => section.id === id)?.heading;
    if (!heading) return false;
    // Focusable from script only, so that a screen reader starts reading at the section.
    heading.tabIndex = -1;
    holdScroll(this.#host, () => heading.scrollIntoView({ block: 'start' }));
    heading.focus({ preventScroll: true });
    return true;
  }

  #sections(): { readonly section: LessonSection; readonly heading: HTMLHeadingElement }[] {
    return [...this.#host.renderRoot.querySelectorAll('h2')].map((heading) => {
      const title = heading.textContent?.replace(/\s+/g, ' ').trim() ?? '';
      return { section: { id: sectionId(title), title }, heading };
    });
  }
}
