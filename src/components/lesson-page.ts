import { LitElement } from 'lit';
import { LessonSectionsController } from '../controllers/lesson-sections-controller.ts';
import type { LessonElement } from '../controllers/lesson-sections.ts';

/**
 * What every lesson element builds on: the shell's contract. The lesson's h2
 * headings are its sections; it tells the shell once rendered and shows one
 * when a deep link asks, so the shell never reads the lesson's shadow root.
 *
 * @fires wsp-lesson-sections - once rendered: its sections, for the site's "on this page" links
 */
export class LessonPage extends LitElement implements LessonElement {
  readonly #sections = new LessonSectionsController(this);

  /** Scrolls to and focuses one of the lesson's sections: the site's deep links. */
  showSection(id: string): boolean {
    return this.#sections.show(id);
  }
}
