import { css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { SettingsController } from '../../controllers/settings-controller.ts';
import { endpointUrl } from '../../transport/endpoint-url.ts';
import { connectCarefully, connectHopefully } from './recipes/mistakes.ts';
import { wireWebSocket } from './wire.ts';
import { choiceStyles } from '../../components/styles/choice-styles.ts';
import { controlStyles, demoCardStyles } from '../../components/styles/shared-styles.ts';
import '../../components/wsp-mode-switch.ts';
import { PagePart } from '../../components/page-part.ts';

/** Two ways to fail: before the connection opens, and after. */
const SCENARIOS = [
  {
    id: 'refused',
    target: '/no-such-endpoint',
    label: 'The server refuses the handshake',
    note: 'no endpoint there: 404',
  },
  {
    id: 'dropped',
    target: '/close?abrupt=1&after=1000',
    label: 'The connection dies after a second',
    note: 'the server drops it with no close frame',
  },
] as const;
type ScenarioId = (typeof SCENARIOS)[number]['id'];

/**
 * Mistake two, no error or close handler: the same failure run through
 * `connectHopefully` (open only) and `connectCarefully` (error and close
 * too), side by side, with each status the page would show. Runs both from
 * recipes/mistakes.ts.
 */
@customElement('wsp-client-error-handler-demo')
export class WspClientErrorHandlerDemo extends PagePart {
  static override styles = [
    controlStyles,
    demoCardStyles,
    choiceStyles,
    css`
      label {
        gap: 0.4rem;
        margin: 0.2rem 0;
      }
      .hint {
        color: var(--wsp-muted, #5b6478);
        font-size: 0.9em;
      }
      code {
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
        font-size: 0.9em;
        overflow-wrap: anywhere;
      }
      .pair {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
        gap: 0.75rem;
      }
      section {
        border: 1px solid var(--wsp-border, #d5d9e2);
        border-radius: var(--wsp-radius, 6px);
        padding: 0.5rem 0.75rem;
      }
      h3 {
        font-size: 1rem;
        margin: 0 0 0.3rem;
      }
      ol {
        margin: 0;
        padding-left: 1.25rem;
        font-size: 0.9rem;
      }
      .now {
        font-weight: 600;
        margin: 0.4rem 0 0;
      }
    `,
  ];

  readonly #settings = new SettingsController(this);
  readonly #sockets = new Set<WebSocket>();
  #run = 0;

  @state() private scenario: ScenarioId = 'refused';
  @state() private hopeful: readonly string[] = [];
  @state() private careful: readonly string[] = [];

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const socket of this.#sockets) if (socket.readyState <= 1) socket.close(1000, 'demo left');
  }

  protected override render() {
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      <fieldset>
        <legend>What goes wrong</legend>
        ${SCENARIOS.map(
          (scenario) =>
            html`<label
              ><input
                type="radio"
                name="scenario"
                value=${scenario.id}
                .checked=${this.scenario === scenario.id}
                @change=${() => (this.scenario = scenario.id)}
              /><span
                >${scenario.label}: <code>${scenario.target}</code> <span class="hint">(${scenario.note})</span></span
              ></label
            >`,
        )}
      </fieldset>
      <div><button id="run" @click=${this.#start}>Run both clients</button></div>
      <div class="pair">
        ${this.#panel('hopeful', 'connectHopefully: open only', this.hopeful)}
        ${this.#panel('careful', 'connectCarefully: error and close too', this.careful)}
      </div>
    `;
  }

  #panel(id: string, title: string, statuses: readonly string[]) {
    return html`<section id=${id} aria-labelledby=${`${id}-title`}>
      <h3 id=${`${id}-title`}><code>${title.split(':')[0]}</code>:${title.split(':')[1]}</h3>
      <ol aria-label="Every status it showed">
        ${statuses.map((status) => html`<li>${status}</li>`)}
      </ol>
      <p class="now" role="status">The page shows: <span class="status">${statuses.at(-1) ?? '(not run yet)'}</span></p>
    </section>`;
  }

  #start(): void {
    const run = ++this.#run;
    this.hopeful = [];
    this.careful = [];
    const target = SCENARIOS.find((scenario) => scenario.id === this.scenario)!.target;
    const url = endpointUrl(this.#settings.settings.serverUrl, target);
    const WebSocket = wireWebSocket(this.#settings.settings);
    const show = (which: 'hopeful' | 'careful') => (status: string) => {
      if (run === this.#run) this[which] = [...this[which], status];
    };
    this.#keep(connectHopefully(url, show('hopeful'), WebSocket));
    this.#keep(connectCarefully(url, show('careful'), WebSocket));
  }

  #keep(socket: WebSocket): void {
    this.#sockets.add(socket);
    socket.addEventListener('close', () => this.#sockets.delete(socket));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-client-error-handler-demo': WspClientErrorHandlerDemo;
  }
}
