import type { AlertLevel, NotifyServerMessage } from '../service/json-messages.ts';
import type { UseCaseMessage } from './use-case-connection.ts';

/** One line of a notification pane: an alert that arrived, a receipt for one sent, or someone coming or going. */
export type InboxLine = { readonly id: number; readonly at: number } & (
  | {
      readonly kind: 'alert';
      readonly alertId: number;
      readonly from: string;
      /** The one recipient, or null: everyone. */
      readonly to: string | null;
      readonly level: AlertLevel;
      readonly text: string;
    }
  | { readonly kind: 'sent'; readonly alertId: number; readonly to: string | null; readonly delivered: number }
  | { readonly kind: 'joined' | 'left'; readonly name: string }
);

/** What one notification pane knows, built only from what the server pushed. */
export interface Inbox {
  readonly room: string | undefined;
  readonly you: string | undefined;
  /** Who is connected, in order of arrival: the names an alert can go to. */
  readonly members: readonly string[];
  readonly lines: readonly InboxLine[];
  readonly nextId: number;
}

const LINE_LIMIT = 100;

export const emptyInbox: Inbox = { room: undefined, you: undefined, members: [], lines: [], nextId: 0 };

type NewLine = InboxLine extends infer L ? (L extends InboxLine ? Omit<L, 'id'> : never) : never;

function withLine(inbox: Inbox, line: NewLine): Inbox {
  return {
    ...inbox,
    lines: [...inbox.lines, { ...line, id: inbox.nextId } as InboxLine].slice(-LINE_LIMIT),
    nextId: inbox.nextId + 1,
  };
}

/** The next state of a pane after one server message (docs/endpoints.md, `/notify`). */
export function applyNotifyMessage(inbox: Inbox, incoming: UseCaseMessage): Inbox {
  const message = incoming as unknown as NotifyServerMessage;
  switch (message.type) {
    case 'welcome':
      return { ...emptyInbox, nextId: inbox.nextId, room: message.room, you: message.you, members: message.members };
    case 'joined':
      return withLine(
        { ...inbox, members: [...inbox.members.filter((name) => name !== message.name), message.name] },
        { kind: 'joined', name: message.name, at: message.at },
      );
    case 'left':
      return withLine(
        { ...inbox, members: inbox.members.filter((name) => name !== message.name) },
        { kind: 'left', name: message.name, at: message.at },
      );
    case 'alert':
      return withLine(inbox, {
        kind: 'alert',
        alertId: message.id,
        from: message.from,
        to: message.to,
        level: message.level,
        text: message.text,
        at: message.at,
      });
    case 'sent':
      return withLine(inbox, {
        kind: 'sent',
        alertId: message.id,
        to: message.to,
        delivered: message.delivered,
        at: message.at,
      });
    default:
      return inbox;
  }
}

/** The alerts this pane received, oldest first. */
export function alertsOf(inbox: Inbox): Extract<InboxLine, { kind: 'alert' }>[] {
  return inbox.lines.filter((line): line is Extract<InboxLine, { kind: 'alert' }> => line.kind === 'alert');
}
