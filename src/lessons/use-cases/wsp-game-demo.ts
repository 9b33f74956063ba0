import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { GameMove, type ServerMessage } from '../../service/json-messages.ts';
import { ConnectionMode } from '../../transport/mode.ts';
import { GamePrediction, type ShownPiece } from './game-prediction.ts';
import { freshRoomName, RoomDemo, roomDemoStyles, type RoomClient, type RoomWords } from './room-demo.ts';
import { controlStyles, demoCardStyles } from '../../components/styles/shared-styles.ts';
import '../../components/wsp-mode-switch.ts';

const WORDS: RoomWords = {
  join: 'Join',
  joinId: 'join',
  status: {
    idle: 'not playing',
    connecting: 'joining…',
    open: 'playing',
    closing: 'leaving…',
    closed: 'left the game',
  },
};

/** The delays the reader can add to each direction of the simulated wire, in ms. */
export const LATENCIES = [0, 150, 400] as const;

const KEYS: Readonly<Record<string, GameMove>> = {
  ArrowUp: GameMove.up,
  ArrowDown: GameMove.down,
  ArrowLeft: GameMove.left,
  ArrowRight: GameMove.right,
};

const BUTTONS: readonly { readonly move: GameMove; readonly label: string; readonly arrow: string }[] = [
  { move: GameMove.up, label: 'up', arrow: '↑' },
  { move: GameMove.left, label: 'left', arrow: '←' },
  { move: GameMove.right, label: 'right', arrow: '→' },
  { move: GameMove.down, label: 'down', arrow: '↓' },
];

/** One player: a name, its own WebSocket and its own view of the field. */
interface Player extends RoomClient {
  readonly view: GamePrediction;
}

/**
 * The multiplayer game: two players, each with its own WebSocket to `/game`,
 * move their pieces on one shared field. The server owns the state, applies
 * inputs at its ticks (ten a second) and sends every piece's place. The
 * reader adds latency to the simulated wire and turns client-side prediction
 * on and off, to see why games predict. Works in both connection modes.
 *
 * @cssprop --wsp-sent - Ann's colour
 * @cssprop --wsp-code-number - Bob's colour
 */
@customElement('wsp-game-demo')
export class WspGameDemo extends RoomDemo<Player> {
  static override styles = [
    controlStyles,
    demoCardStyles,
    roomDemoStyles,
    css`
      fieldset {
        border: 1px solid var(--wsp-border, #d5d9e2);
        border-radius: var(--wsp-radius, 6px);
        padding: 0.4rem 0.75rem 0.6rem;
        margin: 0;
        display: flex;
        flex-wrap: wrap;
        gap: 0.35rem 1rem;
        align-items: center;
      }
      legend {
        font-weight: 600;
        padding: 0 0.25rem;
      }
      fieldset label,
      .predict {
        display: inline-flex;
        gap: 0.35rem;
        align-items: center;
      }
      .note {
        font-size: 0.9rem;
        color: var(--wsp-muted, #5b6478);
      }
      .players {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 18rem), 1fr));
        gap: 0.75rem;
      }
      .stats {
        font-size: 0.85rem;
        color: var(--wsp-muted, #5b6478);
      }
      .field {
        position: relative;
        display: grid;
        aspect-ratio: var(--columns) / var(--rows);
        grid-template-columns: repeat(var(--columns), 1fr);
        grid-template-rows: repeat(var(--rows), 1fr);
        border: 1px solid var(--wsp-border-strong, #8a93a6);
        border-radius: 4px;
        background-color: var(--wsp-code-bg, #f0f2f6);
        background-image:
          linear-gradient(to right, var(--wsp-border, #d5d9e2) 1px, transparent 1px),
          linear-gradient(to bottom, var(--wsp-border, #d5d9e2) 1px, transparent 1px);
        background-size: calc(100% / var(--columns)) calc(100% / var(--rows));
      }
      .field:focus-visible {
        outline: 3px solid var(--wsp-focus, #f5a524);
        outline-offset: 2px;
      }
      .piece {
        display: grid;
        place-items: center;
        margin: 8%;
        border-radius: 50%;
        background: var(--who);
        color: var(--wsp-surface, #fff);
        font-weight: 700;
        font-size: clamp(0.6rem, 2.2vw, 0.9rem);
        line-height: 1;
        min-width: 0;
        min-height: 0;
      }
      .piece.you {
        box-shadow:
          0 0 0 2px var(--wsp-surface, #fff),
          0 0 0 4px var(--who);
      }
      .ghost {
        margin: 8%;
        border-radius: 50%;
        border: 2px dashed var(--who);
      }
      .pad {
        display: grid;
        grid-template-columns: repeat(3, 2.6rem);
        grid-template-areas: '. up .' 'left . right' '. down .';
        gap: 0.25rem;
        justify-content: start;
      }
      .pad button {
        padding: 0.25em 0;
      }
      ul {
        margin: 0;
        padding-left: 1.1rem;
        font-size: 0.9rem;
        overflow-wrap: anywhere;
      }
      .problem {
        font-size: 0.85rem;
        color: var(--wsp-error, #b42318);
        overflow-wrap: anywhere;
      }
    `,
  ];

