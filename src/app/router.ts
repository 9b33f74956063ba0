/**
 * Hash routes (`#/handshake`): they work on any static host and any sub-path,
 * with no server rewrite rules, and reload, back and forward keep the lesson.
 */

/** The slug in a location hash, or '' for no route at all. */
export function slugFromHash(hash: string): string {
  const raw = hash.replace(/^#\/?/, '').split(/[/?#]/)[0] ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export function hrefFor(slug: string): string {
  return `#/${slug}`;
}
