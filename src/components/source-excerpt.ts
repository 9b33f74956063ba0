/** A piece of a source file, with where it sits in the file. */
export interface SourceExcerpt {
  readonly code: string;
  /** The 1-based line number of the excerpt's first line in the file. */
  readonly firstLine: number;
}

export class ExcerptNotFoundError extends Error {
  override readonly name = 'ExcerptNotFoundError';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The top-level declaration named `name` (function, class, interface, type
 * or const), with the doc comment above it. The source must be formatted the
 * way Prettier formats this project: a top-level declaration that spans
 * several lines ends at the first later line that starts with `}` or `)`,
 * except one that opens a block (`): Promise<void> {`, the end of a long
 * signature).
 * Throws when the name is missing, so a renamed declaration fails a test
 * instead of showing the wrong code.
 */
export function excerptDeclaration(source: string, name: string): SourceExcerpt {
  const lines = source.split('\n');
  const head = new RegExp(
    `^(export )?(default )?(async )?(function\\*? |class |interface |type |const |let |abstract class )${escapeRegExp(name)}\\b`,
  );
  const start = lines.findIndex((line) => head.test(line));
  if (start < 0) throw new ExcerptNotFoundError(`no top-level declaration named ${name}`);
  let end = start;
  if (!/;\s*$/.test(lines[start]!)) {
    end = lines.findIndex((line, index) => index > start && /^[})]/.test(line) && !/[{(]\s*$/.test(line));
    if (end < 0) throw new ExcerptNotFoundError(`the declaration ${name} never ends`);
  }
  let first = start;
  if (lines[start - 1]?.trim().endsWith('*/')) {
    while (first > 0 && !lines[first]!.trimStart().startsWith('/**')) first -= 1;
  }
  while (first > 0 && lines[first - 1]!.startsWith('//')) first -= 1;
  return { code: lines.slice(first, end + 1).join('\n'), firstLine: first + 1 };
}
