import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** A demo element as the keeper needs it: one that renders into a shadow root. */
type Host = ReactiveControllerHost & { readonly renderRoot: HTMLElement | DocumentFragment };

const CONTROLS = 'button, input, select, textarea, a[href], [tabindex]:not([tabindex="-1"])';

/**
 * Keeps the keyboard reader's place in a demo. When the control that had the
 * focus is disabled or removed by an update (Connect, once pressed), the
 * browser drops the focus to the page's body and the reader must tab back
 * from the top; this moves it to the next control that can take it instead
 * (Disconnect), or the last one before it.
 */
export class FocusKeeper implements ReactiveController {
  readonly #host: Host;
  #focused: HTMLElement | null = null;
  /** Where the focused control stood among the demo's controls, for when an update replaces it. */
  #place = 0;

  constructor(host: Host) {
    this.#host = host;
    host.addController(this);
  }

  hostUpdate(): void {
    const root = this.#host.renderRoot;
    this.#focused = root instanceof ShadowRoot ? (root.activeElement as HTMLElement | null) : null;
    if (this.#focused) this.#place = this.#controls().indexOf(this.#focused);
  }

  hostUpdated(): void {
    const lost = this.#focused;
    this.#focused = null;
    if (!lost || (lost.isConnected && !lost.matches(':disabled'))) return;
    const controls = this.#controls();
    const next = lost.isConnected
      ? controls.find((control) => lost.compareDocumentPosition(control) & Node.DOCUMENT_POSITION_FOLLOWING)
      : controls[this.#place];
    (next ?? controls.at(-1))?.focus();
  }

  /** The demo's controls that can take the focus now, in document order. */
  #controls(): HTMLElement[] {
    return [...this.#host.renderRoot.querySelectorAll<HTMLElement>(CONTROLS)].filter(
      (control) => !control.matches(':disabled') && control.getClientRects().length > 0,
    );
  }
}
