import { ConnectionMode, isConnectionMode } from '../transport/mode.ts';
import { checkServerUrl, sameOriginServerUrl } from '../transport/endpoint-url.ts';
import { TypedEventTarget } from '../transport/typed-event-target.ts';
import { SettingsChangeEvent } from './settings-change-event.ts';

/**
 * The site-wide connection preference: which wire demos use and where the
 * live server is. One instance per page; every demo and switch shares it, so
 * flipping any switch flips them all.
 */

const MODE_KEY = 'wsp.connection-mode';
const SERVER_KEY = 'wsp.server-url';
/** Where `npm run dev` and `npm run server` put the live server. */
export const LOCAL_SERVER_URL = 'ws://localhost:8080';

/** Where the live server URL in use came from, so the switch can say so. */
export const ServerUrlSource = { query: 'query', saved: 'saved', default: 'default' } as const;
export type ServerUrlSource = (typeof ServerUrlSource)[keyof typeof ServerUrlSource];

export interface SettingsEnvironment {
  readonly location: Pick<Location, 'protocol' | 'host' | 'search'>;
  /** Absent when the browser refuses storage (some private modes). */
  readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined;
  /** True under Vite's dev server, where the page and the live server have different ports. */
  readonly devServer: boolean;
}

function defaultServerUrl(env: SettingsEnvironment): string {
  const served = env.location.protocol === 'http:' || env.location.protocol === 'https:';
  return env.devServer || !served ? LOCAL_SERVER_URL : sameOriginServerUrl(env.location);
}

/** @fires wsp-settings-change - when the mode or the live server URL changes */
export class ConnectionSettings extends TypedEventTarget<{ [SettingsChangeEvent.eventName]: SettingsChangeEvent }> {
  /** The live server URL used when nothing else is chosen. */
  readonly defaultServerUrl: string;
  /** A problem with the page's `?server=` parameter, shown by the switch. */
  readonly queryProblem: string | undefined;
  #mode: ConnectionMode;
  #serverUrl: string;
  #source: ServerUrlSource;
  readonly #env: SettingsEnvironment;

  constructor(env: SettingsEnvironment) {
    super();
    this.#env = env;
    this.defaultServerUrl = defaultServerUrl(env);
    const savedMode = this.#read(MODE_KEY);
    this.#mode = isConnectionMode(savedMode) ? savedMode : ConnectionMode.simulated;

    const fromQuery = new URLSearchParams(env.location.search).get('server');
    const checked = fromQuery === null ? undefined : checkServerUrl(fromQuery);
    const saved = this.#read(SERVER_KEY);
    const checkedSaved = saved === undefined ? undefined : checkServerUrl(saved);
    if (checked?.ok) {
      this.#serverUrl = checked.url;
      this.#source = ServerUrlSource.query;
    } else if (checkedSaved?.ok) {
      this.#serverUrl = checkedSaved.url;
      this.#source = ServerUrlSource.saved;
    } else {
      this.#serverUrl = this.defaultServerUrl;
      this.#source = ServerUrlSource.default;
    }
    this.queryProblem = checked && !checked.ok ? `?server= was ignored: ${checked.reason}.` : undefined;
  }

  get mode(): ConnectionMode {
    return this.#mode;
  }

  get serverUrl(): string {
    return this.#serverUrl;
  }

  get serverUrlSource(): ServerUrlSource {
    return this.#source;
  }

  setMode(mode: ConnectionMode): void {
    if (mode === this.#mode) return;
    this.#mode = mode;
    this.#write(MODE_KEY, mode);
    this.dispatchEvent(new SettingsChangeEvent());
  }

  /** Uses and remembers a live server URL; returns what is wrong with it instead, if anything. */
  setServerUrl(text: string): string | undefined {
    const checked = checkServerUrl(text);
    if (!checked.ok) return checked.reason;
    this.#write(SERVER_KEY, checked.url);
    this.#update(checked.url, ServerUrlSource.saved);
    return undefined;
  }

  resetServerUrl(): void {
    this.#env.storage?.removeItem(SERVER_KEY);
    this.#update(this.defaultServerUrl, ServerUrlSource.default);
  }

  #update(url: string, source: ServerUrlSource): void {
    const changed = url !== this.#serverUrl;
    this.#serverUrl = url;
    this.#source = source;
    if (changed) this.dispatchEvent(new SettingsChangeEvent());
  }

  #read(key: string): string | undefined {
    try {
      return this.#env.storage?.getItem(key) ?? undefined;
    } catch {
      return undefined;
    }
  }

  #write(key: string, value: string): void {
    try {
      this.#env.storage?.setItem(key, value);
    } catch {
      // Storage full or refused: the choice still holds for this page.
    }
  }
}

function pageStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/** The page's settings. `import.meta.env` exists under Vite only, not in the test runner. */
export const connectionSettings = new ConnectionSettings({
  location: window.location,
  storage: pageStorage(),
  devServer: import.meta.env?.DEV === true,
});
