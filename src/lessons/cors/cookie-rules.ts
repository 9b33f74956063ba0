/**
 * Chromium's cookie rules for a WebSocket handshake, as pure functions: would
 * the browser store the hijack demo's cookie, and would it attach it to a
 * handshake that a page on one origin opens to a server URL? Simulated mode
 * shows their answer; the browser tests check it against what Chromium and
 * the live server really do.
 *
 * Sources: RFC 6265bis ("Cookies: HTTP State Management Mechanism",
 * draft-ietf-httpbis-rfc6265bis) §5.2 for same-site requests, §5.7 for
 * storing, §5.8.3 for sending, §7.1 for third-party cookies; the HTML
 * Standard's "same site" (scheme and registrable domain); the WebSockets
 * Standard, which fetches the handshake at the URL with ws: read as http:
 * and wss: as https:; Chromium's SameSite-by-default, shipped in 2020.
 */

/** The SameSite attribute a cookie was given, or none at all. */
export const SameSite = { unset: 'unset', lax: 'Lax', strict: 'Strict', none: 'None' } as const;
export type SameSite = (typeof SameSite)[keyof typeof SameSite];

/** What the reader may choose for the demo cookie: its SameSite, and Secure with it. */
export interface CookieChoice {
  readonly sameSite: SameSite;
  readonly secure: boolean;
}

/** The demo's choices, in the order the reader sees them. `None` alone shows why None needs Secure. */
export const COOKIE_CHOICES = {
  unset: { sameSite: SameSite.unset, secure: false },
  lax: { sameSite: SameSite.lax, secure: false },
  strict: { sameSite: SameSite.strict, secure: false },
  noneSecure: { sameSite: SameSite.none, secure: true },
  none: { sameSite: SameSite.none, secure: false },
} as const satisfies Record<string, CookieChoice>;
export type CookieChoiceName = keyof typeof COOKIE_CHOICES;

/** The attributes after `name=value` in `document.cookie` or Set-Cookie, as a site would write them. */
export function cookieAttributes(choice: CookieChoice): string {
  const sameSite = choice.sameSite === SameSite.unset ? '' : `; SameSite=${choice.sameSite}`;
  return `${sameSite}${choice.secure ? '; Secure' : ''}`;
}

/** How the reader sees a choice: `SameSite=None; Secure`, or `no SameSite`. */
export function cookieLabel(choice: CookieChoice): string {
  const attributes = cookieAttributes(choice).replace(/^; /, '');
  return attributes === '' ? 'no SameSite' : attributes;
}

/** The URL as the cookie rules read it: a WebSocket URL fetched as http(s) (WebSockets Standard). */
function asFetched(url: string): URL {
  const parsed = new URL(url);
  if (parsed.protocol === 'ws:' || parsed.protocol === 'wss:') {
    return new URL(`${parsed.protocol === 'ws:' ? 'http:' : 'https:'}${url.slice(parsed.protocol.length)}`);
  }
  return parsed;
}

/**
 * The registrable domain of a host: an IP address or a one-label name such as
 * `localhost` stands for itself; any other name keeps its last two labels.
 * A browser consults the Public Suffix List, which makes `co.uk` or
 * `github.io` suffixes of their own; the hosts this lesson uses (loopback
 * names, IP addresses, `.example` names) need nothing more.
 */
function registrableDomain(hostname: string): string {
  if (hostname.startsWith('[') || /^\d+\.\d+\.\d+\.\d+$/.test(hostname) || !hostname.includes('.')) return hostname;
  return hostname.split('.').slice(-2).join('.');
}

/** A URL's site: its scheme (ws: read as http:) and its host's registrable domain; the port plays no part. */
export function siteOf(url: string): string {
  const fetched = asFetched(url);
  return `${fetched.protocol}//${registrableDomain(fetched.hostname)}`;
}

/** Whether two URLs or origins are the same site (HTML Standard: "same site", schemeful since 2020). */
export function sameSite(a: string, b: string): boolean {
  return siteOf(a) === siteOf(b);
}

/**
 * Whether a URL counts as secure for cookies: https or wss, or a loopback
 * host, which Chromium treats as trustworthy (RFC 6265bis §5.8.3 notes that
 * most user agents trust `localhost`).
 */
export function secureForCookies(url: string): boolean {
  const { protocol, hostname } = asFetched(url);
  return (
    protocol === 'https:' ||
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    /^127\.\d+\.\d+\.\d+$/.test(hostname) ||
    hostname === '[::1]'
  );
}

/** A decision and its reason, in words for the reader. */
export interface CookieVerdict {
  readonly yes: boolean;
  readonly reason: string;
}