  protected override readonly words = WORDS;
  readonly #room = freshRoomName('arena');
  protected override readonly clients: readonly Player[] = [
    this.#player('ann', 'Ann', 'var(--wsp-sent, #1d47a8)'),
    this.#player('bob', 'Bob', 'var(--wsp-code-number, #9a4d00)'),
  ];

  /** Milliseconds each way on the simulated wire. */
  @state() private latency: number = LATENCIES[0];
  @state() private predict = true;

  /** The room both players join. */
  get room(): string {
    return this.#room;
  }

  protected override render() {
    const simulated = this.settings.mode === ConnectionMode.simulated;
    return html`
      <p>
        Two players, each with its own WebSocket to <code>/game</code>. Each moves its own piece with the arrow keys
        (click its field first) or the buttons. The server owns the game: it applies the moves ten times a second and
        sends every piece's place.
      </p>
      <wsp-mode-switch></wsp-mode-switch>
      <fieldset>
        <legend>Latency, each way</legend>
        ${LATENCIES.map(
          (ms) =>
            html`<label
              ><input
                type="radio"
                name="latency"
                id=${`latency-${ms}`}
                .checked=${this.latency === ms}
                ?disabled=${!simulated}
                @change=${() => this.#setLatency(ms)}
              />${ms} ms</label
            >`,
        )}
        <p class="note" id="latency-note">
          ${
            simulated
              ? this.latency === 0
                ? 'The simulated wire delivers at once.'
                : `The simulated wire holds every frame ${this.latency} ms each way: a move takes ${2 * this.latency} ms there and back, plus up to a tick. Changing it rejoins the players.`
              : 'Live mode: the delay is whatever the network has (on localhost, about none). This page adds none.'
          }
        </p>
      </fieldset>
      <label class="predict"
        ><input id="predict" type="checkbox" .checked=${this.predict} @change=${this.#togglePredict} />Predict my own
        moves (and reconcile with the server's ticks)</label
      >
      <p class="note">
        ${
          this.predict
            ? 'On: your piece moves the moment you press; each tick, the page starts again from the server’s place (dashed ring) and replays the moves the server has not applied yet.'
            : 'Off: your piece moves only when the server’s tick says so.'
        }
      </p>
      <p>Room <code id="room">${this.#room}</code></p>
      <div class="row">
        <button id="join-all" ?disabled=${this.allIn} @click=${this.#joinAll}>Join both players</button>
      </div>
      <div class="players">${this.clients.map((player) => this.#pane(player))}</div>
      ${this.traces()}
    `;
  }

  #pane(player: Player) {
    const { id, name, connection, view } = player;
    const playing = connection.isOpen && view.you !== undefined;
    return html`<section
      aria-label=${`Player: ${view.you ?? name}`}
      style=${`--who: ${player.colour}`}
      data-player=${id}
    >
      ${this.paneTop(player, view.you, playing ? html` · tick <span id=${`${id}-tick`}>${view.tick}</span>` : nothing)}
      ${playing ? this.#field(player) : nothing}
    </section>`;
  }

