/**
 * What the ticker's topics say: made-up prices and scores from a
 * pseudo-random walk seeded by the topic's name, so every connection to a
 * topic sees the same series and a test can predict it.
 */
import { TickerTopic, type MatchScore, type PriceQuote, type TickMessage } from './json-messages.ts';

export const TICKER_TOPICS: readonly TickerTopic[] = Object.values(TickerTopic);

/** The next tick of one connection's feed. */
export type Feed = (seq: number, sentAt: number) => TickMessage;

/** mulberry32 seeded with the FNV-1a hash of `seedText`: small, fast and the same everywhere. */
function seededRandom(seedText: string): () => number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < seedText.length; i++) hash = Math.imul(hash ^ seedText.charCodeAt(i), 0x01000193);
  let state = hash >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pricesFeed(): Feed {
  const random = seededRandom(TickerTopic.prices);
  // Whole cents, so a long walk gathers no floating-point dust.
  const cents = new Map([
    ['WSKT', 12000],
    ['PING', 4550],
    ['FRAM', 31025],
    ['MASK', 8810],
  ]);
  const symbols = [...cents.keys()];
  return (seq, sentAt) => {
    const symbol = symbols[Math.floor(random() * symbols.length)];
    const before = cents.get(symbol)!;
    // Up or down by at most 1%, never below one unit.
    const after = Math.max(100, before + Math.round((random() * 2 - 1) * before * 0.01));
    cents.set(symbol, after);
    const data: PriceQuote = { symbol, price: after / 100, change: (after - before) / 100 };
    return { type: 'tick', topic: TickerTopic.prices, seq, sentAt, data };
  };
}

function scoresFeed(): Feed {
  const random = seededRandom(TickerTopic.scores);
  const matches: MatchScore[] = ['Lions v Tigers', 'Hawks v Wolves', 'Bears v Sharks'].map((match) => ({
    match,
    home: 0,
    away: 0,
    minute: 0,
  }));
  return (seq, sentAt) => {
    const index = Math.floor(random() * matches.length);
    const before = matches[index];
    const roll = random();
    const step = 1 + Math.floor(random() * 3);
    // After full time the next update is a new match, kicking off at 0-0.
    const data: MatchScore =
      before.minute >= 90
        ? { match: before.match, home: 0, away: 0, minute: 0 }
        : {
            match: before.match,
            home: before.home + (roll < 0.1 ? 1 : 0),
            away: before.away + (roll >= 0.1 && roll < 0.2 ? 1 : 0),
            minute: Math.min(90, before.minute + step),
          };
    matches[index] = data;
    return { type: 'tick', topic: TickerTopic.scores, seq, sentAt, data };
  };
}

/** A fresh feed for one connection, starting from the topic's first value. */
export function createFeed(topic: TickerTopic): Feed {
  return topic === TickerTopic.prices ? pricesFeed() : scoresFeed();
}
