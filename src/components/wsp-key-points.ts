import { css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { PagePart } from './page-part.ts';

/**
 * The "Key points" box at the end of a lesson: a short list to remember.
 *
 * @slot - the points, as a `<ul>` or `<ol>`
 * @cssprop --wsp-accent - the box's edge colour
 */
@customElement('wsp-key-points')
export class WspKeyPoints extends PagePart {
  static override styles = css`
    :host {
      display: block;
      margin: 2rem 0;
    }
    aside {
      border: 1px solid var(--wsp-border, #d5d9e2);
      border-left: 4px solid var(--wsp-accent, #2456c7);
      border-radius: var(--wsp-radius, 6px);
      background: var(--wsp-surface, #fff);
      padding: 0.5rem 1.25rem;
    }
    h2 {
      font-size: 1.1rem;
      margin: 0.5rem 0;
    }
    ::slotted(ul),
    ::slotted(ol) {
      margin: 0.25rem 0 0.75rem;
      padding-left: 1.25rem;
    }
  `;

  /** The box's heading. */
  @property() heading = 'Key points';

  protected override render() {
    return html`<aside aria-labelledby="heading">
      <h2 id="heading">${this.heading}</h2>
      <slot></slot>
    </aside>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-key-points': WspKeyPoints;
  }
}
