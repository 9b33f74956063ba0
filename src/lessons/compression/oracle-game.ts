import type { ReactiveControllerHost } from 'lit';
import { loadCompressor } from '../../transport/deflate-compressor.ts';
import { Defence, LengthOracle, lightest, type Guess } from './length-oracle.ts';

/** One message the reader tried by hand, and what an eavesdropper saw of it. */
export interface Attempt {
  readonly text: string;
  readonly bytes: number;
}

/** Attempts listed at most. */
const ATTEMPTS_KEPT = 8;

/**
 * The length-oracle game as the view drives it: it loads the compressor
 * (pako, on first use), deals a fresh secret, and answers guesses. Each
 * message is compressed on its own, as the simulated wire's browser does
 * with no context takeover.
 */
export class OracleGame {
  oracle: LengthOracle | undefined;
  loading = false;
  problem: string | undefined;
  attempts: readonly Attempt[] = [];
  /** Whether the reader asked to see the secret. */
  revealed = false;
  #round: readonly Guess[] | undefined;
  readonly #host: Pick<ReactiveControllerHost, 'requestUpdate'>;

  constructor(host: Pick<ReactiveControllerHost, 'requestUpdate'>) {
    this.#host = host;
  }

  /** Every candidate for the next character, measured once per state of the game. */
  get round(): readonly Guess[] {
    if (!this.oracle || this.oracle.complete) return [];
    this.#round ??= this.oracle.round();
    return this.#round;
  }

  /** The candidates that weighed least this round. */
  get shortest(): readonly string[] {
    return this.round.length === 0 ? [] : lightest(this.round);
  }

  async start(): Promise<void> {
    if (this.loading) return;
    this.loading = true;
    this.problem = undefined;
    this.#changed();
    try {
      const compressor = await loadCompressor({ windowBits: 15, noContextTakeover: true });
      const defence = this.oracle?.defence ?? Defence.none;
      this.oracle = new LengthOracle(compressor);
      this.oracle.defence = defence;
      this.attempts = [];
      this.revealed = false;
    } catch (error) {
      this.problem = `The compressor did not load: ${(error as Error).message}`;
    }
    this.loading = false;
    this.#changed();
  }

  send(text: string): void {
    if (!this.oracle) return;
    this.attempts = [{ text, bytes: this.oracle.measure(text) }, ...this.attempts].slice(0, ATTEMPTS_KEPT);
    this.#host.requestUpdate();
  }

  keep(char: string): void {
    this.oracle?.keep(char);
    this.#changed();
  }

  undo(): void {
    this.oracle?.undo();
    this.#changed();
  }

  setDefence(defence: Defence): void {
    if (!this.oracle) return;
    this.oracle.defence = defence;
    this.attempts = [];
    this.#changed();
  }

  reveal(): void {
    this.revealed = true;
    this.#host.requestUpdate();
  }

  #changed(): void {
    this.#round = undefined;
    this.#host.requestUpdate();
  }
}
