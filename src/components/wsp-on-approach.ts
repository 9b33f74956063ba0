import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';

/** How far below (or above) the viewport a demo starts loading: about two screens of reading ahead. */
const AHEAD = '1500px 0px';

/**
 * Loads a demo's code when the reader comes near it. A lesson writes the
 * demo's element inside (`<wsp-on-approach .load=${() => import('./wsp-x.ts')}><wsp-x></wsp-x></wsp-on-approach>`):
 * the element stays an unknown tag, costing nothing, until this calls `load`,
 * which defines it, and the browser upgrades it in place. A lesson's first
 * visit then downloads only the demos in view; the reader's scroll brings
 * the rest before they are reached. Where there is no IntersectionObserver,
 * it loads at once. A test scrolls the demo into view, or calls `loadNow`.
 */
@customElement('wsp-on-approach')
export class WspOnApproach extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    p {
      color: var(--wsp-error, #b42318);
    }
  `;

  /** Imports the module that defines the demo inside. */
  @property({ attribute: false }) load: (() => Promise<unknown>) | undefined;

  /** Why the demo's code did not load (offline, a site updated under the page), shown in its place. */
  @state() private failed: string | undefined;

  #observer: IntersectionObserver | undefined;
  #loading: Promise<void> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    if (typeof IntersectionObserver === 'undefined') {
      void this.loadNow();
      return;
    }
    this.#observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) void this.loadNow();
      },
      { rootMargin: AHEAD },
    );
    this.#observer.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#observer?.disconnect();
    this.#observer = undefined;
  }

  /** Loads the demo now (a link to its section, a test); the same promise on every call until one fails. */
  loadNow(): Promise<void> {
    this.#observer?.disconnect();
    this.#loading ??= Promise.resolve(this.load?.()).then(
      () => {
        this.failed = undefined;
      },
      (error: unknown) => {
        this.#loading = undefined;
        this.failed = error instanceof Error ? error.message : String(error);
      },
    );
    return this.#loading;
  }

  override render(): unknown {
    return html`${
        this.failed === undefined
          ? ''
          : html`<p role="alert">
              This demo's code did not load (${this.failed}).
              <button type="button" @click=${() => void this.loadNow()}>Try again</button>
            </p>`
      }<slot></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-on-approach': WspOnApproach;
  }
}
