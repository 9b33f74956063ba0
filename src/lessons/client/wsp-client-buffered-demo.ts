import { css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { FocusKeeper } from '../../components/focus-keeper.ts';
import { SettingsController } from '../../controllers/settings-controller.ts';
import { endpointUrl } from '../../transport/endpoint-url.ts';
import { ConnectionMode } from '../../transport/mode.ts';
import { sendFast, watchBufferedAmount } from './recipes/buffered-amount.ts';
import { wireWebSocket } from './wire.ts';
import { controlStyles, demoCardStyles } from '../../components/styles/shared-styles.ts';
import type { BufferedSample } from './wsp-client-buffered-graph.ts';
import './wsp-client-buffered-graph.ts';
import '../../components/wsp-mode-switch.ts';
import { paragraphStyles, rowStyles } from '../../components/styles/layout-styles.ts';
import { PagePart } from '../../components/page-part.ts';

/** Frames with bufferedAmount at 0 before the watch stops: the drain is over. */
const QUIET_FRAMES = 20;

/**
 * bufferedAmount growing and draining: the reader sends a burst of binary
 * messages to `/echo` in one go, and a graph samples bufferedAmount every
 * animation frame until it is back to 0. Runs `sendFast` and
 * `watchBufferedAmount` from recipes/buffered-amount.ts.
 */
@customElement('wsp-client-buffered-demo')
export class WspClientBufferedDemo extends PagePart {
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
      .note {
        color: var(--wsp-muted, #5b6478);
        font-size: 0.9em;
      }
    `,
  ];

  /** Keeps a keyboard reader's focus in the demo when the control they pressed is disabled. */
  readonly focusKeeper = new FocusKeeper(this);

  /** Bytes in each message of the burst (the live server takes messages up to 64 KiB). */
  @property({ type: Number }) size = 32 * 1024;
  /** Messages in one burst (the live server allows 100 a second on one connection). */
  @property({ type: Number }) count = 24;

  readonly #settings = new SettingsController(this);
  #socket: WebSocket | undefined;
  #stopWatching: (() => void) | undefined;

  @state() private status = 'Not connected.';
  @state() private open = false;
  @state() private sending = false;
  @state() private samples: readonly BufferedSample[] = [];
  @state() private echoed = 0;
  @state() private sentCount = 0;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopWatching?.();
    if (this.#socket && this.#socket.readyState <= 1) this.#socket.close(1000, 'demo left');
  }

  protected override render() {
    const simulated = this.#settings.settings.mode === ConnectionMode.simulated;
    const burst = `${this.count} × ${this.size / 1024} KiB`;
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      <div class="row">
        <button id="connect" ?disabled=${this.open} @click=${this.#connect}>Connect to /echo</button>
        <button id="burst" ?disabled=${!this.open || this.sending} @click=${this.#burst}>Send ${burst} at once</button>
        <button id="close" class="secondary" ?disabled=${!this.open} @click=${this.#close}>Close</button>
      </div>
      <p>
        The button runs <code>sendFast(socket, ${this.size}, ${this.count})</code>, reads
        <code>bufferedAmount</code> right after, then once per animation frame with <code>watchBufferedAmount</code>.
      </p>
      <p id="status" role="status">${this.status}</p>
      <wsp-client-buffered-graph .samples=${this.samples}></wsp-client-buffered-graph>
      ${
        this.sentCount > 0
          ? html`<p id="echoed">The echo brought back ${this.echoed} of ${this.sentCount} messages.</p>`
          : nothing
      }
      ${
        simulated
          ? html`<p class="note">
              In Simulated mode there is no network to wait for: the simulated wire hands each message on at once, so
              the buffer is full only in the instant after the loop and empty by the next frame. In Live mode a real
              network takes the bytes at its own pace: a few milliseconds on this machine, far longer on a slow link.
            </p>`
          : nothing
      }
    `;
  }

  #connect(): void {
    const WebSocket = wireWebSocket(this.#settings.settings);
    const socket = new WebSocket(endpointUrl(this.#settings.settings.serverUrl, '/echo'));
    socket.binaryType = 'arraybuffer';
    this.#socket = socket;
    this.status = 'Connecting…';
    socket.addEventListener('open', () => {
      if (socket !== this.#socket) return;
      this.open = true;
      this.status = 'Open. Send a burst.';
    });
    socket.addEventListener('message', () => {
      if (socket === this.#socket) this.echoed += 1;
    });
    socket.addEventListener('close', (event) => {
      if (socket !== this.#socket) return;
      this.open = false;
      this.sending = false;
      this.#stopWatching?.();
      const reason = event.reason ? `, "${event.reason}"` : '';
      this.status = `Closed with code ${event.code}${reason}.`;
    });
  }

  #burst(): void {
    const socket = this.#socket;
    if (!socket || socket.readyState !== 1) return;
    this.#stopWatching?.();
    this.sending = true;
    this.echoed = 0;
    this.sentCount = this.count;
    const startedAt = performance.now();
    const samples: BufferedSample[] = [{ at: 0, bytes: socket.bufferedAmount }];
    sendFast(socket, this.size, this.count);
    // The loop has returned, but nothing has left yet: everything is still buffered.
    samples.push({ at: Math.round(performance.now() - startedAt), bytes: socket.bufferedAmount });
    this.samples = [...samples];
    let quiet = 0;
    this.#stopWatching = watchBufferedAmount(socket, (bytes) => {
      samples.push({ at: Math.round(performance.now() - startedAt), bytes });
      this.samples = [...samples];
      quiet = bytes === 0 ? quiet + 1 : 0;
      if (quiet >= QUIET_FRAMES) this.#finish(samples);
    });
  }

  #finish(samples: readonly BufferedSample[]): void {
    this.#stopWatching?.();
    this.#stopWatching = undefined;
    this.sending = false;
    const peak = Math.max(...samples.map((sample) => sample.bytes));
    const drained = samples
      .slice(samples.findIndex((sample) => sample.bytes === peak))
      .find((sample) => sample.bytes === 0);
    this.status = `Done: bufferedAmount peaked at ${peak} bytes and was 0 again at ${drained?.at ?? '?'} ms.`;
  }

  #close(): void {
    this.#socket?.close(1000, 'done');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-client-buffered-demo': WspClientBufferedDemo;
  }
}
