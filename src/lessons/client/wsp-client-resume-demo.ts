import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { SettingsController } from '../../controllers/settings-controller.ts';
import { RESUME_PATH } from '../../service/resume-messages.ts';
import { endpointUrl } from '../../transport/endpoint-url.ts';
import { DeliveryTally, describeRuns } from './delivery-tally.ts';
import resumeSource from './recipes/resume.ts?raw';
import { followNaively, followResumably, type StreamOptions } from './recipes/resume.ts';
import { recipeCode } from './recipe-code.ts';
import { wireWebSocket } from './wire.ts';
import { controlStyles, demoCardStyles } from '../../components/styles/shared-styles.ts';
import { dataTableStyles } from '../../components/styles/table-styles.ts';
import { paragraphStyles, rowStyles } from '../../components/styles/layout-styles.ts';
import '../../components/wsp-mode-switch.ts';

const CLIENTS = {
  naive: { name: 'Naive', code: 'followNaively', follow: followNaively },
  resumable: { name: 'Resumable', code: 'followResumably', follow: followResumably },
} as const;
type ClientKind = keyof typeof CLIENTS;

/** One client's run: what its application received, and what happened to its connections, in words. */
class Lane {
  readonly tally = new DeliveryTally();
  readonly story: string[] = [];
  client: { close(): void } | undefined;
  socket: WebSocket | undefined;
  dropped = false;
  connections = 0;
  /** Reconnected, and no item has come since. */
  back = false;
  /** The stream's last item, once its `end` message came. */
  last: number | undefined;
  /** Why the client stopped before the stream ended, if it did. */
  failed: string | undefined;

  get done(): boolean {
    return this.last !== undefined || this.failed !== undefined;
  }

  get lastSeen(): number {
    return Math.max(0, ...this.tally.received);
  }
}

/**
 * Messages that survive a reconnect: two clients read a `/resume` stream at
 * once, each loses its connection in the middle (the server drops it on
 * request, with no close frame: 1006 on both wires), and each reconnects
 * after the same wait. The naive one (`followNaively`) just listens again;
 * the resumable one (`followResumably`, recipes/resume.ts) resumes from the
 * last item it saw. The table counts what each application received.
 */
@customElement('wsp-client-resume-demo')
export class WspClientResumeDemo extends LitElement {
  static override styles = [
    controlStyles,
    demoCardStyles,
    paragraphStyles,
    rowStyles,
    dataTableStyles,
    css`
      :host {
        margin: 1rem 0;
      }
      wsp-code-block {
        /* A recipe is short: show it whole, as the lesson shows the others. */
        --wsp-code-height: 90rem;
      }
      code {
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
        font-size: 0.9em;
        overflow-wrap: anywhere;
      }
      table {
        font-size: 0.9rem;
        font-variant-numeric: tabular-nums;
      }
      th,
      td {
        vertical-align: top;
        border-bottom: 1px solid var(--wsp-border, #d5d9e2);
        padding: 0.3rem 0.4rem 0.3rem 0;
      }
      h3 {
        font-size: 1rem;
        margin: 0 0 0.25rem;
      }
      ol {
        margin: 0;
        padding-left: 1.1rem;
      }
      .lost-some {
        color: var(--wsp-error, #b42318);
        font-weight: 600;
      }
      .hint {
        color: var(--wsp-muted, #5b6478);
        font-size: 0.9em;
      }
    `,
  ];

  /** Items in each stream. */
  @property({ type: Number }) count = 40;
  /** Milliseconds between two items. */
  @property({ type: Number }) every = 100;
  /** After this item each client asks the server to drop its connection. */
  @property({ type: Number }) dropAt = 10;
  /** Milliseconds each client waits before reconnecting. */
  @property({ type: Number }) reconnectAfter = 1000;

  readonly #settings = new SettingsController(this);
  #lanes = new Map<ClientKind, Lane>();
  #run = 0;

  @state() private running = false;

  /** The seqs each client's application received in the last run, in order: what the counts are made of. */
  received(kind: ClientKind): readonly number[] {
    return this.#lanes.get(kind)?.tally.received ?? [];
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stop();
  }

  protected override render() {
    const run = `${this.count} items, one every ${this.every} ms`;
    return html`
      ${recipeCode(resumeSource, 'resume.ts', 'followResumably')}
      <wsp-mode-switch></wsp-mode-switch>
      <p>
        Run starts both clients at once, each on a stream of its own: ${run}. After item ${this.dropAt} each asks the
        server to drop its connection with no close frame (the page sees 1006), waits ${this.reconnectAfter} ms, as a
        backoff would, and reconnects.
      </p>
      <div class="row">
        <button id="run" ?disabled=${this.running} @click=${this.#start}>Run both clients</button>
      </div>
      <p id="status" role="status">${this.#status()}</p>
      ${this.#lanes.size > 0 ? this.#table() : nothing}
    `;
  }

