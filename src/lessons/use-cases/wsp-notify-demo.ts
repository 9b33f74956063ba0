import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { ConnectionStatus } from '../../controllers/connection-controller.ts';
import { toHex } from '../../protocol/index.ts';
import { AlertLevel, LIMITS, type NotifyMessage } from '../../service/json-messages.ts';
import { clockTime } from './chat-room.ts';
import { applyNotifyMessage, emptyInbox, type Inbox, type InboxLine } from './notify-inbox.ts';
import { controlStyles, demoCardStyles } from '../../components/styles/shared-styles.ts';
import { UseCaseConnection } from './connection.ts';
import { reconnectNote, reconnectingText } from './reconnect-note.ts';
import { useCasePaneStyles } from './styles.ts';
import '../../components/wsp-mode-switch.ts';
import '../../components/wsp-trace-timeline.ts';
import { PagePart } from '../../components/page-part.ts';

/** One client waiting for alerts: its own WebSocket to `/notify`. */
interface NotifyPane {
  /** Used in element ids: `p1-connect`, `p2-inbox`. */
  readonly id: string;
  readonly name: string;
  inbox: Inbox;
  readonly connection: UseCaseConnection;
}

const STATUS_TEXT: Readonly<Record<ConnectionStatus, string>> = {
  idle: 'not connected',
  connecting: 'connecting…',
  open: 'connected, waiting for alerts',
  closing: 'disconnecting…',
  closed: 'disconnected',
};

const LEVEL_NAMES: Readonly<Record<AlertLevel, string>> = { info: 'Info', warning: 'Warning', urgent: 'Urgent' };

/** A room of the demo's own, so two readers (or two tests) on one live server do not alert each other. */
function freshRoomName(): string {
  return `alerts-${toHex(crypto.getRandomValues(new Uint8Array(3)))}`;
}

/**
 * Notifications: three clients keep a WebSocket open to `/notify` and ask
 * for nothing. The sender control has one of them ask the server to push an
 * alert to one named client or to everyone; the alert arrives on the
 * connections the others opened earlier.
 */
@customElement('wsp-notify-demo')
export class WspNotifyDemo extends PagePart {
  static override styles = [
    controlStyles,
    demoCardStyles,
    useCasePaneStyles,
    css`
      fieldset {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 10rem), 1fr));
        gap: 0.5rem 0.75rem;
        align-items: end;
        margin: 0;
        padding: 0.5rem 0.75rem 0.75rem;
        border: 1px solid var(--wsp-border, #d5d9e2);
        border-radius: var(--wsp-radius, 6px);
      }
      legend {
        font-weight: 600;
        padding: 0 0.25rem;
      }
      .wide {
        grid-column: 1 / -1;
      }
      .level {
        font-weight: 700;
        text-transform: uppercase;
        font-size: 0.8em;
        letter-spacing: 0.04em;
        margin-right: 0.3em;
      }
      .level-warning {
        color: var(--wsp-code-number, #9a4d00);
      }
      .level-urgent {
        color: var(--wsp-error, #b42318);
      }
      .alert .hint {
        display: block;
      }
      .alert[data-level='urgent'] {
        border-left: 3px solid var(--wsp-error, #b42318);
        padding-left: 0.4rem;
      }
    `,
  ];

  @state() private from = 0;
  @state() private to = '';
  @state() private level: AlertLevel = AlertLevel.info;
  @state() private traced = 0;
  @state() private traceOpen = false;

  readonly #room = freshRoomName();
  readonly #panes: readonly NotifyPane[] = [this.#pane('p1', 'Ann'), this.#pane('p2', 'Bob'), this.#pane('p3', 'Cy')];

  /** The room the three clients join. */
  get room(): string {
    return this.#room;
  }

