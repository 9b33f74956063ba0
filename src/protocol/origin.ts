/**
 * The Origin allowlist a server checks during the opening handshake (§4.2.2,
 * §10.2).
 *
 * Origin is no authentication: a browser always sends the page's origin and a
 * page cannot forge it, but any other client can send whatever it likes. The
 * check protects users' browsers from pages on other sites (cross-site
 * WebSocket hijacking); it does not tell a server who is calling.
 */

/** Why an Origin was accepted or refused, in words a reader can follow. */
export type OriginDecision =
  { readonly allowed: true; readonly reason: string } | { readonly allowed: false; readonly reason: string };

export interface OriginPolicyOptions {
  /**
   * Allow a request with no Origin header. A browser always sends Origin on a
   * WebSocket handshake, so a missing one means a non-browser client (curl, a
   * Node script): it has no user's cookies to abuse, and it could send any
   * Origin anyway. Default: true.
   */
  readonly allowMissing?: boolean;
  /**
   * Allow the opaque origin `null` (pages opened from file://, sandboxed
   * iframes, some redirects). Many unrelated pages share `null`, so allowing
   * it lets all of them in. Default: false, even when the list holds `*`.
   */
  readonly allowNull?: boolean;
}

export interface OriginPolicy {
  /** The entries the policy was built from, for messages and logs. */
  readonly entries: readonly string[];
  decide(origin: string | undefined): OriginDecision;
}

interface Pattern {
  readonly scheme: string;
  readonly host: string;
  /** A port number as text, or `*` for any port (including none). */
  readonly port: string;
}

const DEFAULT_PORTS: Readonly<Record<string, string>> = { 'http:': '80', 'https:': '443' };

/**
 * Splits an ASCII serialised origin (`scheme://host[:port]`, RFC 6454 §6.2).
 * Returns null for anything else: a path, credentials or a non-HTTP scheme
 * make it no origin a browser would send.
 */
function parseOrigin(text: string): Pattern | null {
  const match = /^(https?:)\/\/(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}|\*))?$/i.exec(text.trim());
  if (!match) return null;
  const scheme = match[1]!.toLowerCase();
  const port = match[3] ?? DEFAULT_PORTS[scheme]!;
  return { scheme, host: match[2]!.toLowerCase(), port };
}

function matches(pattern: Pattern, origin: Pattern): boolean {
  return (
    pattern.scheme === origin.scheme &&
    pattern.host === origin.host &&
    (pattern.port === '*' || pattern.port === origin.port)
  );
}

/**
 * Builds a policy from exact origins (`https://example.com`), port wildcards
 * (`http://localhost:*`) and `*` (any real origin). Throws on an entry that is
 * none of these, so a typo in configuration fails at start-up, not later.
 */
export function createOriginPolicy(entries: readonly string[], options: OriginPolicyOptions = {}): OriginPolicy {
  const allowMissing = options.allowMissing ?? true;
  const allowNull = options.allowNull ?? false;
  const cleaned = entries.map((entry) => entry.trim()).filter((entry) => entry !== '');
  const anyOrigin = cleaned.includes('*');
  const patterns = cleaned
    .filter((entry) => entry !== '*')
    .map((entry) => {
      const pattern = parseOrigin(entry);
      if (!pattern) throw new Error(`"${entry}" is not an origin like https://example.com or http://localhost:*`);
      return pattern;
    });

  function decide(origin: string | undefined): OriginDecision {
    if (origin === undefined) {
      return allowMissing
        ? { allowed: true, reason: 'no Origin header: not a browser, so there are no cookies to abuse' }
        : { allowed: false, reason: 'no Origin header, and this server asks for one' };
    }
    if (origin === 'null') {
      return allowNull
        ? { allowed: true, reason: 'the opaque origin "null" is allowed here' }
        : {
            allowed: false,
            reason: 'the opaque origin "null" (a page opened from file:// or a sandbox) is shared by unrelated pages',
          };
    }
    const parsed = parseOrigin(origin);
    if (!parsed || parsed.port === '*') {
      return { allowed: false, reason: `"${origin}" is not a valid origin` };
    }
    if (anyOrigin) return { allowed: true, reason: 'every origin is allowed (*)' };
    if (patterns.some((pattern) => matches(pattern, parsed))) {
      return { allowed: true, reason: `${origin} is on the allowlist` };
    }
    return { allowed: false, reason: `${origin} is not on the allowlist (${cleaned.join(', ') || 'empty'})` };
  }

  return { entries: cleaned, decide };
}
