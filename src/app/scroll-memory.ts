/**
 * Where the reader was on each history entry, so that Back and Forward return
 * to that place. The browser's own restoration cannot: it scrolls when the
 * hash changes, before the lesson has loaded and rendered, so the page is
 * still short and the reader lands at the top. The shell takes it over
 * (`scrollRestoration = 'manual'`) and scrolls once the lesson is there.
 *
 * Each entry gets a key in its `history.state`; the position is kept in
 * memory per key, and also written into the entry's state (at most a few
 * times a second, as browsers throttle `replaceState`) so that a reload finds it.
 */
const SAVE_DELAY_MS = 250;

interface EntryState {
  readonly wspEntry: string;
  readonly wspScrollY?: number;
}

function entryState(state: unknown): Partial<EntryState> {
  if (typeof state !== 'object' || state === null) return {};
  const { wspEntry, wspScrollY } = state as Record<string, unknown>;
  return {
    ...(typeof wspEntry === 'string' ? { wspEntry } : {}),
    ...(typeof wspScrollY === 'number' && Number.isFinite(wspScrollY) ? { wspScrollY } : {}),
  };
}

function withEntry(fields: EntryState): object {
  const state: unknown = history.state;
  return { ...(typeof state === 'object' && state !== null ? state : {}), ...fields };
}

export class ScrollMemory {
  readonly #positions = new Map<string, number>();
  #current = '';
  #timer: ReturnType<typeof setTimeout> | undefined;
  #restoration: ScrollRestoration = 'auto';

  /** Takes over scroll restoration; `saved()` then tells where a reload left the reader, if anywhere. */
  start(): void {
    this.#restoration = history.scrollRestoration;
    history.scrollRestoration = 'manual';
    this.#current = this.#keyEntry();
    window.addEventListener('scroll', this.#onScroll, { passive: true });
    window.addEventListener('pagehide', this.#save);
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    window.removeEventListener('scroll', this.#onScroll);
    window.removeEventListener('pagehide', this.#save);
    history.scrollRestoration = this.#restoration;
  }

  /** Where the reader was on the entry now shown, when it was shown before; undefined for a new entry. */
  saved(): number | undefined {
    return this.#positions.get(this.#current) ?? entryState(history.state).wspScrollY;
  }

  /**
   * Call when the hash has changed, before anything scrolls: the page is
   * still where the reader left the previous entry, which keeps that place.
   */
  arrived(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#positions.set(this.#current, window.scrollY);
    this.#current = this.#keyEntry();
  }

  /** The entry's key, given it if it has none yet (an entry a link just made). */
  #keyEntry(): string {
    const known = entryState(history.state).wspEntry;
    if (known) return known;
    const key = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    history.replaceState(withEntry({ wspEntry: key }), '');
    return key;
  }

  readonly #onScroll = (): void => {
    this.#timer ??= setTimeout(this.#save, SAVE_DELAY_MS);
  };

  readonly #save = (): void => {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    // The entry may have changed since the scroll: its place was kept by `arrived`.
    if (entryState(history.state).wspEntry !== this.#current) return;
    this.#positions.set(this.#current, window.scrollY);
    history.replaceState(withEntry({ wspEntry: this.#current, wspScrollY: window.scrollY }), '');
  };
}