  #field(player: Player) {
    const { id, name, view } = player;
    const mine = view.server.find((piece) => piece.name === view.you);
    const own = view.own;
    const ahead = view.predict && mine && own && (mine.x !== own.x || mine.y !== own.y);
    return html`<div
        class="field"
        id=${`${id}-field`}
        tabindex="0"
        role="application"
        aria-roledescription="playfield"
        aria-label=${`${name}'s playfield: arrow keys move ${name}'s piece`}
        aria-describedby=${`${id}-where`}
        style=${`--columns: ${view.width}; --rows: ${view.height}`}
        @keydown=${(event: KeyboardEvent) => this.#key(event, player)}
      >
        ${ahead && mine ? html`<div class="ghost" style=${this.#cellStyle(mine.x, mine.y)}></div>` : nothing}
        ${view.pieces.map((piece) => this.#piece(piece))}
      </div>
      <div class="pad" role="group" aria-label=${`Move ${name}'s piece`}>
        ${BUTTONS.map(
          ({ move, label, arrow }) =>
            html`<button
              id=${`${id}-${move}`}
              style=${`grid-area: ${move}`}
              aria-label=${`Move ${label}`}
              @click=${() => this.#move(player, move)}
            >
              ${arrow}
            </button>`,
        )}
      </div>
      <ul id=${`${id}-where`} aria-label=${`Who is where, as ${name}'s page shows it`}>
        ${view.pieces.map((piece) => this.#where(piece, view))}
      </ul>
      <p class="stats" id=${`${id}-stats`}>
        Moves waiting for the server: <span id=${`${id}-pending`}>${view.pending.length}</span>${
          view.confirmedAfter === undefined
            ? nothing
            : html` · last move confirmed after <span id=${`${id}-confirmed`}>${view.confirmedAfter}</span> ms`
        }
        · snapped back <span id=${`${id}-corrections`}>${view.corrections}</span>
        ${view.corrections === 1 ? 'time' : 'times'}
      </p>`;
  }

  #piece(piece: ShownPiece) {
    const colour = this.colourOf(piece.name, (player) => player.view.you);
    return html`<div
      class=${piece.you ? 'piece you' : 'piece'}
      data-piece=${piece.name}
      style=${`${this.#cellStyle(piece.x, piece.y)}; --who: ${colour}`}
      aria-hidden="true"
    >
      ${[...piece.name][0]?.toUpperCase() ?? '?'}
    </div>`;
  }

  #where(piece: ShownPiece, view: GamePrediction) {
    const server = view.server.find((candidate) => candidate.name === piece.name);
    const predicted = piece.you && server && (server.x !== piece.x || server.y !== piece.y);
    return html`<li data-where=${piece.name}>
      ${piece.name}${piece.you ? ' (you)' : ''}: x ${piece.x}, y
      ${piece.y}${predicted ? ` (predicted; the server last said x ${server.x}, y ${server.y})` : ''}
    </li>`;
  }

  #cellStyle(x: number, y: number): string {
    return `grid-column: ${x + 1}; grid-row: ${y + 1}`;
  }

  #player(id: string, name: string, colour: string): Player {
    const view = new GamePrediction(true);
    const player: Player = {
      id,
      name,
      colour,
      view,
      // A game's ten ticks a second fill the trace fast: it renders only while it is open.
      connection: this.roomConnection(
        (message) => this.#received(player, message),
        () => this.join(player),
      ),
    };
    return player;
  }

  #received(player: Player, message: ServerMessage): void {
    player.view.apply(message, performance.now());
    if (message.type === 'error') player.connection.problem = `The server did not take a move: ${message.message}`;
    this.requestUpdate();
  }

  protected override join(player: Player): void {
    player.view.reset();
    player.view.setPredict(this.predict);
    const query = new URLSearchParams({ room: this.#room, name: player.name });
    player.connection.open(`/game?${query}`, { up: this.latency, down: this.latency });
  }

  #joinAll(): void {
    for (const player of this.clients) if (player.connection.canConnect) this.join(player);
  }

  protected override leave(player: Player): void {
    void player.connection.leave(`${player.name} left the game`);
  }

  #move(player: Player, move: GameMove): void {
    if (!player.connection.isOpen) return;
    player.connection.send(player.view.input(move, performance.now()));
    this.requestUpdate();
  }

  #key(event: KeyboardEvent, player: Player): void {
    const move = KEYS[event.key];
    if (!move) return;
    // The arrows move the piece, not the page.
    event.preventDefault();
    this.#move(player, move);
  }

  #togglePredict(event: Event): void {
    this.predict = (event.target as HTMLInputElement).checked;
    for (const player of this.clients) player.view.setPredict(this.predict);
  }

  /** The simulated wire's delay is set when a connection opens: players in the game rejoin with the new one. */
  #setLatency(ms: number): void {
    this.latency = ms;
    this.#rejoin();
  }

  /** Players in the game leave and join again; each waits for its old connection to close, so its name is free. */
  #rejoin(): void {
    const active = this.clients.filter((player) => !player.connection.canConnect);
    for (const player of active) {
      void player.connection.leave('rejoining').then(() => this.join(player));
    }
  }

  /** A new mode or server: the players that were in rejoin there. */
  protected override settingsMoved(): void {
    this.#rejoin();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-game-demo': WspGameDemo;
  }
}
