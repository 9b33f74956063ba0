import { LitElement, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { comingNext } from '../components/lesson-coming-next.ts';
import { lessonStyles } from '../components/lesson-styles.ts';

/** Lesson: CORS and Origin. */
@customElement('wsp-lesson-cors')
export class WspLessonCors extends LitElement {
  static override styles = lessonStyles;

  protected override render() {
    return html`<article>
      <h1>CORS and Origin</h1>
      <p class="lead">
        A WebSocket handshake is not covered by CORS: there is no preflight, and once the connection is open no further
        checks apply to its messages. Instead the browser sends the page’s <code>Origin</code> header with the
        handshake, and the server decides whether to accept it (RFC 6455 §4.2.2, §10.2).
      </p>
      ${comingNext([
        'an Origin allowlist refusing a handshake, and what the browser and the server each see',
        'cross-site WebSocket hijacking, and what stops it',
        'why Origin is no authentication: a non-browser client can send any value',
      ])}
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-lesson-cors': WspLessonCors;
  }
}
