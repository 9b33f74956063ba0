import type { Endpoint } from './endpoint.ts';
import { refuse } from './endpoint.ts';
import { readTextField } from './fields.ts';
import type { Hub } from './hub.ts';
import { LIMITS, type ChatMessage, type ChatServerMessage } from './json-messages.ts';
import { dispatchJson, sendError, sendJson, type JsonHandlers } from './json-peer.ts';
import type { Clock } from './peer.ts';
import { admitToRoom, readRoomAndName } from './room-session.ts';

const UNDERSTANDS = '/chat understands {"type":"say","text":"…"}';

function isChatMessage(message: ChatServerMessage): message is ChatMessage {
  return message.type === 'message';
}

/**
 * `/chat?room=R&name=N`: a broadcast room. A name already taken in the room
 * becomes `ann (2)` rather than a refusal: the hub picks it as the member
 * joins, so two readers who arrive together cannot both get `ann`.
 */
export function createChatEndpoint({ hub, clock }: { hub: Hub<ChatServerMessage>; clock: Clock }): Endpoint {
  return {
    path: '/chat',
    summary: 'a chat room: JSON messages, who joins and leaves, the last messages for newcomers',
    admit(target) {
      const wanted = readRoomAndName(target.query, 'room');
      if (!wanted.ok) return refuse(wanted.reason);
      return admitToRoom({
        hub,
        clock,
        ...wanted.value,
        open(member, peer) {
          sendJson(peer, {
            type: 'welcome',
            room: wanted.value.room,
            you: member.name,
            members: [...member.room.members],
            history: member.room.history.filter(isChatMessage),
          });
          const handlers: JsonHandlers = {
            say(message) {
              const text = readTextField(message, 'text', { maxLength: LIMITS.chatText, lines: true });
              if (!text.ok) return sendError(peer, text.reason);
              const line: ChatMessage = { type: 'message', from: member.name, text: text.value, at: clock.now() };
              member.record(line);
              member.broadcast(line);
            },
          };
          return { message: (data) => dispatchJson(peer, data, UNDERSTANDS, handlers) };
        },
      });
    },
  };
}
