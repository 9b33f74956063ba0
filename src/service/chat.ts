import type { Endpoint } from './endpoint.ts';
import { refuse } from './endpoint.ts';
import type { Hub } from './hub.ts';
import { readJson, sendError, sendJson, shownJson, type ChatMessage, type ChatServerMessage } from './json-messages.ts';
import type { Clock, Session } from './peer.ts';
import { characterCount, readName, type TextRule } from './query.ts';

const NAME: TextRule = { maxLength: 32 };
const TEXT_MAX = 1000;
const UNDERSTANDS = '/chat understands {"type":"say","text":"…"}';

function isChatMessage(message: ChatServerMessage): message is ChatMessage {
  return message.type === 'message';
}

/**
 * `/chat?room=R&name=N`: a broadcast room. A name already taken in the room
 * becomes `ann (2)` rather than a refusal: the hub picks it as the member
 * joins, so two readers who arrive together cannot both get `ann`.
 */
export function createChatEndpoint({
  hub,
  clock,
  roomMembers,
}: {
  hub: Hub<ChatServerMessage>;
  clock: Clock;
  roomMembers: number;
}): Endpoint {
  return {
    path: '/chat',
    summary: 'a chat room: JSON messages, who joins and leaves, the last messages for newcomers',
    admit(target) {
      const room = readName(target.query, 'room', NAME);
      if (!room.ok) return refuse(room.reason);
      const name = readName(target.query, 'name', NAME);
      if (!name.ok) return refuse(name.reason);
      if ((hub.rooms.get(room.value)?.members.length ?? 0) >= roomMembers) {
        return refuse(`room "${room.value}" is full: it holds at most ${roomMembers} members`, 503);
      }
      return {
        ok: true,
        open(peer): Session {
          const member = hub.join(room.value, name.value, (message) => sendJson(peer, message));
          sendJson(peer, {
            type: 'welcome',
            room: room.value,
            you: member.name,
            members: [...member.room.members],
            history: member.room.history.filter(isChatMessage),
          });
          member.broadcast({ type: 'joined', name: member.name, at: clock.now() }, { others: true });
          let open = true;
          return {
            message(data) {
              if (!open) return;
              const read = readJson(data, UNDERSTANDS);
              if (!read.ok) return sendError(peer, read.reason);
              const { type, text } = read.value;
              if (type !== 'say') return sendError(peer, `unknown message type ${shownJson(type)}; ${UNDERSTANDS}`);
              const length = typeof text === 'string' ? characterCount(text) : 0;
              if (typeof text !== 'string' || length < 1 || length > TEXT_MAX) {
                const got = typeof text === 'string' ? `${length} characters` : shownJson(text);
                return sendError(peer, `"text" must be a string of 1 to ${TEXT_MAX} characters; got ${got}`);
              }
              const message: ChatMessage = { type: 'message', from: member.name, text, at: clock.now() };
              member.record(message);
              member.broadcast(message);
            },
            closed() {
              if (!open) return;
              open = false;
              member.broadcast({ type: 'left', name: member.name, at: clock.now() }, { others: true });
              member.leave();
            },
          };
        },
      };
    },
  };
}
