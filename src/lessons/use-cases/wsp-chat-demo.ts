import { css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { ConnectionStatus } from '../../controllers/connection-controller.ts';
import { SettingsController } from '../../controllers/settings-controller.ts';
import { LIMITS } from '../../service/json-messages.ts';
import { ConnectionMode } from '../../transport/mode.ts';
import { applyChatMessage, chatRoomLink, clockTime, emptyChatRoom, linkedRoom, type ChatLine } from './chat-room.ts';
import type { ChatRoomState } from './chat-room.ts';
import { controlStyles, demoCardStyles } from '../../components/styles/shared-styles.ts';
import { UseCaseConnection } from './connection.ts';
import { reconnectNote, reconnectingText } from './reconnect-note.ts';
import { useCasePaneStyles } from './styles.ts';
import '../../components/wsp-mode-switch.ts';
import '../../components/wsp-trace-timeline.ts';
import { PagePart } from '../../components/page-part.ts';

/** One person at the chat: a pane with its own WebSocket, name and room. */
interface ChatPane {
  /** Used in element ids: `p1-join`, `p2-text`. */
  readonly id: string;
  name: string;
  room: string;
  chat: ChatRoomState;
  readonly connection: UseCaseConnection;
}

const STATUS_TEXT: Readonly<Record<ConnectionStatus, string>> = {
  idle: 'not in a room',
  connecting: 'joining…',
  open: 'in the room',
  closing: 'leaving…',
  closed: 'left the room',
};

/**
 * The chat: three people in panes side by side, each with its own WebSocket
 * to `/chat?room=R&name=N`. The reader types as any of them, moves them
 * between rooms and watches who is here, the history a newcomer gets, and
 * who hears what. In Live mode a link opens the same room elsewhere, so real
 * people meet. Everything a person typed is rendered as text, never markup.
 *
 * @cssprop --wsp-feed-height - the height of each pane's messages before they scroll
 */
@customElement('wsp-chat-demo')
export class WspChatDemo extends PagePart {
  static override styles = [
    controlStyles,
    demoCardStyles,
    useCasePaneStyles,
    css`
      .members {
        margin: 0;
        padding-left: 1.2rem;
      }
      .you {
        color: var(--wsp-muted, #5b6478);
      }
      .invite {
        display: grid;
        gap: 0.3rem;
        padding: 0.6rem 0.75rem;
        border-left: 4px solid var(--wsp-accent, #2456c7);
        background: var(--wsp-hover, #eef1f6);
        border-radius: 0 var(--wsp-radius, 6px) var(--wsp-radius, 6px) 0;
      }
      .invite a {
        color: var(--wsp-accent-text, #1d47a8);
        overflow-wrap: anywhere;
      }
      .who {
        font-weight: 600;
      }
    `,
  ];

  /** The hash of this demo's section, put in the room links so they open the lesson here. */
  @property() section = '#/use-cases/chat';

  @state() private traced = 0;
  @state() private traceOpen = false;
  @state() private copied = '';

  readonly #settings = new SettingsController(this);
  readonly #linked = linkedRoom(window.location.search, LIMITS.name);
  readonly #panes: readonly ChatPane[] = [
    this.#pane('p1', 'Ann', this.#linked ?? 'lobby'),
    this.#pane('p2', 'Bob', this.#linked ?? 'lobby'),
    this.#pane('p3', 'Cy', this.#linked ?? 'kitchen'),
  ];

  protected override render() {
    const live = this.#settings.settings.mode === ConnectionMode.live;
    const allIn = this.#panes.every((pane) => pane.connection.isActive);
    const anyIn = this.#panes.some((pane) => pane.connection.isOpen);
    const traced = this.#panes[this.traced] ?? this.#panes[0]!;
    // The same failure in several panes (no server for anyone) is said once, above them, of the server.
    const problems = this.#panes.map((pane) => this.#problemOf(pane)).filter((problem) => problem !== undefined);
    const shared = problems.find((problem, index) => problems.indexOf(problem) !== index);
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      ${this.#linkNote(live)}
      <p>
        Three people, each with their own WebSocket to <code>/chat</code>. Pick a name and a room, join, and type as
        anyone.
      </p>
      <div class="row">
        <button id="join-all" ?disabled=${allIn} @click=${this.#joinAll}>Join all three</button>
        <button id="leave-all" class="secondary" ?disabled=${!anyIn} @click=${this.#leaveAll}>Everyone leaves</button>
      </div>
      ${shared ? html`<p class="problem" id="join-problem" role="alert">${shared}</p>` : nothing}
      <div class="panes">${this.#panes.map((pane) => this.#renderPane(pane, shared))}</div>
      <datalist id="rooms">
        <option value="lobby"></option>
        <option value="kitchen"></option>
      </datalist>
      ${live ? this.#invite() : nothing}
      <details @toggle=${this.#onToggle}>
        <summary>What crossed the wire</summary>
        <div class="row">
          <label for="trace-of">Show the connection of</label>
          <select id="trace-of" @change=${this.#onTraceChoice}>
            ${this.#panes.map(
              (pane, index) =>
                html`<option value=${index} ?selected=${index === this.traced}>${pane.chat.you ?? pane.name}</option>`,
            )}
          </select>
        </div>
        ${
          this.traceOpen
            ? html`<wsp-trace-timeline
                .events=${traced.connection.trace}
                label=${`Trace of ${traced.chat.you ?? traced.name}'s connection`}
              ></wsp-trace-timeline>`
            : nothing
        }
      </details>
    `;
  }

  /** A pane's problem, told of the server rather than of its own URL, so that panes failing alike read alike. */
  #problemOf({ connection }: ChatPane): string | undefined {
    return connection.problem?.replaceAll(connection.url(), this.#settings.settings.serverUrl);
  }

  #renderPane(pane: ChatPane, sharedProblem: string | undefined) {
    const { id, connection, chat } = pane;
    const inRoom = connection.isActive || connection.status === ConnectionStatus.closing;
    const shownName = chat.you ?? pane.name;
    const renamed = chat.you !== undefined && chat.you !== pane.name.trim();
    return html`<section class="pane" aria-label=${`Chat pane: ${shownName}`} data-pane=${id}>
      <h3 id=${`${id}-heading`}>${shownName}</h3>
      <form class="row" @submit=${(event: SubmitEvent) => this.#join(event, pane)}>
        <div class="field">
          <label for=${`${id}-name`}>Name</label>
          <input
            id=${`${id}-name`}
            type="text"
            autocomplete="off"
            maxlength=${LIMITS.name}
            .value=${pane.name}
            ?disabled=${inRoom}
            @input=${(event: InputEvent) => this.#edit(pane, 'name', event)}
          />
        </div>
        <div class="field">
          <label for=${`${id}-room`}>Room</label>
          <input
            id=${`${id}-room`}
            type="text"
            autocomplete="off"
            list="rooms"
            maxlength=${LIMITS.name}
            .value=${pane.room}
            ?disabled=${inRoom}
            @input=${(event: InputEvent) => this.#edit(pane, 'room', event)}
          />
        </div>
        ${
          inRoom
            ? html`<button
                id=${`${id}-leave`}
                type="button"
                class="secondary"
                ?disabled=${connection.status === ConnectionStatus.closing}
                @click=${() => connection.disconnect(`${shownName} left`)}
              >
                Leave
              </button>`
            : html`<button id=${`${id}-join`} type="submit">Join</button>`
        }
      </form>
      <p role="status" id=${`${id}-status`}>
        ${
          connection.isOpen && chat.room !== undefined
            ? html`In <strong>${chat.room}</strong> as <strong>${chat.you}</strong>${
                  renamed ? html` <span class="hint">(“${pane.name.trim()}” was taken here)</span>` : nothing
                }`
            : (reconnectingText(connection) ??
              (connection.status === ConnectionStatus.closed && !connection.wasOpen
                ? 'could not join'
                : STATUS_TEXT[connection.status]))
        }
      </p>
      ${reconnectNote(connection, `${id}-reconnect`)}
      ${
        connection.problem && this.#problemOf(pane) !== sharedProblem
          ? html`<p class="problem" id=${`${id}-problem`}>${connection.problem}</p>`
          : nothing
      }
      <div>
        <span class="who" id=${`${id}-here-label`}>Here now</span>
        ${
          chat.members.length === 0
            ? html`<p class="hint">Nobody, as far as this pane knows.</p>`
            : html`<ul class="members" id=${`${id}-members`} aria-labelledby=${`${id}-here-label`}>
                ${chat.members.map(
                  (name) =>
                    html`<li>${name}${name === chat.you ? html` <span class="you">(you)</span>` : nothing}</li>`,
                )}
              </ul>`
        }
      </div>
      <ol class="feed" id=${`${id}-lines`} aria-label=${`What ${shownName} sees`} aria-live="polite" tabindex="0">
        ${
          chat.lines.length === 0
            ? html`<li class="empty">No messages yet.</li>`
            : repeat(
                chat.lines,
                (line) => line.id,
                (line) => this.#renderLine(line),
              )
        }
      </ol>
      <form class="row" @submit=${(event: SubmitEvent) => this.#say(event, pane)}>
        <label class="visually-hidden" for=${`${id}-text`}>${shownName} says</label>
        <input
          id=${`${id}-text`}
          type="text"
          autocomplete="off"
          maxlength=${LIMITS.chatText}
          placeholder=${`${shownName} says…`}
          style="flex: 1 1 8rem"
        />
        <button id=${`${id}-send`} type="submit" ?disabled=${!connection.isOpen}>Send</button>
      </form>
    </section>`;
  }

  /** A person's name and words go in through text bindings: a `<b>` typed in the chat stays the four characters. */
  #renderLine(line: ChatLine) {
    const time = html`<time datetime=${new Date(line.at).toISOString()}>${clockTime(line.at)}</time>`;
    switch (line.kind) {
      case 'joined':
        return html`<li class="presence" data-kind="joined">${time}${line.name} joined</li>`;
      case 'left':
        return html`<li class="presence" data-kind="left">${time}${line.name} left</li>`;
      case 'message':
        return html`<li data-kind="message" ?data-earlier=${line.earlier}>
          ${time}${line.earlier ? html`<span class="earlier">(earlier) </span>` : nothing}<strong class="from"
            >${line.name}</strong
          >: <span class="text">${line.text}</span>
        </li>`;
    }
  }

  /** After following a room link: say which room, and how to meet the people there. */
  #linkNote(live: boolean) {
    if (this.#linked === undefined) return nothing;
    return html`<div class="invite" id="linked-note">
      <p>You opened a link to the room <strong>${this.#linked}</strong>: the panes below are set to join it.</p>
      ${
        live
          ? html`<p>Press Join in any pane to meet whoever else is there.</p>`
          : html`<p>
              The people who sent it are on the live server, and a simulated room lives only in this page.
              <button id="go-live" class="secondary" @click=${() => this.#settings.settings.setMode('live')}>
                Switch to Live server
              </button>
            </p>`
      }
    </div>`;
  }

  /** In Live mode: a link per room in use, so another tab or another machine joins the same room. */
  #invite() {
    const rooms = [...new Set(this.#panes.map((pane) => pane.chat.room ?? pane.room.trim()).filter(Boolean))];
    return html`<div class="invite" id="invite">
      <p><strong>Meet real people.</strong> Open a room’s link in another tab, or send it to someone:</p>
      <ul class="members">
        ${rooms.map((room) => {
          const link = chatRoomLink(window.location.href, room, this.section);
          return html`<li>
            ${room}: <a href=${link} target="_blank" rel="noopener" data-room=${room}>${link}</a>
            <button class="secondary" type="button" @click=${() => this.#copy(link, room)}>Copy</button>
            ${this.copied === room ? html`<span role="status">Copied.</span>` : nothing}
          </li>`;
        })}
      </ul>
      <p class="hint">
        Another machine must reach this page and the live server at the addresses in the link: a
        <code>localhost</code> address means “this machine” on every computer.
      </p>
    </div>`;
  }

  #pane(id: string, name: string, room: string): ChatPane {
    const pane: ChatPane = {
      id,
      name,
      room,
      chat: emptyChatRoom,
      connection: new UseCaseConnection(this, {
        onConnecting: () => {
          pane.chat = { ...emptyChatRoom, nextId: pane.chat.nextId };
        },
        onMessage: (message) => {
          pane.chat = applyChatMessage(pane.chat, message);
        },
      }),
    };
    return pane;
  }

  #edit(pane: ChatPane, field: 'name' | 'room', event: InputEvent): void {
    pane[field] = (event.target as HTMLInputElement).value;
    this.requestUpdate();
  }

  #join(event: SubmitEvent | undefined, pane: ChatPane): void {
    event?.preventDefault();
    if (pane.connection.isActive) return;
    const query = new URLSearchParams({ room: pane.room.trim(), name: pane.name.trim() });
    pane.connection.connect(`/chat?${query}`);
  }

  #joinAll(): void {
    for (const pane of this.#panes) this.#join(undefined, pane);
  }

  #leaveAll(): void {
    for (const pane of this.#panes) pane.connection.disconnect(`${pane.chat.you ?? pane.name} left`);
  }

  /** The chat's one client message: `{"type":"say","text":"…"}`. */
  #say(event: SubmitEvent, pane: ChatPane): void {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>(`#${pane.id}-text`);
    if (!input || input.value.trim() === '') return;
    if (pane.connection.send({ type: 'say', text: input.value })) input.value = '';
  }

  #onToggle(event: Event): void {
    this.traceOpen = (event.target as HTMLDetailsElement).open;
  }

  #onTraceChoice(event: Event): void {
    this.traced = Number((event.target as HTMLSelectElement).value);
  }

  async #copy(link: string, room: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(link);
      this.copied = room;
    } catch {
      this.copied = '';
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-chat-demo': WspChatDemo;
  }
}
