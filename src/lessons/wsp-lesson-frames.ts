import { LitElement, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { comingNext } from '../components/lesson-coming-next.ts';
import { lessonStyles } from '../components/lesson-styles.ts';

/** Lesson: Frames. */
@customElement('wsp-lesson-frames')
export class WspLessonFrames extends LitElement {
  static override styles = lessonStyles;

  protected override render() {
    return html`<article>
      <h1>Frames</h1>
      <p class="lead">
        After the handshake, every message travels in frames: a small header (FIN, opcode, mask bit, payload length)
        followed by the payload. Frames sent by a browser are always masked with a fresh random key (RFC 6455 §5.2,
        §5.3).
      </p>
      ${comingNext([
        'any frame of a connection, byte by byte, with every field explained',
        'masking made visible, and why browsers must mask',
        'the three length forms, fragmentation, ping and pong',
        'a frame lab that sends hand-built bytes to a server',
      ])}
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-lesson-frames': WspLessonFrames;
  }
}
