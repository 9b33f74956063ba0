import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { CodeChangeEvent } from '../../../src/playground/code-change-event.ts';
import '../../../src/playground/wsp-code-editor.ts';
import type { WspCodeEditor } from '../../../src/playground/wsp-code-editor.ts';
import { applyTheme, linkSiteTheme, shadow } from '../helpers/lesson-helpers.ts';

/** The editing area CodeMirror made in the editor's shadow root. */
function content(editor: WspCodeEditor): HTMLElement {
  const area = shadow(editor).querySelector<HTMLElement>('.cm-content');
  if (!area) throw new Error('the editor has no CodeMirror content area');
  return area;
}

/** Presses `key` with Control held (puppeteer's press takes one key, not a chord). */
async function withControl(key: string, shift = false): Promise<void> {
  await sendKeys({ down: 'Control' });
  if (shift) await sendKeys({ down: 'Shift' });
  await sendKeys({ press: key });
  if (shift) await sendKeys({ up: 'Shift' });
  await sendKeys({ up: 'Control' });
}

/** An editor holding `code`, a button after it, in a column `width` wide; the events it fires. */
async function setUp(code: string, width = '40rem') {
  const column = await fixture<HTMLDivElement>(
    html`<div style=${`width: ${width}`}>
      <wsp-code-editor label="Client code" .value=${code}></wsp-code-editor>
      <button>after</button>
    </div>`,
  );
  const editor = column.querySelector('wsp-code-editor')!;
  await editor.updateComplete;
  const changes: CodeChangeEvent[] = [];
  editor.addEventListener('wsp-code-change', (event) => changes.push(event));
  return { column, editor, changes, after: column.querySelector('button')! };
}