  protected override render() {
    const allIn = this.#panes.every((pane) => pane.connection.isActive);
    const traced = this.#panes[this.traced] ?? this.#panes[0]!;
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      <p>
        Room <code id="room">${this.#room}</code>: three clients, each with its own WebSocket to <code>/notify</code>.
      </p>
      <div class="row">
        <button id="connect-all" ?disabled=${allIn} @click=${this.#connectAll}>Connect all three</button>
      </div>
      ${this.#sender()}
      <div class="panes">${this.#panes.map((pane) => this.#renderPane(pane))}</div>
      <details @toggle=${(event: Event) => (this.traceOpen = (event.target as HTMLDetailsElement).open)}>
        <summary>What crossed the wire</summary>
        <div class="row">
          <label for="trace-of">Show the connection of</label>
          <select
            id="trace-of"
            @change=${(event: Event) => (this.traced = Number((event.target as HTMLSelectElement).value))}
          >
            ${this.#panes.map(
              (pane, index) => html`<option value=${index} ?selected=${index === this.traced}>${pane.name}</option>`,
            )}
          </select>
        </div>
        ${
          this.traceOpen
            ? html`<wsp-trace-timeline
                .events=${traced.connection.trace}
                label=${`Trace of ${traced.name}'s connection`}
              ></wsp-trace-timeline>`
            : nothing
        }
      </details>
    `;
  }

  #sender() {
    const sender = this.#panes[this.from] ?? this.#panes[0]!;
    const members = sender.inbox.members;
    const to = members.includes(this.to) ? this.to : '';
    return html`<form novalidate @submit=${this.#send}>
      <fieldset>
        <legend>Send an alert</legend>
        <div class="field">
          <label for="from">As</label>
          <select
            id="from"
            @change=${(event: Event) => (this.from = Number((event.target as HTMLSelectElement).value))}
          >
            ${this.#panes.map(
              (pane, index) => html`<option value=${index} ?selected=${index === this.from}>${pane.name}</option>`,
            )}
          </select>
        </div>
        <div class="field">
          <label for="to">To</label>
          <select id="to" @change=${(event: Event) => (this.to = (event.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${to === ''}>Everyone</option>
            ${members.map((name) => html`<option value=${name} ?selected=${name === to}>${name}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="level">Level</label>
          <select
            id="level"
            @change=${(event: Event) => (this.level = (event.target as HTMLSelectElement).value as AlertLevel)}
          >
            ${Object.values(AlertLevel).map(
              (level) => html`<option value=${level} ?selected=${level === this.level}>${LEVEL_NAMES[level]}</option>`,
            )}
          </select>
        </div>
        <div class="field wide">
          <label for="alert-text">Alert</label>
          <input
            id="alert-text"
            type="text"
            autocomplete="off"
            maxlength=${LIMITS.alertText}
            value="The build finished"
          />
        </div>
        <div class="row wide">
          <button id="send-alert" type="submit" ?disabled=${!sender.connection.isOpen}>Push the alert</button>
          ${sender.connection.isOpen ? nothing : html`<span class="hint">Connect ${sender.name} first.</span>`}
        </div>
      </fieldset>
    </form>`;
  }

  #renderPane(pane: NotifyPane) {
    const { id, connection, inbox } = pane;
    const active = connection.isActive || connection.status === ConnectionStatus.closing;
    const shownName = inbox.you ?? pane.name;
    return html`<section class="pane" aria-label=${`Notifications pane: ${shownName}`} data-pane=${id}>
      <h3 id=${`${id}-heading`}>${shownName}</h3>
      <div class="row">
        ${
          active
            ? html`<button
                id=${`${id}-disconnect`}
                class="secondary"
                ?disabled=${connection.status === ConnectionStatus.closing}
                @click=${() => connection.disconnect(`${shownName} left`)}
              >
                Disconnect
              </button>`
            : html`<button id=${`${id}-connect`} @click=${() => this.#connect(pane)}>Connect ${pane.name}</button>`
        }
      </div>
      <p role="status" id=${`${id}-status`}>
        ${reconnectingText(connection, 'reconnecting') ?? STATUS_TEXT[connection.status]}
      </p>
      ${connection.problem ? html`<p class="problem" id=${`${id}-problem`}>${connection.problem}</p>` : nothing}
      ${reconnectNote(connection, `${id}-reconnect`)}
      <ol class="feed" id=${`${id}-inbox`} aria-label=${`What reached ${shownName}`} aria-live="polite" tabindex="0">
        ${
          inbox.lines.length === 0
            ? html`<li class="empty">Nothing yet.</li>`
            : repeat(
                inbox.lines,
                (line) => line.id,
                (line) => this.#renderLine(line, inbox.you),
              )
        }
      </ol>
    </section>`;
  }

  /** The level is a word as well as a colour; the text goes in through a text binding, never as markup. */
  #renderLine(line: InboxLine, you: string | undefined) {
    const time = html`<time datetime=${new Date(line.at).toISOString()}>${clockTime(line.at)}</time>`;
    switch (line.kind) {
      case 'alert':
        return html`<li class="alert" data-kind="alert" data-level=${line.level} data-to=${line.to ?? '*'}>
          ${time}<span class="level level-${line.level}">${LEVEL_NAMES[line.level]}</span>
          <span class="text">${line.text}</span>
          <span class="hint"
            >from ${line.from === you ? 'you' : line.from}, ${line.to === null ? 'to everyone' : 'to you only'}</span
          >
        </li>`;
      case 'sent':
        return html`<li class="presence" data-kind="sent">
          ${time}Alert #${line.alertId} pushed to ${line.to ?? 'everyone'}: ${line.delivered}
          ${line.delivered === 1 ? 'connection' : 'connections'}
        </li>`;
      case 'joined':
        return html`<li class="presence" data-kind="joined">${time}${line.name} connected</li>`;
      case 'left':
        return html`<li class="presence" data-kind="left">${time}${line.name} disconnected</li>`;
    }
  }

  #pane(id: string, name: string): NotifyPane {
    const pane: NotifyPane = {
      id,
      name,
      inbox: emptyInbox,
      connection: new UseCaseConnection(this, {
        onConnecting: () => {
          pane.inbox = { ...emptyInbox, nextId: pane.inbox.nextId };
        },
        onMessage: (message) => {
          pane.inbox = applyNotifyMessage(pane.inbox, message);
        },
      }),
    };
    return pane;
  }

  #connect(pane: NotifyPane): void {
    const query = new URLSearchParams({ room: this.#room, name: pane.name });
    pane.connection.connect(`/notify?${query}`);
  }

  #connectAll(): void {
    for (const pane of this.#panes) if (!pane.connection.isActive) this.#connect(pane);
  }

  /** `{"type":"notify","text":…}` for everyone, with `"to"` for one member. */
  #send(event: SubmitEvent): void {
    event.preventDefault();
    const sender = this.#panes[this.from] ?? this.#panes[0]!;
    const text = this.renderRoot.querySelector<HTMLInputElement>('#alert-text')?.value ?? '';
    const to = sender.inbox.members.includes(this.to) ? this.to : '';
    const message: NotifyMessage = { type: 'notify', text, level: this.level, ...(to ? { to } : {}) };
    sender.connection.send(message);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-notify-demo': WspNotifyDemo;
  }
}
