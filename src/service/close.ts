import { describeCloseCode, isValidCloseCode, utf8Length } from '../protocol/index.ts';
import { echoSession } from './echo.ts';
import type { Endpoint } from './endpoint.ts';
import { refuse } from './endpoint.ts';
import type { Clock, Session } from './peer.ts';
import { readInteger, readOptional, shown, type IntegerRule, type Query, type Read } from './query.ts';
import { createSessionTimers } from './session-timers.ts';

const AFTER: IntegerRule = { min: 0, max: 60_000, of: 'milliseconds', fallback: 0 };
/** §5.5: a control frame's payload is at most 125 bytes, and the code takes 2 of them. */
const REASON_MAX_BYTES = 123;
const SENDABLE = '1000-1003, 1007-1014 or 3000-4999 (§7.4)';

/** The code to close with, or undefined for a close frame with no code (the browser then reports 1005, §7.1.5). */
function readCloseCode(query: Query): Read<number | undefined> {
  const raw = readOptional(query, 'code');
  if (raw === undefined) return { ok: true, value: undefined };
  const code = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (isValidCloseCode(code)) return { ok: true, value: code };
  // §7.4.1: 1005, 1006 and 1015 must not be sent and 1004 is reserved; other numbers are reserved or no code at all.
  const info = describeCloseCode(code);
  return {
    ok: false,
    reason: info
      ? `code ${code} (${info.name}) cannot be sent: ${info.meaning} A server may send ${SENDABLE}.`
      : `code must be a close code a server may send, ${SENDABLE}; got ${shown(raw)}`,
  };
}

function readAbrupt(query: Query): Read<boolean> {
  const raw = readOptional(query, 'abrupt');
  if (raw === undefined || raw === '0') return { ok: true, value: false };
  if (raw === '1') return { ok: true, value: true };
  return { ok: false, reason: `abrupt must be 1 (drop the connection with no close frame) or 0; got ${shown(raw)}` };
}

/**
 * `/close?code=C&reason=R&after=MS&abrupt=1`: the server ends the connection
 * as asked, after MS. Until then it echoes, so the reader can see it is
 * alive.
 */
export function createCloseEndpoint(clock: Clock): Endpoint {
  return {
    path: '/close',
    summary: 'closes the connection with the code and reason asked for, or drops it with no close frame',
    admit(target) {
      const code = readCloseCode(target.query);
      if (!code.ok) return refuse(code.reason);
      const reason = readOptional(target.query, 'reason');
      if (reason !== undefined) {
        const bytes = utf8Length(reason);
        if (bytes > REASON_MAX_BYTES) {
          return refuse(
            `reason must be at most ${REASON_MAX_BYTES} bytes of UTF-8 (a close frame carries at most 125, 2 of them the code, §5.5); got ${bytes} bytes`,
          );
        }
        if (code.value === undefined) {
          return refuse('reason needs a code: in a close frame the reason follows the two-byte code (§5.5.1)');
        }
      }
      const abrupt = readAbrupt(target.query);
      if (!abrupt.ok) return refuse(abrupt.reason);
      if (abrupt.value && code.value !== undefined) {
        return refuse(
          'abrupt=1 drops the connection with no close frame, so it cannot carry a code or reason; leave them out',
        );
      }
      const after = readInteger(target.query, 'after', AFTER);
      if (!after.ok) return refuse(after.reason);
      return {
        ok: true,
        open(peer): Session {
          const timers = createSessionTimers(clock);
          timers.after(after.value, () => (abrupt.value ? peer.drop() : peer.close(code.value, reason)));
          return { message: echoSession(peer).message, closed: () => timers.stop() };
        },
      };
    },
  };
}
