import type { ChatMessage, ChatServerMessage } from '../../service/json-messages.ts';
import { emptyPane, welcomedPane, withLines, withMember, withoutMember, type RoomPane } from './room-pane.ts';
import type { UseCaseMessage } from './connection.ts';

/** One line of a chat pane: something said, or someone coming or going. */
export interface ChatLine {
  /** Unique within a pane, for Lit's `repeat`. */
  readonly id: number;
  readonly kind: 'message' | 'joined' | 'left';
  /** Who said it, or who came or went. */
  readonly name: string;
  /** What was said; empty for presence lines. */
  readonly text: string;
  /** The server's clock, ms since 1970. */
  readonly at: number;
  /** Said before this client joined: it came in the welcome's history. */
  readonly earlier: boolean;
}

/** What one chat pane knows of its room, built only from what the server sent. */
export type ChatRoomState = RoomPane<ChatLine>;

export const emptyChatRoom: ChatRoomState = emptyPane();

function said(message: ChatMessage, earlier: boolean): Omit<ChatLine, 'id'> {
  return { kind: 'message', name: message.from, text: message.text, at: message.at, earlier };
}

/**
 * The next state of a pane after one server message (docs/endpoints.md,
 * `/chat`): the welcome gives the name, who is here and the history; then
 * `joined`, `left` and `message` follow. Anything else leaves it unchanged.
 */
export function applyChatMessage(state: ChatRoomState, incoming: UseCaseMessage): ChatRoomState {
  const message = incoming as unknown as ChatServerMessage;
  switch (message.type) {
    case 'welcome':
      return withLines(
        welcomedPane(state, message),
        message.history.map((line) => said(line, true)),
      );
    case 'joined':
      return withLines(withMember(state, message.name), [
        { kind: 'joined', name: message.name, text: '', at: message.at, earlier: false },
      ]);
    case 'left':
      return withLines(withoutMember(state, message.name), [
        { kind: 'left', name: message.name, text: '', at: message.at, earlier: false },
      ]);
    case 'message':
      return withLines(state, [said(message, false)]);
    default:
      return state;
  }
}

/** A chat line's time as the reader's clock shows it, hours and minutes and seconds. */
export function clockTime(at: number): string {
  return new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/**
 * The link that opens this page on the chat, in `room`: the page's own
 * address with `?room=` added (its other parameters, such as `?server=`,
 * kept) and the hash pointing at the chat's section, so the site's hash route
 * still opens this lesson.
 */
export function chatRoomLink(pageHref: string, room: string, section: string): string {
  const url = new URL(pageHref);
  url.searchParams.set('room', room);
  url.hash = section;
  return url.href;
}

/** The room a link asked for (`?room=`), or undefined when none or an unusable one. */
export function linkedRoom(search: string, maxLength: number): string | undefined {
  const room = new URLSearchParams(search).get('room')?.trim();
  if (!room || [...room].length > maxLength || /\p{Cc}/u.test(room)) return undefined;
  return room;
}
