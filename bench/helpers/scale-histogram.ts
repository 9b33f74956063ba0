/**
 * Delivery delays in a fixed histogram (0.1 ms buckets up to 10 s, one more
 * for the rest): a full run delivers millions of lines, too many to keep one
 * by one. The client processes send theirs as sparse pairs; the bench adds
 * them up and reads percentiles.
 */
const BUCKET_MS = 0.1;
const BUCKETS = 100_000;

/** Non-empty buckets as [bucket, count] pairs. */
export type SparseHistogram = readonly (readonly [number, number])[];

export class DelayHistogram {
  readonly #counts = new Uint32Array(BUCKETS + 1);

  add(ms: number): void {
    this.#counts[Math.min(BUCKETS, Math.max(0, Math.floor(ms / BUCKET_MS)))]!++;
  }

  addSparse(pairs: SparseHistogram): void {
    for (const [bucket, count] of pairs) this.#counts[bucket]! += count;
  }

  sparse(): SparseHistogram {
    const pairs: [number, number][] = [];
    this.#counts.forEach((count, bucket) => {
      if (count > 0) pairs.push([bucket, count]);
    });
    return pairs;
  }

  get count(): number {
    return this.#counts.reduce((sum, count) => sum + count, 0);
  }

  /** The delay (ms, the bucket's upper edge) under which `p` percent of them fell; NaN when empty. */
  percentile(p: number): number {
    const total = this.count;
    if (total === 0) return NaN;
    const rank = Math.ceil((p / 100) * total);
    let seen = 0;
    for (let bucket = 0; bucket <= BUCKETS; bucket++) {
      seen += this.#counts[bucket]!;
      if (seen >= rank) return (bucket + 1) * BUCKET_MS;
    }
    return NaN;
  }

  reset(): void {
    this.#counts.fill(0);
  }
}
