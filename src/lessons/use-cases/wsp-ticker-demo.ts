import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { FocusKeeper } from '../../components/focus-keeper.ts';
import { ConnectionStatus } from '../../controllers/connection-controller.ts';
import { SettingsController } from '../../controllers/settings-controller.ts';
import { TickerTopic, type TickMessage } from '../../service/json-messages.ts';
import { ConnectionMode } from '../../transport/mode.ts';
import { controlStyles, demoCardStyles } from '../../components/styles/shared-styles.ts';
import { dataTableStyles } from '../../components/styles/table-styles.ts';
import {
  applyTickerMessage,
  delayStats,
  emptyTickerBoard,
  recordDelay,
  signedChange,
  TOPIC_NAMES,
  type TickerBoard,
  type TickerRow,
} from './ticker-board.ts';
import { UseCaseConnection } from './connection.ts';
import { reconnectNote, reconnectingText } from './reconnect-note.ts';
import { useCasePaneStyles } from './styles.ts';
import '../../components/wsp-mode-switch.ts';
import '../../components/wsp-trace-timeline.ts';
import { PagePart } from '../../components/page-part.ts';

/** The server's bounds for `every` (docs/endpoints.md, `/ticker`). */
const EVERY_MIN = 50;
const EVERY_MAX = 60_000;

function checkEvery(text: string): { ok: true; every: number } | { ok: false; reason: string } {
  const every = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || every < EVERY_MIN || every > EVERY_MAX) {
    return { ok: false, reason: `The rate must be a whole number of milliseconds from ${EVERY_MIN} to ${EVERY_MAX}.` };
  }
  return { ok: true, every };
}

/**
 * Live scores and prices: one WebSocket to `/ticker`, and the server pushes
 * a tick at a steady rate without being asked. The reader pauses, resumes
 * and changes the rate (each a small JSON message up), counts the pushes and
 * sees the delay from the server's `sentAt` to the frame that shows the tick.
 */
@customElement('wsp-ticker-demo')
export class WspTickerDemo extends PagePart {
  static override styles = [
    controlStyles,
    demoCardStyles,
    useCasePaneStyles,
    dataTableStyles,
    css`
      .numbers {
        display: grid;

        grid-template-columns: repeat(auto-fit, minmax(min(100%, 9rem), 1fr));
        gap: 0.5rem;
        margin: 0;
      }
      .numbers div {
        padding: 0.4rem 0.6rem;
        border: 1px solid var(--wsp-border, #d5d9e2);
        border-radius: var(--wsp-radius, 6px);
        background: var(--wsp-bg, #f4f6fa);
      }
      dt {
        font-size: 0.85em;
        color: var(--wsp-muted, #5b6478);
      }
      dd {
        margin: 0;
        font-size: 1.15rem;
        font-weight: 600;
        font-variant-numeric: tabular-nums;
      }
      table {
        font-variant-numeric: tabular-nums;
      }
      th,
      td {
        border-top: 1px solid var(--wsp-border, #d5d9e2);
      }
      td.number,
      th.number {
        text-align: right;
      }
      .up {
        color: var(--wsp-received, #1d7437);
      }
      .down {
        color: var(--wsp-error, #b42318);
      }
      #every {
        width: 7rem;
      }
    `,
  ];

  /** Keeps a keyboard reader's focus in the demo when the control they pressed is disabled. */
  readonly focusKeeper = new FocusKeeper(this);

  @state() private topic: TickerTopic = TickerTopic.scores;
  @state() private everyText = '1000';
  @state() private board: TickerBoard = emptyTickerBoard(1000);
  @state() private rateProblem = '';
  @state() private traceOpen = false;

