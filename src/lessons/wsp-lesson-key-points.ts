import { LitElement, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { comingNext } from '../components/lesson-coming-next.ts';
import { lessonStyles } from '../components/lesson-styles.ts';

/** Lesson: Key points. */
@customElement('wsp-lesson-key-points')
export class WspLessonKeyPoints extends LitElement {
  static override styles = lessonStyles;

  protected override render() {
    return html`<article>
      <h1>Key points</h1>
      <p class="lead">
        The client always opens the connection; once it is open, both sides may send whenever they like; the browser
        performs the HTTP upgrade for you; and the result is real two-way traffic, not polling.
      </p>
      ${comingNext([
        'each of these points linked to the lesson and demo that shows it',
        'a short self-check over the whole course',
      ])}
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-lesson-key-points': WspLessonKeyPoints;
  }
}
