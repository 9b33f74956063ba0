import { encodeUtf8 } from '../../protocol/index.ts';
import type { Compressor } from '../../transport/deflate-compressor.ts';
import { frameSize } from './wire-size.ts';

/** The characters a session token is made of, in the order the game tries them. */
export const SECRET_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const SECRET_LENGTH = 6;
/** What stands before the token in the victim's message: the attacker knows it, and guesses what follows. */
export const SECRET_MARK = 'session=';
/** The longest text the attacker may slip into a message: enough for any guess, short of a flood. */
export const MAX_TEXT = 200;

/** How the victim's page sends its secret and the attacker's text. */
export const Defence = {
  /** One compressed message holds both: the attack works. */
  none: 'none',
  /** The secret in a message of its own, each message compressed alone (no context takeover). */
  separate: 'separate',
  /** No compression at all. */
  off: 'off',
} as const;
export type Defence = (typeof Defence)[keyof typeof Defence];

/** The attacker's text as the game takes it: cut to MAX_TEXT characters, whole characters only. */
export function clampText(text: string): string {
  const characters = Array.from(text);
  return characters.length > MAX_TEXT ? characters.slice(0, MAX_TEXT).join('') : text;
}

/** The message the victim's page sends: its user, its session token, and a search the attacker chose. */
export function victimMessage(secret: string, text: string): string {
  return `{"type":"search","user":"ada","cookie":"${SECRET_MARK}${secret}","query":${JSON.stringify(clampText(text))}}`;
}

/** Under the `separate` defence: the secret travels alone … */
export function secretMessage(secret: string): string {
  return `{"type":"auth","cookie":"${SECRET_MARK}${secret}"}`;
}

/** … and the attacker's text in a message with no secret in it. */
export function searchMessage(text: string): string {
  return `{"type":"search","user":"ada","query":${JSON.stringify(clampText(text))}}`;
}

/** A fresh token: SECRET_LENGTH characters of SECRET_ALPHABET, from the platform's strong random source. */
export function randomSecret(): string {
  let secret = '';
  while (secret.length < SECRET_LENGTH) {
    for (const byte of crypto.getRandomValues(new Uint8Array(SECRET_LENGTH * 2))) {
      // Only bytes below the largest multiple of the alphabet's size, so every character is as likely.
      if (byte < 256 - (256 % SECRET_ALPHABET.length) && secret.length < SECRET_LENGTH) {
        secret += SECRET_ALPHABET[byte % SECRET_ALPHABET.length];
      }
    }
  }
  return secret;
}

/** One candidate for the token's next character, and what its message weighed on the wire. */
export interface Guess {
  readonly char: string;
  readonly bytes: number;
}

/**
 * The length-oracle game: the victim's page holds a secret token and sends
 * it in a compressed message together with text the attacker chose (a
 * search, a chat line). The attacker sees only how many bytes each message
 * takes on the wire. Guessing `session=` plus the right next character lets
 * DEFLATE copy one byte more from the token, so that message comes out a
 * byte shorter (CRIME, BREACH). `compressor` must compress each message on
 * its own (no context takeover), as a fresh connection would.
 */
export class LengthOracle {
  readonly secret: string;
  defence: Defence = Defence.none;
  readonly #compressor: Compressor;
  #known = '';

  constructor(compressor: Compressor, secret: string = randomSecret()) {
    this.#compressor = compressor;
    this.secret = secret;
  }

  /** The characters of the token the attacker has settled on so far. */
  get known(): string {
    return this.#known;
  }

  /** Every character picked: right or wrong, the round is over. */
  get complete(): boolean {
    return this.#known.length >= SECRET_LENGTH;
  }

  get solved(): boolean {
    return this.#known === this.secret;
  }

  /** What the eavesdropper sees when the victim's page sends `text`: the bytes of its frames on the wire (client frames, masked). */
  measure(text: string): number {
    switch (this.defence) {
      case Defence.off:
        return frameSize(encodeUtf8(victimMessage(this.secret, text)).length, true);
      case Defence.separate:
        return this.#compressed(secretMessage(this.secret)) + this.#compressed(searchMessage(text));
      default:
        return this.#compressed(victimMessage(this.secret, text));
    }
  }

  /** The text that tries `char` as the token's next character. */
  guessText(char: string): string {
    return `${SECRET_MARK}${this.#known}${char}`;
  }

  /** Every candidate for the next character, measured; none once complete. */
  round(): Guess[] {
    if (this.complete) return [];
    return Array.from(SECRET_ALPHABET, (char) => ({ char, bytes: this.measure(this.guessText(char)) }));
  }

  /** Settles on the next character; ignored once complete or for a character tokens never hold. */
  keep(char: string): void {
    if (this.complete || char.length !== 1 || !SECRET_ALPHABET.includes(char)) return;
    this.#known += char;
  }

  undo(): void {
    this.#known = this.#known.slice(0, -1);
  }

  #compressed(message: string): number {
    return frameSize(this.#compressor.compress(encodeUtf8(message)).length, true);
  }
}

/** The candidates that weighed least; more than one means this round tells nothing for sure. */
export function lightest(guesses: readonly Guess[]): string[] {
  const least = Math.min(...guesses.map((guess) => guess.bytes));
  return guesses.filter((guess) => guess.bytes === least).map((guess) => guess.char);
}
