import { echoSession } from './echo.ts';
import type { Endpoint } from './endpoint.ts';
import { refuse } from './endpoint.ts';
import { sendJson } from './json-peer.ts';
import type { Clock, Session } from './peer.ts';
import { readInteger, type IntegerRule } from './query.ts';
import { createSessionTimers } from './session-timers.ts';

/** Under 100 ms the trace fills with control frames; over a minute nothing seems to happen. */
const EVERY: IntegerRule = { min: 100, max: 60_000, of: 'milliseconds', fallback: 1000 };
/** Pings still unanswered that we remember; a client that never answers costs no more than this. */
const UNANSWERED_LIMIT = 16;

/** The ping's sequence number as ASCII digits: readable in the frame view. */
function seqPayload(seq: number): Uint8Array {
  return Uint8Array.from(String(seq), (digit) => digit.charCodeAt(0));
}

function seqOf(payload: Uint8Array): number | undefined {
  if (payload.length === 0 || payload.length > 15) return undefined;
  let seq = 0;
  for (const byte of payload) {
    if (byte < 0x30 || byte > 0x39) return undefined;
    seq = seq * 10 + (byte - 0x30);
  }
  return seq;
}

/**
 * `/ping?every=MS`: the server pings every MS with the ping's number as its
 * payload (§5.5.2); the browser answers each with a pong carrying the same
 * bytes (§5.5.3), and the endpoint reports the round trip as a JSON message.
 * Messages are echoed.
 */
export function createPingEndpoint(clock: Clock): Endpoint {
  return {
    path: '/ping',
    summary: 'pings every MS and reports each pong with its round-trip time; echoes messages',
    admit(target) {
      const every = readInteger(target.query, 'every', EVERY);
      if (!every.ok) return refuse(every.reason);
      return {
        ok: true,
        open(peer): Session {
          const timers = createSessionTimers(clock);
          const sentAt = new Map<number, number>();
          let seq = 0;
          timers.every(every.value, () => {
            seq++;
            sentAt.set(seq, clock.now());
            const [oldest] = sentAt.keys();
            if (sentAt.size > UNANSWERED_LIMIT && oldest !== undefined) sentAt.delete(oldest);
            peer.ping(seqPayload(seq));
          });
          return {
            message: echoSession(peer).message,
            pong(payload) {
              const answered = seqOf(payload);
              const at = answered === undefined ? undefined : sentAt.get(answered);
              // §5.5.3: a pong may also come unasked, as a heartbeat; it needs no answer.
              if (answered === undefined || at === undefined) return;
              // §5.5.3: a client may answer only the latest of several pings, so older ones are done too.
              for (const earlier of sentAt.keys()) if (earlier <= answered) sentAt.delete(earlier);
              sendJson(peer, { type: 'pong', seq: answered, rttMs: clock.now() - at });
            },
            closed: () => timers.stop(),
          };
        },
      };
    },
  };
}
