import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { FocusKeeper } from '../../components/focus-keeper.ts';
import type { LogKind } from '../../controllers/connection-controller.ts';
import { SettingsController } from '../../controllers/settings-controller.ts';
import type { FrameEvent } from '../../protocol/index.ts';
import type { Connection } from '../../transport/connect.ts';
import { endpointUrl } from '../../transport/endpoint-url.ts';
import type { PageTraceEvent } from '../../transport/trace-stream.ts';
import { TraceAddEvent } from '../../transport/trace-stream.ts';
import { openSocket, sendSample } from './recipes/basic-client.ts';
import { ReadyStateTracker, type ReadyStateStep } from './ready-state.ts';
import { READY_STATE_NAMES, wireWebSocket } from './wire.ts';
import { choiceStyles } from '../../components/styles/choice-styles.ts';
import { DemoLog } from './demo-log.ts';
import { controlStyles, demoCardStyles } from '../../components/styles/shared-styles.ts';
import { dataTableStyles } from '../../components/styles/table-styles.ts';
import './wsp-client-ready-state-timeline.ts';
import '../../components/wsp-event-log.ts';
import '../../components/wsp-mode-switch.ts';
import '../../components/wsp-trace-timeline.ts';
import { rowStyles } from '../../components/styles/layout-styles.ts';
import { PagePart } from '../../components/page-part.ts';

type SampleKind = Parameters<typeof sendSample>[1];

const SAMPLE_NAMES: Readonly<Record<SampleKind, string>> = {
  string: 'a string',
  blob: 'a Blob',
  arraybuffer: 'an ArrayBuffer',
};

/** What /echo speaks (see src/service/echo.ts); offering both shows the server's choice. */
const OFFER = ['v1.echo.playground', 'v2.echo.playground'];

/** The endpoints the demo connects to: one that works and one whose handshake the server refuses. */
const TARGETS = [
  { target: '/echo', note: 'answers every message with the same message' },
  { target: '/no-such-endpoint', note: 'nothing there: the server refuses the handshake with 404' },
] as const;

/** One reading of the socket's properties, taken each animation frame. */
interface Reading {
  readonly readyState: number;
  readonly protocol: string;
  readonly extensions: string;
  readonly binaryType: BinaryType;
  readonly bufferedAmount: number;
}

/**
 * The WebSocket API in one card: construct a socket (URL and protocols), see
 * its readyState move with times, its four events, what each kind of `send`
 * becomes on the wire and what comes back as `event.data` under either
 * `binaryType`, and its `protocol`, `extensions` and `bufferedAmount`.
 * Runs `openSocket` and `sendSample` from recipes/basic-client.ts.
 */
@customElement('wsp-client-api-demo')
export class WspClientApiDemo extends PagePart {
  static override styles = [
    controlStyles,
    demoCardStyles,
    rowStyles,
    choiceStyles,
    dataTableStyles,
    css`
      /* The choices side by side, wrapping, rather than one a line. */
      fieldset {
        display: flex;

        flex-wrap: wrap;
        gap: 0.3rem 1.25rem;
      }
      label {
        display: inline-flex;
        gap: 0.4rem;
        margin: 0;
      }
      code,
      .mono {
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
        font-size: 0.9em;
        overflow-wrap: anywhere;
      }
      .call {
        margin: 0;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.2rem 1rem;
        margin: 0;
      }
      dt {
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
        color: var(--wsp-muted, #5b6478);
      }
      dd {
        margin: 0;
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
        overflow-wrap: anywhere;
      }
      table {
        font-size: 0.9rem;
      }
      th,
      td {
        vertical-align: top;
        border-bottom: 1px solid var(--wsp-border, #d5d9e2);
      }
      .hint {
        color: var(--wsp-muted, #5b6478);
        font-size: 0.9em;
        margin: 0;
      }
    `,
  ];

  /** Keeps a keyboard reader's focus in the demo when the control they pressed is disabled. */
  readonly focusKeeper = new FocusKeeper(this);

  readonly #settings = new SettingsController(this);
  #socket: WebSocket | undefined;
  #connection: Connection | undefined;
  #tracker: ReadyStateTracker | undefined;
  #startedAt = 0;
  /** The demo's own log, timed from Connect, as a ConnectionController keeps one. */
  readonly #log = new DemoLog(this);

