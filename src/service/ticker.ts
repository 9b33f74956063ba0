import type { Endpoint } from './endpoint.ts';
import { refuse } from './endpoint.ts';
import { readJson, sendError, sendJson, shownJson } from './json-peer.ts';
import type { Cancel, Clock, Session } from './peer.ts';
import { describeInteger, fitsInteger, readChoice, readInteger, type IntegerRule } from './query.ts';
import { createSessionTimers } from './session-timers.ts';
import { createFeed, TICKER_TOPICS } from './ticker-topics.ts';

/** Faster than 50 ms floods a page's log without teaching more; slower than a minute looks broken. */
const EVERY: IntegerRule = { min: 50, max: 60_000, of: 'milliseconds', fallback: 1000 };
const UNDERSTANDS = '/ticker understands {"type":"pause"}, {"type":"resume"} and {"type":"rate","every":1000}';

/**
 * `/ticker?topic=T&every=MS`: the server pushes a tick every MS without being
 * asked, the use case WebSockets exist for. The client can pause, resume and
 * change the rate; each of those is answered with the ticker's state.
 */
export function createTickerEndpoint(clock: Clock): Endpoint {
  return {
    path: '/ticker',
    summary: 'pushes live scores or prices at a steady rate; pause, resume and rate messages steer it',
    admit(target) {
      const topic = readChoice(target.query, 'topic', TICKER_TOPICS);
      if (!topic.ok) return refuse(topic.reason);
      const every = readInteger(target.query, 'every', EVERY);
      if (!every.ok) return refuse(every.reason);
      return {
        ok: true,
        open(peer): Session {
          const timers = createSessionTimers(clock);
          const next = createFeed(topic.value);
          let seq = 0;
          let period = every.value;
          let stopTicks: Cancel | undefined;
          const start = (): void => {
            stopTicks = timers.every(period, () => sendJson(peer, next(++seq, clock.now())));
          };
          const stop = (): void => {
            stopTicks?.();
            stopTicks = undefined;
          };
          start();
          return {
            message(data) {
              const read = readJson(data, UNDERSTANDS);
              if (!read.ok) return sendError(peer, read.reason);
              const message = read.value;
              switch (message.type) {
                case 'pause':
                  stop();
                  break;
                case 'resume':
                  if (!stopTicks) start();
                  break;
                case 'rate':
                  if (!fitsInteger(message.every, EVERY)) {
                    return sendError(
                      peer,
                      `"every" must be ${describeInteger(EVERY)}; got ${shownJson(message.every)}`,
                    );
                  }
                  period = message.every;
                  if (stopTicks) {
                    stop();
                    start();
                  }
                  break;
                default:
                  return sendError(peer, `unknown message type ${shownJson(message.type)}; ${UNDERSTANDS}`);
              }
              sendJson(peer, { type: 'state', paused: !stopTicks, every: period });
            },
            closed: () => timers.stop(),
          };
        },
      };
    },
  };
}
