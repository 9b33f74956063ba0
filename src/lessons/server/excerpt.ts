import { ExcerptNotFoundError, type SourceExcerpt } from '../../components/source-excerpt.ts';

export interface BlockOptions {
  /** End at the first later line that contains this text, instead of where the block closes. */
  readonly through?: string;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/**
 * A statement or block inside a declaration, such as one method of an object
 * literal: the one line that contains `first`, up to the line at the same
 * indentation that closes it (`}`, `)` or `]`, as Prettier formats this
 * project), with the doc comment or `//` comments just above it. A line that opens nothing
 * (it ends with `;` or `,`) stands alone. Throws when `first` is missing or
 * not unique, so an edited file fails a test instead of showing the wrong code.
 */
export function excerptBlock(source: string, first: string, options: BlockOptions = {}): SourceExcerpt {
  const lines = source.split('\n');
  const starts = lines.flatMap((line, index) => (line.includes(first) ? [index] : []));
  if (starts.length !== 1) {
    throw new ExcerptNotFoundError(`${starts.length === 0 ? 'no' : 'more than one'} line contains ${first}`);
  }
  const start = starts[0]!;
  const indent = indentOf(lines[start]!);
  let end: number;
  if (options.through !== undefined) {
    const through = options.through;
    end = lines.findIndex((line, index) => index >= start && line.includes(through));
  } else if (/[;,]\s*$/.test(lines[start]!)) {
    end = start;
  } else {
    // `): Promise<T> {` and `} else {` close one thing and open the next: the block goes on.
    end = lines.findIndex(
      (line, index) => index > start && indentOf(line) === indent && /^\s*[})\]]/.test(line) && !/[{([]\s*$/.test(line),
    );
  }
  if (end < 0) throw new ExcerptNotFoundError(`the block that starts with ${first} never ends`);
  let top = start;
  if (lines[top - 1]?.trim().endsWith('*/')) {
    while (top > 0 && !lines[top]!.trimStart().startsWith('/**')) top -= 1;
  }
  while (top > 0 && lines[top - 1]!.trimStart().startsWith('//') && indentOf(lines[top - 1]!) === indent) top -= 1;
  return { code: lines.slice(top, end + 1).join('\n'), firstLine: top + 1 };
}
