import type { Endpoint } from './endpoint.ts';
import { refuse } from './endpoint.ts';
import { readChoiceField, readIntegerField } from './fields.ts';
import { addPlayer, createGameField, pieces, queueInput, removePlayer, step, type GameField } from './game-field.ts';
import { createHub, type Hub } from './hub.ts';
import { GameMove, type GameServerMessage } from './json-messages.ts';
import { dispatchJson, sendError, sendJson, type JsonHandlers } from './json-peer.ts';
import type { Cancel, Clock } from './peer.ts';
import { admitToRoom, readRoomAndName } from './room-session.ts';

const MOVES: readonly GameMove[] = Object.values(GameMove);
const SEQ = { min: 1, max: 2 ** 31 - 1 };
const UNDERSTANDS = '/game understands {"type":"input","seq":1,"move":"up"} (moves: up, down, left, right)';

export const GAME_DEFAULTS = {
  width: 16,
  height: 10,
  /** 10 ticks a second: slow enough to see, fast enough to play. */
  every: 100,
  players: 8,
} as const;

/** One room's game: its field and the clock that ticks it. */
export interface GameRoom {
  readonly field: GameField;
  /** Milliseconds between ticks. */
  readonly every: number;
  readonly stopTicks: Cancel;
}

export type GameHub = Hub<GameServerMessage, GameRoom>;

export interface GameOptions {
  readonly clock: Clock;
  /** Most players in one room (default 8); a newcomer past it is refused with 503. */
  readonly players?: number;
  /** Milliseconds between ticks (default 100). */
  readonly every?: number;
  readonly maxRooms?: number;
}

/**
 * The game rooms of one service. A room starts ticking when its first player
 * joins, and stops (field and all) when its last one leaves: an empty room
 * costs nothing.
 */
export function createGameHub(options: GameOptions): GameHub {
  const { clock } = options;
  const { width, height } = GAME_DEFAULTS;
  const every = options.every ?? GAME_DEFAULTS.every;
  const hub: GameHub = createHub<GameServerMessage, GameRoom>({
    // Never more players than cells, so each finds a free one.
    roomMembers: Math.min(options.players ?? GAME_DEFAULTS.players, width * height),
    memberNoun: 'players',
    maxRooms: options.maxRooms ?? 100,
    createState(roomName) {
      const field = createGameField(width, height);
      const stopTicks = clock.every(every, () => {
        step(field);
        hub.broadcast(roomName, { type: 'tick', tick: field.tick, sentAt: clock.now(), pieces: pieces(field) });
      });
      return { field, every, stopTicks };
    },
    disposeState: (room) => room.stopTicks(),
  });
  return hub;
}

/**
 * `/game?room=R&name=N`: a shared playfield whose state only the server
 * changes. Each client sends inputs with a sequence number; the server
 * applies them at its next tick and sends every piece's place and, per
 * piece, the last input applied, so a client can predict its own moves and
 * reconcile when the tick comes.
 */
export function createGameEndpoint({ hub, clock }: { hub: GameHub; clock: Clock }): Endpoint {
  return {
    path: '/game',
    summary: 'a shared playfield: clients send numbered inputs, the server owns the state and ticks at a fixed rate',
    admit(target) {
      const wanted = readRoomAndName(target.query, 'room');
      if (!wanted.ok) return refuse(wanted.reason);
      return admitToRoom({
        hub,
        clock,
        ...wanted.value,
        open(member, peer) {
          const { field, every } = member.room.state;
          addPlayer(field, member.name);
          sendJson(peer, {
            type: 'welcome',
            room: wanted.value.room,
            you: member.name,
            width: field.width,
            height: field.height,
            every,
            tick: field.tick,
            pieces: pieces(field),
          });
          const handlers: JsonHandlers = {
            input(message) {
              const seq = readIntegerField(message, 'seq', SEQ);
              if (!seq.ok) return sendError(peer, seq.reason);
              const move = readChoiceField(message, 'move', MOVES);
              if (!move.ok) return sendError(peer, move.reason);
              const refused = queueInput(field, member.name, seq.value, move.value);
              if (refused !== undefined) sendError(peer, refused);
            },
          };
          return {
            message: (data) => dispatchJson(peer, data, UNDERSTANDS, handlers),
            leaving: () => removePlayer(field, member.name),
          };
        },
      });
    },
  };
}
