import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { SettingsController } from '../../controllers/settings-controller.ts';
import { ConnectionMode } from '../../transport/mode.ts';
import { Attacker, liveAttacker, simulatedAttacker } from './attackers.ts';
import { COOKIE_CHOICES, type CookieChoiceName } from './cookie-rules.ts';
import { HijackController, type SimulatedAttack } from './hijack-controller.ts';
import { isBusy } from './hijack-run.ts';
import { DEMO_COOKIE } from './requests.ts';
import { corsDemoStyles } from './styles.ts';
import { serverBase, serverPlace } from './target.ts';
import { choiceStyles } from '../../components/styles/choice-styles.ts';
import { controlStyles } from '../../components/styles/shared-styles.ts';
import './wsp-cors-hijack-live-result.ts';
import './wsp-cors-hijack-simulated-result.ts';
import '../../components/wsp-mode-switch.ts';
import { PagePart } from '../../components/page-part.ts';

/** The reader's choices of the demo cookie, as the list names them. */
const CHOICE_LABELS: Readonly<Record<CookieChoiceName, string>> = {
  unset: 'No SameSite (Lax in Chromium)',
  lax: 'SameSite=Lax',
  strict: 'SameSite=Strict',
  noneSecure: 'SameSite=None; Secure',
  none: 'SameSite=None without Secure',
};

/**
 * Cross-site WebSocket hijacking: a page on another origin opens a WebSocket
 * to this site's server, and whether the browser attaches the reader's
 * cookie depends on the cookie's SameSite and on whether that page is the
 * same site as the server (another port of its host) or another site. With
 * an Origin allowlist the server refuses it either way (§10.2); without one
 * it lets the other page in, as the reader if the cookie went along.
 * Simulated mode applies Chromium's cookie rules, builds the attacker's
 * handshake and runs the server's decision code; Live mode stores a real
 * cookie and loads a real page from a second origin, served by the live
 * server on another port, under this host's name or the other loopback name.
 */
@customElement('wsp-cors-hijack-demo')
export class WspCorsHijackDemo extends PagePart {
  static override styles = [
    controlStyles,
    corsDemoStyles,
    choiceStyles,
    css`
      /* A field's label is one line of text, not a choice: the choice styles' flex row is for radio buttons. */
      .field {
        grid-template-columns: minmax(0, 1fr);
      }
      .field > label {
        display: block;
      }
      select {
        justify-self: start;
        max-width: 100%;
        padding: 0.4em 0.6em;
        border-radius: var(--wsp-radius, 6px);
        border: 1px solid var(--wsp-border-strong, #8a93a6);
        background: var(--wsp-field, #fff);
      }
    `,
  ];

