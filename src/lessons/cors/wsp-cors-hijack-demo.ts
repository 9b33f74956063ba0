import { LitElement, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { SettingsController } from '../../controllers/settings-controller.ts';
import type { ProbeResult } from '../../transport/handshake-probe.ts';
import { ConnectionMode } from '../../transport/mode.ts';
import { HijackController } from './hijack-controller.ts';
import { defaultOtherSite, isBusy } from './hijack-run.ts';
import { ATTACKER_ORIGIN, DEMO_COOKIE } from './requests.ts';
import { corsDemoStyles } from './styles.ts';
import { serverPlace } from './target.ts';
import { controlStyles } from '../../components/styles/shared-styles.ts';
import './wsp-cors-hijack-live-result.ts';
import './wsp-cors-hijack-simulated-result.ts';
import '../../components/wsp-mode-switch.ts';

/**
 * Cross-site WebSocket hijacking: a page on another origin opens a WebSocket
 * to this site's server, and the browser attaches the reader's cookie. With
 * an Origin allowlist the server refuses it (§10.2); without one it would let
 * the other page in as the reader. Simulated mode builds the attacker's
 * handshake and runs the server's decision code; Live mode loads a real page
 * from a second origin, served by the live server on another port.
 */
@customElement('wsp-cors-hijack-demo')
export class WspCorsHijackDemo extends LitElement {
  static override styles = [controlStyles, corsDemoStyles];

  readonly #settings = new SettingsController(this);
  readonly #attack = new HijackController(
    this,
    () => this.renderRoot.querySelector('wsp-cors-hijack-live-result')?.frameWindow ?? null,
  );
  /** The other site's address as the reader typed it; the default follows the live server URL. */
  @state() private otherSiteTyped: string | undefined;

  protected override render() {
    const live = this.#settings.settings.mode === ConnectionMode.live;
    const attack = this.#attack;
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      ${
        live
          ? html`<p>
                The live server also serves <em>the other site</em>: one small page on a second port, so a second
                origin, and one the server’s allowlist leaves out. Running the attack stores a harmless demo cookie,
                <span class="mono">${DEMO_COOKIE}</span>, for this host (standing in for a login), then loads that page
                below. The server’s own view of its handshake arrives here on the trace side channel.
              </p>
              <div class="field">
                <label for="other-site">The other site’s address</label>
                <input
                  id="other-site"
                  type="text"
                  inputmode="url"
                  spellcheck="false"
                  autocomplete="off"
                  .value=${this.#otherSite()}
                  @input=${(event: InputEvent) => (this.otherSiteTyped = (event.target as HTMLInputElement).value)}
                />
              </div>`
          : html`<p>
              The attacker is a page on <span class="mono">${ATTACKER_ORIGIN}</span> that you happen to have open, while
              your browser holds a session cookie for this site. The page builds the request your browser would send for
              it and runs it through the server’s own decision code, with this site’s allowlist: its own origin only.
            </p>`
      }
      <div class="row">
        <button
          id="attack"
          ?disabled=${isBusy(attack.live)}
          @click=${() => (live ? void attack.runLive(this.#otherSite()) : void attack.runSimulated(true))}
        >
          Run the attack
        </button>
        <button id="attack-unchecked" class="secondary" @click=${() => void attack.runSimulated(false)}>
          Run it without the Origin check${live ? ' (simulated)' : ''}
        </button>
      </div>
      ${
        live
          ? attack.live
            ? html`<wsp-cors-hijack-live-result
                .run=${attack.live}
                place=${serverPlace()}
              ></wsp-cors-hijack-live-result>`
            : nothing
          : this.#simulatedResult(attack.withCheck, 'With this site’s Origin check')
      }
      ${this.#simulatedResult(attack.withoutCheck, 'Without the check: the server allows every origin (*)')}
    `;
  }

  #otherSite(): string {
    return this.otherSiteTyped ?? defaultOtherSite(this.#settings.settings.serverUrl);
  }

  #simulatedResult(result: ProbeResult | undefined, heading: string) {
    if (!result) return nothing;
    return html`<wsp-cors-hijack-simulated-result
      .result=${result}
      heading=${heading}
      place=${serverPlace()}
    ></wsp-cors-hijack-simulated-result>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-cors-hijack-demo': WspCorsHijackDemo;
  }
}
