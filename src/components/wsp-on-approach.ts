import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';

/** How far below (or above) the viewport a demo starts loading once the reader reads on: one screen ahead. */
const AHEAD = '100% 0px';

/**
 * Whether the reader has scrolled since the page loaded. Until then only the
 * demos in view load: a first visit downloads what its first screen shows,
 * and a lesson's first demo, often in the second screen, waits for the
 * reader to start reading down rather than compete with the text for a slow
 * phone's bandwidth.
 */
let readerScrolled = false;

/**
 * Loads a demo's code when the reader comes near it. A lesson writes the
 * demo's element inside (`<wsp-on-approach .load=${() => import('./wsp-x.ts')}><wsp-x></wsp-x></wsp-on-approach>`):
 * the element stays an unknown tag, costing nothing, until this calls `load`,
 * which defines it, and the browser upgrades it in place. Every demo of a
 * lesson waits in one: a lesson's first visit downloads its text and only
 * the demos in view; once the reader scrolls, demos load a screen before
 * they are reached (a lesson's demos share one `load`, and come together). Where there is no IntersectionObserver,
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
    this.#watch(readerScrolled ? AHEAD : '0px');
    if (!readerScrolled) window.addEventListener('scroll', this.#onFirstScroll, { passive: true });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('scroll', this.#onFirstScroll);
    this.#observer?.disconnect();
    this.#observer = undefined;
  }

  #watch(rootMargin: string): void {
    this.#observer?.disconnect();
    this.#observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) void this.loadNow();
      },
      { rootMargin },
    );
    this.#observer.observe(this);
  }

  readonly #onFirstScroll = (): void => {
    readerScrolled = true;
    window.removeEventListener('scroll', this.#onFirstScroll);
    if (this.#loading === undefined) this.#watch(AHEAD);
  };

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
