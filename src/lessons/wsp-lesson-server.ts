import { LitElement, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { comingNext } from '../components/lesson-coming-next.ts';
import { lessonStyles } from '../components/lesson-styles.ts';

/** Lesson: A Node server. */
@customElement('wsp-lesson-server')
export class WspLessonServer extends LitElement {
  static override styles = lessonStyles;

  protected override render() {
    return html`<article>
      <h1>A Node server</h1>
      <p class="lead">
        The live server of this site is a small Node program using the <code>ws</code> library. Run it from the project
        folder with <code>npm install</code> once, then <code>npm start</code>, which builds the site and serves it
        together with the WebSocket endpoints on one port.
      </p>
      ${comingNext([
        'the server’s own source, explained part by part: HTTP, the upgrade and its Origin check, echo, broadcast, heartbeat, shutdown',
        'what a production server adds: limits, backpressure, TLS behind a proxy',
      ])}
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-lesson-server': WspLessonServer;
  }
}
