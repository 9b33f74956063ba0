import type { ReactiveControllerHost } from 'lit';
import type { LessonElement } from '../controllers/lesson-sections.ts';
import type { LessonEntry } from './lessons.ts';

/** Loading a lesson's chunk, as in Lit's Task: pending, complete or error. */
export type LessonLoad =
  | { readonly status: 'pending'; readonly lesson: LessonEntry }
  | { readonly status: 'complete'; readonly lesson: LessonEntry; readonly element: LessonElement }
  | { readonly status: 'error'; readonly lesson: LessonEntry; readonly message: string };

/**
 * Loads the lesson the shell opens and makes its element, re-rendering the
 * host at each step, as Lit's Task does (it holds nothing to give back when
 * the host leaves the page, so it needs no controller hooks). A chunk that
 * arrives after the reader has moved on is dropped, so a slow lesson never
 * replaces the one now open.
 */
export class LessonLoader {
  readonly #host: Pick<ReactiveControllerHost, 'requestUpdate'>;
  #value: LessonLoad | undefined;

  constructor(host: Pick<ReactiveControllerHost, 'requestUpdate'>) {
    this.#host = host;
  }

  /** The open lesson and how far its loading got; undefined when none is open. */
  get value(): LessonLoad | undefined {
    return this.#value;
  }

  /** Starts loading `lesson` (undefined: no lesson is open). */
  open(lesson: LessonEntry | undefined): void {
    if (!lesson) {
      this.#set(undefined);
      return;
    }
    this.#set({ status: 'pending', lesson });
    lesson.load().then(
      (Lesson) => {
        if (this.#value?.lesson === lesson) this.#set({ status: 'complete', lesson, element: new Lesson() });
      },
      (error: unknown) => {
        if (this.#value?.lesson !== lesson) return;
        this.#set({ status: 'error', lesson, message: error instanceof Error ? error.message : String(error) });
      },
    );
  }

  #set(value: LessonLoad | undefined): void {
    this.#value = value;
    this.#host.requestUpdate();
  }
}
