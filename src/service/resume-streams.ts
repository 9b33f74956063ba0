/**
 * The streams of `/resume`: each makes numbered items at a steady rate
 * whether or not a connection is reading it (the news does not wait for a
 * reader who lost the network), and keeps the latest in a replay buffer,
 * bounded in count and in age, from which what the client acknowledged is
 * dropped at once. A stream nobody reads for a while is forgotten.
 */
import { encodeBase64, type RandomBytes } from '../protocol/index.ts';
import type { Cancel, Clock } from './peer.ts';
import { RESUME_LIMITS, type ResumeItemMessage } from './resume-messages.ts';

/** The connection reading a stream, as the stream sees it. */
export interface StreamReader {
  item(item: ResumeItemMessage): void;
  /** The last item has been made (and sent, or replayed). */
  end(last: number): void;
  /** Another connection resumed the stream: this one stands down. */
  replaced(): void;
}

/** What a replay after `from` can send: the items still kept, and how many in between are not. */
export interface Replay {
  readonly items: readonly ResumeItemMessage[];
  /** The seq the replay starts at (the next item to be made when nothing is kept). */
  readonly next: number;
  /** Items after `from` and before `next` that are no longer kept. */
  readonly missing: number;
}

export interface ResumeStream {
  readonly id: string;
  readonly count: number;
  readonly every: number;
  /** The seq of the last item made (0 before the first). */
  readonly last: number;
  readonly ended: boolean;
  /** Makes `reader` the one connection that reads the stream; the one before it, if any, is told it was replaced. */
  attach(reader: StreamReader): void;
  /** The reader's connection ended: the stream lives on unread until `idleMs` has passed. */
  detach(reader: StreamReader): void;
  /** Everything up to `seq` arrived: the buffer forgets it. `seq` must be at most `last`. */
  ack(seq: number): void;
  replayAfter(from: number): Replay;
}

export interface StreamStore {
  readonly size: number;
  get(id: string): ResumeStream | undefined;
  /** A new stream, already making items, or undefined when `RESUME_LIMITS.streams` are alive. */
  create(count: number, every: number): ResumeStream | undefined;
}

/** 16 random bytes as unpadded base64url (RFC 4648 §5): 128 bits, so one reader cannot guess another's stream. */
function newStreamId(random: RandomBytes): string {
  return encodeBase64(random(16)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function createStreamStore(clock: Clock, random: RandomBytes): StreamStore {
  const streams = new Map<string, ResumeStream>();

  function open(id: string, count: number, every: number): ResumeStream {
    let last = 0;
    let acked = 0;
    /** Oldest first; every item kept is after `acked`, among the latest `bufferMessages`, and young enough. */
    const buffer: ResumeItemMessage[] = [];
    let reader: StreamReader | undefined;
    let forgetLater: Cancel | undefined;

    function trim(): void {
      const oldest = clock.now() - RESUME_LIMITS.bufferMs;
      while (
        buffer.length > 0 &&
        (buffer[0]!.seq <= acked || buffer.length > RESUME_LIMITS.bufferMessages || buffer[0]!.at < oldest)
      ) {
        buffer.shift();
      }
    }

    function forget(): void {
      stopMaking();
      forgetLater?.();
      streams.delete(id);
    }

    const stopMaking = clock.every(every, () => {
      last += 1;
      const item: ResumeItemMessage = { type: 'item', seq: last, at: clock.now() };
      buffer.push(item);
      trim();
      reader?.item(item);
      if (last === count) {
        stopMaking();
        reader?.end(last);
      }
    });

    return {
      id,
      count,
      every,
      get last() {
        return last;
      },
      get ended() {
        return last === count;
      },
      attach(next) {
        forgetLater?.();
        forgetLater = undefined;
        const previous = reader;
        reader = next;
        if (previous && previous !== next) previous.replaced();
      },
      detach(gone) {
        if (reader !== gone) return;
        reader = undefined;
        forgetLater = clock.after(RESUME_LIMITS.idleMs, forget);
      },
      ack(seq) {
        acked = Math.max(acked, seq);
        trim();
      },
      replayAfter(from) {
        trim();
        const items = buffer.filter((item) => item.seq > from);
        const next = items[0]?.seq ?? last + 1;
        return { items, next, missing: Math.max(0, next - from - 1) };
      },
    };
  }

  return {
    get size() {
      return streams.size;
    },
    get: (id) => streams.get(id),
    create(count, every) {
      if (streams.size >= RESUME_LIMITS.streams) return undefined;
      let id = newStreamId(random);
      while (streams.has(id)) id = newStreamId(random);
      const stream = open(id, count, every);
      streams.set(id, stream);
      return stream;
    },
  };
}
