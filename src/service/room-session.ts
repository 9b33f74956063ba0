/**
 * The part every room endpoint (`/chat`, `/notify`, `/collab`, `/game`)
 * shares: refuse a full room at the handshake, join the hub, tell the others
 * who came and who went, and ignore anything after the close. The endpoint
 * supplies only what its members do while they are in the room.
 */
import { refuse, type Admission } from './endpoint.ts';
import type { Hub, Membership } from './hub.ts';
import { LIMITS, type PresenceMessage, type ServerMessage } from './json-messages.ts';
import { sendJson } from './json-peer.ts';
import type { Clock, Peer } from './peer.ts';
import { readName, type Query, type Read, type TextRule } from './query.ts';

const NAME: TextRule = { maxLength: LIMITS.name };

/** The room a connection asks for and the member name it asks to be known by. */
export interface RoomAndName {
  readonly room: string;
  readonly name: string;
}

/**
 * Reads `?room=R&name=N` (`roomParam` names the room's parameter, such as
 * `doc`); a room left out is `defaultRoom` when there is one. Both are names
 * of 1 to LIMITS.name characters, trimmed.
 */
export function readRoomAndName(query: Query, roomParam: string, defaultRoom?: string): Read<RoomAndName> {
  const room =
    defaultRoom !== undefined && !query.get(roomParam)
      ? { ok: true as const, value: defaultRoom }
      : readName(query, roomParam, NAME);
  if (!room.ok) return room;
  const name = readName(query, 'name', NAME);
  if (!name.ok) return name;
  return { ok: true, value: { room: room.value, name: name.value } };
}

/** What a room endpoint does for one member between joining and leaving. */
export interface MemberSession {
  message(data: string | Uint8Array): void;
  /** Runs as the member leaves, before the others hear `left`: free what it holds in the room. */
  leaving?(): void;
}

export interface RoomAdmission<M extends ServerMessage, S> {
  readonly hub: Hub<M | PresenceMessage, S>;
  readonly clock: Clock;
  readonly room: string;
  readonly name: string;
  /**
   * Starts the member's session once it has joined: sends its welcome (the
   * first message it gets) and returns what to do with its messages. The
   * others hear `joined` right after.
   */
  readonly open: (member: Membership<M | PresenceMessage, S>, peer: Peer) => MemberSession;
}

/**
 * Admits a connection to a room. A full room (or one room too many) is
 * refused at the handshake with 503, the status for "try again later"
 * (RFC 9110 §15.6.4). Two handshakes racing for the last place both pass
 * the check on the live server, where the socket opens later: the second
 * then finds no place and is closed with 1013 Try Again Later (§7.4.1).
 */
export function admitToRoom<M extends ServerMessage, S>(options: RoomAdmission<M, S>): Admission {
  const { hub, clock, room } = options;
  const full = hub.refusal(room);
  if (full !== undefined) return refuse(full, 503);
  return {
    ok: true,
    open(peer) {
      let open = true;
      let session: MemberSession | undefined;
      let member: Membership<M | PresenceMessage, S> | undefined;
      // With several instances the name comes a moment later: what the client says meanwhile waits in order.
      const waiting: (string | Uint8Array)[] = [];
      hub.enter(
        room,
        options.name,
        (message) => sendJson(peer, message),
        (joined) => {
          if (!open) {
            joined?.leave();
            return;
          }
          if (!joined) {
            peer.close(1013, 'the room filled up; try again later');
            return;
          }
          member = joined;
          session = options.open(joined, peer);
          joined.announce({ type: 'joined', name: joined.name, at: clock.now() });
          for (const data of waiting.splice(0)) if (open) session.message(data);
        },
      );
      return {
        message(data) {
          if (!open) return;
          if (session) session.message(data);
          else waiting.push(data);
        },
        closed() {
          if (!open) return;
          open = false;
          if (!member || !session) return;
          session.leaving?.();
          member.leave({ type: 'left', name: member.name, at: clock.now() });
        },
      };
    },
  };
}
