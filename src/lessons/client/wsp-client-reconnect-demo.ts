import { css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { SettingsController } from '../../controllers/settings-controller.ts';
import type { Connection } from '../../transport/connect.ts';
import { endpointUrl } from '../../transport/endpoint-url.ts';
import { ConnectionMode } from '../../transport/mode.ts';
import type { PlaygroundSocket } from '../../transport/playground-socket.ts';
import { keepWhileShown } from './recipes/page-lifecycle.ts';
import { backoffBound, connectWithBackoff } from './recipes/reconnect.ts';
import { canDrop, wireWebSocket } from './wire.ts';
import { choiceStyles } from '../../components/styles/choice-styles.ts';
import { controlStyles, demoCardStyles } from '../../components/styles/shared-styles.ts';
import { dataTableStyles } from '../../components/styles/table-styles.ts';
import '../../components/wsp-mode-switch.ts';
import { paragraphStyles, rowStyles } from '../../components/styles/layout-styles.ts';
import { PagePart } from '../../components/page-part.ts';

/** One connection attempt, as the table lists it. */
interface Attempt {
  readonly number: number;
  /** Milliseconds since Start. */
  readonly startedAt: number;
  openedAt?: number;
  closedAt?: number;
  code?: number;
  /** The wait chosen before the next attempt, and the bound it was drawn under. */
  delay?: number;
  bound?: number;
}

type ServerChoice = 'echo' | 'dropping';

/**
 * A reconnect with exponential backoff and full jitter: `connectWithBackoff`
 * (recipes/reconnect.ts) keeps a connection up while the reader drops
 * it (the simulated wire's network failure) or picks a server that drops
 * every connection (`/close?abrupt=1`, on both wires). Every attempt is
 * listed with the wait before the next one. The client follows the page
 * (`keepWhileShown`, recipes/page-lifecycle.ts): closed on pagehide, started
 * again when the page comes back from the back/forward cache.
 */
@customElement('wsp-client-reconnect-demo')
export class WspClientReconnectDemo extends PagePart {
  static override styles = [
    controlStyles,
    demoCardStyles,
    paragraphStyles,
    rowStyles,
    choiceStyles,
    dataTableStyles,
    css`
      label {
        gap: 0.4rem;
        margin: 0.2rem 0;
      }
      code {
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
        font-size: 0.9em;
        overflow-wrap: anywhere;
      }
      .hint {
        color: var(--wsp-muted, #5b6478);
        font-size: 0.9em;
      }
      table {
        font-size: 0.9rem;
        font-variant-numeric: tabular-nums;
      }
      th,
      td {
        vertical-align: top;
        border-bottom: 1px solid var(--wsp-border, #d5d9e2);
      }
      .bar {
        display: block;
        height: 0.4rem;
        margin-top: 0.2rem;
        border-radius: 2px;
        background: var(--wsp-accent, #2456c7);
        opacity: 0.6;
      }
    `,
  ];

  /** The longest first wait, in milliseconds. */
  @property({ type: Number }) baseDelay = 500;
  /** The cap on any wait. */
  @property({ type: Number }) maxDelay = 8000;
  /** How long a connection must last for the waits to start again from the base. */
  @property({ type: Number }) stableAfter = 5000;
  /** How long the dropping server keeps each connection. */
  @property({ type: Number }) dropAfter = 2000;
  /** The source of randomness (tests pass a fixed one). */
  @property({ attribute: false }) random: () => number = Math.random;

  readonly #settings = new SettingsController(this);
  #releasePage: (() => void) | undefined;
  #socket: PlaygroundSocket | undefined;
  #startedAt = 0;
  #run = 0;

  @state() private server: ServerChoice = 'echo';
  @state() private attempts: readonly Attempt[] = [];
  @state() private status = 'Not started.';
  @state() private running = false;
  @state() private open = false;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stop();
  }

  get #target(): string {
    return this.server === 'echo' ? '/echo' : `/close?abrupt=1&after=${this.dropAfter}`;
  }

  protected override render() {
    const live = this.#settings.settings.mode === ConnectionMode.live;
    const options = `{ baseDelay: ${this.baseDelay}, maxDelay: ${this.maxDelay}, stableAfter: ${this.stableAfter} }`;
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      <fieldset>
        <legend>The server</legend>
        <label
          ><input
            type="radio"
            name="server"
            value="echo"
            .checked=${this.server === 'echo'}
            ?disabled=${this.running}
            @change=${() => (this.server = 'echo')}
          /><span><code>/echo</code> <span class="hint">stays up until you drop the connection</span></span></label
        >
        <label
          ><input
            type="radio"
            name="server"
            value="dropping"
            .checked=${this.server === 'dropping'}
            ?disabled=${this.running}
            @change=${() => (this.server = 'dropping')}
          /><span
            ><code>/close?abrupt=1&after=${this.dropAfter}</code>
            <span class="hint"
              >drops every connection ${this.dropAfter} ms after it opens, with no close frame</span
            ></span
          ></label
        >
      </fieldset>
      <p>Start runs <code>connectWithBackoff(url, ${options})</code>.</p>
      <div class="row">
        <button id="start" ?disabled=${this.running} @click=${this.#start}>Start</button>
        <button id="drop" class="secondary" ?disabled=${!this.open || live} @click=${this.#drop}>
          Drop the connection
        </button>
        <button id="stop" class="secondary" ?disabled=${!this.running} @click=${this.#stop}>Stop</button>
      </div>
      ${
        live
          ? html`<p class="hint">
              A page cannot cut its own TCP connection, so in Live mode Drop is off: pick the server that drops every
              connection instead.
            </p>`
          : nothing
      }
      <p id="status" role="status">${this.status}</p>
      ${this.attempts.length > 0 ? this.#table() : nothing}
    `;
  }

  #table() {
    const widest = Math.max(1, ...this.attempts.map((attempt) => attempt.bound ?? 0));
    return html`<div class="table-wrap">
      <table id="attempts">
        <caption>
          Every attempt (times in ms since Start)
        </caption>
        <thead>
          <tr>
            <th scope="col">Attempt</th>
            <th scope="col">Began</th>
            <th scope="col">What happened</th>
            <th scope="col">Then waited</th>
          </tr>
        </thead>
        <tbody>
          ${this.attempts.map(
            (attempt) =>
              html`<tr data-attempt=${attempt.number}>
                <th scope="row">${attempt.number}</th>
                <td>${attempt.startedAt}</td>
                <td>${this.#outcome(attempt)}</td>
                <td class="wait">
                  ${
                    attempt.delay === undefined
                      ? '—'
                      : html`<span class="delay">${attempt.delay} ms</span>
                          <span class="hint">(random, 0 to ${attempt.bound})</span>
                          <span
                            class="bar"
                            aria-hidden="true"
                            style=${`width: ${Math.max(2, (100 * attempt.delay) / widest)}%`}
                          ></span>`
                  }
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  #outcome(attempt: Attempt): string {
    const opened = attempt.openedAt === undefined ? undefined : `opened at ${attempt.openedAt}`;
    if (attempt.code === undefined) return opened ?? 'connecting…';
    const closed = `closed at ${attempt.closedAt}, code ${attempt.code}`;
    return opened ? `${opened}; ${closed}` : `never opened; ${closed}`;
  }

  #start(): void {
    this.#stop();
    const run = ++this.#run;
    this.#startedAt = performance.now();
    this.attempts = [];
    this.running = true;
    this.#releasePage = keepWhileShown(() => this.#connect(run));
  }

  /** One client for as long as the page is shown; closing it on pagehide stops its attempts too. */
  #connect(run: number): { close(): void } {
    const since = (): number => Math.round(performance.now() - this.#startedAt);
    const WebSocket = wireWebSocket(this.#settings.settings, (connection) => {
      if (run === this.#run) this.#began(connection, since);
    });
    const client = connectWithBackoff(endpointUrl(this.#settings.settings.serverUrl, this.#target), {
      baseDelay: this.baseDelay,
      maxDelay: this.maxDelay,
      stableAfter: this.stableAfter,
      random: this.random,
      WebSocket,
      onOpen: () => {
        if (run !== this.#run) return;
        this.open = true;
        this.#update({ openedAt: since() });
        this.status = `Connected (attempt ${this.attempts.length}).`;
      },
      onRetry: ({ attempt, delay, code }) => {
        if (run !== this.#run) return;
        this.open = false;
        const bound = backoffBound(attempt, this.baseDelay, this.maxDelay);
        this.#update({ delay, bound });
        this.status = `Closed with code ${code}. Retry ${attempt}: waiting ${delay} ms (random, 0 to ${bound}).`;
      },
    });
    return {
      close: () => {
        client.close();
        if (run !== this.#run) return;
        this.open = false;
        this.status = 'The page was hidden: close() was called. It starts again if the page comes back.';
      },
    };
  }

  #began(connection: Connection, since: () => number): void {
    this.#socket = connection.socket;
    this.attempts = [...this.attempts, { number: this.attempts.length + 1, startedAt: since() }];
    this.status = `Attempt ${this.attempts.length}: connecting…`;
    connection.socket.addEventListener('close', (event) => {
      const { code } = event as CloseEvent;
      this.#update({ closedAt: since(), code }, connection.socket);
    });
  }

  /** Updates the latest attempt (or the one whose socket this is). */
  #update(fields: Partial<Attempt>, socket?: PlaygroundSocket): void {
    if (socket && socket !== this.#socket) return;
    const last = this.attempts.at(-1);
    if (!last) return;
    this.attempts = [...this.attempts.slice(0, -1), { ...last, ...fields }];
  }

  #drop(): void {
    const socket = this.#socket;
    if (canDrop(socket)) socket.drop();
  }

  #stop(): void {
    if (!this.#releasePage) return;
    this.#run++;
    this.#releasePage();
    this.#releasePage = undefined;
    this.running = false;
    this.open = false;
    this.status = 'Stopped: close() was called, so no more attempts.';
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-client-reconnect-demo': WspClientReconnectDemo;
  }
}
