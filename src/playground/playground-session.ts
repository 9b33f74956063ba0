/**
 * The reader's last playground session, kept in this browser (localStorage)
 * so that coming back finds the code as it was left. Storage can be missing
 * or throw (privacy modes, quotas, a sandboxed frame) and can hold anything
 * (another version, a hand edit): then there is simply no saved session.
 */
export interface PlaygroundSession {
  readonly client: string;
  readonly server: string;
  /** The example the code started from, or '' for none. */
  readonly exampleId: string;
}

const STORAGE_KEY = 'wsp-playground-session';

/** The page's localStorage, or undefined where even reaching it throws (storage disabled in a sandboxed frame). */
function pageStorage(): Storage | undefined {
  try {
    return localStorage;
  } catch {
    return undefined;
  }
}

/** The session saved last, or undefined when there is none (or none this module could have written). */
export function loadSession(storage: Storage | undefined = pageStorage()): PlaygroundSession | undefined {
  try {
    const text = storage?.getItem(STORAGE_KEY);
    if (!text) return undefined;
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const { client, server, exampleId } = value as Record<string, unknown>;
    if (typeof client !== 'string' || typeof server !== 'string') return undefined;
    return { client, server, exampleId: typeof exampleId === 'string' ? exampleId : '' };
  } catch {
    return undefined;
  }
}

/** Keeps `session` for the next visit; if storage refuses (full, disabled), it lasts for this page only. */
export function saveSession(session: PlaygroundSession, storage: Storage | undefined = pageStorage()): void {
  const { client, server, exampleId } = session;
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify({ client, server, exampleId }));
  } catch {
    return;
  }
}
