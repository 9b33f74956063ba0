/**
 * Hash routes (`#/handshake`, and `#/handshake/reading-the-request` for a
 * section): they work on any static host and any sub-path, with no server
 * rewrite rules, and reload, back and forward keep the lesson.
 */

function segment(hash: string, index: number): string {
  const raw = hash.replace(/^#\/?/, '').split(/[?#]/)[0]?.split('/')[index] ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** The slug in a location hash, or '' for no route at all. */
export function slugFromHash(hash: string): string {
  return segment(hash, 0);
}

/** The section of the lesson a hash names, or '' for the top. */
export function sectionFromHash(hash: string): string {
  return segment(hash, 1);
}

export function hrefFor(slug: string, section = ''): string {
  return section ? `#/${slug}/${section}` : `#/${slug}`;
}
