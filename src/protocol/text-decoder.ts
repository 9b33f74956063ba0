/**
 * The one piece of the Encoding Standard the UTF-8 code uses, typed here so
 * the pure core need not pull in the DOM lib. `globalThis.TextDecoder` exists
 * in browsers and in Node 20; it builds strings in native code, many times
 * faster than `utf8.ts` can in JS.
 */

/** The part of `TextDecoder` used by `decodeUtf8`. */
export interface Utf8TextDecoder {
  /** The text; throws a `TypeError` if `input` is not UTF-8 (with `fatal: true`). */
  decode(input: Uint8Array): string;
}

interface TextDecoderOptions {
  /** Throw on invalid input instead of putting U+FFFD in its place. */
  readonly fatal: boolean;
  /** Keep a leading U+FEFF (false strips it as a byte order mark). */
  readonly ignoreBOM: boolean;
}

type TextDecoderConstructor = new (label: 'utf-8', options: TextDecoderOptions) => Utf8TextDecoder;

/** The decoder once made; undefined until first asked for, null if there is none. */
let decoder: Utf8TextDecoder | null | undefined;

/**
 * Returns the runtime's strict UTF-8 decoder, or null if this runtime has no
 * `TextDecoder`. `fatal` refuses what RFC 3629 refuses (overlong forms,
 * surrogates, past U+10FFFF, cut sequences) where a lenient decoder would
 * write U+FFFD. `ignoreBOM` keeps a leading U+FEFF, which TextDecoder would
 * otherwise strip as a byte order mark: a text message's payload is just UTF-8
 * (§5.6), so U+FEFF there is content (ws's `data.toString()` keeps it too).
 */
export function nativeUtf8Decoder(): Utf8TextDecoder | null {
  if (decoder === undefined) {
    const { TextDecoder } = globalThis as typeof globalThis & { TextDecoder?: TextDecoderConstructor };
    try {
      decoder = TextDecoder ? new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }) : null;
    } catch {
      decoder = null; // Node built without ICU refuses `fatal`
    }
  }
  return decoder;
}
