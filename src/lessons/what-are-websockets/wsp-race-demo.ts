import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { TickMessage } from '../../service/json-messages.ts';
import { ConnectionMode } from '../../transport/mode.ts';
import { RaceController } from './race-controller.ts';
import type { PollText } from './race-polling.ts';
import type { Tally } from './race-tally.ts';
import { controlStyles, demoCardStyles } from '../../components/styles/shared-styles.ts';
import '../../components/wsp-mode-switch.ts';
import './wsp-race-timeline.ts';
import '../../components/wsp-trace-timeline.ts';

const INTERVALS = [250, 1000, 3000] as const;
const RATES = [500, 1000, 2000] as const;

const numbers = new Intl.NumberFormat('en');

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${ms / 1000} s`;
}

function delay(ms: number | undefined): string {
  return ms === undefined ? '–' : `${numbers.format(Math.round(ms))} ms`;
}

function describeTick(tick: TickMessage | undefined): string {
  if (!tick) return 'no update yet';
  if (tick.topic === 'prices') {
    const { symbol, price, change } = tick.data;
    return `#${tick.seq}: ${symbol} ${price.toFixed(2)} (${change >= 0 ? '+' : '−'}${Math.abs(change).toFixed(2)})`;
  }
  const { match, home, away, minute } = tick.data;
  return `#${tick.seq}: ${match} ${home}–${away}, minute ${minute}`;
}

/**
 * The race: the same stream of price updates fetched by HTTP polling and
 * pushed over a WebSocket, side by side, with each side's requests, bytes on
 * the wire (headers included) and delay from update to page, and a timeline
 * of the last seconds. Works in both connection modes. The mode switch sits
 * folded under a line that names the mode: a lesson shows this demo below
 * another with the switch open, and one setting drives both.
 */
@customElement('wsp-race-demo')
export class WspRaceDemo extends LitElement {
  static override styles = [
    controlStyles,
    demoCardStyles,
    css`
      .mode wsp-mode-switch {
        margin-top: 0.5rem;
      }
      .hint {
        color: var(--wsp-muted, #5b6478);
        font-size: 0.85em;
      }
      .controls {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: end;
      }
      .field {
        display: grid;
        gap: 0.2rem;
      }
      select {
        padding: 0.35em 0.5em;
        border-radius: var(--wsp-radius, 6px);
        border: 1px solid var(--wsp-border-strong, #8a93a6);
        background: var(--wsp-field, #fff);
      }
      .buttons {
        display: flex;
        gap: 0.5rem;
      }
      .status {
        margin: 0;
      }
      .problem {
        color: var(--wsp-error, #b42318);
      }
      .sides {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 17rem), 1fr));
        gap: 0.75rem;
      }
      section {
        border: 1px solid var(--wsp-border, #d5d9e2);
        border-radius: var(--wsp-radius, 6px);
        padding: 0.6rem 0.8rem;
        min-width: 0;
      }
      h3 {
        margin: 0;
        font-size: 1.05rem;
      }
      .how,
      .latest {
        margin: 0.2rem 0;
        font-size: 0.9rem;
        color: var(--wsp-muted, #5b6478);
        overflow-wrap: anywhere;
      }
      .latest {
        color: inherit;
      }
      code,
      pre {
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
        font-size: 0.85em;
      }
      dl {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 0.1rem 1rem;
        margin: 0.5rem 0;
      }
      dt {
        color: var(--wsp-muted, #5b6478);
      }
      dd {
        margin: 0;
        text-align: right;
        font-variant-numeric: tabular-nums;
        font-weight: 600;
      }
      .verdict {
        margin: 0;
      }
      details {
        margin: 0;
      }
      summary {
        cursor: pointer;
      }
      .exchange {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 20rem), 1fr));
        gap: 0 0.75rem;
      }
      pre {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        background: var(--wsp-code-bg, #f0f2f6);
        border-radius: var(--wsp-radius, 6px);
        padding: 0.5rem;
        margin: 0.4rem 0;
        max-height: 16rem;
        overflow: auto;
      }
      .note {
        font-size: 0.85rem;
        color: var(--wsp-muted, #5b6478);
        margin: 0.3rem 0;
      }
    `,
  ];

  readonly #race = new RaceController(this);
  @state() private traceOpen = false;

