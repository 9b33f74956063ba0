/**
 * `/limited?group=G`: an echo that enforces the limits a public WebSocket
 * server needs, with numbers small enough to trip on purpose: the size of
 * one message (1009, §7.4.1), messages per second (1008), open connections
 * per group (503 at the handshake), and a reader too slow for what it asked
 * for (1008, rather than buffering without end). Each limit writes its log
 * line before it closes, so the reader sees what the operator would.
 */
import { utf8Length } from '../protocol/index.ts';
import { refuse, type Endpoint } from './endpoint.ts';
import type { Clock, Peer, Session } from './peer.ts';
import { readOptional, shown } from './query.ts';
import {
  FLOOD_CHUNK_BYTES,
  FLOOD_CHUNKS_PER_TICK,
  FLOOD_MESSAGE,
  FLOOD_TICK_MS,
  FLOOD_TOTAL_BYTES,
  LESSON_LIMITS,
  LIMITED_PATH,
  type FloodDoneMessage,
} from './security-messages.ts';
import { createSessionTimers } from './session-timers.ts';

export { LESSON_LIMITS };

/** §7.4.1 close codes the limits use. */
const MESSAGE_TOO_BIG = 1009;
const POLICY_VIOLATION = 1008;
const TRY_AGAIN_LATER = 1013;

const GROUP = /^[A-Za-z0-9_-]{1,64}$/;
const GROUP_RULE = '1 to 64 letters, digits, _ or -';

/** One chunk for every flood: it is never changed, so every send may share it. */
let floodChunk: Uint8Array | undefined;
function chunk(): Uint8Array {
  floodChunk ??= new Uint8Array(FLOOD_CHUNK_BYTES).map((_, i) => i & 0xff);
  return floodChunk;
}

function groupFull(group: string): string {
  const limit = LESSON_LIMITS.connectionsPerGroup;
  return `group ${group} already has ${limit} connections open: ${limit} is the limit`;
}

export function createLimitedEndpoint(clock: Clock): Endpoint {
  /** Open connections by group; a group with none is forgotten. */
  const groups = new Map<string, number>();

  function openLimited(peer: Peer, group: string): Session {
    const timers = createSessionTimers(clock);
    let open = true;
    let windowStart = Number.NEGATIVE_INFINITY;
    let inWindow = 0;
    let flooding = false;
    let counted = true;
    groups.set(group, (groups.get(group) ?? 0) + 1);

    function close(code: number, reason: string): void {
      if (!open) return;
      open = false;
      timers.stop();
      peer.close(code, reason);
    }

    function flood(): void {
      if (flooding) return;
      flooding = true;
      const limit = LESSON_LIMITS.sendBufferBytes;
      let sent = 0;
      const stop = timers.every(FLOOD_TICK_MS, () => {
        for (let i = 0; i < FLOOD_CHUNKS_PER_TICK && open; i++) {
          if (sent >= FLOOD_TOTAL_BYTES) {
            const done: FloodDoneMessage = { type: 'flood-done', sent };
            peer.send(JSON.stringify(done));
            flooding = false;
            stop();
            return;
          }
          // What the client has not read waits in the server's memory: past the limit, stop holding it.
          const buffered = peer.bufferedAmount;
          if (buffered > limit) {
            peer.log('slow-reader', { buffered, limit });
            return close(POLICY_VIOLATION, `reading too slowly: over ${limit} bytes waiting`);
          }
          peer.send(chunk());
          sent += FLOOD_CHUNK_BYTES;
        }
      });
    }

    return {
      message(data) {
        if (!open) return;
        const size = typeof data === 'string' ? utf8Length(data) : data.length;
        const { maxMessageBytes, messagesPerSecond } = LESSON_LIMITS;
        if (size > maxMessageBytes) {
          peer.log('too-big', { size, limit: maxMessageBytes });
          return close(MESSAGE_TOO_BIG, `message of ${size} bytes: the limit is ${maxMessageBytes}`);
        }
        const now = clock.now();
        if (now - windowStart >= 1000) {
          windowStart = now;
          inWindow = 0;
        }
        inWindow++;
        if (inWindow > messagesPerSecond) {
          peer.log('rate-limited', { limit: messagesPerSecond });
          return close(POLICY_VIOLATION, `more than ${messagesPerSecond} messages in a second`);
        }
        if (data === FLOOD_MESSAGE) return flood();
        peer.send(data);
      },
      closed() {
        open = false;
        timers.stop();
        if (!counted) return;
        counted = false;
        const left = (groups.get(group) ?? 1) - 1;
        if (left > 0) groups.set(group, left);
        else groups.delete(group);
      },
    };
  }

  return {
    path: LIMITED_PATH,
    summary: 'echoes within limits: message size, messages per second, connections per group, a slow reader',
    admit(target) {
      const group = readOptional(target.query, 'group');
      if (group === undefined) return refuse(`group is required: ${GROUP_RULE}`);
      if (!GROUP.test(group)) return refuse(`group must be ${GROUP_RULE}; got ${shown(group)}`);
      if ((groups.get(group) ?? 0) >= LESSON_LIMITS.connectionsPerGroup) return refuse(groupFull(group), 503);
      return {
        ok: true,
        open(peer) {
          // Two handshakes racing for the last place both pass admit on the live server: the second is closed.
          if ((groups.get(group) ?? 0) >= LESSON_LIMITS.connectionsPerGroup) {
            peer.close(TRY_AGAIN_LATER, 'the group filled up; try again later');
            return { message() {}, closed() {} };
          }
          return openLimited(peer, group);
        },
      };
    },
  };
}
