import type { AlertLevel, NotifyServerMessage } from '../../service/json-messages.ts';
import {
  emptyPane,
  type NewLine,
  welcomedPane,
  withLines,
  withMember,
  withoutMember,
  type RoomPane,
} from './room-pane.ts';
import type { UseCaseMessage } from './connection.ts';

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

/**
 * What one notification pane knows, built only from what the server pushed;
 * its members are the names an alert can go to.
 */
export type Inbox = RoomPane<InboxLine>;

export const emptyInbox: Inbox = emptyPane();

function withLine(inbox: Inbox, line: NewLine<InboxLine>): Inbox {
  return withLines(inbox, [line]);
}

/** The next state of a pane after one server message (docs/endpoints.md, `/notify`). */
export function applyNotifyMessage(inbox: Inbox, incoming: UseCaseMessage): Inbox {
  const message = incoming as unknown as NotifyServerMessage;
  switch (message.type) {
    case 'welcome':
      return welcomedPane(inbox, message);
    case 'joined':
      return withLine(withMember(inbox, message.name), { kind: 'joined', name: message.name, at: message.at });
    case 'left':
      return withLine(withoutMember(inbox, message.name), { kind: 'left', name: message.name, at: message.at });
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
