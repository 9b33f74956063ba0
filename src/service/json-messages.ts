/**
 * The JSON messages of the playground's endpoints, both ways: the one module
 * of message types the page's demos and the service share. Every message is
 * a JSON object in a text frame with a `type`. Text a person typed travels as
 * data in a JSON string, never as markup. How the service reads and sends
 * them is in json-peer.ts.
 */
/** Sent by every JSON endpoint when a message cannot be understood; the connection stays open. */
export interface ErrorMessage {
  readonly type: 'error';
  readonly message: string;
}

/**
 * The bounds the service enforces, shared so a page can set `maxlength` and
 * say the same numbers. Lengths count code points (an emoji is one), except
 * caret offsets, which count UTF-16 units as the DOM's `selectionStart` does.
 */
export const LIMITS = {
  /** Names, rooms and documents: 1 to this many characters after trimming; no control characters. */
  name: 32,
  /** One chat message. */
  chatText: 1000,
  /** Chat messages a newcomer gets in its welcome. */
  chatHistory: 20,
  /** One alert. */
  alertText: 280,
  /** One item of a shared document (0 characters allowed: a fresh empty row). */
  itemText: 200,
  /** Items in one shared document. */
  items: 50,
  /** A client's `ref` tag on a document change. */
  ref: 32,
  /** Inputs one player may have waiting for the next game tick. */
  queuedInputs: 32,
} as const;

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

/** To everyone else in the room (every room endpoint sends these: /chat, /notify, /collab, /game). */
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

// /notify

export const AlertLevel = {
  info: 'info',
  warning: 'warning',
  urgent: 'urgent',
} as const;

export type AlertLevel = (typeof AlertLevel)[keyof typeof AlertLevel];

/** Client to server: an alert for one member (`to`) or, without `to`, for everyone in the room. */
export interface NotifyMessage {
  readonly type: 'notify';
  readonly to?: string;
  readonly text: string;
  /** Default `info`. */
  readonly level?: AlertLevel;
}

/** To a newcomer only: the name it got and who is connected. */
export interface NotifyWelcomeMessage {
  readonly type: 'welcome';
  readonly room: string;
  readonly you: string;
  /** Everyone connected to the room in order of arrival, the newcomer last. */
  readonly members: readonly string[];
}

/** An alert, to its one recipient or to everyone in the room (the sender too). */
export interface AlertMessage {
  readonly type: 'alert';
  /** Numbers the room's alerts from 1. */
  readonly id: number;
  readonly from: string;
  /** The one recipient, or null for everyone. */
  readonly to: string | null;
  readonly level: AlertLevel;
  readonly text: string;
  /** The server's clock when it pushed the alert. */
  readonly at: number;
}

/** To the sender: its alert went out, to how many. */
export interface AlertSentMessage {
  readonly type: 'sent';
  readonly id: number;
  readonly to: string | null;
  readonly delivered: number;
  readonly at: number;
}

export type NotifyServerMessage = NotifyWelcomeMessage | PresenceMessage | AlertMessage | AlertSentMessage;

// /collab

/** One item of a shared document. */
export interface CollabItem {
  /** Chosen by the server: `i1`, `i2`, …, never reused in a document. */
  readonly id: string;
  readonly text: string;
  /** Who last wrote it. */
  readonly by: string;
  /** The document revision of its last change. */
  readonly rev: number;
}

/** Where a member's caret or selection is: offsets in UTF-16 units, `start` <= `end`. */
export interface CollabCursor {
  readonly item: string;
  readonly start: number;
  readonly end: number;
}

export interface CollabMember {
  readonly name: string;
  /** Null until the member puts its caret in an item, and after that item is deleted. */
  readonly cursor: CollabCursor | null;
}

/** A client's optional tag on a change, echoed in the result so it can match its pending change. */
export type CollabRef = string | number;

/** Client to server: a new item after `after` (null: at the top; absent: at the end). */
export interface CollabAddMessage {
  readonly type: 'add';
  readonly text: string;
  readonly after?: string | null;
  readonly ref?: CollabRef;
}

/** Client to server: replace an item's text. `base`: the item's `rev` the client edited from. */
export interface CollabEditMessage {
  readonly type: 'edit';
  readonly id: string;
  readonly text: string;
  readonly base?: number;
  readonly ref?: CollabRef;
}

