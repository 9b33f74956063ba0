/**
 * A small TypeScript tokenizer for showing code, not for compiling it: it
 * knows comments, strings, numbers, keywords and everything else. Good enough
 * to colour the project's own Prettier-formatted sources.
 */
export const TokenKind = {
  comment: 'comment',
  string: 'string',
  number: 'number',
  keyword: 'keyword',
  plain: 'plain',
} as const;
export type TokenKind = (typeof TokenKind)[keyof typeof TokenKind];

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
}

const KEYWORDS = new Set(
  (
    'abstract as async await break case catch class const continue default delete do else enum export extends ' +
    'false finally for from function if implements import in instanceof interface let new null of private ' +
    'protected public readonly return static super switch this throw true try type typeof undefined var void ' +
    'while yield'
  ).split(' '),
);

// Order matters: comments and strings before anything that could start inside them.
const PATTERN =
  /(\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$))|('(?:\\.|[^'\\\n])*'?|"(?:\\.|[^"\\\n])*"?|`(?:\\[\s\S]|[^`\\])*`?)|(\b\d[\d_]*(?:\.\d+)?(?:e[+-]?\d+)?n?\b|\b0x[\da-f_]+\b)|([A-Za-z_$][\w$]*)/gi;

/** Splits source text into tokens whose texts, joined, give the source back unchanged. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let plain = '';
  let last = 0;
  const flush = () => {
    if (plain) tokens.push({ kind: TokenKind.plain, text: plain });
    plain = '';
  };
  for (const match of source.matchAll(PATTERN)) {
    plain += source.slice(last, match.index);
    last = match.index + match[0].length;
    const [text, comment, string, number, word] = match;
    const kind = comment
      ? TokenKind.comment
      : string
        ? TokenKind.string
        : number
          ? TokenKind.number
          : word && KEYWORDS.has(word)
            ? TokenKind.keyword
            : TokenKind.plain;
    if (kind === TokenKind.plain) {
      plain += text;
      continue;
    }
    flush();
    tokens.push({ kind, text });
  }
  plain += source.slice(last);
  flush();
  return tokens;
}
