import { LitElement, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { lessonStyles } from '../components/lesson-styles.ts';
import '../components/wsp-echo-demo.ts';

/** Lesson 1: what a WebSocket is, with the echo demo. */
@customElement('wsp-lesson-what-are-websockets')
export class WspLessonWhatAreWebsockets extends LitElement {
  static override styles = lessonStyles;

  protected override render() {
    return html`<article>
      <h1>What are WebSockets?</h1>
      <p class="lead">
        A WebSocket is one long-lived connection between a browser and a server on which either side can send a message
        at any moment, without waiting to be asked.
      </p>
      <p>
        Plain HTTP works like letters: the browser writes a request, the server writes back one response, and that
        exchange is over. If the server learns something new a second later, it has no way to say so until the browser
        writes again. A WebSocket works like a phone call: once the line is open, both people can talk whenever they
        like, and the line stays open until one of them hangs up. Engineers call this <em>full-duplex</em>: traffic in
        both directions, at the same time, over one connection.
      </p>
      <p>
        The client always places the call. A browser opens the connection with an ordinary HTTP request that asks to
        switch protocols (RFC 6455 §1.3 and §4); the server cannot open a WebSocket to a browser. But once the
        connection is open, the server may speak first, and often does: a new chat message, a price that moved, a goal
        that was scored.
      </p>

      <h2>Try it: an echo server</h2>
      <p>
        The echo endpoint sends every message straight back. Connect, send some text, then send the same text as binary:
        text comes back as text, bytes come back as bytes. Flip <strong>Connection mode</strong> to talk to the real
        server in <code>server/</code> instead of the simulated one inside this page; the demo reconnects and the story
        stays the same.
      </p>
      <wsp-echo-demo></wsp-echo-demo>
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-lesson-what-are-websockets': WspLessonWhatAreWebsockets;
  }
}
