import { css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { FocusKeeper } from '../../components/focus-keeper.ts';
import { messageContextAt } from '../../components/frame-fields.ts';
import { ConnectionController } from '../../controllers/connection-controller.ts';
import { Opcode, opcodeName, type FrameEvent } from '../../protocol/index.ts';
import { connectionStatusLine, connectionStatusStyles, disconnectButton } from '../../components/connection-status.ts';
import { controlStyles, demoCardStyles } from '../../components/styles/shared-styles.ts';
import { wireTableStyles } from '../../components/styles/table-styles.ts';
import '../../components/wsp-event-log.ts';
import '../../components/wsp-frame-bytes.ts';
import './wsp-frame-masking.ts';
import '../../components/wsp-mode-switch.ts';
import { rowStyles } from '../../components/styles/layout-styles.ts';
import { PagePart } from '../../components/page-part.ts';
import { groupDigits } from '../../protocol/group-digits.ts';
import { LENGTH_PRESETS } from './length-presets.ts';

/** Which endpoint the demo talks to; each adds its own control. */
export const FrameDemoEndpoint = { echo: 'echo', fragments: 'fragments', ping: 'ping' } as const;
export type FrameDemoEndpoint = (typeof FrameDemoEndpoint)[keyof typeof FrameDemoEndpoint];

/** Whose frames the view follows until the reader picks one. */
export const FrameFollow = { client: 'client', server: 'server' } as const;
export type FrameFollow = (typeof FrameFollow)[keyof typeof FrameFollow];

/** Frames listed at most; older ones scroll out of the list (the connection keeps them). */
const LIST_LIMIT = 100;
/** Frames per message the demo offers: enough to see fragmentation, few enough to read (the endpoint takes up to 64). */
const MIN_PARTS = 1;
const MAX_PARTS = 8;

function isFrame(event: { type: string }): event is FrameEvent {
  return event.type === 'frame';
}

/**
 * A connection whose frames the reader can pick one by one and read byte by
 * byte in a `wsp-frame-bytes` view: echo (with the three length forms),
 * fragments (`/fragments?parts=N`) or pings (`/ping?every=MS`). Works the same
 * in both connection modes; in Live mode the frames are the server's tap of
 * what the browser really sent.
 */
@customElement('wsp-frame-demo')
export class WspFrameDemo extends PagePart {
  static override styles = [
    controlStyles,
    demoCardStyles,
    rowStyles,
    connectionStatusStyles,
    wireTableStyles,
    css`
      :host {
        /* One column that may shrink below its content: wide tables scroll inside, not the page. */
        grid-template-columns: minmax(0, 1fr);
      }
      form input[type='text'] {
        flex: 1 1 10rem;
      }
      input[type='number'],
      select {
        font: inherit;
        padding: 0.3em 0.4em;
        border-radius: var(--wsp-radius, 6px);
        border: 1px solid var(--wsp-border-strong, #8a93a6);
        background: var(--wsp-field, #fff);
        color: inherit;
      }
      input[type='number'] {
        width: 4.5em;
      }
      .scroller {
        /* Contains its absolutely placed visually-hidden text, so that text cannot widen the page. */
        position: relative;
        max-height: var(--wsp-frame-list-height, 15rem);
        overflow: auto;
      }
      th,
      td {
        padding: 0.2rem 0.5rem;
        white-space: nowrap;
      }
      thead th {
        position: sticky;
        top: 0;
        background: var(--wsp-surface, #fff);
        color: var(--wsp-muted, #5b6478);
      }
      tr[aria-selected='true'] {
        background: var(--wsp-hover, #eef1f6);
        font-weight: 600;
      }
      td.num {
        text-align: right;
        font-variant-numeric: tabular-nums;
      }
      button.pick {
        padding: 0.05em 0.6em;
        font-size: 0.8rem;
      }
      .empty {
        padding: 0.5rem 0.6rem;
      }
      h3 {
        font-size: 1rem;
        margin: 0.25rem 0 0;
      }
      .hint {
        color: var(--wsp-muted, #5b6478);
        font-size: 0.85rem;
        margin: 0;
      }
    `,
  ];

  /** Keeps a keyboard reader's focus in the demo when the control they pressed is disabled. */
  readonly focusKeeper = new FocusKeeper(this);

  /** The endpoint: `echo`, `fragments` or `ping`. */
  @property() endpoint: FrameDemoEndpoint = FrameDemoEndpoint.echo;

  /** Show the buttons that send 125, 126 and 65,536 bytes. */
  @property({ type: Boolean }) presets = false;

  /** Show the masking of the picked frame (`wsp-frame-masking`). */
  @property({ type: Boolean, attribute: 'show-masking' }) showMasking = false;

  /** Whose newest frame the view shows until the reader picks one. */
  @property() follow: FrameFollow = FrameFollow.client;

  /** Names the demo for assistive technology and in the frame view's caption. */
  @property() label = 'Frames';

  @state() private parts = 3;
  /** What was wrong with the last count the reader typed; empty when it was taken. */
  @state() private partsProblem = '';
  @state() private every = 1000;
  /** The frame the reader picked (its number in the list), or undefined to follow the newest. */
  @state() private picked: number | undefined;

  @query('#message') private messageInput!: HTMLInputElement;

  #connection: ConnectionController | undefined;
  #target = '';

  /** The target the next connection uses, from the endpoint and its control. */
  get target(): string {
    switch (this.endpoint) {
      case FrameDemoEndpoint.fragments:
        return `/fragments?parts=${this.parts}`;
      case FrameDemoEndpoint.ping:
        return `/ping?every=${this.every}`;
      default:
        return '/echo';
    }
  }

  /** One controller per target: a new one when the reader changes the target while disconnected. */
  get connection(): ConnectionController {
    const target = this.target;
    if (!this.#connection || (this.#target !== target && this.#connection.canConnect)) {
      if (this.#connection) {
        this.#connection.hostDisconnected();
        this.removeController(this.#connection);
      }
      this.#target = target;
      this.#connection = new ConnectionController(this, { target });
    }
    return this.#connection;
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('endpoint') || changed.has('parts') || changed.has('every')) void this.connection;
  }

  /** The connection's frames, numbered from 1 in the order they reached the page. */
  get frames(): readonly FrameEvent[] {
    return this.connection.trace.filter(isFrame);
  }

  protected override render() {
    const connection = this.connection;
    const frames = this.frames;
    const pickedIndex = this.#shownIndex(frames);
    const shown = pickedIndex === undefined ? undefined : frames[pickedIndex];
    const first = Math.max(0, frames.length - LIST_LIMIT);
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      ${connectionStatusLine(connection.status, connection.url, connection.settings.mode)}
      <div class="row">
        ${this.#endpointControl(connection.canConnect)}
        <button id="connect" ?disabled=${!connection.canConnect} @click=${this.#connect}>Connect</button>
        ${disconnectButton(connection)}
      </div>
      <form class="row" @submit=${this.#sendText}>
        <label for="message">Message</label>
        <input id="message" type="text" value="Hello" autocomplete="off" />
        <button id="send-text" type="submit" ?disabled=${!connection.isOpen}>Send text</button>
        <button
          id="send-binary"
          type="button"
          class="secondary"
          ?disabled=${!connection.isOpen}
          @click=${this.#sendBinary}
        >
          Send as binary
        </button>
      </form>
      ${
        this.presets
          ? html`<div class="row" role="group" aria-label="Send a text message of a given size">
              <span>Send a text of</span>
              ${LENGTH_PRESETS.map(
                (size) =>
                  html`<button
                    id="send-${size}"
                    class="secondary"
                    ?disabled=${!connection.isOpen}
                    @click=${() => this.#sendSize(size)}
                  >
                    ${groupDigits(size)} bytes
                  </button>`,
              )}
            </div>`
          : nothing
      }
      <wsp-event-log .entries=${connection.entries} label="${this.label}: what the page saw"></wsp-event-log>
      <div class="scroller" tabindex="0" role="region" aria-label="${this.label}: the frames on the wire">
        <table id="frames">
          <caption>
            Frames on the wire: pick one to read its bytes
          </caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">ms</th>
              <th scope="col">Way</th>
              <th scope="col">Frame</th>
              <th scope="col">Bytes</th>
            </tr>
          </thead>
          <tbody>
            ${frames.slice(first).map((event, offset) => this.#frameRow(event, first + offset, pickedIndex))}
          </tbody>
        </table>
        ${frames.length === 0 ? html`<p class="empty">No frames yet: connect, then send something.</p>` : nothing}
      </div>
      ${
        shown
          ? html`<h3 id="shown-title">
                Frame #${pickedIndex! + 1}, ${shown.from === 'client' ? 'client → server' : 'server → client'}
              </h3>
              <p class="hint">
                ${
                  this.picked === undefined
                    ? `Showing the newest frame from the ${this.follow}${this.follow === 'client' ? ' (pongs aside)' : ''}; pick another in the list above.`
                    : html`You picked this frame.
                        <button id="follow" class="secondary pick" @click=${() => (this.picked = undefined)}>
                          Follow the newest again
                        </button>`
                }
              </p>
              <wsp-frame-bytes
                .bytes=${shown.bytes}
                .messageContext=${messageContextAt(frames, pickedIndex!)}
                label="Frame #${pickedIndex! + 1} (${opcodeName(shown.frame.opcode)}, ${shown.from})"
              ></wsp-frame-bytes>
              ${
                this.showMasking
                  ? html`<h3>Its masking</h3>
                      <wsp-frame-masking .bytes=${shown.bytes}></wsp-frame-masking>`
                  : nothing
              }`
          : nothing
      }
    `;
  }

  /** Takes a whole count within the range the endpoint allows; anything else is refused with that range. */
  readonly #setParts = (event: Event): void => {
    const field = event.target as HTMLInputElement;
    const value = Number(field.value);
    if (Number.isInteger(value) && value >= MIN_PARTS && value <= MAX_PARTS) {
      this.parts = value;
      this.partsProblem = '';
    } else {
      this.partsProblem = `${field.value || 'Nothing'} is not a count from ${MIN_PARTS} to ${MAX_PARTS}: still ${this.parts}.`;
      field.value = String(this.parts);
    }
  };

  #endpointControl(enabled: boolean) {
    if (this.endpoint === FrameDemoEndpoint.fragments) {
      return html`<label for="parts">Frames per message</label>
        <input
          id="parts"
          type="number"
          min=${MIN_PARTS}
          max=${MAX_PARTS}
          .value=${String(this.parts)}
          ?disabled=${!enabled}
          aria-describedby="parts-note"
          @change=${this.#setParts}
        />
        <span id="parts-note" class="hint"
          >${
            enabled
              ? this.partsProblem
                ? html`<span id="parts-problem" role="alert">${this.partsProblem}</span>`
                : nothing
              : html`<span id="parts-why"
                  >Disconnect to change it: the count is part of the URL this connection opened.</span
                >`
          }</span
        >`;
    }
    if (this.endpoint === FrameDemoEndpoint.ping) {
      return html`<label for="every">Ping every</label>
        <select
          id="every"
          ?disabled=${!enabled}
          @change=${(event: Event) => (this.every = Number((event.target as HTMLSelectElement).value))}
        >
          ${[500, 1000, 2000].map(
            (ms) => html`<option value=${ms} ?selected=${ms === this.every}>${groupDigits(ms)} ms</option>`,
          )}
        </select>`;
    }
    return nothing;
  }

  #frameRow(event: FrameEvent, index: number, pickedIndex: number | undefined) {
    const selected = index === pickedIndex;
    const { frame } = event;
    return html`<tr
      data-number=${index + 1}
      data-from=${event.from}
      data-opcode=${frame.opcode}
      aria-selected=${selected ? 'true' : 'false'}
    >
      <td>
        <button
          class="pick secondary"
          id="pick-${index + 1}"
          aria-pressed=${selected ? 'true' : 'false'}
          @click=${() => (this.picked = index)}
        >
          <span class="visually-hidden">Show frame </span>${index + 1}
        </button>
      </td>
      <td class="num">${event.at}</td>
      <td class="way">${event.from === 'client' ? 'client → server' : 'server → client'}</td>
      <td>${opcodeName(frame.opcode)}${frame.fin ? '' : ', FIN 0'}${frame.masked ? ', masked' : ''}</td>
      <td class="num">${groupDigits(event.bytes.length)}</td>
    </tr>`;
  }

  /**
   * The picked frame, or the newest one from the side the demo follows. On the
   * client side pongs are skipped: the browser sends them by itself (to the
   * server's heartbeat pings), and the reader wants to see what they sent.
   */
  #shownIndex(frames: readonly FrameEvent[]): number | undefined {
    if (this.picked !== undefined && this.picked < frames.length) return this.picked;
    for (let i = frames.length - 1; i >= 0; i--) {
      const { from, frame } = frames[i]!;
      if (from === this.follow && (from === 'server' || frame.opcode !== Opcode.pong)) return i;
    }
    return frames.length > 0 ? frames.length - 1 : undefined;
  }

  #connect(): void {
    this.picked = undefined;
    this.connection.connect();
  }

  #sendText(event: SubmitEvent): void {
    event.preventDefault();
    this.picked = undefined;
    this.connection.send(this.messageInput.value);
  }

  /** The same text as UTF-8 bytes in a binary frame. */
  #sendBinary(): void {
    this.picked = undefined;
    this.connection.send(new TextEncoder().encode(this.messageInput.value));
  }

  /** A text of `size` ASCII bytes: a run of one letter lets the key's 4-byte repeat show in the masked bytes. */
  #sendSize(size: number): void {
    this.picked = undefined;
    this.connection.send('a'.repeat(size));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-frame-demo': WspFrameDemo;
  }
}