  protected override render() {
    const race = this.#race;
    const polling = race.polling;
    const websocket = race.websocket;
    const { interval, every } = race.choice;
    return html`
      <details class="mode">
        <summary>
          Connection mode:
          <strong>${race.connection.mode === ConnectionMode.live ? 'Live server' : 'Simulated'}</strong>
          <span class="hint">(the same for every demo; open to change)</span>
        </summary>
        <wsp-mode-switch></wsp-mode-switch>
      </details>
      <div class="controls">
        <div class="field">
          <label for="interval">Poll every</label>
          <select id="interval" @change=${(event: Event) => race.choose({ interval: this.#picked(event) })}>
            ${INTERVALS.map((ms) => html`<option value=${ms} ?selected=${ms === interval}>${duration(ms)}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="every">Updates happen every</label>
          <select id="every" @change=${(event: Event) => race.choose({ every: this.#picked(event) })}>
            ${RATES.map((ms) => html`<option value=${ms} ?selected=${ms === every}>${duration(ms)}</option>`)}
          </select>
        </div>
        <div class="buttons">
          <button id="start" @click=${() => race.start()}>${race.running ? 'Restart' : 'Start race'}</button>
          <button id="stop" class="secondary" ?disabled=${!race.running} @click=${() => race.stop()}>Stop</button>
        </div>
      </div>
      <p class="status ${race.problem ? 'problem' : ''}" role="status">${this.#status()}</p>
      <div class="sides">
        <section data-side="polling" aria-labelledby="polling-heading">
          <h3 id="polling-heading">HTTP polling</h3>
          <p class="how">
            <code>GET /poll</code> every ${duration(race.settings?.interval ?? interval)}: a new request each time, news
            or not
          </p>
          <p class="latest">Latest: ${describeTick(polling?.tally.latest)}</p>
          ${this.#totals(polling?.tally)}
        </section>
        <section data-side="websocket" aria-labelledby="websocket-heading">
          <h3 id="websocket-heading">WebSocket</h3>
          <p class="how"><code>/ticker</code>: one connection; the server sends each update as it happens</p>
          <p class="latest">Latest: ${describeTick(websocket?.tally.latest)}</p>
          ${this.#totals(websocket?.tally)}
        </section>
      </div>
      ${this.#verdict(polling?.tally, websocket?.tally)}
      <wsp-race-timeline
        .now=${race.running || !polling ? Date.now() : this.#stoppedAt(polling.tally, websocket?.tally)}
        .lanes=${[
          { name: 'HTTP polling', exchange: 'poll', marks: polling?.tally.marks ?? [] },
          { name: 'WebSocket', exchange: 'handshake', marks: websocket?.tally.marks ?? [] },
        ]}
      ></wsp-race-timeline>
      ${polling?.lastPoll ? this.#lastPoll(polling.lastPoll) : nothing}
      <details @toggle=${(event: Event) => (this.traceOpen = (event.target as HTMLDetailsElement).open)}>
        <summary>What crossed the WebSocket</summary>
        ${
          this.traceOpen
            ? html`<wsp-trace-timeline
                .events=${websocket?.trace ?? []}
                label="Trace of the race's WebSocket"
              ></wsp-trace-timeline>`
            : nothing
        }
      </details>
    `;
  }

  #picked(event: Event): number {
    return Number((event.target as HTMLSelectElement).value);
  }

  #status(): string {
    const race = this.#race;
    if (race.problem) return `Stopped: ${race.problem}`;
    const mode = race.settings?.mode === ConnectionMode.live ? 'against the live server' : 'in Simulated mode';
    if (race.running) return `Racing ${mode}. The totals count from the start of this race.`;
    if (race.settings) return `Stopped. The totals are those of the race ${mode}.`;
    return 'Press Start race: both sides start at once and watch the same feed of price updates.';
  }

  /** When the stopped race's timeline ends: its last mark, so the picture holds still. */
  #stoppedAt(...tallies: (Tally | undefined)[]): number {
    const times = tallies.flatMap((tally) => tally?.marks.map((mark) => mark.at) ?? []);
    return times.length > 0 ? Math.max(...times) + 500 : Date.now();
  }

  #totals(tally: Tally | undefined) {
    const count = (value: number | undefined): string => (value === undefined ? '0' : numbers.format(value));
    return html`<dl>
      <dt>Requests</dt>
      <dd data-stat="requests">${count(tally?.requests)}</dd>
      <dt>Bytes up (page to server)</dt>
      <dd data-stat="bytes-up">${count(tally?.bytesUp)}</dd>
      <dt>Bytes down (server to page)</dt>
      <dd data-stat="bytes-down">${count(tally?.bytesDown)}</dd>
      <dt>Updates seen</dt>
      <dd data-stat="updates">${count(tally?.updates)}</dd>
      <dt>Average delay</dt>
      <dd data-stat="average-delay">${delay(tally?.averageDelay)}</dd>
      <dt>Worst delay</dt>
      <dd data-stat="worst-delay">${delay(tally?.updates ? tally.worstDelay : undefined)}</dd>
    </dl>`;
  }

  #verdict(polling: Tally | undefined, websocket: Tally | undefined) {
    if (!polling || !websocket || websocket.bytesDown === 0 || polling.requests < 2) return nothing;
    const pollBytes = polling.bytesUp + polling.bytesDown;
    const socketBytes = websocket.bytesUp + websocket.bytesDown;
    const ratio = pollBytes / socketBytes;
    return html`<p class="verdict" data-verdict>
      So far: polling ${numbers.format(polling.requests)} requests and ${numbers.format(pollBytes)} bytes; the WebSocket
      ${numbers.format(websocket.requests)} request and ${numbers.format(socketBytes)} bytes.
      ${
        ratio >= 1
          ? `Polling has used ${ratio.toFixed(1)} times the WebSocket's bytes.`
          : `Polling is still ahead: the WebSocket's handshake costs about as much as a few polls, but it is paid once.`
      }
    </p>`;
  }

  #lastPoll(poll: PollText) {
    const measured = poll.measured;
    return html`<details>
      <summary>The last poll, byte for byte</summary>
      <div class="exchange">
        <pre tabindex="0" aria-label="Request">${poll.request}</pre>
        <pre tabindex="0" aria-label="Response">${poll.response}</pre>
      </div>
      <p class="note">
        ${
          measured
            ? `Measured by the live server: ${measured.up} bytes up, ${measured.down} down. The text is rebuilt from
               the header sets and adds up to ${poll.computed.up} and ${poll.computed.down}.`
            : `Computed: ${poll.computed.up} bytes up, ${poll.computed.down} down (the request a Chromium fetch
               sends from this page, the response the playground's server writes).`
        }
      </p>
    </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-race-demo': WspRaceDemo;
  }
}
