import { LitElement, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { comingNext } from '../components/lesson-coming-next.ts';
import { lessonStyles } from '../components/lesson-styles.ts';

/** Lesson: Use cases. */
@customElement('wsp-lesson-use-cases')
export class WspLessonUseCases extends LitElement {
  static override styles = lessonStyles;

  protected override render() {
    return html`<article>
      <h1>Use cases</h1>
      <p class="lead">
        WebSockets fit wherever the server has news the client should see at once, or many clients act on shared state:
        chat, live scores and prices, collaborative editing, multiplayer games and notifications.
      </p>
      ${comingNext([
        'a chat with rooms and presence',
        'live scores and prices pushed at a steady rate',
        'collaborative editing with a stated rule for concurrent edits',
        'a small multiplayer game',
        'notifications to one client or to everyone',
      ])}
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-lesson-use-cases': WspLessonUseCases;
  }
}
