import { LitElement, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { comingNext } from '../components/lesson-coming-next.ts';
import { lessonStyles } from '../components/lesson-styles.ts';

/** Lesson: The browser client. */
@customElement('wsp-lesson-client')
export class WspLessonClient extends LitElement {
  static override styles = lessonStyles;

  protected override render() {
    return html`<article>
      <h1>The browser client</h1>
      <p class="lead">
        The browser’s <code>WebSocket</code> object does the handshake, the framing and the masking for you: you
        construct it with a URL, listen for four events (<code>open</code>, <code>message</code>, <code>error</code>,
        <code>close</code>) and call <code>send</code> and <code>close</code>.
      </p>
      ${comingNext([
        'the readyState timeline of a real connection',
        html`sending strings, Blobs and ArrayBuffers, and <code>bufferedAmount</code>`,
        'the usual mistakes, and a reconnect with backoff and jitter',
      ])}
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-lesson-client': WspLessonClient;
  }
}