  #status(): string {
    if (this.#lanes.size === 0) return 'Not run yet.';
    if (this.running) return 'Running…';
    const naive = this.#lanes.get('naive');
    const resumable = this.#lanes.get('resumable');
    if (!naive?.last || !resumable?.last) return 'Stopped before the streams ended.';
    const lost = (lane: Lane): number => lane.tally.lost(lane.last ?? 0);
    return (
      `Done: the naive client lost ${lost(naive)} of ${naive.last} items; ` +
      `the resumable client lost ${lost(resumable)} and got ${resumable.tally.duplicated} twice.`
    );
  }

  #table() {
    return html`<div class="table-wrap">
        <table id="tally">
          <caption>
            What each client’s application received
          </caption>
          <thead>
            <tr>
              <th scope="col">Client</th>
              <th scope="col">Received</th>
              <th scope="col">Lost</th>
              <th scope="col">Twice</th>
            </tr>
          </thead>
          <tbody>
            ${[...this.#lanes].map(([kind, lane]) => this.#row(kind, lane))}
          </tbody>
        </table>
      </div>
      ${[...this.#lanes].map(
        ([kind, lane]) =>
          html`<section class="story" data-client=${kind}>
            <h3>What happened to the ${CLIENTS[kind].name.toLowerCase()} client</h3>
            <ol>
              ${lane.story.map((line) => html`<li>${line}</li>`)}
            </ol>
          </section>`,
      )}`;
  }

  #row(kind: ClientKind, lane: Lane) {
    const last = lane.last ?? lane.lastSeen;
    const runs = lane.tally.lostRuns(last);
    const lost = lane.tally.lost(last);
    return html`<tr data-client=${kind}>
      <th scope="row">${CLIENTS[kind].name} <code>${CLIENTS[kind].code}</code></th>
      <td class="received">${lane.tally.received.length}</td>
      <td class="lost">
        <span class=${lost > 0 ? 'lost-some' : ''}>${lost}</span>
        ${runs.length > 0 ? html`<span class="hint">(${describeRuns(runs)})</span>` : nothing}
      </td>
      <td class="duplicated">${lane.tally.duplicated}</td>
    </tr>`;
  }

  #start(): void {
    this.#stop();
    const run = ++this.#run;
    this.running = true;
    // One wire for the whole run: a stream lives on the server that started it.
    const { mode, serverUrl } = this.#settings.settings;
    const WebSocket = wireWebSocket({ mode, serverUrl });
    const url = endpointUrl(serverUrl, `${RESUME_PATH}?count=${this.count}&every=${this.every}`);
    this.#lanes = new Map((Object.keys(CLIENTS) as ClientKind[]).map((kind) => [kind, new Lane()]));
    for (const [kind, lane] of this.#lanes) {
      lane.client = CLIENTS[kind].follow(url, this.#options(kind, lane, run, WebSocket));
    }
    this.requestUpdate();
  }

  #options(kind: ClientKind, lane: Lane, run: number, WebSocket: typeof globalThis.WebSocket): StreamOptions {
    const live = (): boolean => run === this.#run;
    const update = (line?: string): void => {
      if (line) lane.story.push(line);
      this.requestUpdate();
    };
    return {
      WebSocket,
      retryDelay: () => this.reconnectAfter,
      onOpen: (socket) => {
        if (!live()) return;
        lane.socket = socket;
        lane.connections += 1;
        if (lane.connections === 1) return update('connected');
        lane.back = true;
        update(
          kind === 'resumable'
            ? `reconnected with from=${lane.lastSeen}: the server replays what came after`
            : 'reconnected, and listens from the next item on',
        );
      },
      onItem: (item) => {
        if (!live()) return;
        lane.tally.add(item.seq);
        if (lane.back) {
          lane.back = false;
          lane.story.push(`first item after the reconnect: ${item.seq}`);
        }
        if (!lane.dropped && item.seq >= this.dropAt) {
          lane.dropped = true;
          lane.socket?.send(JSON.stringify({ type: 'drop' }));
        }
        update();
      },
      onClose: ({ code, retryIn }) => {
        if (!live()) return;
        if (retryIn !== undefined) {
          return update(`lost after item ${lane.lastSeen} (code ${code}); reconnecting in ${retryIn} ms`);
        }
        if (lane.last === undefined) lane.failed = `closed with code ${code}`;
        if (lane.failed) update(lane.failed);
        this.#finish();
      },
      onGap: ({ missing, message }) => {
        if (live()) update(`told of ${missing} lost: ${message}`);
      },
      onEnd: (last) => {
        if (!live()) return;
        lane.last = last;
        update(`the stream ended at item ${last}`);
      },
    };
  }

  #finish(): void {
    if ([...this.#lanes.values()].every((lane) => lane.done)) this.running = false;
  }

  #stop(): void {
    this.#run++;
    for (const lane of this.#lanes.values()) lane.client?.close();
    this.running = false;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-client-resume-demo': WspClientResumeDemo;
  }
}
