import { formatValues } from './format-value.ts';
import { SANDBOX_LIMITS, type ReaderError } from './sandbox-messages.ts';

/**
 * Where an error happened in the reader's code. Each editor's code runs as
 * a script of its own (reader-scripts.ts), named in stacks by its
 * `//# sourceURL=` and in a syntax error's event by its blob URL; its first
 * line sits below the wrapper's.
 */

export type ReaderSource = ReaderError['source'];

export interface ReaderScript {
  readonly source: ReaderSource;
  /** The names that stand for the script: its sourceURL (stacks) and its blob URL (a syntax error's event). */
  readonly names: readonly string[];
  /** The wrapper's lines above the reader's first line. */
  readonly offset: number;
  /** The reader's lines: a place past the last one (the wrapper's end) is shown on the last. */
  readonly lines: number;
}

interface Place {
  readonly source: ReaderSource;
  readonly line: number;
  readonly column: number;
}

function place(script: ReaderScript, line: number, column: number): Place {
  return { source: script.source, line: Math.min(Math.max(line - script.offset, 1), script.lines), column };
}

/** The place a file name and position stand for, if the file is one of the reader's scripts. */
function placeInFile(scripts: readonly ReaderScript[], file: string, line: number, column: number): Place | undefined {
  const script = scripts.find((candidate) => candidate.names.includes(file));
  return script && place(script, line, column);
}

/** The innermost frame of a V8 stack that lies in the reader's code: `at f (client.js:3:9)`. */
function placeInStack(scripts: readonly ReaderScript[], stack: string): Place | undefined {
  for (const frame of stack.split('\n')) {
    const match = /[\s(]([^\s()]+):(\d+):(\d+)\)?\s*$/.exec(frame);
    const found = match && placeInFile(scripts, match[1]!, Number(match[2]), Number(match[3]));
    if (found) return found;
  }
  return undefined;
}

/** `read()`, or `otherwise` when reading throws: a getter, a proxy's trap or a toString of the reader's. */
function attempt<T>(read: () => T, otherwise: T): T {
  try {
    return read();
  } catch {
    return otherwise;
  }
}

/** A text of the reader's, cut to an output line's length: an error's message can be as long as they like. */
function cut(text: string): string {
  const limit = SANDBOX_LIMITS.lineLength;
  return text.length > limit ? `${text.slice(0, limit)}… (${text.length - limit} more characters)` : text;
}

/** What was thrown, in words; never throws, whatever the value does when read. */
function describe(thrown: unknown): { name: string; message: string; stack: string } {
  if (attempt(() => thrown instanceof Error || thrown instanceof DOMException, false)) {
    const error = thrown as Error;
    return {
      name: cut(attempt(() => String(error.name), 'Error')),
      message: cut(attempt(() => String(error.message), '(its message could not be read)')),
      stack: attempt(() => String(error.stack ?? ''), ''),
    };
  }
  // As a console shows it: a string as it is, an object by its keys.
  return {
    name: 'Uncaught value',
    message: cut(attempt(() => formatValues([thrown]), '(a value that cannot be read)')),
    stack: '',
  };
}

/**
 * The reader's error for what was thrown: its place from the stack, else
 * from the error event's position (a syntax error has no stack in the
 * reader's code), else none, in the `fallback` editor.
 */
export function readerError(
  scripts: readonly ReaderScript[],
  thrown: unknown,
  fallback: ReaderSource,
  event?: { readonly file: string; readonly line: number; readonly column: number },
): ReaderError {
  const { name, message, stack } = describe(thrown);
  const found = (event && placeInFile(scripts, event.file, event.line, event.column)) ?? placeInStack(scripts, stack);
  return found
    ? { source: found.source, name, message, line: found.line, column: found.column }
    : { source: fallback, name, message };
}
