/**
 * One player's view of a `/game` room, with client-side prediction and
 * reconciliation. The server owns the state: it applies inputs at its next
 * tick and reports, per piece, the last input it applied (`seq`). A client
 * that waits for the tick sees its own piece move a round trip plus up to a
 * tick late. A client that predicts moves its piece at once, keeps every
 * input the server has not yet applied, and on each tick starts again from
 * the server's position and replays those inputs: when the server refused a
 * move (a wall, another piece), the piece snaps back to where it really is.
 */
import type { GameInputMessage, GameMove, GamePiece, ServerMessage } from '../../service/json-messages.ts';

/** One cell: (0, 0) is the top-left; `x` grows to the right, `y` downwards. */
export interface Cell {
  readonly x: number;
  readonly y: number;
}

/** A piece as this client shows it. */
export interface ShownPiece extends Cell {
  readonly name: string;
  /** This client's own piece. */
  readonly you: boolean;
}

interface PendingInput {
  readonly seq: number;
  readonly move: GameMove;
  /** When it was sent, on the clock the caller passes in. */
  readonly sentAt: number;
}

const STEP: Readonly<Record<GameMove, readonly [number, number]>> = {
  up: [0, -1],
  down: [0, 1],
  left: [-1, 0],
  right: [1, 0],
};

export class GamePrediction {
  /** Whether this client moves its own piece before the server confirms. */
  predict: boolean;
  you: string | undefined;
  width = 0;
  height = 0;
  /** The room's last tick this client heard of. */
  tick = 0;
  /** Every piece where the server last said it is, in order of arrival. */
  server: readonly GamePiece[] = [];
  /** Where this client shows its own piece: the server's place, or the predicted one. */
  own: Cell | undefined;
  /** Ticks that put the predicted piece somewhere other than predicted: the server disagreed. */
  corrections = 0;
  /** Milliseconds from the last confirmed input leaving to the tick that applied it coming back. */
  confirmedAfter: number | undefined;
  readonly #pending: PendingInput[] = [];
  #nextSeq = 1;

  constructor(predict = true) {
    this.predict = predict;
  }

  /** Inputs sent that the server has not applied yet, oldest first. */
  get pending(): readonly PendingInput[] {
    return this.#pending;
  }

  /** The pieces to draw: the others where the server put them, this client's own where it shows it. */
  get pieces(): readonly ShownPiece[] {
    return this.server.map((piece) =>
      piece.name === this.you && this.own
        ? { name: piece.name, x: this.own.x, y: this.own.y, you: true }
        : { name: piece.name, x: piece.x, y: piece.y, you: false },
    );
  }

  /** Applies a server message; `now` is the caller's clock in ms. Other messages are ignored. */
  apply(message: ServerMessage, now: number): void {
    if (message.type === 'welcome' && 'width' in message) {
      this.you = message.you;
      this.width = message.width;
      this.height = message.height;
      this.tick = message.tick;
      this.#reconcile(message.pieces, now);
    } else if (message.type === 'tick' && 'pieces' in message) {
      this.tick = message.tick;
      this.#reconcile(message.pieces, now);
    }
  }

  /** A move by this player: the message to send, and (when predicting) the piece moved at once. */
  input(move: GameMove, now: number): GameInputMessage {
    const seq = this.#nextSeq++;
    this.#pending.push({ seq, move, sentAt: now });
    if (this.predict && this.own) this.own = this.#step(this.own, move);
    return { type: 'input', seq, move };
  }

  /** Turns prediction on or off; the own piece goes to where this client now believes it is. */
  setPredict(predict: boolean): void {
    this.predict = predict;
    this.own = this.#replay();
  }

  /** Forgets the room: the next welcome starts afresh (sequence numbers restart per connection). */
  reset(): void {
    this.you = undefined;
    this.server = [];
    this.own = undefined;
    this.tick = 0;
    this.corrections = 0;
    this.confirmedAfter = undefined;
    this.#pending.length = 0;
    this.#nextSeq = 1;
  }

  /** The server's word: drop the inputs it has applied, then replay the rest from its position. */
  #reconcile(pieces: readonly GamePiece[], now: number): void {
    this.server = pieces;
    const mine = pieces.find((piece) => piece.name === this.you);
    if (!mine) {
      this.own = undefined;
      return;
    }
    let confirmed: PendingInput | undefined;
    while (this.#pending.length > 0 && this.#pending[0]!.seq <= mine.seq) confirmed = this.#pending.shift();
    if (confirmed) this.confirmedAfter = Math.round(now - confirmed.sentAt);
    const before = this.own;
    const after = this.#replay();
    this.own = after;
    if (this.predict && before && after && (before.x !== after.x || before.y !== after.y)) {
      this.corrections++;
    }
  }

  /** Where this client believes its piece is: the server's place, plus the pending inputs when predicting. */
  #replay(): Cell | undefined {
    const mine = this.server.find((piece) => piece.name === this.you);
    if (!mine) return undefined;
    let cell: Cell = { x: mine.x, y: mine.y };
    if (this.predict) for (const { move } of this.#pending) cell = this.#step(cell, move);
    return cell;
  }

  /** One move as the server makes it: not off the field, not onto another piece (as last seen). */
  #step(from: Cell, move: GameMove): Cell {
    const [dx, dy] = STEP[move];
    const x = from.x + dx;
    const y = from.y + dy;
    const inside = x >= 0 && y >= 0 && x < this.width && y < this.height;
    const taken = this.server.some((piece) => piece.name !== this.you && piece.x === x && piece.y === y);
    return inside && !taken ? { x, y } : from;
  }
}
