import { css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { TokenKind, tokenize, type Token } from './code-tokens.ts';
import { exampleHref } from './playground-link.ts';
import { PagePart } from './page-part.ts';

/** How many spaces a line of tokens starts with (the code is indented with spaces). */
function indentOf(line: readonly Token[]): number {
  const text = line.map((token) => token.text).join('');
  return text.length - text.trimStart().length;
}

/**
 * A block of TypeScript, coloured, with the line numbers it has in its file.
 * The text is rendered as text (never as markup), so any source is safe here.
 * It is as wide as the text column around it; longer lines wrap.
 *
 * @cssprop --wsp-code-bg - the block's background
 * @cssprop --wsp-code-height - the height before it scrolls
 */
@customElement('wsp-code-block')
export class WspCodeBlock extends PagePart {
  static override styles = css`
    :host {
      display: block;
      min-width: 0;
    }
    figure {
      margin: 0;
      border: 1px solid var(--wsp-border, #d5d9e2);
      border-radius: var(--wsp-radius, 6px);
      background: var(--wsp-code-bg, #f6f7f9);
      overflow: hidden;
    }
    a.playground {
      display: inline-block;
      padding: 0.35rem 0.75rem;
      font-size: 0.85rem;
      color: var(--wsp-accent-text, #1d47a8);
    }
    a.playground:focus-visible {
      outline: 3px solid var(--wsp-focus, #f5a524);
      outline-offset: 2px;
    }
    figcaption {
      padding: 0.35rem 0.75rem;
      font-size: 0.85rem;
      font-weight: 600;
      border-bottom: 1px solid var(--wsp-border, #d5d9e2);
      font-family: var(--wsp-mono, ui-monospace, 'Cascadia Mono', Menlo, Consolas, monospace);
      overflow-wrap: anywhere;
    }
    pre {
      margin: 0;
      padding: 0.6rem 0;
      overflow: auto;
      max-height: var(--wsp-code-height, 32rem);
      font-family: var(--wsp-mono, ui-monospace, 'Cascadia Mono', Menlo, Consolas, monospace);
      font-size: 0.82rem;
      line-height: 1.5;
      tab-size: 2;
    }
    pre:focus-visible {
      outline: 3px solid var(--wsp-focus, #f5a524);
      outline-offset: -3px;
    }
    /*
     * The block keeps the text column's width, and the project's code runs to 120 columns: a longer line
     * wraps rather than hiding its end past a scrollbar. It goes on 2ch deeper than its own indent
     * (--indent), never under the line numbers, so a continuation cannot pass for a line of its own.
     */
    .line {
      --gutter: calc(4ch + 1.25rem);
      --hang: calc(var(--gutter) + var(--indent, 0ch) + 2ch);
      display: block;
      padding: 0 0.75rem 0 var(--hang);
      text-indent: calc(-1 * var(--hang));
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .number {
      display: inline-block;
      box-sizing: border-box;
      width: var(--gutter);
      padding: 0 0.75rem 0 0.5rem;
      text-indent: 0;
      text-align: right;
      color: var(--wsp-muted, #5b6478);
      user-select: none;
    }
    .comment {
      color: var(--wsp-code-comment, #5b6478);
      font-style: italic;
    }
    .string {
      color: var(--wsp-code-string, #1f6f3a);
    }
    .number-literal {
      color: var(--wsp-code-number, #9a4d00);
    }
    .keyword {
      color: var(--wsp-code-keyword, #7a2bb3);
      font-weight: 600;
    }
  `;

  /** The source text to show. */
  @property() code = '';
  /** The file-relative number of the first line. */
  @property({ type: Number, attribute: 'first-line' }) firstLine = 1;
  /** A caption, such as the file's path. */
  @property() label = '';
  /** The playground example that runs this code (src/playground/examples.ts): adds a link that opens it. */
  @property() playground = '';

  protected override render() {
    const lines = this.#lines();
    const caption = this.label || 'Code';
    return html`<figure>
      ${this.label ? html`<figcaption>${this.label}</figcaption>` : ''}
      <pre tabindex="0" aria-label=${caption}><code>${lines.map(
        (line, index) =>
          html`<span class="line" style=${`--indent: ${indentOf(line)}ch`}
            ><span class="number" aria-hidden="true">${this.firstLine + index}</span>${line.map((token) =>
              token.kind === TokenKind.plain
                ? token.text
                : html`<span class=${this.#className(token.kind)}>${token.text}</span>`,
            )}</span
          >`,
      )}</code></pre>
      ${
        this.playground
          ? html`<a class="playground" href=${exampleHref(this.playground)}>Open in the playground</a>`
          : ''
      }
    </figure>`;
  }

  #className(kind: TokenKind): string {
    return kind === TokenKind.number ? 'number-literal' : kind;
  }

  /** Tokens regrouped per line, so a comment or string that spans lines is coloured on each. */
  #lines(): Token[][] {
    const lines: Token[][] = [[]];
    for (const token of tokenize(this.code.replace(/\n$/, ''))) {
      const parts = token.text.split('\n');
      parts.forEach((text, index) => {
        if (index > 0) lines.push([]);
        if (text) lines[lines.length - 1]!.push({ kind: token.kind, text });
      });
    }
    return lines;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-code-block': WspCodeBlock;
  }
}
