import { LitElement, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { comingNext } from '../components/lesson-coming-next.ts';
import { lessonStyles } from '../components/lesson-styles.ts';

/** Lesson: The handshake and its headers. */
@customElement('wsp-lesson-handshake')
export class WspLessonHandshake extends LitElement {
  static override styles = lessonStyles;

  protected override render() {
    return html`<article>
      <h1>The handshake and its headers</h1>
      <p class="lead">
        Every WebSocket starts life as an HTTP request. The browser asks the server to switch protocols with a few
        special headers; a server that agrees answers <code>101 Switching Protocols</code>, and from then on the same
        TCP connection carries WebSocket frames instead of HTTP (RFC 6455 §4).
      </p>
      ${comingNext([
        'the upgrade request your own browser sends, and the server’s 101 answer, header by header',
        'how Sec-WebSocket-Accept is computed from Sec-WebSocket-Key, step by step',
        'what happens when a handshake is broken on purpose',
        'subprotocol negotiation',
      ])}
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-lesson-handshake': WspLessonHandshake;
  }
}
