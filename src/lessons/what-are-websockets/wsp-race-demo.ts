import { css, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { TickMessage } from '../../service/json-messages.ts';
import { ConnectionMode } from '../../transport/mode.ts';
import { CUT_AFTER, RaceController } from './race-controller.ts';
import type { PollText } from './race-polling.ts';
import type { SseRunner, StreamText } from './race-sse.ts';
import type { Tally } from './race-tally.ts';
import { controlStyles, demoCardStyles } from '../../components/styles/shared-styles.ts';
import '../../components/wsp-mode-switch.ts';
import './wsp-race-timeline.ts';
import '../../components/wsp-trace-timeline.ts';
import { PagePart } from '../../components/page-part.ts';
import { groupDigits } from '../../protocol/group-digits.ts';

const INTERVALS = [250, 1000, 3000] as const;
const RATES = [500, 1000, 2000] as const;

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${ms / 1000} s`;
}

function delay(ms: number | undefined): string {
  return ms === undefined ? '–' : `${groupDigits(Math.round(ms))} ms`;
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
 * The race: the same stream of price updates fetched by short polling and by
 * long polling, streamed as Server-Sent Events and pushed over a WebSocket,
 * four lanes side by side, with each lane's requests, bytes on the wire
 * (headers included), delay from update to page and the overhead of its last
 * delivery, and a timeline of the last seconds. Works in both connection modes. The mode switch sits
 * folded under a line that names the mode: a lesson shows this demo below
 * another with the switch open, and one setting drives both.
 */
@customElement('wsp-race-demo')
export class WspRaceDemo extends PagePart {
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
      .check {
        display: flex;
        gap: 0.4rem;
        align-items: center;
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
    const { polling, longPolling, sse, websocket } = race;
    const { interval, every, cut } = race.choice;
    const lanes: Lane[] = [
      {
        side: 'polling',
        name: 'Short polling',
        exchange: 'poll',
        how: html`<code>GET /poll</code> every ${duration(race.settings?.interval ?? interval)}: a new request each
          time, news or not`,
        tally: polling?.tally,
      },
      {
        side: 'long-polling',
        name: 'Long polling',
        exchange: 'poll',
        how: html`<code>GET /poll?wait=1</code>: the server holds each request until the next update (25 s at most),
          then the page asks again`,
        tally: longPolling?.tally,
      },
      {
        side: 'sse',
        name: 'Server-Sent Events',
        exchange: 'stream',
        how: html`<code>GET /sse</code>: one response the server keeps writing to; the browser's
          <code>EventSource</code> reconnects by itself`,
        tally: sse?.tally,
      },
      {
        side: 'websocket',
        name: 'WebSocket',
        exchange: 'handshake',
        how: html`<code>/ticker</code>: one connection; the server sends each update as it happens`,
        tally: websocket?.tally,
      },
    ];
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
          <label for="interval">Short polls every</label>
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
        <label class="check">
          <input
            type="checkbox"
            id="cut"
            .checked=${cut}
            @change=${(event: Event) => race.choose({ cut: (event.target as HTMLInputElement).checked })}
          />
          Cut the event stream every ${CUT_AFTER} updates
        </label>
        <div class="buttons">
          <button id="start" @click=${() => race.start()}>${race.running ? 'Restart' : 'Start race'}</button>
          <button id="stop" class="secondary" ?disabled=${!race.running} @click=${() => race.stop()}>Stop</button>
        </div>
      </div>
      <p class="status ${race.problem ? 'problem' : ''}" role="status">${this.#status()}</p>
      <div class="sides">
        ${lanes.map(
          (lane) =>
            html`<section data-side=${lane.side} aria-labelledby="${lane.side}-heading">
              <h3 id="${lane.side}-heading">${lane.name}</h3>
              <p class="how">${lane.how}</p>
              <p class="latest">Latest: ${describeTick(lane.tally?.latest)}</p>
              ${this.#totals(lane.tally, lane.side === 'sse' ? sse : undefined)}
            </section>`,
        )}
      </div>
      ${this.#verdict(lanes)}
      <wsp-race-timeline
        .now=${race.running || !polling ? Date.now() : this.#stoppedAt(lanes.map((lane) => lane.tally))}
        .lanes=${lanes.map(({ name, exchange, tally }) => ({ name, exchange, marks: tally?.marks ?? [] }))}
      ></wsp-race-timeline>
      ${polling?.lastPoll ? this.#lastPoll(polling.lastPoll) : nothing}
      ${sse?.stream ? this.#stream(sse.stream, race.settings?.mode === ConnectionMode.live) : nothing}
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
    return 'Press Start race: all four lanes start at once and watch the same feed of price updates.';
  }

  /** When the stopped race's timeline ends: its last mark, so the picture holds still. */
  #stoppedAt(tallies: (Tally | undefined)[]): number {
    const times = tallies.flatMap((tally) => tally?.marks.map((mark) => mark.at) ?? []);
    return times.length > 0 ? Math.max(...times) + 500 : Date.now();
  }

  #totals(tally: Tally | undefined, sse: SseRunner | undefined) {
    const count = (value: number | undefined): string => (value === undefined ? '0' : groupDigits(value));
    const last = tally?.lastDelivery;
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
        <dt>Overhead of the last delivery</dt>
        <dd data-stat="overhead">
          ${last ? `${count(last.bytes - last.payload)} of ${count(last.bytes)} bytes` : '–'}
        </dd>
        ${
          sse
            ? html`<dt>Reconnections</dt>
                <dd data-stat="reconnections">${count(sse.reconnections)}</dd>
                <dt>Updates lost, seen twice</dt>
                <dd data-stat="lost-repeated">${count(tally?.lost)}, ${count(tally?.repeated)}</dd>`
            : nothing
        }
      </dl>
      ${sse?.resume ? html`<p class="how" data-resume>The server: ${sse.resume}.</p>` : nothing}`;
  }

  #verdict(lanes: readonly Lane[]) {
    const [polling, , , websocket] = lanes.map((lane) => lane.tally);
    if (!polling || !websocket || websocket.bytesDown === 0 || polling.requests < 2) return nothing;
    const total = (tally: Tally | undefined): number => (tally ? tally.bytesUp + tally.bytesDown : 0);
    const spent = lanes.map(({ name, tally }) => {
      const requests = tally?.requests ?? 0;
      return `${name} ${groupDigits(total(tally))} bytes in ${requests} request${requests === 1 ? '' : 's'}`;
    });
    const ratio = total(polling) / total(websocket);
    return html`<p class="verdict" data-verdict>
      So far: ${spent.join('; ')}.
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
      <summary>The last short poll, byte for byte</summary>
      <div class="exchange">
        <pre tabindex="0" aria-label="Request">${poll.request}</pre>
        <pre tabindex="0" aria-label="Response">${poll.response}</pre>
      </div>
      <p class="note" data-note="poll">
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

  #stream(stream: StreamText, live: boolean) {
    return html`<details>
      <summary>The event stream, byte for byte</summary>
      <div class="exchange">
        <pre tabindex="0" aria-label="Request of the last connection">${stream.request}</pre>
        <pre tabindex="0" aria-label="Response head and its last event">${stream.head}${stream.lastEvent}</pre>
      </div>
      <p class="note" data-note="stream">
        ${live ? 'Measured by the live server' : 'Reported by the simulated server'}: a request of
        ${stream.measuredRequest} bytes and a head of ${stream.headBytes}. The request as Chromium's EventSource writes
        it for this page adds up to ${stream.computedRequest}. Each event crosses as one chunk: its size in hex, CRLF,
        the event, CRLF.
      </p>
    </details>`;
  }
}

/** One lane as the view draws it. */
interface Lane {
  readonly side: 'polling' | 'long-polling' | 'sse' | 'websocket';
  readonly name: string;
  readonly exchange: string;
  readonly how: TemplateResult;
  readonly tally: Tally | undefined;
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-race-demo': WspRaceDemo;
  }
}
