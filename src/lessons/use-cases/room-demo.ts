import { css, html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { connectionSettings } from '../../controllers/connection-settings.ts';
import { SettingsChangeEvent } from '../../controllers/settings-change-event.ts';
import { SettingsController } from '../../controllers/settings-controller.ts';
import { ConnectionStatus } from '../../controllers/wire-connection.ts';
import { toHex } from '../../protocol/index.ts';
import type { ServerMessage } from '../../service/json-messages.ts';
import { RoomConnection } from './room-connection.ts';
import { reconnectNote, reconnectingText } from './reconnect-note.ts';
import '../../components/wsp-trace-timeline.ts';
import { inlineCodeStyles, paragraphStyles, rowStyles } from '../../components/styles/layout-styles.ts';
import { PagePart } from '../../components/page-part.ts';

/** One client of a room demo: a name, a colour and its own WebSocket. */
export interface RoomClient {
  /** Used in element ids: `ann-connect`, `bob-leave`. */
  readonly id: string;
  readonly name: string;
  /** Its colour: a site colour variable, so both themes keep their contrast. */
  readonly colour: string;
  readonly connection: RoomConnection;
}

/** The words a room demo uses for its clients' panes. */
export interface RoomWords {
  /** The join button's label and id suffix: `Connect` and `ann-connect`. */
  readonly join: string;
  readonly joinId: string;
  readonly status: Readonly<Record<ConnectionStatus, string>>;
}

/** The colour of anyone not in this demo's panes. */
export const OTHER_COLOUR = 'var(--wsp-muted, #5b6478)';

/** A room (or document) of the demo's own, so two readers (or two tests) on one live server do not meet by accident. */
export function freshRoomName(prefix: string): string {
  return `${prefix}-${toHex(crypto.getRandomValues(new Uint8Array(3)))}`;
}

/** What the room demos share: a pane per client with a coloured top and heading. */
export const roomDemoStyles = [
  paragraphStyles,
  rowStyles,
  inlineCodeStyles,
  css`
    section {
      display: grid;
      gap: 0.5rem;
      align-content: start;
      min-width: 0;
      padding: 0.6rem;
      border: 1px solid var(--wsp-border, #d5d9e2);
      border-top: 4px solid var(--who);
      border-radius: var(--wsp-radius, 6px);
    }
    h3 {
      margin: 0;
      font-size: 1rem;
      color: var(--who);
    }
    .meta,
    .reconnect {
      font-size: 0.85rem;
      color: var(--wsp-muted, #5b6478);
    }
    .identity {
      display: inline-block;
      width: 0.7em;
      height: 0.7em;
      margin-right: 0.35em;
      border-radius: 50%;
      background: var(--who);
    }
    wsp-trace-timeline + wsp-trace-timeline {
      margin-top: 0.75rem;
    }
  `,
];

/**
 * What the demos that put several clients of one room in one card share
 * (collaborative editing, the game): each client's connection, its pane's
 * heading, status and join/leave buttons, the traces behind a disclosure,
 * and following the site-wide settings for all clients at once.
 */
export abstract class RoomDemo<Client extends RoomClient> extends PagePart {
  @state() protected traceOpen = false;
  protected readonly settings = new SettingsController(this).settings;
  #mode = connectionSettings.mode;
  #serverUrl = connectionSettings.serverUrl;

  protected abstract readonly clients: readonly Client[];
  protected abstract readonly words: RoomWords;

  override connectedCallback(): void {
    super.connectedCallback();
    this.settings.addEventListener(SettingsChangeEvent.eventName, this.#onSettingsChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.settings.removeEventListener(SettingsChangeEvent.eventName, this.#onSettingsChange);
    for (const client of this.clients) client.connection.abandon();
  }

  /** Opens the client's connection (after resetting what its pane shows). */
  protected abstract join(client: Client): void;

  protected abstract leave(client: Client): void;

  /** The settings now choose another mode or server: what happens to the clients that were in. */
  protected abstract settingsMoved(): void;

  /**
   * A connection for one client, rendering the demo as it changes (its trace
   * only while the traces show). `rejoin` runs when it reconnects by itself:
   * the demo's own join, so the pane starts again as it does on Connect.
   */
  protected roomConnection(onMessage: (message: ServerMessage) => void, rejoin: () => void): RoomConnection {
    return new RoomConnection({
      settings: connectionSettings,
      onMessage,
      rejoin,
      onChange: () => this.requestUpdate(),
      // Every message adds to the traces: render them only while they are open.
      onTrace: () => {
        if (this.traceOpen) this.requestUpdate();
      },
    });
  }

  /** Whether every client is connecting, in or leaving. */
  protected get allIn(): boolean {
    return this.clients.every((client) => !client.connection.canConnect);
  }

  /** The colour of the client that goes by `name` on the server (`you` gives a client's server name). */
  protected colourOf(name: string, you: (client: Client) => string | undefined): string {
    return this.clients.find((client) => you(client) === name)?.colour ?? OTHER_COLOUR;
  }

  /**
   * A pane's top: heading, status (with `more` after it), join and leave
   * buttons, and any problem. Only the status is announced: `more` (a game's
   * tick, ten a second) would drown a screen reader.
   */
  protected paneTop(client: Client, you: string | undefined, more: unknown): TemplateResult {
    const { id, connection } = client;
    return html`<h3 id=${`${id}-heading`}><span class="identity" aria-hidden="true"></span>${you ?? client.name}</h3>
      <p class="meta">
        <span id=${`${id}-status`} role="status"
          >${reconnectingText(connection) ?? this.words.status[connection.status]}</span
        >${more}
      </p>
      <div class="row">
        <button
          id=${`${id}-${this.words.joinId}`}
          class="secondary"
          ?disabled=${!connection.canConnect}
          @click=${() => this.join(client)}
        >
          ${this.words.join}
        </button>
        <button
          id=${`${id}-leave`}
          class="secondary"
          ?disabled=${connection.canConnect || connection.status === ConnectionStatus.closing}
          @click=${() => this.leave(client)}
        >
          Leave
        </button>
      </div>
      ${connection.problem ? html`<p class="problem" id=${`${id}-problem`}>${connection.problem}</p>` : nothing}
      ${reconnectNote(connection, `${id}-reconnect`)}`;
  }

  /** Each client's trace, rendered only while the reader has them open. */
  protected traces(): TemplateResult {
    return html`<details
      id="trace"
      @toggle=${(event: Event) => (this.traceOpen = (event.target as HTMLDetailsElement).open)}
    >
      <summary>What crossed the wire</summary>
      ${
        this.traceOpen
          ? this.clients.map(
              (client) =>
                html`<wsp-trace-timeline
                  .events=${client.connection.trace}
                  label=${`Trace of ${client.name}'s connection`}
                ></wsp-trace-timeline>`,
            )
          : nothing
      }
    </details>`;
  }

  readonly #onSettingsChange = (): void => {
    const { mode, serverUrl } = this.settings;
    if (mode === this.#mode && serverUrl === this.#serverUrl) return;
    this.#mode = mode;
    this.#serverUrl = serverUrl;
    this.settingsMoved();
  };
}