export interface CollabDeleteMessage {
  readonly type: 'delete';
  readonly id: string;
  readonly ref?: CollabRef;
}

/** Client to server: where my caret is; `item: null` when it is in no item. `end` defaults to `start`. */
export interface CollabCursorUpdate {
  readonly type: 'cursor';
  readonly item: string | null;
  readonly start?: number;
  readonly end?: number;
}

export type CollabClientMessage = CollabAddMessage | CollabEditMessage | CollabDeleteMessage | CollabCursorUpdate;

/** To a newcomer only: the whole document and who is here, with their cursors. */
export interface CollabWelcomeMessage {
  readonly type: 'welcome';
  readonly doc: string;
  readonly you: string;
  /** The document's revision: how many changes the server has applied to it. */
  readonly rev: number;
  readonly items: readonly CollabItem[];
  /** Everyone here in order of arrival, the newcomer last. */
  readonly members: readonly CollabMember[];
}

/** Fields every applied change carries, to everyone in the document, the author too. */
interface AppliedChange {
  /** The document's revision after this change: one more than the change before it. */
  readonly rev: number;
  readonly by: string;
  /** The author's `ref`, when it gave one. */
  readonly ref?: CollabRef;
}

export interface CollabAddedMessage extends AppliedChange {
  readonly type: 'added';
  readonly item: CollabItem;
  /** Its place in the list after the change, from 0. */
  readonly index: number;
}

export interface CollabEditedMessage extends AppliedChange {
  readonly type: 'edited';
  readonly item: CollabItem;
  /** Set when the author edited from an older `base`: whose later write this one replaced (last write wins). */
  readonly overwrote?: { readonly by: string; readonly rev: number };
}

export interface CollabDeletedMessage extends AppliedChange {
  readonly type: 'deleted';
  readonly id: string;
}

/** To the author only: a well-formed change the document cannot take, and why. Nothing changed. */
export interface CollabRejectedMessage {
  readonly type: 'rejected';
  readonly action: 'add' | 'edit' | 'delete';
  /** The item the change named, if any. */
  readonly id?: string;
  readonly ref?: CollabRef;
  /** The document's revision, unchanged. */
  readonly rev: number;
  readonly message: string;
}

/** To everyone else: where a member's caret now is. */
export interface CollabCursorMessage {
  readonly type: 'cursor';
  readonly name: string;
  readonly cursor: CollabCursor | null;
}

export type CollabServerMessage =
  | CollabWelcomeMessage
  | PresenceMessage
  | CollabAddedMessage
  | CollabEditedMessage
  | CollabDeletedMessage
  | CollabRejectedMessage
  | CollabCursorMessage;

// /game

export const GameMove = {
  up: 'up',
  down: 'down',
  left: 'left',
  right: 'right',
} as const;

export type GameMove = (typeof GameMove)[keyof typeof GameMove];

/** Client to server: move my piece one cell; `seq` counts up from 1 on each connection. */
export interface GameInputMessage {
  readonly type: 'input';
  readonly seq: number;
  readonly move: GameMove;
}

/** One player's piece; (0, 0) is the top-left cell. */
export interface GamePiece {
  readonly name: string;
  readonly x: number;
  readonly y: number;
  /** The last of this player's inputs the server has applied (0 before any): the client reconciles from it. */
  readonly seq: number;
}

/** To a newcomer only: the field, the tick rate and every piece, its own included. */
export interface GameWelcomeMessage {
  readonly type: 'welcome';
  readonly room: string;
  readonly you: string;
  readonly width: number;
  readonly height: number;
  /** Milliseconds between ticks. */
  readonly every: number;
  /** The room's last tick number (0 before the first). */
  readonly tick: number;
  readonly pieces: readonly GamePiece[];
}

/** To everyone in the room, every `every` ms: the state after applying the inputs that arrived since the last. */
export interface GameTickMessage {
  readonly type: 'tick';
  readonly tick: number;
  /** The server's clock when the tick left. */
  readonly sentAt: number;
  /** Every piece, in order of arrival. */
  readonly pieces: readonly GamePiece[];
}

export type GameServerMessage = GameWelcomeMessage | PresenceMessage | GameTickMessage;

export type ServerMessage =
  | ErrorMessage
  | ChatServerMessage
  | TickerServerMessage
  | PongReport
  | NotifyServerMessage
  | CollabServerMessage
  | GameServerMessage;
