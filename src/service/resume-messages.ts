/**
 * The messages of `/resume`, the stream whose messages survive a reconnect,
 * both ways, and the bounds its server keeps to. The page's demo and the
 * service share them; the client recipe (src/lessons/client/recipes/resume.ts)
 * spells out the few it needs, as a page of its own would.
 */

export const RESUME_PATH = '/resume';

/** What one service keeps for resumable streams, at most. */
export const RESUME_LIMITS = {
  /** Streams alive at once; a new one past it is refused with 503. */
  streams: 100,
  /** Messages a stream keeps for a replay: beyond it the oldest is forgotten first. */
  bufferMessages: 50,
  /** Milliseconds a message is kept for a replay, acknowledged or not. */
  bufferMs: 20_000,
  /** Milliseconds a stream lives on with no connection reading it; then it is forgotten. */
  idleMs: 30_000,
} as const;

/** Private close codes (RFC 6455 §7.4.2: 4000-4999 are for applications), so the client can tell them apart. */
export const RESUME_CLOSE = {
  /** Another connection resumed this stream: this one stands down (a second tab, a reconnect the server saw first). */
  takenOver: 4001,
  /** No stream has that id: it ended and was forgotten, or never existed. Start a new one. */
  unknownStream: 4404,
} as const;

/** To every connection first: which stream it reads, and how it runs. */
export interface ResumeStreamMessage {
  readonly type: 'stream';
  /** The stream's id: 22 random base64url characters (128 bits), the key to resume it. */
  readonly stream: string;
  /** How many items the stream carries before it ends. */
  readonly count: number;
  /** Milliseconds between two items. */
  readonly every: number;
  /** The seq of the last item made so far (0 before the first). */
  readonly last: number;
}

/** One numbered item. A replay sends the item as it was first made, `at` included. */
export interface ResumeItemMessage {
  readonly type: 'item';
  /** 1, 2, 3…: a client that has n has seen everything it asked for up to n. */
  readonly seq: number;
  /** The server's clock when the item was made, in ms. */
  readonly at: number;
}

/** Sent instead of pretending: the items between `after` and `next` are no longer kept and cannot be replayed. */
export interface ResumeGapMessage {
  readonly type: 'gap';
  /** The `from` the client asked to resume after. */
  readonly after: number;
  /** The first item the replay can still send. */
  readonly next: number;
  /** How many are lost: next - after - 1. */
  readonly missing: number;
  readonly message: string;
}

/** The stream has sent its last item; the server then closes with 1000. */
export interface ResumeEndMessage {
  readonly type: 'end';
  readonly last: number;
}

export interface ResumeErrorMessage {
  readonly type: 'error';
  readonly message: string;
}

export type ResumeServerMessage =
  ResumeStreamMessage | ResumeItemMessage | ResumeGapMessage | ResumeEndMessage | ResumeErrorMessage;

/** Client to server: everything up to `seq` arrived, so the server may forget it. */
export interface ResumeAckMessage {
  readonly type: 'ack';
  readonly seq: number;
}

/**
 * Client to server, a teaching device like `/close?abrupt=1`: drop this
 * connection with no close frame, so the page sees 1006 (§7.1.5) on either wire.
 */
export interface ResumeDropMessage {
  readonly type: 'drop';
}

export type ResumeClientMessage = ResumeAckMessage | ResumeDropMessage;
