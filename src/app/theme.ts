import { readStored, writeStored } from './storage.ts';

/** The reader's theme: follow the system, or always light, or always dark. */
export const ThemeChoice = { system: 'system', light: 'light', dark: 'dark' } as const;
export type ThemeChoice = (typeof ThemeChoice)[keyof typeof ThemeChoice];

const STORAGE_KEY = 'wsp-theme';

function isThemeChoice(value: unknown): value is ThemeChoice {
  return Object.values(ThemeChoice).includes(value as ThemeChoice);
}

/**
 * Keeps the choice in localStorage and applies it as `data-theme` on the root
 * element, where the page's colours (light-dark() in index.html) pick it up.
 */
export class ThemePreference {
  readonly #storage: Storage;
  readonly #root: HTMLElement;
  #choice: ThemeChoice;

  constructor(storage: Storage = localStorage, root: HTMLElement = document.documentElement) {
    this.#storage = storage;
    this.#root = root;
    const saved = readStored(storage, STORAGE_KEY);
    this.#choice = isThemeChoice(saved) ? saved : ThemeChoice.system;
  }

  get choice(): ThemeChoice {
    return this.#choice;
  }

  set choice(choice: ThemeChoice) {
    this.#choice = choice;
    writeStored(this.#storage, STORAGE_KEY, choice === ThemeChoice.system ? null : choice);
    this.apply();
  }

  apply(): void {
    if (this.#choice === ThemeChoice.system) delete this.#root.dataset['theme'];
    else this.#root.dataset['theme'] = this.#choice;
  }
}
