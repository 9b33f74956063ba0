/** What a client's application got of a numbered stream: each seq as handed on, in order. */
export class DeliveryTally {
  readonly #received: number[] = [];

  /** Every seq handed to the application, in the order it came, repeats included. */
  get received(): readonly number[] {
    return this.#received;
  }

  add(seq: number): void {
    this.#received.push(seq);
  }

  /** How many items arrived more than once (each repeat counts). */
  get duplicated(): number {
    return this.#received.length - new Set(this.#received).size;
  }

  /** The seqs from 1 to `last` that never arrived, as runs: `[[11, 20]]`. */
  lostRuns(last: number): [number, number][] {
    const seen = new Set(this.#received);
    const runs: [number, number][] = [];
    for (let seq = 1; seq <= last; seq++) {
      if (seen.has(seq)) continue;
      const run = runs.at(-1);
      if (run && run[1] === seq - 1) run[1] = seq;
      else runs.push([seq, seq]);
    }
    return runs;
  }

  /** How many of the seqs from 1 to `last` never arrived. */
  lost(last: number): number {
    return this.lostRuns(last).reduce((sum, [first, end]) => sum + end - first + 1, 0);
  }
}

/** Runs of seqs in words: "11–20, 25". */
export function describeRuns(runs: readonly (readonly [number, number])[]): string {
  return runs.map(([first, last]) => (first === last ? `${first}` : `${first}–${last}`)).join(', ');
}
