import type { MatchScore, PriceQuote, TickerServerMessage, TickerTopic } from '../../service/json-messages.ts';
import type { UseCaseMessage } from './connection.ts';

/** The latest quote per symbol, or the latest score per match: one table row each. */
export type TickerRow = { readonly key: string; readonly seq: number } & (
  { readonly topic: 'prices'; readonly data: PriceQuote } | { readonly topic: 'scores'; readonly data: MatchScore }
);

/** What the ticker demo shows, built from the server's pushes. */
export interface TickerBoard {
  /** Pushes received on this connection. */
  readonly received: number;
  /** The last tick's `seq` (the server counts the ticks it sent). */
  readonly lastSeq: number;
  /** Ticks whose `seq` skipped ahead: none should ever go missing on one TCP connection. */
  readonly missing: number;
  /** The server's last word on its state; it ticks from the start, so false until a pause. */
  readonly paused: boolean;
  readonly every: number;
  readonly rows: readonly TickerRow[];
  /** The delays of the latest ticks, from `sentAt` (server clock) to painted (page clock), newest last. */
  readonly delays: readonly number[];
}

/** Delays kept for the median: enough to smooth it, few enough that it follows a change. */
const DELAYS_KEPT = 20;

export function emptyTickerBoard(every: number): TickerBoard {
  return { received: 0, lastSeq: 0, missing: 0, paused: false, every, rows: [], delays: [] };
}

/** The next board after one server message (docs/endpoints.md, `/ticker`). */
export function applyTickerMessage(board: TickerBoard, incoming: UseCaseMessage): TickerBoard {
  const message = incoming as unknown as TickerServerMessage;
  if (message.type === 'state') return { ...board, paused: message.paused, every: message.every };
  if (message.type !== 'tick') return board;
  const row: TickerRow =
    message.topic === 'prices'
      ? { key: message.data.symbol, seq: message.seq, topic: 'prices', data: message.data }
      : { key: message.data.match, seq: message.seq, topic: 'scores', data: message.data };
  const index = board.rows.findIndex((old) => old.key === row.key);
  const rows = index === -1 ? [...board.rows, row] : board.rows.map((old, at) => (at === index ? row : old));
  return {
    ...board,
    received: board.received + 1,
    lastSeq: message.seq,
    missing: board.missing + Math.max(0, message.seq - board.lastSeq - 1),
    rows,
  };
}

export function recordDelay(board: TickerBoard, delay: number): TickerBoard {
  return { ...board, delays: [...board.delays, delay].slice(-DELAYS_KEPT) };
}

export interface DelayStats {
  readonly last: number;
  readonly median: number;
  readonly lowest: number;
  /** How far the last is above the lowest: the part of the delay that varies, whatever the clocks' offset. */
  readonly aboveLowest: number;
}

export function delayStats(delays: readonly number[]): DelayStats | undefined {
  const last = delays.at(-1);
  if (last === undefined) return undefined;
  const sorted = [...delays].sort((a, b) => a - b);
  const lowest = sorted[0]!;
  return { last, median: sorted[Math.floor(sorted.length / 2)]!, lowest, aboveLowest: last - lowest };
}

/** A signed change in currency units, as a reader writes it: +0.42, −1.10. */
export function signedChange(change: number): string {
  return `${change > 0 ? '+' : change < 0 ? '−' : '±'}${Math.abs(change).toFixed(2)}`;
}

export const TOPIC_NAMES: Readonly<Record<TickerTopic, string>> = { scores: 'Live scores', prices: 'Prices' };