describe('the code editor', () => {
  it('takes what the reader types and fires wsp-code-change with the new code', async () => {
    const { editor, changes } = await setUp('log(1);');
    editor.focus();
    await sendKeys({ press: 'End' });
    await sendKeys({ type: ' // hi' });
    expect(editor.value).to.equal('log(1); // hi');
    expect(changes.length).to.be.greaterThan(0);
    const last = changes.at(-1)!;
    expect(last.value).to.equal('log(1); // hi');
    expect(last.bubbles).to.equal(true);
    expect(last.composed).to.equal(false);
  });

  it('undoes the reader’s typing with Ctrl+Z and redoes it with Ctrl+Shift+Z', async () => {
    const { editor, changes } = await setUp('log(1);');
    editor.focus();
    await sendKeys({ type: 'abc' });
    expect(editor.value).to.equal('abclog(1);');
    const before = changes.length;
    await withControl('z');
    expect(editor.value).to.equal('log(1);');
    expect(changes.length).to.equal(before + 1);
    await withControl('z', true);
    expect(editor.value).to.equal('abclog(1);');
  });

  it('indents with Tab, and lets the reader leave with Escape then Tab', async () => {
    const { editor, after } = await setUp('log(1);');
    editor.focus();
    await sendKeys({ press: 'Tab' });
    expect(editor.value).to.equal('  log(1);');
    expect(document.activeElement).to.equal(editor);
    await sendKeys({ press: 'Escape' });
    await sendKeys({ press: 'Tab' });
    expect(document.activeElement).to.equal(after);
    expect(editor.value).to.equal('  log(1);');
  });

  it('says under the editor how to leave it, and names the hint as the area’s description', async () => {
    const { editor } = await setUp('');
    const hint = shadow(editor).querySelector('.hint')!;
    expect(hint.textContent!.replace(/\s+/g, ' ').trim()).to.equal(
      'Tab indents. To leave the editor, press Esc, then Tab.',
    );
    expect(content(editor).getAttribute('aria-describedby')).to.equal(hint.id);
  });

  it('replaces the code when value is set, with no event, as one step that Ctrl+Z takes back', async () => {
    const { editor, changes } = await setUp('old();');
    editor.value = 'fresh();\nlog(2);';
    expect(editor.value).to.equal('fresh();\nlog(2);');
    expect(content(editor).textContent).to.contain('fresh();');
    expect(changes).to.have.length(0);
    editor.focus();
    await withControl('z');
    expect(editor.value).to.equal('old();');
    // The undo is the reader's: the page hears of it.
    expect(changes.at(-1)?.value).to.equal('old();');
    await withControl('z');
    expect(editor.value, 'the first value is where undo stops').to.equal('old();');
  });

  it('keeps what the page set and marked before CodeMirror arrived, the first value where undo stops', async () => {
    const editor = document.createElement('wsp-code-editor');
    editor.value = 'first();';
    editor.value = 'second();\nbroken(;';
    editor.markLine(2);
    expect(editor.value, 'before it renders').to.equal('second();\nbroken(;');
    const column = await fixture<HTMLDivElement>(html`<div style="width: 40rem"></div>`);
    column.append(editor);
    await editor.updateComplete;
    expect(content(editor).textContent).to.contain('second();');
    const marked = [...shadow(editor).querySelectorAll('.cm-line.cm-wsp-error-line')].map((line) => line.textContent);
    expect(marked).to.deep.equal(['broken(;']);
    editor.focus();
    await withControl('z');
    expect(editor.value).to.equal('first();');
    await withControl('z');
    expect(editor.value).to.equal('first();');
  });

  it('shows the code as text until CodeMirror arrives, and drops an early mark when the code changes', async () => {
    const editor = document.createElement('wsp-code-editor');
    editor.value = 'one();\ntwo();';
    editor.markLine(2);
    editor.value = 'other();\ncode();';
    const column = await fixture<HTMLDivElement>(html`<div style="width: 40rem"></div>`);
    column.append(editor);
    await new Promise(requestAnimationFrame);
    // Before the editor: the text in its place, already about its height (nothing below it moves when it comes).
    expect(shadow(editor).querySelector('pre.waiting')?.textContent).to.equal('other();\ncode();');
    await editor.updateComplete;
    expect(shadow(editor).querySelector('pre.waiting'), 'gone once the editor shows').to.equal(null);
    expect(shadow(editor).querySelectorAll('.cm-wsp-error-line')).to.have.length(0);
  });

  it('keeps the cursor where it is when set to the code it already holds', async () => {
    const { editor } = await setUp('log(1);');
    editor.focus();
    await sendKeys({ press: 'End' });
    editor.value = 'log(1);';
    await sendKeys({ type: 'x' });
    expect(editor.value).to.equal('log(1);x');
  });

  it('names its editing area with label, and follows a new label', async () => {
    const { editor } = await setUp('');
    expect(content(editor).getAttribute('aria-label')).to.equal('Client code');
    editor.label = 'Server code';
    await editor.updateComplete;
    expect(content(editor).getAttribute('aria-label')).to.equal('Server code');
  });

  it('refuses edits when readonly, and says so to assistive technology', async () => {
    const { editor, changes } = await setUp('log(1);');
    editor.readonly = true;
    await editor.updateComplete;
    editor.focus();
    await sendKeys({ type: 'abc' });
    expect(editor.value).to.equal('log(1);');
    expect(changes).to.have.length(0);
    expect(content(editor).getAttribute('aria-readonly')).to.equal('true');
    expect(shadow(editor).querySelector('.hint')).to.equal(null);
  });

  it('marks the line of an error until the reader edits', async () => {
    const { editor } = await setUp('one();\ntwo();\nthree();');
    const marked = () => [...shadow(editor).querySelectorAll('.cm-line.cm-wsp-error-line')].map((l) => l.textContent);
    editor.markLine(2);
    expect(marked()).to.deep.equal(['two();']);
    editor.markLine(99);
    expect(marked()).to.deep.equal([]);
    editor.markLine(3);
    expect(marked()).to.deep.equal(['three();']);
    editor.focus();
    await sendKeys({ type: 'x' });
    expect(marked()).to.deep.equal([]);
  });

  it('keeps its code and history when taken out of the page and put back', async () => {
    const { column, editor } = await setUp('log(1);');
    editor.focus();
    await sendKeys({ type: 'a' });
    editor.remove();
    expect(editor.value).to.equal('alog(1);');
    column.prepend(editor);
    expect(shadow(editor).querySelectorAll('.cm-editor')).to.have.length(1);
    editor.focus();
    await withControl('z');
    expect(editor.value).to.equal('log(1);');
  });

  it('wraps long lines in a 360 px column rather than growing past it', async () => {
    const long = `log(${JSON.stringify('a long line of text '.repeat(12))});`;
    const { column, editor } = await setUp(`${long}\n${long}`, '360px');
    expect(editor.getBoundingClientRect().width).to.be.at.most(360);
    expect(column.scrollWidth).to.be.at.most(column.clientWidth);
    const scroller = shadow(editor).querySelector('.cm-scroller')!;
    expect(scroller.scrollWidth).to.be.at.most(scroller.clientWidth);
  });

  describe('accessibility', () => {
    before(linkSiteTheme);
    after(() => {
      delete document.documentElement.dataset['theme'];
    });

    for (const theme of ['light', 'dark'] as const) {
      it(`finds no axe violations, the code coloured (${theme} theme)`, async () => {
        applyTheme(theme);
        const { column, editor } = await setUp(
          "// a comment\nconst ws = new WebSocket(`${SERVER}/echo`);\nws.send('hi', 42, true);",
        );
        editor.markLine(2);
        await expect(column).to.be.accessible();
      });
    }
  });
});