  /** The rate in the connection's URL: where a reconnect starts again. */
  #startEvery = 1000;
  readonly #settings = new SettingsController(this);
  readonly #connection = new UseCaseConnection(this, {
    onConnecting: () => {
      this.board = emptyTickerBoard(this.#startEvery);
    },
    onMessage: (message) => {
      this.board = applyTickerMessage(this.board, message);
      if (message.type === 'tick') void this.#measure(message as unknown as TickMessage);
    },
  });

  protected override render() {
    const connection = this.#connection;
    const board = this.board;
    const active = connection.isActive || connection.status === ConnectionStatus.closing;
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      <div class="row">
        <label for="topic">Feed</label>
        <select id="topic" ?disabled=${active} @change=${this.#onTopic}>
          ${Object.values(TickerTopic).map(
            (topic) => html`<option value=${topic} ?selected=${topic === this.topic}>${TOPIC_NAMES[topic]}</option>`,
          )}
        </select>
        ${
          active
            ? html`<button id="disconnect" class="secondary" @click=${() => connection.disconnect('reader stopped')}>
                Disconnect
              </button>`
            : html`<button id="connect" @click=${this.#connect}>Connect</button>`
        }
      </div>
      <form class="row" novalidate @submit=${this.#setRate}>
        <label for="every">A tick every</label>
        <input
          id="every"
          type="number"
          min=${EVERY_MIN}
          max=${EVERY_MAX}
          step="1"
          .value=${this.everyText}
          aria-describedby="every-unit"
          @input=${(event: InputEvent) => (this.everyText = (event.target as HTMLInputElement).value)}
        />
        <span id="every-unit">ms</span>
        <button id="set-rate" type="submit" class="secondary" ?disabled=${!connection.isOpen}>Change rate</button>
        <button id="pause" type="button" ?disabled=${!connection.isOpen || board.paused} @click=${this.#pause}>
          Pause
        </button>
        <button id="resume" type="button" ?disabled=${!connection.isOpen || !board.paused} @click=${this.#resume}>
          Resume
        </button>
      </form>
      ${this.rateProblem ? html`<p class="problem" id="rate-problem">${this.rateProblem}</p>` : nothing}
      <p role="status" id="state">${this.#stateText()}</p>
      ${connection.problem ? html`<p class="problem" id="problem">${connection.problem}</p>` : nothing}
      ${reconnectNote(connection, 'reconnect')} ${this.#numbers()} ${this.#table()}
      <p class="hint" id="delay-note">${this.#delayNote()}</p>
      <details @toggle=${(event: Event) => (this.traceOpen = (event.target as HTMLDetailsElement).open)}>
        <summary>What crossed the wire</summary>
        ${
          this.traceOpen
            ? html`<wsp-trace-timeline
                .events=${connection.trace}
                label="Trace of the ticker connection"
              ></wsp-trace-timeline>`
            : nothing
        }
      </details>
    `;
  }

  #stateText(): string {
    const connection = this.#connection;
    const reconnecting = reconnectingText(connection, 'Reconnecting');
    if (reconnecting) return reconnecting;
    if (connection.status === ConnectionStatus.connecting) return 'Connecting…';
    if (!connection.isOpen) return connection.status === ConnectionStatus.idle ? 'Not connected.' : 'Disconnected.';
    return this.board.paused
      ? `Paused: the server sends nothing until you resume (rate kept: every ${this.board.every} ms).`
      : `The server pushes a tick every ${this.board.every} ms.`;
  }

  #numbers() {
    const board = this.board;
    const stats = delayStats(board.delays);
    const ms = (value: number | undefined): string => (value === undefined ? '–' : `${value} ms`);
    return html`<dl class="numbers">
      <div>
        <dt>Pushes received</dt>
        <dd id="received">${board.received}</dd>
      </div>
      <div>
        <dt>Last seq from the server</dt>
        <dd id="seq">${board.lastSeq}</dd>
      </div>
      <div>
        <dt>Delay of the last tick</dt>
        <dd id="delay">${ms(stats?.last)}</dd>
      </div>
      <div>
        <dt>Median of the last 20</dt>
        <dd id="median">${ms(stats?.median)}</dd>
      </div>
      <div>
        <dt>Above the lowest so far</dt>
        <dd id="above-lowest">${ms(stats?.aboveLowest)}</dd>
      </div>
    </dl>`;
  }

  #table() {
    const rows = this.board.rows;
    if (this.topic === TickerTopic.prices) {
      return html`<table id="board">
        <caption>
          Latest prices
        </caption>
        <thead>
          <tr>
            <th scope="col">Symbol</th>
            <th scope="col" class="number">Price</th>
            <th scope="col" class="number">Change</th>
            <th scope="col" class="number">Tick</th>
          </tr>
        </thead>
        <tbody>
          ${rows.length === 0 ? this.#emptyRow(4) : rows.map((row) => this.#priceRow(row))}
        </tbody>
      </table>`;
    }
    return html`<table id="board">
      <caption>
        Latest scores
      </caption>
      <thead>
        <tr>
          <th scope="col">Match</th>
          <th scope="col" class="number">Score</th>
          <th scope="col" class="number">Minute</th>
          <th scope="col" class="number">Tick</th>
        </tr>
      </thead>
      <tbody>
        ${rows.length === 0 ? this.#emptyRow(4) : rows.map((row) => this.#scoreRow(row))}
      </tbody>
    </table>`;
  }

  #emptyRow(columns: number) {
    return html`<tr>
      <td colspan=${columns} class="hint">No ticks yet. Connect, and the server starts pushing.</td>
    </tr>`;
  }

  /** The change is said in words (a sign) as well as colour. */
  #priceRow(row: TickerRow) {
    if (row.topic !== 'prices') return nothing;
    const { symbol, price, change } = row.data;
    return html`<tr>
      <th scope="row">${symbol}</th>
      <td class="number">${price.toFixed(2)}</td>
      <td class="number ${change > 0 ? 'up' : change < 0 ? 'down' : ''}">${signedChange(change)}</td>
      <td class="number">${row.seq}</td>
    </tr>`;
  }

  #scoreRow(row: TickerRow) {
    if (row.topic !== 'scores') return nothing;
    const { match, home, away, minute } = row.data;
    return html`<tr>
      <th scope="row">${match}</th>
      <td class="number">${home}–${away}</td>
      <td class="number">${minute}′</td>
      <td class="number">${row.seq}</td>
    </tr>`;
  }

  #delayNote(): string {
    if (this.#settings.settings.mode === ConnectionMode.simulated) {
      return (
        'The delay runs from the server’s sentAt stamp to the frame that paints the tick. In Simulated mode the ' +
        'server is in this page and reads the same clock, so it is the true delay: a few milliseconds of wire, ' +
        'parsing and rendering.'
      );
    }
    return (
      'The delay runs from the server’s sentAt stamp (its clock) to the frame that paints the tick (this page’s ' +
      'clock). Two computers’ clocks rarely agree to the millisecond, so the number also holds their difference and ' +
      'can even be negative. That difference stays the same from tick to tick, so “above the lowest” is honest: it ' +
      'shows how much a tick waited longer than the quickest one.'
    );
  }

  /** Stamps the tick once the frame that shows it is about to paint. */
  async #measure(tick: TickMessage): Promise<void> {
    await this.updateComplete;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    if (!this.#connection.isOpen) return;
    this.board = recordDelay(this.board, Date.now() - tick.sentAt);
  }

  #onTopic(event: Event): void {
    this.topic = (event.target as HTMLSelectElement).value as TickerTopic;
  }

  #connect(): void {
    const checked = checkEvery(this.everyText);
    if (!checked.ok) {
      this.rateProblem = checked.reason;
      return;
    }
    this.rateProblem = '';
    this.#startEvery = checked.every;
    const query = new URLSearchParams({ topic: this.topic, every: String(checked.every) });
    this.#connection.connect(`/ticker?${query}`);
  }

  #setRate(event: SubmitEvent): void {
    event.preventDefault();
    const checked = checkEvery(this.everyText);
    if (!checked.ok) {
      this.rateProblem = checked.reason;
      return;
    }
    this.rateProblem = '';
    this.#connection.send({ type: 'rate', every: checked.every });
  }

  #pause(): void {
    this.#connection.send({ type: 'pause' });
  }

  #resume(): void {
    this.#connection.send({ type: 'resume' });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-ticker-demo': WspTickerDemo;
  }
}
