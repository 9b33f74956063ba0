import type { Endpoint } from './endpoint.ts';
import { refuse } from './endpoint.ts';
import { readChoiceField, readKeyField, readTextField } from './fields.ts';
import { createHub, type Hub } from './hub.ts';
import { AlertLevel, LIMITS, type AlertMessage, type NotifyServerMessage } from './json-messages.ts';
import { dispatchJson, sendError, sendJson, shownJson, type JsonHandlers } from './json-peer.ts';
import type { Clock } from './peer.ts';
import type { RoomBus } from './room-bus.ts';
import { admitToRoom, readRoomAndName } from './room-session.ts';

const LEVELS: readonly AlertLevel[] = Object.values(AlertLevel);
/** Longer than a name may be asked for: the hub's renaming makes `ann (12)` out of a 32-character `ann`. */
const RECIPIENT_LENGTH = 2 * LIMITS.name;
const UNDERSTANDS = '/notify understands {"type":"notify","text":"…"} and {"type":"notify","to":"bob","text":"…"}';

/** The room when a client names none: notifications are usually for everyone connected. */
export const NOTIFY_DEFAULT_ROOM = 'main';

/** What a notify room remembers: its alerts' numbering. */
export interface NotifyRoom {
  nextId: number;
}

export type NotifyHub = Hub<NotifyServerMessage, NotifyRoom>;

/**
 * The notify rooms of one service. With a bus, the alerts' numbering is
 * shared by every instance; while the bus is down each instance numbers on
 * alone (two alerts may then share a number) and its members still get
 * their alerts.
 */
export function createNotifyHub(
  options: {
    readonly roomMembers?: number;
    readonly maxRooms?: number;
    readonly bus?: RoomBus<NotifyServerMessage> | undefined;
    readonly instance?: string;
  } = {},
): NotifyHub {
  return createHub<NotifyServerMessage, NotifyRoom>({
    ...options,
    createState: () => ({ nextId: 1 }),
    shared: {
      save: (room) => room.nextId,
      load: (saved, into) => void (into.nextId = Number(saved)),
      fork: (room) => ({ ...room }),
      whileCutOff: 'local',
    },
  });
}

/**
 * `/notify?name=N&room=R`: the server pushes alerts that one client asked it
 * to send, to one named member of the room or to everyone in it. The
 * recipients did not ask for anything: the alert arrives on a connection
 * they opened earlier, which is what a push needs.
 */
export function createNotifyEndpoint({ hub, clock }: { hub: NotifyHub; clock: Clock }): Endpoint {
  return {
    path: '/notify',
    summary: 'pushes alerts to one named client or to everyone connected; lists who is connected',
    admit(target) {
      const wanted = readRoomAndName(target.query, 'room', NOTIFY_DEFAULT_ROOM);
      if (!wanted.ok) return refuse(wanted.reason);
      const roomName = wanted.value.room;
      return admitToRoom({
        hub,
        clock,
        ...wanted.value,
        open(member, peer) {
          sendJson(peer, { type: 'welcome', room: roomName, you: member.name, members: [...member.room.members] });
          const handlers: JsonHandlers = {
            notify(message) {
              const text = readTextField(message, 'text', { maxLength: LIMITS.alertText, lines: true });
              if (!text.ok) return sendError(peer, text.reason);
              const level = readChoiceField(message, 'level', LEVELS, AlertLevel.info);
              if (!level.ok) return sendError(peer, level.reason);
              const to =
                message.to === undefined || message.to === null
                  ? undefined
                  : readKeyField(message, 'to', RECIPIENT_LENGTH);
              if (to && !to.ok) return sendError(peer, to.reason);
              const recipient = to?.value;
              if (recipient !== undefined && !member.room.members.includes(recipient)) {
                return sendError(
                  peer,
                  `no one called ${shownJson(recipient)} is connected to room ${shownJson(roomName)}; leave out "to" to alert everyone`,
                );
              }
              // Counted now, as the alert goes out: every member of the deployment for everyone, else the one.
              const delivered = recipient === undefined ? member.room.members.length : 1;
              member.change(
                (state) => {
                  const alert: AlertMessage = {
                    type: 'alert',
                    id: state.nextId++,
                    from: member.name,
                    to: recipient ?? null,
                    level: level.value,
                    text: text.value,
                    at: clock.now(),
                  };
                  return { ok: true, message: alert, ...(recipient !== undefined && { to: recipient }) };
                },
                {
                  applied: (alert) => {
                    if (alert.type !== 'alert') return;
                    sendJson(peer, { type: 'sent', id: alert.id, to: alert.to, delivered, at: alert.at });
                  },
                  rejected: () => {},
                },
              );
            },
          };
          return { message: (data) => dispatchJson(peer, data, UNDERSTANDS, handlers) };
        },
      });
    },
  };
}
