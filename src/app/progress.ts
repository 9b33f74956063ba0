import { TypedEventTarget } from '../transport/typed-event-target.ts';
import { ProgressChangeEvent } from './progress-change-event.ts';
import { readStored, writeStored } from './storage.ts';

/** What the reader has done in one lesson. */
export interface LessonProgress {
  readonly read: boolean;
  /** Questions of the lesson's self-checks answered right (at least once). */
  readonly passed: readonly string[];
}

const STORAGE_KEY = 'wsp-progress';
const NOTHING_YET: LessonProgress = { read: false, passed: [] };

type Saved = Record<string, LessonProgress>;

/** Accepts only the shape this module writes: anything else in storage counts as no progress. */
function parseSaved(text: string | null): Saved {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
    const saved: Saved = {};
    for (const [slug, entry] of Object.entries(value as Record<string, unknown>)) {
      if (typeof entry !== 'object' || entry === null) continue;
      const { read, passed } = entry as Record<string, unknown>;
      saved[slug] = {
        read: read === true,
        passed: Array.isArray(passed) ? passed.filter((item): item is string => typeof item === 'string') : [],
      };
    }
    return saved;
  } catch {
    return {};
  }
}

/**
 * The course progress kept in this browser (localStorage): lessons read to
 * the end and self-check questions answered right. Nothing leaves the page.
 *
 * @fires wsp-progress-change - after every change
 */
export class CourseProgress extends TypedEventTarget<{ [ProgressChangeEvent.eventName]: ProgressChangeEvent }> {
  readonly #storage: Storage;
  #saved: Saved;

  constructor(storage: Storage = localStorage) {
    super();
    this.#storage = storage;
    this.#saved = parseSaved(readStored(storage, STORAGE_KEY));
  }

  of(slug: string): LessonProgress {
    return this.#saved[slug] ?? NOTHING_YET;
  }

  markRead(slug: string): void {
    const current = this.of(slug);
    if (current.read) return;
    this.#update(slug, { ...current, read: true });
  }

  recordAnswer(slug: string, question: string, correct: boolean): void {
    const current = this.of(slug);
    if (!correct || current.passed.includes(question)) return;
    this.#update(slug, { ...current, passed: [...current.passed, question] });
  }

  reset(): void {
    this.#saved = {};
    this.#save();
    this.dispatchEvent(new ProgressChangeEvent());
  }

  #update(slug: string, progress: LessonProgress): void {
    this.#saved = { ...this.#saved, [slug]: progress };
    this.#save();
    this.dispatchEvent(new ProgressChangeEvent());
  }

  #save(): void {
    writeStored(this.#storage, STORAGE_KEY, JSON.stringify(this.#saved));
  }
}