  readonly #settings = new SettingsController(this);
  readonly #attack = new HijackController(
    this,
    () => this.renderRoot.querySelector('wsp-cors-hijack-live-result')?.frameWindow ?? null,
  );
  /** Where the attacker's page is: the same site as the server, or another. */
  @state() private attacker: Attacker = Attacker.sameSite;
  /** The demo cookie's attributes. */
  @state() private cookie: CookieChoiceName = 'unset';
  /** Simulated only: whether the simulated browser lets pages of other sites use cookies. */
  @state() private thirdPartyCookies = true;
  /** The other site's address as the reader typed it; the default follows the attacker and the live server URL. */
  @state() private otherSiteTyped: string | undefined;

  protected override render() {
    const live = this.#settings.settings.mode === ConnectionMode.live;
    const attack = this.#attack;
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      ${
        live
          ? html`<p>
              The live server also serves <em>the other site</em>: one small page on its port + 1, a second origin that
              the server’s allowlist leaves out. By the server’s own host name it is the same site (ports do not count);
              by the other loopback name (127.0.0.1 for localhost, and back) it is another site, though the same page on
              the same machine. Running the attack stores a harmless demo cookie for this page’s host (standing in for a
              login), then loads that page below. The server’s own view of the handshake arrives here on the trace side
              channel: look for a Cookie header.
            </p>`
          : html`<p>
              Simulated: the attacker’s page is on another port of the server’s host (the same site) or on
              <span class="mono">evil.example</span> (another site), and your browser holds a session cookie for the
              server’s host. This page decides by Chromium’s cookie rules whether your browser would attach it, builds
              the request and runs it through the server’s own decision code. Live mode shows what your browser does.
            </p>`
      }
      ${this.#attackerChoice(live)} ${this.#cookieChoice(live)}
      ${
        live
          ? html`<div class="field">
              <label for="other-site">The other site’s address</label>
              <input
                id="other-site"
                type="text"
                inputmode="url"
                spellcheck="false"
                autocomplete="off"
                .value=${this.#otherSite() ?? ''}
                @input=${(event: InputEvent) => (this.otherSiteTyped = (event.target as HTMLInputElement).value)}
              />
            </div>`
          : nothing
      }
      <div class="row">
        <button
          id="attack"
          ?disabled=${isBusy(attack.live)}
          @click=${() => (live ? void this.#runLive() : void this.#runSimulated(true))}
        >
          Run the attack
        </button>
        <button id="attack-unchecked" class="secondary" @click=${() => void this.#runSimulated(false)}>
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

  #attackerChoice(live: boolean) {
    const server = serverBase();
    const where = (attacker: Attacker) =>
      live ? (liveAttacker(attacker, server) ?? '') : simulatedAttacker(attacker, server);
    const crossSite = where(Attacker.crossSite);
    const option = (attacker: Attacker, text: string, detail: string, disabled = false) =>
      html`<label
        ><input
          type="radio"
          name="attacker"
          id=${`attacker-${attacker}`}
          value=${attacker}
          ?disabled=${disabled}
          .checked=${this.attacker === attacker}
          @change=${() => {
            this.attacker = attacker;
            this.otherSiteTyped = undefined;
          }}
        />
        <span>${text} <span class="mono">${detail}</span></span></label
      >`;
    return html`<fieldset>
      <legend>The attacker’s page</legend>
      ${option(Attacker.sameSite, 'Same site, another port:', where(Attacker.sameSite))}
      ${
        crossSite === ''
          ? option(
              Attacker.crossSite,
              'Another site:',
              'only when the server is on localhost or 127.0.0.1; type another site’s address below',
              true,
            )
          : option(Attacker.crossSite, 'Another site:', crossSite)
      }
    </fieldset>`;
  }

  #cookieChoice(live: boolean) {
    return html`<div class="field">
        <label for="cookie-same-site"
          >Your cookie for the server’s host, <span class="mono">${DEMO_COOKIE}</span></label
        >
        <select
          id="cookie-same-site"
          .value=${this.cookie}
          @change=${(event: Event) => (this.cookie = (event.target as HTMLSelectElement).value as CookieChoiceName)}
        >
          ${(Object.keys(CHOICE_LABELS) as CookieChoiceName[]).map(
            (name) => html`<option value=${name} ?selected=${this.cookie === name}>${CHOICE_LABELS[name]}</option>`,
          )}
        </select>
      </div>
      ${
        live
          ? nothing
          : html`<label class="check"
              ><input
                id="third-party-blocked"
                type="checkbox"
                .checked=${!this.thirdPartyCookies}
                @change=${(event: Event) => (this.thirdPartyCookies = !(event.target as HTMLInputElement).checked)}
              />
              The browser blocks third-party cookies (Safari does, and Chrome in Incognito; Chrome’s default allows
              them)</label
            >`
      }`;
  }

  #otherSite(): string | undefined {
    return this.otherSiteTyped ?? liveAttacker(this.attacker, serverBase());
  }

  #runLive(): Promise<void> {
    return this.#attack.runLive(this.#otherSite() ?? '', COOKIE_CHOICES[this.cookie]);
  }

  #runSimulated(checked: boolean): Promise<void> {
    return this.#attack.runSimulated(checked, {
      attacker: this.attacker,
      choice: COOKIE_CHOICES[this.cookie],
      thirdPartyCookies: this.thirdPartyCookies,
    });
  }

  #simulatedResult(attack: SimulatedAttack | undefined, heading: string) {
    if (!attack) return nothing;
    return html`<wsp-cors-hijack-simulated-result
      .attack=${attack}
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
