import { expect, fixture, html } from '@open-wc/testing';
import heartbeatSource from '../../../server/heartbeat.ts?raw';
import { TokenKind, tokenize } from '../../../src/components/code-tokens.ts';
import { ExcerptNotFoundError, excerptDeclaration } from '../../../src/components/source-excerpt.ts';
import '../../../src/components/wsp-code-block.ts';
import type { WspCodeBlock } from '../../../src/components/wsp-code-block.ts';

function lineTexts(block: WspCodeBlock): string[] {
  return [...block.shadowRoot!.querySelectorAll('.line')].map((line) =>
    line.textContent!.slice(line.querySelector('.number')!.textContent!.length),
  );
}

describe('code tokens', () => {
  it('give the source back unchanged when joined', () => {
    expect(
      tokenize(heartbeatSource)
        .map((token) => token.text)
        .join(''),
    ).to.equal(heartbeatSource);
  });

  it('tell comments, strings, numbers and keywords apart', () => {
    const tokens = tokenize("const a = 'x'; // why\nreturn 30_000;").filter((token) => token.kind !== TokenKind.plain);
    expect(tokens).to.deep.equal([
      { kind: TokenKind.keyword, text: 'const' },
      { kind: TokenKind.string, text: "'x'" },
      { kind: TokenKind.comment, text: '// why' },
      { kind: TokenKind.keyword, text: 'return' },
      { kind: TokenKind.number, text: '30_000' },
    ]);
  });
});

describe('source excerpts', () => {
  it('cut a declaration with its doc comment out of a real server file, at its real line', () => {
    const excerpt = excerptDeclaration(heartbeatSource, 'startHeartbeat');
    const lines = heartbeatSource.split('\n');
    expect(excerpt.code.split('\n')[0]).to.equal(lines[excerpt.firstLine - 1]);
    expect(excerpt.code).to.match(/export function startHeartbeat\(/);
    expect(excerpt.code.trimEnd().endsWith('}')).to.equal(true);
  });

  it('read past a signature that Prettier split over several lines', () => {
    const source = 'export function long(\n  a: number,\n): Promise<void> {\n  return work(a);\n}\nconst after = 1;';
    const excerpt = excerptDeclaration(source, 'long');
    expect(excerpt.code.split('\n').at(-1)).to.equal('}');
    expect(excerpt.code).to.contain('return work(a);');
  });

  it('fail loudly when the name is gone, so a rename cannot show the wrong code', () => {
    expect(() => excerptDeclaration(heartbeatSource, 'noSuchFunction')).to.throw(ExcerptNotFoundError);
  });
});

describe('wsp-code-block', () => {
  it('numbers the lines from where the excerpt sits in its file', async () => {
    const block = await fixture<WspCodeBlock>(
      html`<wsp-code-block code=${'let a = 1;\nlet b = 2;'} first-line="41" label="example.ts"></wsp-code-block>`,
    );
    const numbers = [...block.shadowRoot!.querySelectorAll('.number')].map((cell) => cell.textContent);
    expect(numbers).to.deep.equal(['41', '42']);
    expect(lineTexts(block)).to.deep.equal(['let a = 1;', 'let b = 2;']);
    expect(block.shadowRoot!.querySelector('figcaption')!.textContent).to.equal('example.ts');
  });

  it('shows markup in the code as text, never as elements', async () => {
    const code = 'const x = "<img src=x onerror=alert(1)>";';
    const block = await fixture<WspCodeBlock>(html`<wsp-code-block .code=${code}></wsp-code-block>`);
    expect(block.shadowRoot!.querySelector('img')).to.equal(null);
    expect(lineTexts(block)).to.deep.equal([code]);
  });

  it('colours a comment that spans lines on each of its lines', async () => {
    const block = await fixture<WspCodeBlock>(html`<wsp-code-block .code=${'/* one\ntwo */ x'}></wsp-code-block>`);
    const comments = [...block.shadowRoot!.querySelectorAll('.comment')].map((span) => span.textContent);
    expect(comments).to.deep.equal(['/* one', 'two */']);
  });
});

describe('wsp-code-block narrower than its longest line', () => {
  it('wraps the line inside the block, the rest under its own code and deeper than its indent', async () => {
    const long = `    // ${'a long comment '.repeat(12)}`;
    const holder = await fixture<HTMLDivElement>(
      html`<div style="width: 420px"><wsp-code-block .code=${`if (x) {\n${long}\n}`}></wsp-code-block></div>`,
    );
    const root = holder.querySelector('wsp-code-block')!.shadowRoot!;
    const pre = root.querySelector('pre')!;
    expect(pre.scrollWidth, 'nothing hidden past the right edge').to.be.at.most(pre.clientWidth);
    const line = root.querySelectorAll('.line')[1]!;
    const comment = line.querySelector('.comment')!;
    const range = document.createRange();
    range.selectNodeContents(comment);
    const rows = [...range.getClientRects()];
    const tops = [...new Set(rows.map((rect) => Math.round(rect.top)))];
    expect(tops.length, 'rows the long line takes').to.be.above(1);
    const firstRowLeft = Math.min(...rows.filter((rect) => Math.round(rect.top) === tops[0]).map((rect) => rect.left));
    const nextRowLeft = Math.min(...rows.filter((rect) => Math.round(rect.top) === tops[1]).map((rect) => rect.left));
    expect(nextRowLeft, 'the continuation starts deeper than the comment').to.be.above(firstRowLeft);
    expect(nextRowLeft, 'never under the line numbers').to.be.above(
      line.querySelector('.number')!.getBoundingClientRect().right,
    );
  });
});

describe('a code block that runs in the playground', () => {
  it('links to its playground example, and a block without one has no link', async () => {
    const runnable = await fixture<WspCodeBlock>(html`<wsp-code-block code="x" playground="echo"></wsp-code-block>`);
    const link = runnable.shadowRoot!.querySelector<HTMLAnchorElement>('a.playground');
    expect(link?.getAttribute('href')).to.equal('#/playground?example=echo');
    expect(link?.textContent).to.equal('Open in the playground');
    const plain = await fixture<WspCodeBlock>(html`<wsp-code-block code="x"></wsp-code-block>`);
    expect(plain.shadowRoot!.querySelector('a')).to.equal(null);
  });
});
