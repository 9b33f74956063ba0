import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ThemeChoice, ThemePreference } from './theme.ts';

const LABELS: Readonly<Record<ThemeChoice, string>> = {
  system: 'System',
  light: 'Light',
  dark: 'Dark',
};

/** The reader's choice of theme: as the system says, light or dark. Remembered in this browser. */
@customElement('wsp-theme-switch')
export class WspThemeSwitch extends LitElement {
  static override styles = css`
    :host {
      display: inline-flex;
      align-items: center;
      gap: 0.4rem;
      font-size: 0.9rem;
    }
    select {
      font: inherit;
      color: inherit;
      background: var(--wsp-field, #fff);
      border: 1px solid var(--wsp-border-strong, #8a93a6);
      border-radius: var(--wsp-radius, 6px);
      padding: 0.2em 0.4em;
    }
    select:focus-visible {
      outline: 3px solid var(--wsp-focus, #f5a524);
      outline-offset: 2px;
    }
  `;

  readonly #preference = new ThemePreference();
  @state() private choice = this.#preference.choice;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#preference.apply();
  }

  protected override render() {
    return html`<label for="theme">Theme</label>
      <select id="theme" @change=${this.#onChange}>
        ${Object.values(ThemeChoice).map(
          (choice) => html`<option value=${choice} ?selected=${choice === this.choice}>${LABELS[choice]}</option>`,
        )}
      </select>`;
  }

  #onChange(event: Event): void {
    const value = (event.target as HTMLSelectElement).value as ThemeChoice;
    this.#preference.choice = value;
    this.choice = value;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-theme-switch': WspThemeSwitch;
  }
}
