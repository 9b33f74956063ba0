/** A request target split into its path and query, as both wires receive it. */
export interface Target {
  readonly path: string;
  readonly query: ReadonlyMap<string, string>;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/**
 * Parses `/path?a=1&b=2`. A repeated name keeps its first value, so a query
 * means one thing on every wire. Pure string work: no URL class, which this
 * layer's ES2022 library does not have.
 */
export function parseTarget(target: string): Target {
  const queryStart = target.indexOf('?');
  const path = queryStart === -1 ? target : target.slice(0, queryStart);
  const query = new Map<string, string>();
  if (queryStart !== -1) {
    for (const pair of target.slice(queryStart + 1).split('&')) {
      if (pair === '') continue;
      const equals = pair.indexOf('=');
      const name = decode(equals === -1 ? pair : pair.slice(0, equals));
      const value = equals === -1 ? '' : decode(pair.slice(equals + 1));
      if (!query.has(name)) query.set(name, value);
    }
  }
  return { path: path === '' ? '/' : path, query };
}
