import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { SettingsController } from '../../controllers/settings-controller.ts';
import { endpointUrl } from '../../transport/endpoint-url.ts';
import { DemoLog } from './demo-log.ts';
import pageLifecycleSource from './recipes/page-lifecycle.ts?raw';
import { keepWhileShown } from './recipes/page-lifecycle.ts';
import { recipeCode } from './recipe-code.ts';
import { wireWebSocket } from './wire.ts';
import { controlStyles, demoCardStyles } from '../../components/styles/shared-styles.ts';
import { paragraphStyles, rowStyles } from '../../components/styles/layout-styles.ts';
import '../../components/wsp-event-log.ts';
import '../../components/wsp-mode-switch.ts';

/**
 * A page that leaves for the back/forward cache and comes back:
 * `keepWhileShown` (recipes/page-lifecycle.ts) closes the connection on
 * `pagehide` and opens a new one on `pageshow` with `persisted`. A page
 * cannot send itself into the cache, so the buttons fire the events the
 * browser fires, on the page's own window: every demo that follows the page
 * hears them.
 */
@customElement('wsp-client-page-lifecycle-demo')
export class WspClientPageLifecycleDemo extends LitElement {
  static override styles = [
    controlStyles,
    demoCardStyles,
    paragraphStyles,
    rowStyles,
    css`
      :host {
        margin: 1rem 0;
      }
      wsp-code-block {
        /* A recipe is short: show it whole, as the lesson shows the others. */
        --wsp-code-height: 60rem;
      }
      code {
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
        font-size: 0.9em;
      }
    `,
  ];

  readonly #settings = new SettingsController(this);
  readonly #log = new DemoLog(this);
  #release: (() => void) | undefined;
  #connections = 0;

  @state() private following = false;
  @state() private away = false;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stop();
  }

  protected override render() {
    return html`
      ${recipeCode(pageLifecycleSource, 'page-lifecycle.ts', 'keepWhileShown')}
      <wsp-mode-switch></wsp-mode-switch>
      <p>
        Connect runs <code>keepWhileShown(() =&gt; new WebSocket(url))</code> on <code>/echo</code>. The other two
        buttons fire <code>pagehide</code> and <code>pageshow</code> with <code>persisted: true</code>, as the browser
        does when the page enters the back/forward cache and when it comes back.
      </p>
      <div class="row">
        <button id="connect" ?disabled=${this.following} @click=${this.#start}>Connect</button>
        <button id="hide" class="secondary" ?disabled=${!this.following || this.away} @click=${this.#hide}>
          Leave the page (pagehide)
        </button>
        <button id="show" class="secondary" ?disabled=${!this.following || !this.away} @click=${this.#show}>
          Come back (pageshow)
        </button>
        <button id="stop" class="secondary" ?disabled=${!this.following} @click=${this.#stop}>Stop</button>
      </div>
      <wsp-event-log .entries=${this.#log.entries} label="Page lifecycle log"></wsp-event-log>
    `;
  }

  #open(): WebSocket {
    const WebSocket = wireWebSocket(this.#settings.settings);
    const socket = new WebSocket(endpointUrl(this.#settings.settings.serverUrl, '/echo'));
    const number = ++this.#connections;
    socket.addEventListener('open', () => this.#log.add('info', `Connection ${number} open.`));
    socket.addEventListener('close', (event) => {
      const { code, reason } = event;
      this.#log.add('closed', `Connection ${number} closed: code ${code}${reason ? `, reason "${reason}"` : ''}.`);
    });
    return socket;
  }

  #start(): void {
    this.#log.clear();
    this.#log.restart();
    this.#connections = 0;
    this.away = false;
    this.following = true;
    this.#release = keepWhileShown(() => this.#open());
  }

  #hide(): void {
    this.away = true;
    this.#log.add('info', 'pagehide, persisted: true: the page is going into the back/forward cache.');
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
  }

  #show(): void {
    this.away = false;
    this.#log.add('info', 'pageshow, persisted: true: the page is back from the cache.');
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
  }

  #stop(): void {
    this.#release?.();
    this.#release = undefined;
    this.following = false;
    this.away = false;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-client-page-lifecycle-demo': WspClientPageLifecycleDemo;
  }
}