/** Whether the browser keeps the demo cookie that a page at `pageUrl` writes (RFC 6265bis §5.7). */
export function cookieStored(choice: CookieChoice, pageUrl: string): CookieVerdict {
  if (choice.secure && !secureForCookies(pageUrl)) {
    return {
      yes: false,
      reason:
        'The browser refused to store it: only a secure page (https, or a loopback host such as localhost) may ' +
        'set a Secure cookie (RFC 6265bis §5.7, step 13).',
    };
  }
  if (choice.sameSite === SameSite.none && !choice.secure) {
    return {
      yes: false,
      reason:
        'The browser refused to store it: SameSite=None without Secure is rejected (RFC 6265bis §5.7, step 19; ' +
        'Chromium since 2020).',
    };
  }
  return { yes: true, reason: `The browser stored it, with ${cookieLabel(choice)}.` };
}

/** One handshake, as the cookie rules see it. */
export interface Handshake {
  /** The host the cookie belongs to: the page that set it wrote no Domain attribute. */
  readonly cookieHost: string;
  /** The origin of the page that opens the WebSocket, then of each page it sits in, up to the tab's own. */
  readonly pages: readonly string[];
  /** The WebSocket URL. */
  readonly server: string;
  /** Whether the browser lets a page of another site use cookies (third-party cookies). */
  readonly thirdPartyCookies: boolean;
}

/**
 * Whether a handshake is same-site: the server is the same site as the page
 * that opens it and every page that one sits in (RFC 6265bis §5.2 and
 * §5.2.1, the "site for cookies").
 */
export function sameSiteHandshake(handshake: Pick<Handshake, 'pages' | 'server'>): boolean {
  return handshake.pages.every((page) => sameSite(page, handshake.server));
}

/**
 * Whether the browser attaches a stored cookie with `choice` to the
 * handshake (RFC 6265bis §5.8.3, Chromium's reading): the host must match,
 * a Secure cookie needs a secure URL, and a cross-site handshake carries
 * only a SameSite=None cookie, and only where third-party cookies are
 * allowed. Lax is no exception here: it lets a cookie go cross-site on a
 * top-level navigation, and a handshake never is one. A cookie without
 * SameSite counts as Lax.
 */
export function cookieSent(choice: CookieChoice, handshake: Handshake): CookieVerdict {
  const server = asFetched(handshake.server);
  if (server.hostname !== handshake.cookieHost) {
    return {
      yes: false,
      reason:
        `The cookie belongs to the host ${handshake.cookieHost} and the server is ${server.hostname}: a cookie goes ` +
        'only to the host that set it (any port of it), RFC 6265bis §5.8.3.',
    };
  }
  if (choice.secure && !secureForCookies(handshake.server)) {
    return {
      yes: false,
      reason: `The cookie is Secure, and ${handshake.server} is neither wss: nor a loopback host (RFC 6265bis §5.8.3).`,
    };
  }
  const page = handshake.pages[0] ?? handshake.server;
  if (sameSiteHandshake(handshake)) {
    return {
      yes: true,
      reason:
        `Same site: ${page} and ${handshake.server} are both ${siteOf(page)}, ports aside, so the cookie goes ` +
        `whatever its SameSite (RFC 6265bis §5.2).`,
    };
  }
  const across = `Cross-site: the page’s site, ${siteOf(page)}, is not the server’s, ${siteOf(handshake.server)}.`;
  if (choice.sameSite !== SameSite.none) {
    const how =
      choice.sameSite === SameSite.unset
        ? 'A cookie without SameSite is treated as Lax (Chromium since 2020), and a Lax cookie'
        : choice.sameSite === SameSite.lax
          ? 'A Lax cookie'
          : 'A Strict cookie never goes cross-site; even a Lax one';
    return {
      yes: false,
      reason:
        `${across} ${how} goes cross-site only with a top-level navigation, and a WebSocket handshake never is ` +
        'one (RFC 6265bis §5.8.3).',
    };
  }
  if (!handshake.thirdPartyCookies) {
    return {
      yes: false,
      reason:
        `${across} SameSite=None would let the cookie go, but this browser blocks third-party cookies ` +
        '(RFC 6265bis §7.1 leaves that to the browser).',
    };
  }
  return {
    yes: true,
    reason: `${across} SameSite=None lets the cookie go, and this browser allows third-party cookies.`,
  };
}

/** Whether the cookie, written by a page at `setBy`, goes with the handshake: stored first, then sent. */
export function cookieOnHandshake(choice: CookieChoice, setBy: string, handshake: Handshake): CookieVerdict {
  const stored = cookieStored(choice, setBy);
  return stored.yes ? cookieSent(choice, handshake) : stored;
}

/** The other loopback name of a host: `localhost` for `127.0.0.1` and the reverse; none for any other host. */
export function otherLoopbackName(hostname: string): string | undefined {
  if (hostname === 'localhost') return '127.0.0.1';
  if (hostname === '127.0.0.1') return 'localhost';
  return undefined;
}
