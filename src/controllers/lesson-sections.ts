/**
 * What a lesson tells the shell about its sections, and what the shell may ask
 * of it: the shell lists the sections as "on this page" links and deep links
 * (`#/handshake/break-it`) and never reads a lesson's shadow root itself.
 */

/** One section of a lesson: the text of its h2 heading and the id its deep link names. */
export interface LessonSection {
  readonly id: string;
  readonly title: string;
}

/** What every lesson element offers the shell besides its content. */
export interface LessonElement extends HTMLElement {
  /** Scrolls to and focuses the section with this id; false when the lesson has no such section. */
  showSection(id: string): boolean;
  /**
   * Loads the demos above `pageY` (a distance from the top of the page), so
   * that a return to a place the reader scrolled to finds the page as long
   * above it as they left it. A page whose parts never wait has none.
   */
  loadPartsAbove?(pageY: number): Promise<void>;
}

/** A section's id from its heading: "Reading the request" → "reading-the-request". */
export function sectionId(heading: string): string {
  return heading
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * A lesson's sections, in reading order, sent up once the lesson has rendered.
 * It bubbles to the shell's `<main>`, which holds the lesson in the same
 * shadow root, so it need not cross shadow boundaries.
 */
export class LessonSectionsEvent extends Event {
  static readonly eventName = 'wsp-lesson-sections';
  constructor(readonly sections: readonly LessonSection[]) {
    super(LessonSectionsEvent.eventName, { bubbles: true, composed: false });
  }
}

declare global {
  interface HTMLElementEventMap {
    'wsp-lesson-sections': LessonSectionsEvent;
  }
}
