import { css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { FocusKeeper } from '../../components/focus-keeper.ts';
import { SettingsController } from '../../controllers/settings-controller.ts';
import { endpointUrl } from '../../transport/endpoint-url.ts';
import { CuttableSocket } from './cuttable-socket.ts';
import { startHeartbeat } from './recipes/heartbeat.ts';
import { keepWhileShown } from './recipes/page-lifecycle.ts';
import { READY_STATE_NAMES, wireWebSocket } from './wire.ts';
import { DemoLog } from './demo-log.ts';
import { controlStyles, demoCardStyles } from '../../components/styles/shared-styles.ts';
import '../../components/wsp-event-log.ts';
import '../../components/wsp-mode-switch.ts';
import { paragraphStyles, rowStyles } from '../../components/styles/layout-styles.ts';
import { PagePart } from '../../components/page-part.ts';

/**
 * Mistake three, a lost connection never noticed: connect to `/echo`, start
 * `startHeartbeat` (recipes/heartbeat.ts), then cut the network. The
 * socket keeps saying OPEN; the heartbeat notices the silence. The
 * connection follows the page (`keepWhileShown`, recipes/page-lifecycle.ts):
 * closed on pagehide, opened again when the page comes back from the
 * back/forward cache.
 */
@customElement('wsp-client-heartbeat-demo')
export class WspClientHeartbeatDemo extends PagePart {
  static override styles = [
    controlStyles,
    demoCardStyles,
    paragraphStyles,
    rowStyles,
    css`
      code {
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);

        font-size: 0.9em;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.2rem 1rem;
        margin: 0;
      }
      dt {
        color: var(--wsp-muted, #5b6478);
      }
      dd {
        margin: 0;
        font-variant-numeric: tabular-nums;
      }
      .dead {
        color: var(--wsp-error, #b42318);
        font-weight: 600;
      }
    `,
  ];

  /** Keeps a keyboard reader's focus in the demo when the control they pressed is disabled. */
  readonly focusKeeper = new FocusKeeper(this);

  /** Milliseconds between heartbeats. */
  @property({ type: Number }) interval = 1000;
  /** Milliseconds a heartbeat may go unanswered before the connection counts as dead. */
  @property({ type: Number }) timeout = 3000;

  readonly #settings = new SettingsController(this);
  #socket: CuttableSocket | undefined;
  #releasePage: (() => void) | undefined;
  #stopHeartbeat: (() => void) | undefined;
  #startedAt = 0;
  #cutAt = 0;
  #lastHeard = 0;
  /** The demo's own log, timed from Connect, as a ConnectionController keeps one. */
  readonly #log = new DemoLog(this);
  #clock = 0;

  @state() private phase: 'idle' | 'connecting' | 'open' | 'cut' | 'dead' | 'closed' = 'idle';
  @state() private verdict = '';
  @state() private now = 0;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stop();
    this.#releasePage?.();
    this.#releasePage = undefined;
  }

  protected override render() {
    const socket = this.#socket;
    const busy = this.phase === 'connecting' || this.phase === 'open' || this.phase === 'cut';
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      <p>
        Connect runs
        <code>startHeartbeat(socket, { interval: ${this.interval}, timeout: ${this.timeout}, onDead })</code> on a
        connection to <code>/echo</code>, which answers every heartbeat.
      </p>
      <div class="row">
        <button id="connect" ?disabled=${busy} @click=${this.#connect}>Connect with a heartbeat</button>
        <button id="cut" class="secondary" ?disabled=${this.phase !== 'open'} @click=${this.#cut}>
          Cut the network
        </button>
      </div>
      ${
        socket && this.phase !== 'idle'
          ? html`<dl>
              <dt><code>readyState</code></dt>
              <dd id="ready-state">${socket.readyState} (${READY_STATE_NAMES[socket.readyState]})</dd>
              <dt>Last heard from the server</dt>
              <dd id="last-heard">
                ${this.#lastHeard ? `${Math.round(Math.max(0, this.now - this.#lastHeard))} ms ago` : 'not yet'}
              </dd>
              <dt>Network</dt>
              <dd id="network">${this.phase === 'cut' || this.phase === 'dead' ? 'cut' : 'working'}</dd>
            </dl>`
          : nothing
      }
      <p id="verdict" role="status" class=${this.phase === 'dead' ? 'dead' : ''}>${this.verdict}</p>
      <wsp-event-log .entries=${this.#log.entries} label="Heartbeat log"></wsp-event-log>
    `;
  }

  #connect(): void {
    this.#releasePage?.();
    this.#log.clear();
    this.#log.restart();
    this.#releasePage = keepWhileShown(() => this.#open());
  }

  #open(): CuttableSocket {
    this.#stop();
    this.#startedAt = performance.now();
    this.#lastHeard = 0;
    this.phase = 'connecting';
    this.verdict = '';
    const WebSocket = wireWebSocket(this.#settings.settings);
    const real = new WebSocket(endpointUrl(this.#settings.settings.serverUrl, '/echo'));
    const socket = new CuttableSocket(real);
    this.#socket = socket;
    // Only the latest connection speaks: one the page closed on leaving may report after the next has begun.
    const current = (): boolean => socket === this.#socket;
    socket.addEventListener('open', () => {
      if (!current()) return;
      this.phase = 'open';
      const rule = `one unanswered for ${this.timeout} ms means dead`;
      this.#log.add('info', `Open. A heartbeat every ${this.interval} ms; ${rule}.`);
      // The recipe is written for a browser WebSocket; CuttableSocket has every member it uses.
      this.#stopHeartbeat = startHeartbeat(socket as unknown as WebSocket, {
        interval: this.interval,
        timeout: this.timeout,
        onDead: () => this.#dead(real.readyState),
      });
      this.#tick();
    });
    socket.addEventListener('message', (event) => {
      if (!current()) return;
      this.#lastHeard = performance.now();
      this.#log.add('received', `Heard "${(event as MessageEvent).data}" back: the connection is alive.`);
    });
    socket.addEventListener('close', (event) => {
      if (!current()) return;
      const { code, reason } = event as CloseEvent;
      this.#stop();
      if (this.phase !== 'dead') this.phase = 'closed';
      this.#log.add('closed', `Closed with code ${code}${reason ? `, reason "${reason}"` : ''}.`);
    });
    return socket;
  }

  #cut(): void {
    this.#socket?.cut();
    this.#cutAt = performance.now();
    this.phase = 'cut';
    this.verdict = 'The network is cut. No event fires and readyState still says OPEN…';
    this.#log.add('error', 'The network is cut: from now on nothing gets through, either way.');
  }

  #dead(readyState: number): void {
    // One moment for every figure shown: the verdict and "last heard" then tell the same silence.
    this.now = performance.now();
    const silentFor = Math.round(this.now - Math.max(this.#lastHeard, this.#startedAt));
    const afterCut = Math.round(this.now - this.#cutAt);
    this.phase = 'dead';
    this.#stop();
    this.verdict =
      `Noticed: nothing heard for ${silentFor} ms, so the heartbeat called it dead ${afterCut} ms after the cut, ` +
      `while readyState still said ${readyState} (${READY_STATE_NAMES[readyState]}). Time to reconnect.`;
    this.#log.add('error', `onDead: ${silentFor} ms without a word. The heartbeat closed the socket.`);
  }

  /** Redraws "last heard" a few times a second while the heartbeat runs. */
  #tick(): void {
    this.now = performance.now();
    this.#clock = window.setTimeout(() => this.#tick(), 200);
  }

  #stop(): void {
    this.#stopHeartbeat?.();
    this.#stopHeartbeat = undefined;
    clearTimeout(this.#clock);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-client-heartbeat-demo': WspClientHeartbeatDemo;
  }
}
