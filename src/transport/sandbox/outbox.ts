import {
  SANDBOX_LIMITS,
  type OutputLine,
  type ReaderError,
  type RunNews,
  type RunState,
  type TraceOp,
  type WorkerMessage,
} from './sandbox-messages.ts';

/**
 * The worker's own clock and timers, taken when the runtime loads, before
 * the reader's code runs: that code may replace the globals
 * (`performance.now = …`, `self.setTimeout = …`) in its worker as on a page,
 * and the news must still reach the page. The worker's other built-ins
 * are shared with the reader's code: replacing an Array or String method
 * can break the playground's own work there (a log line, an error report).
 */
const clock = performance.now.bind(performance);
const later = setTimeout.bind(globalThis);
const cancel = clearTimeout.bind(globalThis);
const { floor, round } = Math;

/** How long news waits in the worker before it goes to the page: one message per beat at most. */
export const NEWS_BEAT_MS = 50;

/** News that goes out at once however young, so code that never yields (a loop that logs) still shows it. */
const NEWS_BATCH = 500;

/**
 * Pieces of news per beat that go out at once: a line logged just before a
 * loop that never yields would otherwise wait for a timer that never fires.
 */
const EAGER_NEWS = 16;

/**
 * The worker's side of the news: everything the page will show, the first
 * few pieces of each beat at once and the rest batched per beat, with the
 * output and error limits applied here, so a flood never leaves the worker.
 */
export class Outbox {
  readonly #post: (message: WorkerMessage) => void;
  #news: RunNews[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lines = 0;
  #errors = 0;
  #beat = -1;
  #eager = 0;

  constructor(post: (message: WorkerMessage) => void) {
    this.#post = post;
  }

  /** A line of the reader's, past the limit dropped; the playground's own lines are few and always go. */
  line(source: OutputLine['source'], level: OutputLine['level'], text: string): void {
    if (source !== 'playground' && ++this.#lines > SANDBOX_LIMITS.outputLines) {
      if (this.#lines === SANDBOX_LIMITS.outputLines + 1) {
        this.line(
          'playground',
          'warn',
          `Output limit reached: ${SANDBOX_LIMITS.outputLines} lines. Later lines are not shown; the code goes on running.`,
        );
      }
      return;
    }
    const limit = SANDBOX_LIMITS.lineLength;
    const shown = text.length > limit ? `${text.slice(0, limit)}… (${text.length - limit} more characters)` : text;
    // The playground's own lines are rare and say something has changed: they go at once.
    this.#add({ kind: 'line', line: { at: round(clock()), source, level, text: shown } }, source === 'playground');
  }

  error(error: ReaderError): void {
    if (++this.#errors > SANDBOX_LIMITS.errors) {
      if (this.#errors === SANDBOX_LIMITS.errors + 1) {
        this.line(
          'playground',
          'warn',
          `Error limit reached: ${SANDBOX_LIMITS.errors} errors. Later ones are not shown.`,
        );
      }
      return;
    }
    this.#add({ kind: 'error', error }, true);
  }

  connection(id: number, url: string, traced: boolean): void {
    this.#add({ kind: 'connection', id, url, traced });
  }

  trace(id: number, op: TraceOp): void {
    this.#add({ kind: 'trace', id, op });
  }

  closed(id: number): void {
    this.#add({ kind: 'closed', id });
  }

  /** A new state goes at once: the page must know even if the code never yields again. */
  state(state: RunState): void {
    this.#add({ kind: 'state', state }, true);
  }

  flush(): void {
    cancel(this.#timer);
    this.#timer = undefined;
    if (this.#news.length === 0) return;
    const news = this.#news;
    this.#news = [];
    this.#post({ type: 'news', news });
  }

  #add(news: RunNews, now = false): void {
    // Not push(): Array.prototype is the reader's to replace too, and this is the path of every piece of news.
    this.#news[this.#news.length] = news;
    const beat = floor(clock() / NEWS_BEAT_MS);
    if (beat !== this.#beat) {
      this.#beat = beat;
      this.#eager = 0;
    }
    if (now || this.#eager++ < EAGER_NEWS || this.#news.length >= NEWS_BATCH) this.flush();
    else this.#timer ??= later(() => this.flush(), NEWS_BEAT_MS);
  }
}
