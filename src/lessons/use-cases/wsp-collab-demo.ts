import { css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { LIMITS, type CollabCursor, type CollabItem, type ServerMessage } from '../../service/json-messages.ts';
import { CollabRace, type RaceSend } from './collab-race.ts';
import { CollabReplica } from './collab-replica.ts';
import { freshRoomName, RoomDemo, roomDemoStyles, type RoomClient, type RoomWords } from './room-demo.ts';
import { controlStyles, demoCardStyles } from '../../components/styles/shared-styles.ts';
import '../../components/wsp-mode-switch.ts';

const WORDS: RoomWords = {
  join: 'Connect',
  joinId: 'connect',
  status: {
    idle: 'not connected',
    connecting: 'connecting…',
    open: 'editing',
    closing: 'leaving…',
    closed: 'left',
  },
};

/** What Ann puts in a new, empty document, so there is something to edit. */
const STARTER_ITEMS = ['milk', 'eggs', 'bread'] as const;

/** One editor: a name, its own WebSocket and its own copy of the list. */
interface Editor extends RoomClient {
  readonly replica: CollabReplica;
  /** The caret last sent, so an unchanged one is not sent again. */
  lastCaret: string;
}

/** A caret as a short key, to skip sending the same one twice. */
function caretKey(cursor: CollabCursor | null): string {
  return cursor === null ? '' : `${cursor.item}:${cursor.start}:${cursor.end}`;
}

/**
 * Collaborative editing: three editors of one shared list, each with its own
 * WebSocket to `/collab`, side by side. Each can add, edit and delete items;
 * each one's caret shows in the others' panes. The server orders every change
 * and the last write to an item wins; two buttons race two editors so the
 * reader sees the rule at work. Works the same in both connection modes.
 *
 * @cssprop --wsp-sent - Ann's colour
 * @cssprop --wsp-code-number - Bob's colour
 * @cssprop --wsp-code-keyword - Cy's colour
 */
@customElement('wsp-collab-demo')
export class WspCollabDemo extends RoomDemo<Editor> {
  static override styles = [
    controlStyles,
    demoCardStyles,
    roomDemoStyles,
    css`
      .rule {
        margin: 0;
        padding: 0.5rem 0.75rem;
        border-left: 4px solid var(--wsp-accent, #2456c7);
        background: var(--wsp-code-bg, #f0f2f6);
        border-radius: 0 var(--wsp-radius, 6px) var(--wsp-radius, 6px) 0;
      }
      .rule ul {
        margin: 0.25rem 0 0;
        padding-left: 1.2rem;
      }
      .outcome:empty {
        display: none;
      }
      .outcome,
      .in-step {
        overflow-wrap: anywhere;
      }
      .panes {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 13rem), 1fr));
        gap: 0.75rem;
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.4rem;
      }
      ol > li {
        display: grid;
        gap: 0.2rem;
      }
      .item {
        display: flex;
        gap: 0.3rem;
      }
      .item input {
        flex: 1 1 auto;
        width: 0;
      }
      .item button {
        padding: 0.2em 0.55em;
      }
      .caret {
        display: flex;
        flex-wrap: wrap;
        gap: 0.1rem 0.4rem;
        align-items: baseline;
        font-size: 0.8rem;
        padding-left: 0.4rem;
        border-left: 3px solid var(--who);
      }
      .caret .who {
        color: var(--who);
        font-weight: 600;
      }
      .preview {
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      .bar {
        display: inline-block;
        width: 2px;
        height: 1.1em;
        margin: 0 1px;
        vertical-align: text-bottom;
        background: var(--who);
      }
      .selected {
        outline: 2px solid var(--who);
        outline-offset: -1px;
      }
      .overwritten,
      .rejection,
      .problem {
        font-size: 0.8rem;
        overflow-wrap: anywhere;
      }
      .overwritten {
        padding-left: 0.4rem;
        border-left: 3px dashed var(--wsp-muted, #5b6478);
      }
      .overwritten s {
        color: var(--wsp-muted, #5b6478);
      }
      .rejection,
      .problem {
        color: var(--wsp-error, #b42318);
      }
      .add input {
        flex: 1 1 6rem;
        width: 0;
      }
      .history {
        font-size: 0.8rem;
      }
      .history ol {
        gap: 0.1rem;
        margin-top: 0.25rem;
        color: var(--wsp-muted, #5b6478);
        overflow-wrap: anywhere;
      }
      .empty {
        font-style: italic;
        color: var(--wsp-muted, #5b6478);
      }
    `,
  ];

  protected override readonly words = WORDS;
  readonly #doc = freshRoomName('list');
  protected override readonly clients: readonly Editor[] = [
    this.#editor('ann', 'Ann', 'var(--wsp-sent, #1d47a8)'),
    this.#editor('bob', 'Bob', 'var(--wsp-code-number, #9a4d00)'),
    this.#editor('cy', 'Cy', 'var(--wsp-code-keyword, #7a2bb3)'),
  ];

  /** Ann races Bob: the two buttons and what they showed. */
  readonly #race = new CollabRace(this.clients[0]!, this.clients[1]!);
  /** Ann fills a new, empty document with the starter items. */
  #seed = false;

  /** The document the three editors share. */
  get doc(): string {
    return this.#doc;
  }

  protected override render() {
    const [ann, bob] = this.clients as [Editor, Editor, Editor];
    const racers = ann.connection.isOpen && bob.connection.isOpen && ann.replica.items.length > 0;
    return html`
      <p>
        Three editors of one shared list, side by side, each with its own WebSocket to <code>/collab</code>. Type in any
        pane: the others see the change, and where your caret is.
      </p>
      <div class="rule" id="rule">
        <strong>The rule for edits at the same time</strong>
        <ul>
          <li>The server puts every change in one order and numbers it: the document's <em>revision</em>.</li>
          <li>Per item, the last write the server applies wins; a page marks the write it replaced as overwritten.</li>
          <li>A change to an item someone deleted is rejected, and the server says why.</li>
          <li>Every pane applies every change in the server's order, so all of them end with the same list.</li>
        </ul>
      </div>
      <wsp-mode-switch></wsp-mode-switch>
      <p>Document <code id="doc">${this.#doc}</code></p>
      <div class="row">
        <button id="connect-all" ?disabled=${this.allIn} @click=${this.#connectAll}>Connect all three</button>
      </div>
      <div class="row">
        <button id="race-edit" class="secondary" ?disabled=${!racers} @click=${this.#raceEdit}>
          Ann and Bob edit the first item at once
        </button>
        <button id="race-delete" class="secondary" ?disabled=${!racers} @click=${this.#raceDelete}>
          Ann deletes the first item as Bob edits it
        </button>
      </div>
      <p class="outcome" id="outcome" role="status">${this.#race.outcome}</p>
      <p class="in-step" id="in-step">${this.#inStep()}</p>
      <div class="panes">${this.clients.map((editor) => this.#pane(editor))}</div>
      ${this.traces()}
    `;
  }

  #pane(editor: Editor) {
    const { id, name, connection, replica } = editor;
    const open = connection.isOpen && replica.you !== undefined;
    return html`<section
      aria-label=${`Editor: ${replica.you ?? name}`}
      style=${`--who: ${editor.colour}`}
      data-editor=${id}
    >
      ${this.paneTop(
        editor,
        replica.you,
        open
          ? html` · revision <span id=${`${id}-rev`}>${replica.rev}</span> · ${replica.items.length}
              ${replica.items.length === 1 ? 'item' : 'items'}`
          : nothing,
      )}
      ${replica.gap ? html`<p class="problem">This copy missed a change: ${replica.gap}.</p>` : nothing}
      ${
        open
          ? html`<ol aria-label=${`${name}'s copy of the list`} id=${`${id}-items`}>
                ${replica.items.map((item, index) => this.#item(editor, item, index))}
              </ol>
              ${replica.items.length === 0 ? html`<p class="empty">The list is empty.</p>` : nothing}
              <form class="row add" @submit=${(event: SubmitEvent) => this.#add(event, editor)}>
                <label class="visually-hidden" for=${`${id}-new`}>New item for ${name}</label>
                <input
                  id=${`${id}-new`}
                  type="text"
                  placeholder="New item"
                  maxlength=${LIMITS.itemText}
                  autocomplete="off"
                />
                <button id=${`${id}-add`} type="submit" ?disabled=${replica.items.length >= LIMITS.items}>Add</button>
              </form>`
          : nothing
      }
      <p class="rejection" id=${`${id}-rejection`} role="alert">
        ${replica.rejection ? `Rejected by the server: ${replica.rejection.message}` : ''}
        ${replica.error ? `The server did not understand: ${replica.error}` : ''}
      </p>
      ${
        open
          ? html`<details class="history">
              <summary>Changes ${name}'s page applied</summary>
              <ol id=${`${id}-history`}>
                ${replica.history.map((line) => html`<li>${line}</li>`)}
              </ol>
            </details>`
          : nothing
      }
    </section>`;
  }

  #item(editor: Editor, item: CollabItem, index: number) {
    const { id, replica } = editor;
    const others = replica.members.filter((member) => member.name !== replica.you && member.cursor?.item === item.id);
    const mark = replica.overwritten.get(item.id);
    const text = replica.textOf(item);
    return html`<li data-item=${item.id}>
      <div class="item">
        <label class="visually-hidden" for=${`${id}-item-${item.id}`}>Item ${index + 1}</label>
        <input
          id=${`${id}-item-${item.id}`}
          type="text"
          maxlength=${LIMITS.itemText}
          autocomplete="off"
          .value=${live(text)}
          @input=${(event: InputEvent) => this.#edit(editor, item.id, event.target as HTMLInputElement)}
          @keyup=${(event: Event) => this.#caret(editor, item.id, event.target as HTMLInputElement)}
          @click=${(event: Event) => this.#caret(editor, item.id, event.target as HTMLInputElement)}
          @focus=${(event: Event) => this.#caret(editor, item.id, event.target as HTMLInputElement)}
          @select=${(event: Event) => this.#caret(editor, item.id, event.target as HTMLInputElement)}
        />
        <button
          id=${`${id}-delete-${item.id}`}
          class="secondary"
          aria-label=${`Delete item ${index + 1}`}
          title="Delete"
          @click=${() => editor.connection.send(replica.delete(item.id))}
        >
          ✕
        </button>
      </div>
      ${others.map((member) => this.#caretView(member.name, member.cursor!, text))}
      ${
        mark
          ? html`<p class="overwritten" data-overwritten=${mark.lostBy}>
              Overwritten: ${mark.lostBy}'s “<s>${mark.lostText}</s>” (revision ${mark.lostRev}) lost to ${mark.by}'s
              later write (revision ${mark.rev}).
            </p>`
          : nothing
      }
    </li>`;
  }

  /** Another editor's caret: the name in text, a bar in their colour, and the position. */
  #caretView(name: string, cursor: CollabCursor, text: string) {
    const colour = this.colourOf(name, (editor) => editor.replica.you);
    const where = cursor.start === cursor.end ? `at ${cursor.start}` : `selects ${cursor.start}–${cursor.end}`;
    return html`<p class="caret" data-caret=${name} style=${`--who: ${colour}`}>
      <span class="who">${name}</span> <span class="position">${where}</span>
      <span class="preview" aria-hidden="true"
        >${text.slice(0, cursor.start)}<span class="bar"></span>${
          cursor.end > cursor.start
            ? html`<span class="selected">${text.slice(cursor.start, cursor.end)}</span>`
            : nothing
        }${text.slice(cursor.end)}</span
      >
    </p>`;
  }

  /** Whether the open panes agree: same items, same revision. */
  #inStep(): string {
    const open = this.clients.filter((editor) => editor.connection.isOpen && editor.replica.you !== undefined);
    if (open.length < 2) return '';
    const [first] = open as [Editor];
    const agree = open.every((editor) => editor.replica.snapshot() === first.replica.snapshot());
    const count = first.replica.items.length;
    return agree
      ? `In step: all ${open.length} open panes hold the same ${count} ${count === 1 ? 'item' : 'items'} at revision ${first.replica.rev}.`
      : `Catching up: the panes are at revisions ${open.map((editor) => editor.replica.rev).join(', ')}.`;
  }

  #editor(id: string, name: string, colour: string): Editor {
    const replica = new CollabReplica();
    const editor: Editor = {
      id,
      name,
      colour,
      replica,
      lastCaret: '',
      connection: this.roomConnection(
        (message) => this.#received(editor, message),
        () => this.join(editor),
      ),
    };
    return editor;
  }

  protected override join(editor: Editor): void {
    editor.replica.reset();
    editor.lastCaret = '';
    const query = new URLSearchParams({ doc: this.#doc, name: editor.name });
    editor.connection.open(`/collab?${query}`);
  }

  protected override leave(editor: Editor): void {
    void editor.connection.leave(`${editor.name} left`);
  }

  #connectAll(): void {
    this.#seed = true;
    for (const editor of this.clients) if (editor.connection.canConnect) this.join(editor);
  }

  #received(editor: Editor, message: ServerMessage): void {
    const { replica, connection } = editor;
    replica.apply(message);
    if (message.type === 'welcome' && this.#seed && editor === this.clients[0]) {
      this.#seed = false;
      if (replica.items.length === 0) for (const text of STARTER_ITEMS) connection.send(replica.add(text));
    }
    this.#send(this.#race.follow(editor, message));
    this.requestUpdate();
  }

  /** Typing sends the whole new text at once; the caret goes with it. */
  #edit(editor: Editor, id: string, input: HTMLInputElement): void {
    editor.connection.send(editor.replica.edit(id, input.value));
    this.#caret(editor, id, input);
  }

  #caret(editor: Editor, item: string, input: HTMLInputElement): void {
    const start = input.selectionStart ?? 0;
    const end = input.selectionEnd ?? start;
    const cursor = { item, start, end };
    const key = caretKey(cursor);
    if (key === editor.lastCaret) return;
    editor.lastCaret = key;
    editor.connection.send(editor.replica.moveCaret(cursor));
  }

  #add(event: SubmitEvent, editor: Editor): void {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>(`#${editor.id}-new`);
    if (!input) return;
    editor.connection.send(editor.replica.add(input.value));
    input.value = '';
  }

  /** Ann and Bob send an edit to the same item in the same tick, both from the revision they both saw. */
  #raceEdit(): void {
    this.#send(this.#race.startEdit());
    this.requestUpdate();
  }

  /** Ann deletes the first item; Bob's edit of it leaves the moment the server has applied the delete. */
  #raceDelete(): void {
    this.#send(this.#race.startDelete());
    this.requestUpdate();
  }

  #send(sends: readonly RaceSend<Editor>[]): void {
    for (const { by, message } of sends) by.connection.send(message);
  }

  /** A new mode or server: every editor that was in reconnects there (a fresh document on the other server). */
  protected override settingsMoved(): void {
    const active = this.clients.filter((editor) => !editor.connection.canConnect);
    if (active.length === 0) return;
    this.#race.reset();
    this.#seed = true;
    for (const editor of this.clients) editor.connection.abandon();
    for (const editor of active) this.join(editor);
    this.requestUpdate();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-collab-demo': WspCollabDemo;
  }
}
