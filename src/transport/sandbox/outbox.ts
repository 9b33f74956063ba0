import {
  SANDBOX_LIMITS,
  type OutputLine,
  type ReaderError,
  type RunNews,
  type RunState,
  type TraceOp,
  type WorkerMessage,
} from './sandbox-messages.ts';

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
    this.#add(
      { kind: 'line', line: { at: Math.round(performance.now()), source, level, text: shown } },
      source === 'playground',
    );
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
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#news.length === 0) return;
    const news = this.#news;
    this.#news = [];
    this.#post({ type: 'news', news });
  }

  #add(news: RunNews, now = false): void {
    this.#news.push(news);
    const beat = Math.floor(performance.now() / NEWS_BEAT_MS);
    if (beat !== this.#beat) {
      this.#beat = beat;
      this.#eager = 0;
    }
    if (now || this.#eager++ < EAGER_NEWS || this.#news.length >= NEWS_BATCH) this.flush();
    else this.#timer ??= setTimeout(() => this.flush(), NEWS_BEAT_MS);
  }
}