  @state() private offer = true;
  @state() private steps: readonly ReadyStateStep[] = [];
  @state() private reading: Reading | undefined;
  @state() private sent: readonly SampleKind[] = [];
  @state() private target: string = TARGETS[0].target;
  @state() private received: readonly string[] = [];
  @state() private trace: readonly PageTraceEvent[] = [];

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#tracker?.stop();
    if (this.#socket && this.#socket.readyState <= 1) this.#socket.close(1000, 'demo left');
  }

  get #url(): string {
    return endpointUrl(this.#settings.settings.serverUrl, this.target);
  }

  protected override render() {
    const reading = this.reading;
    const live = reading !== undefined && reading.readyState < 2;
    const open = reading?.readyState === 1;
    const protocols = this.offer ? OFFER : [];
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      <fieldset>
        <legend>URL</legend>
        ${TARGETS.map(
          ({ target, note }) =>
            html`<label
              ><input
                type="radio"
                name="target"
                value=${target}
                .checked=${this.target === target}
                ?disabled=${live}
                @change=${() => (this.target = target)}
              /><span><code>${target}</code> <span class="hint">${note}</span></span></label
            >`,
        )}
      </fieldset>
      <label
        ><input
          id="offer"
          type="checkbox"
          .checked=${this.offer}
          ?disabled=${live}
          @change=${(event: Event) => (this.offer = (event.target as HTMLInputElement).checked)}
        />
        Offer the subprotocols <code>${OFFER.join(', ')}</code></label
      >
      <p class="call">
        Connect runs <code>openSocket(url, protocols, report)</code>, which calls
        <code>new WebSocket(<span id="url">${JSON.stringify(this.#url)}</span>, ${JSON.stringify(protocols)})</code>.
      </p>
      <div class="row">
        <button id="connect" ?disabled=${live} @click=${this.#connect}>Connect</button>
        <button id="close" class="secondary" ?disabled=${!live} @click=${this.#close}>Close</button>
      </div>
      <wsp-client-ready-state-timeline
        .steps=${this.steps}
        .current=${reading?.readyState}
      ></wsp-client-ready-state-timeline>
      <div class="row" role="group" aria-label="Send with sendSample">
        ${(Object.keys(SAMPLE_NAMES) as SampleKind[]).map(
          (kind) =>
            html`<button id=${`send-${kind}`} ?disabled=${!open} @click=${() => this.#send(kind)}>
              Send ${SAMPLE_NAMES[kind]}
            </button>`,
        )}
      </div>
      <fieldset>
        <legend><code>socket.binaryType</code></legend>
        ${(['arraybuffer', 'blob'] as const).map(
          (type) =>
            html`<label
              ><input
                type="radio"
                name="binary-type"
                value=${type}
                .checked=${(reading?.binaryType ?? 'arraybuffer') === type}
                ?disabled=${!live}
                @change=${() => this.#setBinaryType(type)}
              /><code>'${type}'</code></label
            >`,
        )}
        <p class="hint">Applies to binary messages that arrive from now on. Connect first.</p>
      </fieldset>
      ${this.#properties(reading)} ${this.#exchanges()}
      <wsp-event-log .entries=${this.#log.entries} label="The socket's events"></wsp-event-log>
      <details>
        <summary>What crossed the wire</summary>
        <wsp-trace-timeline .events=${this.trace} label="Trace of the API demo's connection"></wsp-trace-timeline>
      </details>
    `;
  }

  #properties(reading: Reading | undefined) {
    if (!reading) return nothing;
    return html`<dl id="properties" aria-label="The socket's properties, read every animation frame">
      <dt>readyState</dt>
      <dd id="ready-state">${reading.readyState} (${READY_STATE_NAMES[reading.readyState]})</dd>
      <dt>protocol</dt>
      <dd id="protocol">${JSON.stringify(reading.protocol)}</dd>
      <dt>extensions</dt>
      <dd id="extensions">${JSON.stringify(reading.extensions)}</dd>
      <dt>binaryType</dt>
      <dd id="binary-type">${JSON.stringify(reading.binaryType)}</dd>
      <dt>bufferedAmount</dt>
      <dd id="buffered-amount">${reading.bufferedAmount}</dd>
    </dl>`;
  }

  /** Each send beside the frame it became and what the echo gave back; /echo answers in order. */
  #exchanges() {
    if (this.sent.length === 0) return nothing;
    const frames = this.trace.filter(
      (event): event is FrameEvent =>
        event.type === 'frame' && event.from === 'client' && (event.frame.opcode === 1 || event.frame.opcode === 2),
    );
    return html`<div class="table-wrap">
      <table id="exchanges">
        <caption>
          What each send became
        </caption>
        <thead>
          <tr>
            <th scope="col">You sent</th>
            <th scope="col">Frame on the wire</th>
            <th scope="col">The echo’s <code>event.data</code></th>
          </tr>
        </thead>
        <tbody>
          ${this.sent.map((sent, index) => {
            const frame = frames[index]?.frame;
            return html`<tr>
              <td>${SAMPLE_NAMES[sent]}</td>
              <td>
                ${
                  frame
                    ? `${frame.opcode === 1 ? 'text' : 'binary'} (opcode ${frame.opcode}), ${frame.payloadLength}-byte payload`
                    : 'waiting for the trace…'
                }
              </td>
              <td>${this.received[index] ?? 'waiting…'}</td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
  }

  #connect(): void {
    this.#tracker?.stop();
    this.#startedAt = performance.now();
    this.#log.restart();
    this.#log.clear();
    this.sent = [];
    this.received = [];
    this.trace = [];
    this.#log.add('info', `new WebSocket(${this.#url}): readyState CONNECTING.`);
    const WebSocket = wireWebSocket(this.#settings.settings, (connection) => this.#watch(connection));
    let socket: WebSocket;
    try {
      socket = openSocket(this.#url, this.offer ? OFFER : [], (line) => this.#report(socket, line), WebSocket);
    } catch (error) {
      this.#log.add('error', `The constructor threw ${(error as Error).name}: ${(error as Error).message}`);
      return;
    }
    this.#socket = socket;
    this.#tracker = new ReadyStateTracker(socket, this.#startedAt, () => this.#read(socket));
  }

  #watch(connection: Connection): void {
    this.#connection = connection;
    connection.trace.addEventListener(TraceAddEvent.eventName, () => {
      if (connection === this.#connection) this.trace = connection.trace.events;
    });
  }

  #report(socket: WebSocket, line: string): void {
    if (socket !== this.#socket) return;
    const kind: LogKind = line.startsWith('message')
      ? 'received'
      : line.startsWith('error')
        ? 'error'
        : line.startsWith('close')
          ? 'closed'
          : 'info';
    if (kind === 'received') this.received = [...this.received, line.replace(/^message: event\.data is /, '')];
    this.#log.add(kind, line);
  }

  #read(socket: WebSocket): void {
    if (socket !== this.#socket) return;
    this.steps = this.#tracker?.steps ?? [];
    const { readyState, protocol, extensions, binaryType, bufferedAmount } = socket;
    const last = this.reading;
    if (
      last?.readyState === readyState &&
      last.protocol === protocol &&
      last.extensions === extensions &&
      last.binaryType === binaryType &&
      last.bufferedAmount === bufferedAmount
    ) {
      return;
    }
    this.reading = { readyState, protocol, extensions, binaryType, bufferedAmount };
  }

  #send(kind: SampleKind): void {
    const socket = this.#socket;
    if (!socket) return;
    sendSample(socket, kind);
    this.sent = [...this.sent, kind];
    this.#log.add('sent', `send(${SAMPLE_NAMES[kind]}); bufferedAmount is now ${socket.bufferedAmount}.`);
    this.#tracker?.check();
  }

  #setBinaryType(type: BinaryType): void {
    const socket = this.#socket;
    if (!socket) return;
    socket.binaryType = type;
    this.#log.add('info', `socket.binaryType = '${type}'`);
    this.#tracker?.check();
  }

  #close(): void {
    const socket = this.#socket;
    if (!socket) return;
    socket.close(1000, 'done');
    this.#log.add(
      'info',
      `socket.close(1000, 'done'): readyState ${socket.readyState} (${READY_STATE_NAMES[socket.readyState]}).`,
    );
    this.#tracker?.check();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-client-api-demo': WspClientApiDemo;
  }
}
