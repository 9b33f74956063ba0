/**
 * Reading an endpoint's query parameters at admission. Each reader returns
 * the value or a sentence for the 400 refusal that names the parameter, its
 * limits and what it got. An empty value (`?after=`, as an empty form field
 * sends) counts as absent; parameters an endpoint does not know are ignored,
 * so a wire may add its own (live mode adds `trace=`).
 */

export type Read<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export type Query = ReadonlyMap<string, string>;

/** How a value is shown in a reason: numbers as they are, anything else quoted, and never at length. */
export function shown(raw: string): string {
  if (/^-?\d{1,20}$/.test(raw)) return raw;
  const short = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
  return JSON.stringify(short);
}

function present(query: Query, name: string): string | undefined {
  const raw = query.get(name);
  return raw === undefined || raw === '' ? undefined : raw;
}

export interface IntegerRule {
  readonly min: number;
  readonly max: number;
  /** What the number counts, for the reason: "milliseconds". */
  readonly of?: string;
  /** The value when the parameter is absent; without one it is required. */
  readonly fallback?: number;
}

/** What an integer rule asks for, in words: "a whole number of milliseconds from 50 to 60000". */
export function describeInteger(rule: IntegerRule): string {
  return `a whole number${rule.of ? ` of ${rule.of}` : ''} from ${rule.min} to ${rule.max}`;
}

/** Whether `value` is a whole number within the rule's limits. */
export function fitsInteger(value: unknown, rule: IntegerRule): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= rule.min && value <= rule.max;
}

/** A whole number in decimal digits, within the rule's limits. */
export function readInteger(query: Query, name: string, rule: IntegerRule): Read<number> {
  const raw = present(query, name);
  if (raw === undefined) {
    if (rule.fallback !== undefined) return { ok: true, value: rule.fallback };
    return { ok: false, reason: `${name} is required: ${describeInteger(rule)}` };
  }
  // Digits only: Number() would also take "1e3", "0x10", " 5" and "".
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!fitsInteger(value, rule)) {
    return { ok: false, reason: `${name} must be ${describeInteger(rule)}; got ${shown(raw)}` };
  }
  return { ok: true, value };
}

export interface TextRule {
  readonly maxLength: number;
}

/** Characters as a reader counts them: code points, so an emoji is one. */
export function characterCount(text: string): number {
  return [...text].length;
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/**
 * A required name-like text: trimmed, 1 to `maxLength` characters, no
 * control characters (a newline in a name would forge a line in a log).
 */
export function readName(query: Query, name: string, rule: TextRule): Read<string> {
  const raw = present(query, name);
  const limits = `1 to ${rule.maxLength} characters`;
  if (raw === undefined) return { ok: false, reason: `${name} is required: ${limits}` };
  const value = raw.trim();
  const length = characterCount(value);
  if (length < 1 || length > rule.maxLength) {
    return { ok: false, reason: `${name} must be ${limits}, not counting spaces at either end; got ${length}` };
  }
  if (hasControlCharacter(value)) {
    return { ok: false, reason: `${name} must not contain control characters such as a newline or a tab` };
  }
  return { ok: true, value };
}

/** One of a fixed list of words. */
export function readChoice<C extends string>(query: Query, name: string, choices: readonly C[]): Read<C> {
  const raw = present(query, name);
  const list = choices.join(', ');
  if (raw === undefined) return { ok: false, reason: `${name} is required: one of ${list}` };
  const choice = choices.find((candidate) => candidate === raw);
  if (choice === undefined) return { ok: false, reason: `${name} must be one of ${list}; got ${shown(raw)}` };
  return { ok: true, value: choice };
}

/** An optional free text, returned as given (or undefined when absent). */
export function readOptional(query: Query, name: string): string | undefined {
  return present(query, name);
}
