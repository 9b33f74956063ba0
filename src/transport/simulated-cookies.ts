/**
 * The browser's cookie jar, for Simulated mode: the simulated server's
 * `Set-Cookie` (an answer to `POST /login`) is kept here, and a simulated
 * handshake to the same host carries it back as `Cookie`, as Chromium does
 * with the real server's cookie in Live mode. The rules are the ones a
 * WebSocket handshake meets (RFC 6265 §5.2 to read a Set-Cookie, §5.4 to
 * send one; RFC 6265bis for SameSite):
 *
 * - a cookie belongs to its host, whatever the port (RFC 6265 §8.5: cookies
 *   do not isolate ports), and to a path (`/` here);
 * - `HttpOnly`: the page's scripts cannot read it, but the browser sends it;
 * - `Secure`: only over https and wss;
 * - `SameSite=Strict` or `Lax` (Chromium's default when none is said): not on
 *   a handshake from a page on another site, which is what stops another
 *   site's page from riding the reader's session (cross-site WebSocket
 *   hijacking). `None` needs `Secure`.
 *
 * Simplified: "site" is the host as it is (no Public Suffix List), and the
 * simulated server counts as the page's own site wherever the page is
 * served, as its Origin allowlist holds the page's own origin.
 */
import { redactSecrets } from '../protocol/index.ts';

export const SameSite = { strict: 'Strict', lax: 'Lax', none: 'None' } as const;
export type SameSite = (typeof SameSite)[keyof typeof SameSite];

export interface StoredCookie {
  readonly name: string;
  readonly value: string;
  /** The host it was set by (lowercase, no port). */
  readonly host: string;
  readonly path: string;
  /** When it expires (Date.now() ms); undefined for a session cookie, kept until the page goes. */
  readonly expiresAt: number | undefined;
  readonly httpOnly: boolean;
  readonly secure: boolean;
  readonly sameSite: SameSite;
}

/** Whether a Set-Cookie was kept (a Max-Age of 0 or less deletes the cookie and counts as kept), or why not. */
export type StoreOutcome = { readonly stored: true } | { readonly stored: false; readonly why: string };

function parseSameSite(value: string): SameSite | undefined {
  const lower = value.trim().toLowerCase();
  return Object.values(SameSite).find((option) => option.toLowerCase() === lower);
}

/** RFC 6265 §5.1.4: the directory of the request path, the default Path of a cookie. */
function defaultPath(path: string): string {
  if (!path.startsWith('/')) return '/';
  const last = path.lastIndexOf('/');
  return last <= 0 ? '/' : path.slice(0, last);
}

/** RFC 6265 §5.1.4: `path` is inside the cookie's path. */
function pathMatches(cookiePath: string, path: string): boolean {
  if (path === cookiePath) return true;
  if (!path.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || path[cookiePath.length] === '/';
}

/** ws: and http: as the cookie rules see them: wss: and https: are secure. */
function isSecureScheme(url: URL): boolean {
  return url.protocol === 'wss:' || url.protocol === 'https:';
}

export class SimulatedCookieJar {
  readonly #now: () => number;
  #cookies: StoredCookie[] = [];

  constructor(now: () => number = () => Date.now()) {
    this.#now = now;
  }

  /** Reads the `Set-Cookie` header of an answer from `url` (RFC 6265 §5.2, §5.3) and keeps the cookie. */
  store(url: string, setCookie: string): StoreOutcome {
    const where = new URL(url);
    const [pair = '', ...attributes] = setCookie.split(';');
    const equals = pair.indexOf('=');
    if (equals <= 0) return { stored: false, why: 'the Set-Cookie names no cookie' };
    const name = pair.slice(0, equals).trim();
    const value = pair.slice(equals + 1).trim();
    let path = defaultPath(where.pathname);
    let expiresAt: number | undefined;
    let httpOnly = false;
    let secure = false;
    let sameSite: SameSite = SameSite.lax;
    for (const attribute of attributes) {
      const [key = '', ...rest] = attribute.split('=');
      const option = rest.join('=').trim();
      switch (key.trim().toLowerCase()) {
        case 'path':
          if (option.startsWith('/')) path = option;
          break;
        case 'max-age':
          // §5.2.2: Max-Age wins over Expires; zero or less deletes the cookie.
          if (/^-?\d+$/.test(option)) expiresAt = this.#now() + Number(option) * 1000;
          break;
        case 'httponly':
          httpOnly = true;
          break;
        case 'secure':
          secure = true;
          break;
        case 'samesite':
          sameSite = parseSameSite(option) ?? SameSite.lax;
          break;
      }
    }
    if (secure && !isSecureScheme(where)) {
      return { stored: false, why: `a Secure cookie cannot be set over ${where.protocol.slice(0, -1)}` };
    }
    if (sameSite === SameSite.none && !secure) {
      return { stored: false, why: 'SameSite=None needs Secure' };
    }
    const host = where.hostname.toLowerCase();
    this.#cookies = this.#cookies.filter(
      (cookie) => !(cookie.name === name && cookie.host === host && cookie.path === path),
    );
    if (expiresAt !== undefined && expiresAt <= this.#now()) return { stored: true };
    this.#cookies.push({ name, value, host, path, expiresAt, httpOnly, secure, sameSite });
    return { stored: true };
  }

  /**
   * The `Cookie` header a browser sends on a request to `url`, or undefined
   * when no cookie goes. `crossSite`: the request comes from a page on
   * another site, which gets only `SameSite=None` cookies.
   */
  header(url: string, crossSite = false): string | undefined {
    const cookies = this.sentTo(url, crossSite);
    return cookies.length === 0 ? undefined : cookies.map(({ name, value }) => `${name}=${value}`).join('; ');
  }

  /** The cookies that go with a request to `url`, longest path first (§5.4). */
  sentTo(url: string, crossSite = false): readonly StoredCookie[] {
    this.#sweep();
    const where = new URL(url);
    const host = where.hostname.toLowerCase();
    return this.#cookies
      .filter(
        (cookie) =>
          cookie.host === host &&
          pathMatches(cookie.path, where.pathname) &&
          (!cookie.secure || isSecureScheme(where)) &&
          (!crossSite || cookie.sameSite === SameSite.none),
      )
      .sort((a, b) => b.path.length - a.path.length);
  }

  /** Every cookie kept, values with their secrets starred: what a view may show of the jar. */
  list(): readonly StoredCookie[] {
    this.#sweep();
    return this.#cookies.map((cookie) => ({ ...cookie, value: redactSecrets(cookie.value) }));
  }

  /** Forgets every cookie, as clearing the browser's site data does. */
  clear(): void {
    this.#cookies = [];
  }

  #sweep(): void {
    const now = this.#now();
    this.#cookies = this.#cookies.filter((cookie) => cookie.expiresAt === undefined || cookie.expiresAt > now);
  }
}

/** The page's one jar, as a browser has one: every simulated sign-in and handshake shares it. */
export const pageCookies = new SimulatedCookieJar();
