/**
 * The playfield of `/game`, owned by the server: a small grid where each
 * player has one piece. Inputs wait in a queue until the next tick; the tick
 * applies them in order and acknowledges each by its sequence number, even a
 * move the field refused (into a wall or another piece). A client that moved
 * its piece ahead of the server (prediction) learns from the tick where the
 * piece really is and which of its inputs that already includes.
 */
import { LIMITS, type GameMove, type GamePiece } from './json-messages.ts';

interface Player {
  readonly name: string;
  x: number;
  y: number;
  /** The last input applied, which the ticks report. */
  applied: number;
  /** The last input received, so sequence numbers only go up. */
  received: number;
  readonly queue: { readonly seq: number; readonly move: GameMove }[];
}

export interface GameField {
  readonly width: number;
  readonly height: number;
  /** How many ticks have run. */
  tick: number;
  /** By name, in order of arrival. */
  readonly players: Map<string, Player>;
}

const STEP: Readonly<Record<GameMove, readonly [number, number]>> = {
  up: [0, -1],
  down: [0, 1],
  left: [-1, 0],
  right: [1, 0],
};

export function createGameField(width: number, height: number): GameField {
  return { width, height, tick: 0, players: new Map() };
}

function occupied(field: GameField, x: number, y: number): boolean {
  for (const player of field.players.values()) if (player.x === x && player.y === y) return true;
  return false;
}

/** Puts a new player's piece on the first free starting place: the corners first, then the centre, then any cell. */
export function addPlayer(field: GameField, name: string): void {
  const { width: w, height: h } = field;
  const starts: [number, number][] = [
    [1, 1],
    [w - 2, h - 2],
    [w - 2, 1],
    [1, h - 2],
    [Math.floor(w / 2), Math.floor(h / 2)],
  ];
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) starts.push([x, y]);
  // The room's size cap keeps the players far fewer than the cells, so a free one exists.
  const [x, y] = starts.find(([cx, cy]) => !occupied(field, cx, cy))!;
  field.players.set(name, { name, x, y, applied: 0, received: 0, queue: [] });
}

export function removePlayer(field: GameField, name: string): void {
  field.players.delete(name);
}

/** Queues one input for the next tick, or says why not. */
export function queueInput(field: GameField, name: string, seq: number, move: GameMove): string | undefined {
  const player = field.players.get(name);
  if (!player) return 'you have no piece on the field';
  if (seq <= player.received) return `"seq" must be greater than your last input's (${player.received}); got ${seq}`;
  if (player.queue.length >= LIMITS.queuedInputs) {
    return `too many inputs wait for the next tick (at most ${LIMITS.queuedInputs}); send fewer`;
  }
  player.received = seq;
  player.queue.push({ seq, move });
  return undefined;
}

/** Runs one tick: every queued input, player by player in order of arrival. */
export function step(field: GameField): void {
  field.tick++;
  for (const player of field.players.values()) {
    for (const { seq, move } of player.queue) {
      const [dx, dy] = STEP[move];
      const x = player.x + dx;
      const y = player.y + dy;
      const inside = x >= 0 && y >= 0 && x < field.width && y < field.height;
      if (inside && !occupied(field, x, y)) {
        player.x = x;
        player.y = y;
      }
      player.applied = seq;
    }
    player.queue.length = 0;
  }
}

export function pieces(field: GameField): GamePiece[] {
  return [...field.players.values()].map(({ name, x, y, applied }) => ({ name, x, y, seq: applied }));
}
