import type { ReaderScript, ReaderSource } from './reader-errors.ts';
import { READER_SCRIPT_NAMES, READER_SCRIPT_OFFSET } from './sandbox-messages.ts';

/**
 * The reader's code as classic scripts of the worker. Each editor's code
 * goes in a blob, wrapped in an async function (top-level `await` works)
 * whose parameters are the reader's globals, and is loaded with
 * importScripts: in Chromium only importScripts reports a syntax error with
 * its line and column (on the worker's `error` event; a module import,
 * eval and new Function give no position). Loading only defines the
 * function, so both editors are checked before either runs.
 */

declare function importScripts(...urls: string[]): void; // a classic worker's; this module's lib is the DOM's

/** What the reader's code sees as globals; `log`, `console` and `serve` differ by editor. */
export interface ReaderGlobals {
  readonly WebSocket: typeof WebSocket;
  readonly SERVER: string;
  readonly log: (...values: unknown[]) => void;
  readonly console: Console;
  readonly serve: (handler: unknown) => void;
}

type Run = (globals: ReaderGlobals) => Promise<unknown>;

/** The global a loading script hands its function to; removed once both are loaded. */
const DEFINE = '__wspSandboxDefine';

/** The wrapper's first line (READER_SCRIPT_OFFSET); the reader's code starts on the next one. */
function opening(source: ReaderSource): string {
  return `self.${DEFINE}(${JSON.stringify(source)}, ({ WebSocket, SERVER, log, console, serve }) => (async () => {\n`;
}

export interface LoadedScripts {
  /** Where errors happen, for reader-errors.ts. */
  readonly scripts: readonly ReaderScript[];
  /**
   * Runs `done` in a task after both scripts loaded: with the runner, or
   * undefined when one did not (its syntax error went to the error event).
   */
  whenLoaded(
    done: (run: ((source: ReaderSource, globals: ReaderGlobals) => Promise<unknown>) | undefined) => void,
  ): void;
}

/** Loads the server's code, then the client's, each in a task of its own so a syntax error in one still checks the other. */
export function loadScripts(code: Readonly<Record<ReaderSource, string>>): LoadedScripts {
  const sources: readonly ReaderSource[] = ['server', 'client'];
  const defined = new Map<ReaderSource, Run>();
  const global = self as unknown as Record<string, unknown>;
  global[DEFINE] = (source: ReaderSource, run: Run) => defined.set(source, run);
  const scripts = sources.map((source): ReaderScript & { readonly url: string } => {
    const name = READER_SCRIPT_NAMES[source];
    const text = `${opening(source)}${code[source]}\n})());\n//# sourceURL=${name}\n`;
    const url = URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));
    return { source, names: [name, url], offset: READER_SCRIPT_OFFSET, lines: code[source].split('\n').length, url };
  });
  // Uncaught on purpose: a syntax error then reaches the error event with its position.
  for (const { url } of scripts) setTimeout(() => importScripts(url));
  return {
    scripts,
    whenLoaded(done) {
      setTimeout(() => {
        delete global[DEFINE];
        for (const { url } of scripts) URL.revokeObjectURL(url);
        if (defined.size < sources.length) return done(undefined);
        done((source, globals) => defined.get(source)!(globals));
      });
    },
  };
}
