/**
 * `/resume`: a stream of numbered items whose messages survive a reconnect.
 *
 * - `/resume?count=N&every=MS` starts a stream: N items, one every MS. The
 *   first message names its id, 128 random bits, the only key to it.
 * - `/resume?stream=ID` reads it again from whatever it makes next: what was
 *   made while the reader was away is not sent (the naive reconnect).
 * - `/resume?stream=ID&from=SEQ` first replays every item after SEQ the
 *   stream still keeps, then goes on live; if some are no longer kept, a
 *   `gap` message says which, rather than pretending.
 *
 * The client acknowledges with `{"type":"ack","seq":n}` so the stream can
 * forget what arrived, and may ask for `{"type":"drop"}`: the connection is
 * dropped with no close frame (1006, §7.1.5), a lost network on demand.
 */
import type { RandomBytes } from '../protocol/index.ts';
import { refuse, type Endpoint } from './endpoint.ts';
import { dispatchJson, sendError, shownJson } from './json-peer.ts';
import type { Clock, Peer, Session } from './peer.ts';
import { fitsInteger, readInteger, readOptional, shown, type IntegerRule } from './query.ts';
import {
  RESUME_CLOSE,
  RESUME_LIMITS,
  RESUME_PATH,
  type ResumeGapMessage,
  type ResumeServerMessage,
} from './resume-messages.ts';
import { createStreamStore, type ResumeStream, type StreamReader } from './resume-streams.ts';

/** Faster than 20 ms floods a page's table without teaching more; slower than 5 s looks broken. */
const EVERY: IntegerRule = { min: 20, max: 5000, of: 'milliseconds', fallback: 200 };
/** A stream ends: at most 1000 items, so at most 5000 s of one stream. */
const COUNT: IntegerRule = { min: 1, max: 1000, of: 'items', fallback: 100 };
const FROM: IntegerRule = { min: 0, max: COUNT.max };
const STREAM_ID = /^[A-Za-z0-9_-]{22}$/;
const STREAM_RULE = 'the 22-character id the stream sent in its first message';
const UNDERSTANDS = `${RESUME_PATH} understands {"type":"ack","seq":12} and {"type":"drop"}`;
/** §7.4.1: the server is overloaded and the client may try again later. */
const TRY_AGAIN_LATER = 1013;

function send(peer: Peer, message: ResumeServerMessage): void {
  peer.send(JSON.stringify(message));
}

/** The gap, in words: which items are gone, and why the server no longer has them. */
function gapMessage(after: number, next: number, missing: number): ResumeGapMessage {
  const { bufferMessages, bufferMs } = RESUME_LIMITS;
  const which = missing === 1 ? `item ${after + 1} is` : `items ${after + 1} to ${next - 1} are`;
  return {
    type: 'gap',
    after,
    next,
    missing,
    message:
      `${which} no longer kept, so lost: the stream keeps the last ${bufferMessages} items, ` +
      `none older than ${bufferMs / 1000} s, and forgets what was acknowledged`,
  };
}

/** Tells a connection no stream has its id, and closes it with a code the client can act on. */
function unknownStream(peer: Peer, id: string): Session {
  sendError(
    peer,
    `no stream ${id} here: a stream is forgotten ${RESUME_LIMITS.idleMs / 1000} s after its last reader left ` +
      '(or it was never made on this server); start a new one',
  );
  peer.close(RESUME_CLOSE.unknownStream, 'unknown stream');
  return { message() {}, closed() {} };
}

/** One connection reading `stream`: first what it asked to be replayed, then every item as it is made. */
function readStream(peer: Peer, stream: ResumeStream, from: number | undefined): Session {
  let current = true;
  const reader: StreamReader = {
    item: (item) => send(peer, item),
    end(last) {
      send(peer, { type: 'end', last });
      peer.close(1000, 'the stream ended');
    },
    replaced() {
      current = false;
      peer.close(RESUME_CLOSE.takenOver, 'another connection resumed this stream');
    },
  };
  stream.attach(reader);
  send(peer, { type: 'stream', stream: stream.id, count: stream.count, every: stream.every, last: stream.last });
  if (from !== undefined) {
    const { items, next, missing } = stream.replayAfter(from);
    peer.log('resume', { from, replayed: items.length, missing });
    if (missing > 0) send(peer, gapMessage(from, next, missing));
    for (const item of items) send(peer, item);
  }
  if (stream.ended) reader.end(stream.last);
  return {
    message(data) {
      if (!current) return;
      dispatchJson(peer, data, UNDERSTANDS, {
        ack(message) {
          const rule = { min: 0, max: stream.last };
          if (!fitsInteger(message.seq, rule)) {
            const range = `from 0 to ${stream.last}, the last item sent`;
            return sendError(peer, `"seq" must be a whole number ${range}; got ${shownJson(message.seq)}`);
          }
          stream.ack(message.seq);
        },
        drop: () => peer.drop(),
      });
    },
    closed: () => stream.detach(reader),
  };
}

export interface ResumeEndpointOptions {
  readonly clock: Clock;
  /** Random bytes for stream ids. */
  readonly random: RandomBytes;
}

export function createResumeEndpoint({ clock, random }: ResumeEndpointOptions): Endpoint {
  const streams = createStreamStore(clock, random);
  const full = (): string =>
    `${RESUME_LIMITS.streams} streams are alive, the most this server keeps; try again when one has ended`;

  return {
    path: RESUME_PATH,
    summary: 'numbered items with a replay buffer: resume from the last one seen, acknowledge what arrived',
    admit(target) {
      const { query } = target;
      const id = readOptional(query, 'stream');
      const rawFrom = readOptional(query, 'from');
      if (id === undefined) {
        if (rawFrom !== undefined) return refuse(`from needs a stream: ${STREAM_RULE}`);
        const count = readInteger(query, 'count', COUNT);
        if (!count.ok) return refuse(count.reason);
        const every = readInteger(query, 'every', EVERY);
        if (!every.ok) return refuse(every.reason);
        if (streams.size >= RESUME_LIMITS.streams) return refuse(full(), 503);
        return {
          ok: true,
          open(peer) {
            // Two handshakes racing for the last place both pass admit on the live server: the second is closed.
            const stream = streams.create(count.value, every.value);
            if (stream) return readStream(peer, stream, undefined);
            peer.close(TRY_AGAIN_LATER, 'too many streams; try again later');
            return { message() {}, closed() {} };
          },
        };
      }
      if (!STREAM_ID.test(id)) return refuse(`stream must be ${STREAM_RULE}; got ${shown(id)}`);
      for (const name of ['count', 'every']) {
        if (readOptional(query, name) !== undefined) {
          return refuse(`${name} belongs to a new stream: stream ${id} keeps the ${name} it was started with`);
        }
      }
      let from: number | undefined;
      if (rawFrom !== undefined) {
        const read = readInteger(query, 'from', FROM);
        if (!read.ok) return refuse(`${read.reason} (the last seq the client has)`);
        from = read.value;
        const last = streams.get(id)?.last;
        if (last !== undefined && from > last) {
          return refuse(`from=${from} is ahead of stream ${id}: it has made items up to ${last}`);
        }
      }
      return {
        ok: true,
        open(peer) {
          const stream = streams.get(id);
          return stream ? readStream(peer, stream, from) : unknownStream(peer, id);
        },
      };
    },
  };
}
