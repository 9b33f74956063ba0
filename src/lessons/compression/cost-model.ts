import { encodeUtf8 } from '../../protocol/index.ts';

/** A kind of message the cost table weighs. */
export interface MessageShape {
  readonly id: string;
  readonly label: string;
  /** Makes one message of this shape; random shapes differ each time. */
  readonly make: () => string | Uint8Array;
}

function randomBytes(count: number): Uint8Array {
  const bytes = new Uint8Array(count);
  // getRandomValues fills at most 65,536 bytes per call.
  for (let offset = 0; offset < count; offset += 65_536) {
    crypto.getRandomValues(bytes.subarray(offset, Math.min(count, offset + 65_536)));
  }
  return bytes;
}

/** A page of price ticks: the same keys over and over, as most JSON feeds are. */
function ticks(count: number): string {
  const rows = Array.from({ length: count }, (_, index) => ({
    symbol: ['ACME', 'GLOBEX', 'INITECH', 'UMBRELLA'][index % 4],
    price: Math.round((100 + Math.sin(index) * 5) * 100) / 100,
    currency: 'EUR',
    time: 1_764_633_600_000 + index * 250,
  }));
  return JSON.stringify(rows);
}

export const SHAPES: readonly MessageShape[] = [
  { id: 'tiny', label: 'Tiny text: "ok"', make: () => 'ok' },
  { id: 'small-json', label: 'Small JSON: one price tick', make: () => ticks(1) },
  { id: 'large-json', label: 'Large JSON: 100 price ticks', make: () => ticks(100) },
  { id: 'small-random', label: 'Small random: 32 bytes', make: () => randomBytes(32) },
  { id: 'large-random', label: 'Large random: 8 KiB', make: () => randomBytes(8192) },
];

export function payloadOf(message: string | Uint8Array): Uint8Array {
  return typeof message === 'string' ? encodeUtf8(message) : message;
}

/** A batch of calls timed together: long enough that a timer coarsened to 0.1 ms (pages that are not cross-origin isolated) still reads it within 5 %. */
const BATCH_MS = 5;
/** Untimed calls before the timing starts. */
const WARM_UP = 8;
/** Calls per batch at most, for a `run` that does next to nothing. */
const MAX_BATCH = 1 << 16;

/**
 * The time one call of `run` takes, in microseconds: calls are timed in
 * batches of at least BATCH_MS, for `budgetMs` and at least 5 batches, and
 * the fastest batch counts: a slower one met a garbage collection or another
 * task, which says nothing about `run`.
 */
export function fastestMicros(run: () => void, budgetMs = 50, now: () => number = () => performance.now()): number {
  const timeBatch = (size: number): number => {
    const before = now();
    for (let i = 0; i < size; i++) run();
    return now() - before;
  };
  // A few calls first: the first ones pay for compiling and for lazy setup, not for the work itself.
  timeBatch(WARM_UP);
  let size = 1;
  while (size < MAX_BATCH && Math.min(timeBatch(size), timeBatch(size)) < BATCH_MS) size *= 2;
  const started = now();
  const times: number[] = [];
  while (times.length < 5 || (now() - started < budgetMs && times.length < 100)) {
    times.push((timeBatch(size) / size) * 1000);
  }
  return Math.min(...times);
}

/**
 * How a compressed frame compares with the same message uncompressed: "−34 %",
 * "+25 %", or in bytes when the change is under one percent ("+5 bytes").
 */
export function changeText(before: number, after: number): string {
  const difference = after - before;
  if (difference === 0) return '±0';
  const sign = difference > 0 ? '+' : '−';
  const percent = Math.round((Math.abs(difference) / before) * 100);
  if (percent >= 1) return `${sign}${percent} %`;
  return `${sign}${Math.abs(difference)} byte${Math.abs(difference) === 1 ? '' : 's'}`;
}
