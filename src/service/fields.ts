/**
 * Checking the fields of a parsed client message. Each reader returns the
 * value or the sentence of the error message, naming the field, its limits
 * and what it got: `"text" must be a string of 1 to 1000 characters; got 1001 characters`.
 */
import { shownJson, type Incoming } from './json-peer.ts';
import { characterCount, describeInteger, fitsInteger, type IntegerRule, type Read } from './query.ts';

export interface TextFieldRule {
  readonly minLength?: number;
  readonly maxLength: number;
  /** Whether newlines and tabs may appear (chat lines); other control characters never may. */
  readonly lines?: boolean;
}

/** A C0 control or DEL, but for newline and tab when `lines` allows them. */
function hasControlCharacter(text: string, lines: boolean): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (lines && (c === 0x0a || c === 0x09)) continue;
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/**
 * A half of a surrogate pair with no other half. JSON.parse lets `"\ud800"`
 * through, but it is no character: UTF-8 cannot carry it (§5.6), so it would
 * reach the others as U+FFFD.
 */
function hasLoneSurrogate(text: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

/** A string field within the rule: the length, then control characters, lone surrogates and text that is only spaces. */
export function readTextField(message: Incoming, field: string, rule: TextFieldRule): Read<string> {
  const value = message[field];
  const min = rule.minLength ?? 1;
  const length = typeof value === 'string' ? characterCount(value) : 0;
  if (typeof value !== 'string' || length < min || length > rule.maxLength) {
    const got = typeof value === 'string' ? `${length} characters` : shownJson(value);
    return { ok: false, reason: `"${field}" must be a string of ${min} to ${rule.maxLength} characters; got ${got}` };
  }
  if (hasControlCharacter(value, rule.lines ?? false)) {
    const allowed = rule.lines ? 'other than a newline or a tab' : 'such as a newline or a tab';
    return { ok: false, reason: `"${field}" must not contain control characters ${allowed}` };
  }
  if (hasLoneSurrogate(value)) {
    return { ok: false, reason: `"${field}" must be well-formed Unicode: it holds half of a surrogate pair` };
  }
  if (min > 0 && value.trim() === '') return { ok: false, reason: `"${field}" must not be only spaces` };
  return { ok: true, value };
}

/** A whole number field within the rule; absent takes the rule's fallback when it has one. */
export function readIntegerField(message: Incoming, field: string, rule: IntegerRule): Read<number> {
  const value = message[field];
  if (value === undefined && rule.fallback !== undefined) return { ok: true, value: rule.fallback };
  if (!fitsInteger(value, rule)) {
    return { ok: false, reason: `"${field}" must be ${describeInteger(rule)}; got ${shownJson(value)}` };
  }
  return { ok: true, value };
}

/** One of a fixed list of strings; absent takes `fallback` when there is one. */
export function readChoiceField<C extends string>(
  message: Incoming,
  field: string,
  choices: readonly C[],
  fallback?: C,
): Read<C> {
  const value = message[field];
  if (value === undefined && fallback !== undefined) return { ok: true, value: fallback };
  const choice = choices.find((candidate) => candidate === value);
  if (choice === undefined) {
    return { ok: false, reason: `"${field}" must be one of ${choices.join(', ')}; got ${shownJson(value)}` };
  }
  return { ok: true, value: choice };
}

/** A string naming something (an item id, a member), at most `maxLength` characters. */
export function readKeyField(message: Incoming, field: string, maxLength: number): Read<string> {
  const value = message[field];
  if (typeof value !== 'string' || value === '' || characterCount(value) > maxLength) {
    return {
      ok: false,
      reason: `"${field}" must be a string of 1 to ${maxLength} characters; got ${shownJson(value)}`,
    };
  }
  return { ok: true, value };
}
