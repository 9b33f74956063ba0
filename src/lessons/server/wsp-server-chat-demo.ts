import { css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { ConnectionController, ConnectionStatus } from '../../controllers/connection-controller.ts';
import { toHex } from '../../protocol/index.ts';
import { controlStyles, demoCardStyles } from '../../components/styles/shared-styles.ts';
import '../../components/wsp-event-log.ts';
import '../../components/wsp-mode-switch.ts';
import '../../components/wsp-trace-timeline.ts';
import { inlineCodeStyles, paragraphStyles, rowStyles } from '../../components/styles/layout-styles.ts';
import { PagePart } from '../../components/page-part.ts';

const STATUS_TEXT: Readonly<Record<ConnectionStatus, string>> = {
  idle: 'not connected',
  connecting: 'connecting…',
  open: 'in the room',
  closing: 'leaving…',
  closed: 'left',
};

/** One of the demo's two clients: a name and its own WebSocket. */
interface ChatClient {
  /** Used in element ids: `ann-connect`, `bob-send`. */
  readonly id: string;
  readonly name: string;
  readonly connection: ConnectionController;
}

/** A room of the demo's own, so two readers (or two tests) on one live server do not meet by accident. */
function freshRoomName(): string {
  return `lesson-${toHex(crypto.getRandomValues(new Uint8Array(3)))}`;
}

/**
 * The broadcast demo: two clients, Ann and Bob, each with its own WebSocket,
 * join one `/chat` room. What either says, the server sends to both; who
 * comes and goes, it tells the other. Works the same in both connection modes;
 * in Live mode each client rejoins by itself when the server restarts.
 *
 * @cssprop --wsp-log-height - the height of each client's log before it scrolls
 */
@customElement('wsp-server-chat-demo')
export class WspServerChatDemo extends PagePart {
  static override styles = [
    controlStyles,
    demoCardStyles,
    paragraphStyles,
    rowStyles,
    inlineCodeStyles,
    css`
      .clients {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 26rem), 1fr));
        gap: 0.75rem;
      }
      section {
        display: grid;
        gap: 0.5rem;
        align-content: start;
        min-width: 0;
        padding: 0.75rem;
        border: 1px solid var(--wsp-border, #d5d9e2);
        border-radius: var(--wsp-radius, 6px);
      }
      h3 {
        margin: 0;
        font-size: 1rem;
      }
      form input {
        flex: 1 1 8rem;
      }
      wsp-event-log {
        --wsp-log-height: 13rem;
      }
      wsp-trace-timeline + wsp-trace-timeline {
        margin-top: 0.75rem;
      }
    `,
  ];

  // Native private fields, so the room exists before the clients that join it (public fields would come later).
  readonly #room = freshRoomName();

  readonly #clients: readonly ChatClient[] = [
    { id: 'ann', name: 'Ann', connection: this.#chatConnection('Ann') },
    { id: 'bob', name: 'Bob', connection: this.#chatConnection('Bob') },
  ];

  /** The room both clients join. */
  get room(): string {
    return this.#room;
  }

  protected override render() {
    const allIn = this.#clients.every((client) => !client.connection.canConnect);
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      <p>
        Room <code id="room">${this.room}</code>: two clients on this page, each with its own WebSocket to
        <code>/chat</code>.
      </p>
      <div class="row">
        <button id="connect-both" ?disabled=${allIn} @click=${this.#connectBoth}>Connect both</button>
      </div>
      <div class="clients">${this.#clients.map((client) => this.#panel(client))}</div>
      <details>
        <summary>What crossed the wire</summary>
        ${this.#clients.map(
          (client) =>
            html`<wsp-trace-timeline
              .events=${client.connection.trace}
              label=${`Trace of ${client.name}'s connection`}
            ></wsp-trace-timeline>`,
        )}
      </details>
    `;
  }

  #panel(client: ChatClient) {
    const { id, name, connection } = client;
    return html`<section aria-labelledby=${`${id}-heading`}>
      <h3 id=${`${id}-heading`}>${name}</h3>
      <p role="status">Status: <strong id=${`${id}-status`}>${this.#statusText(connection)}</strong></p>
      <div class="row">
        <button id=${`${id}-connect`} ?disabled=${!connection.canConnect} @click=${() => connection.connect()}>
          Connect ${name}
        </button>
        <button
          id=${`${id}-disconnect`}
          class="secondary"
          ?disabled=${connection.canConnect || connection.status === ConnectionStatus.closing}
          @click=${() => connection.disconnect(1000, `${name} left`)}
        >
          Disconnect
        </button>
      </div>
      <form class="row" @submit=${(event: SubmitEvent) => this.#say(event, client)}>
        <label for=${`${id}-text`}>${name} says</label>
        <input id=${`${id}-text`} type="text" value=${`Hello from ${name}`} autocomplete="off" maxlength="1000" />
        <button id=${`${id}-send`} type="submit" ?disabled=${!connection.isOpen}>Send</button>
      </form>
      <wsp-event-log .entries=${connection.entries} label=${`What ${name}'s page received`}></wsp-event-log>
    </section>`;
  }

  #chatConnection(name: string): ConnectionController {
    const query = new URLSearchParams({ room: this.#room, name });
    return new ConnectionController(this, { target: `/chat?${query}`, reconnect: true });
  }

  /** While a client rejoins by itself, which attempt it waits for or makes. */
  #statusText(connection: ConnectionController): string {
    const reconnecting = connection.reconnecting;
    if (!reconnecting) return STATUS_TEXT[connection.status];
    return `rejoining (attempt ${reconnecting.attempt} of ${reconnecting.attempts})…`;
  }

  #connectBoth(): void {
    for (const { connection } of this.#clients) connection.connect();
  }

  /** The chat's one client message: `{"type":"say","text":"…"}` in a text frame. */
  #say(event: SubmitEvent, client: ChatClient): void {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>(`#${client.id}-text`);
    client.connection.send(JSON.stringify({ type: 'say', text: input?.value ?? '' }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-server-chat-demo': WspServerChatDemo;
  }
}
