/**
 * The JSON messages of the playground's endpoints, both ways: the one module
 * of message types the page's demos and the service share. Every message is
 * a JSON object in a text frame with a `type`. Text a person typed travels as
 * data in a JSON string, never as markup.
 */
import type { Peer } from './peer.ts';
import type { Read } from './query.ts';

/** Sent by every JSON endpoint when a message cannot be understood; the connection stays open. */
export interface ErrorMessage {
  readonly type: 'error';
  readonly message: string;
}

// /chat

/** Client to server: say something to the room. */
export interface SayMessage {
  readonly type: 'say';
  readonly text: string;
}

/** To a newcomer only: the name it got, who is here and the last lines. */
export interface WelcomeMessage {
  readonly type: 'welcome';
  readonly room: string;
  /** The newcomer's name: the one asked for, or `ann (2)` if it was taken. */
  readonly you: string;
  /** Everyone in the room in order of arrival, the newcomer last. */
  readonly members: readonly string[];
  /** The last messages said here, oldest first, as they were broadcast. */
  readonly history: readonly ChatMessage[];
}

/** To everyone else in the room. */
export interface PresenceMessage {
  readonly type: 'joined' | 'left';
  readonly name: string;
  readonly at: number;
}

/** A `say`, broadcast to everyone in the room, the sender included. */
export interface ChatMessage {
  readonly type: 'message';
  readonly from: string;
  readonly text: string;
  /** The server's clock when the message arrived, in ms since 1970. */
  readonly at: number;
}

export type ChatServerMessage = WelcomeMessage | PresenceMessage | ChatMessage;

// /ticker

export const TickerTopic = {
  /** Live sports scores. */
  scores: 'scores',
  /** Stock-like prices. */
  prices: 'prices',
} as const;

export type TickerTopic = (typeof TickerTopic)[keyof typeof TickerTopic];

export type TickerClientMessage =
  { readonly type: 'pause' } | { readonly type: 'resume' } | { readonly type: 'rate'; readonly every: number };

export interface PriceQuote {
  readonly symbol: string;
  /** In currency units, two decimals. */
  readonly price: number;
  /** Since this symbol's previous quote. */
  readonly change: number;
}

export interface MatchScore {
  readonly match: string;
  readonly home: number;
  readonly away: number;
  /** Minute of play, 0 to 90; a new match starts after 90. */
  readonly minute: number;
}

/** What each topic's ticks carry. */
export interface TickerData {
  readonly prices: PriceQuote;
  readonly scores: MatchScore;
}

export type TickMessage = {
  [T in TickerTopic]: {
    readonly type: 'tick';
    readonly topic: T;
    /** 1 for the connection's first tick, then one more per tick. */
    readonly seq: number;
    /** The server's clock when it sent the tick, so a page can show the delay to the screen. */
    readonly sentAt: number;
    readonly data: TickerData[T];
  };
}[TickerTopic];

/** The answer to every pause, resume and rate. */
export interface TickerStateMessage {
  readonly type: 'state';
  readonly paused: boolean;
  readonly every: number;
}

export type TickerServerMessage = TickMessage | TickerStateMessage;

// /ping

/** A pong from the client, matched to the server's ping. */
export interface PongReport {
  readonly type: 'pong';
  /** The ping's sequence number, which was its payload. */
  readonly seq: number;
  /** From the ping leaving the server to its pong arriving. */
  readonly rttMs: number;
}

export type ServerMessage = ErrorMessage | ChatServerMessage | TickerServerMessage | PongReport;

export function sendJson(peer: Peer, message: ServerMessage): void {
  peer.send(JSON.stringify(message));
}

export function sendError(peer: Peer, message: string): void {
  sendJson(peer, { type: 'error', message });
}

/** A parsed client message: an object with a string `type`; its other fields still unchecked. */
export interface Incoming {
  readonly type: string;
  readonly [field: string]: unknown;
}

/**
 * Parses one client message. `understands` finishes the error sentences:
 * `/chat understands {"type":"say","text":"…"}`. The wording is our own,
 * not the engine's JSON.parse message, so both wires say the same.
 */
export function readJson(data: string | Uint8Array, understands: string): Read<Incoming> {
  if (typeof data !== 'string') {
    return { ok: false, reason: `got a binary message of ${data.length} bytes, but ${understands} as text` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return { ok: false, reason: `that message is not JSON; ${understands}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !('type' in parsed)) {
    return { ok: false, reason: `a message must be a JSON object with a "type"; ${understands}` };
  }
  const { type } = parsed;
  if (typeof type !== 'string') return { ok: false, reason: `"type" must be a string; ${understands}` };
  return { ok: true, value: { ...parsed, type } };
}

/** A field's value as a reason shows it: JSON, cut short. */
export function shownJson(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
