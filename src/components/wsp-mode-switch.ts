import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { SettingsController } from '../controllers/settings-controller.ts';
import { ServerUrlSource } from '../controllers/connection-settings.ts';
import { ConnectionMode, isConnectionMode } from '../transport/mode.ts';
import { controlStyles } from './styles/shared-styles.ts';

const SOURCE_NOTES: Readonly<Record<ServerUrlSource, string>> = {
  query: 'from ?server= in this page’s address',
  saved: 'chosen by you',
  default: 'the default',
};

/**
 * The site-wide "Connection mode" radio group: Simulated (a server inside the
 * page) or Live server, plus the live server's URL. Every switch on the page
 * shows the same setting; changing one changes all, and demos reconnect.
 *
 * @csspart group - the fieldset holding the two options
 */
@customElement('wsp-mode-switch')
export class WspModeSwitch extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      fieldset {
        border: 1px solid var(--wsp-border, #d5d9e2);
        border-radius: var(--wsp-radius, 6px);
        padding: 0.5rem 0.75rem 0.75rem;
        margin: 0;
      }
      legend {
        font-weight: 600;
        padding: 0 0.25rem;
      }
      .options {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1.5rem;
      }
      .option {
        display: flex;
        gap: 0.4rem;
        align-items: baseline;
      }
      .hint {
        color: var(--wsp-muted, #5b6478);
        font-size: 0.85em;
      }
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        margin-top: 0.6rem;
      }
      form input {
        flex: 1 1 14rem;
      }
      .problem {
        color: var(--wsp-error, #b42318);
        margin: 0.4rem 0 0;
      }
    `,
  ];

  readonly #settings = new SettingsController(this);
  @state() private urlProblem: string | undefined;

  protected override render() {
    const settings = this.#settings.settings;
    const live = settings.mode === ConnectionMode.live;
    return html`<fieldset part="group">
      <legend>Connection mode</legend>
      <div class="options">
        <label class="option">
          <input
            type="radio"
            name="mode"
            value=${ConnectionMode.simulated}
            .checked=${!live}
            @change=${this.#onModeChange}
          />
          <span>Simulated <span class="hint">a server inside this page, no setup</span></span>
        </label>
        <label class="option">
          <input type="radio" name="mode" value=${ConnectionMode.live} .checked=${live} @change=${this.#onModeChange} />
          <span>Live server <span class="hint">the real ws server from server/</span></span>
        </label>
      </div>
      ${
        live
          ? html`<form @submit=${this.#onUrlSubmit}>
              <label for="server-url">Live server URL</label>
              <input
                id="server-url"
                name="server"
                type="text"
                inputmode="url"
                spellcheck="false"
                autocomplete="off"
                .value=${settings.serverUrl}
                aria-describedby="url-note"
              />
              <button type="submit" class="secondary">Use</button>
              ${
                settings.serverUrlSource === ServerUrlSource.saved
                  ? html`<button type="button" class="secondary" @click=${this.#onReset}>Use default</button>`
                  : nothing
              }
              <span id="url-note" class="hint">${SOURCE_NOTES[settings.serverUrlSource]}</span>
            </form>`
          : nothing
      }
      ${
        this.urlProblem || (live && settings.queryProblem)
          ? html`<p class="problem" role="alert">${this.urlProblem ?? settings.queryProblem}</p>`
          : nothing
      }
    </fieldset>`;
  }

  #onModeChange(event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    if (isConnectionMode(value)) this.#settings.settings.setMode(value);
  }

  #onUrlSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('server') as HTMLInputElement;
    this.urlProblem = this.#settings.settings.setServerUrl(input.value);
  }

  #onReset(): void {
    this.urlProblem = undefined;
    this.#settings.settings.resetServerUrl();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-mode-switch': WspModeSwitch;
  }
}
