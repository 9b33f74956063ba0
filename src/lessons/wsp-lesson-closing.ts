import { LitElement, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { comingNext } from '../components/lesson-coming-next.ts';
import { lessonStyles } from '../components/lesson-styles.ts';

/** Lesson: Closing. */
@customElement('wsp-lesson-closing')
export class WspLessonClosing extends LitElement {
  static override styles = lessonStyles;

  protected override render() {
    return html`<article>
      <h1>Closing</h1>
      <p class="lead">
        Either side ends a connection by sending a close frame with a status code and an optional reason; the other side
        answers with a close frame of its own, and then the TCP connection is shut (RFC 6455 §7).
      </p>
      ${comingNext([
        'the closing handshake and the close frame’s bytes',
        'the table of close codes and who may send each',
        html`what the browser’s <code>close()</code> accepts, and the exception it throws otherwise`,
        'an abrupt drop, and the 1006 it leaves behind',
      ])}
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-lesson-closing': WspLessonClosing;
  }
}
