import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import {
  bracketMatching,
  HighlightStyle,
  indentOnInput,
  StreamLanguage,
  syntaxHighlighting,
} from '@codemirror/language';
import { javascript as javascriptMode } from '@codemirror/legacy-modes/mode/javascript';
import { StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, drawSelection, EditorView, keymap, lineNumbers, type DecorationSet } from '@codemirror/view';
import { tags } from '@lezer/highlight';

/*
 * JavaScript through CodeMirror 5's stream mode, not @codemirror/lang-javascript: Lezer's full grammar would
 * cost about 35 KB gzip of the playground's 150, and a reader's short scripts need colours and indentation,
 * not a syntax tree.
 */
const javascript = StreamLanguage.define(javascriptMode);

/** The site's code colours (site-theme.css), the same as the code blocks': light-dark() picks the theme's. */
const highlightStyle = HighlightStyle.define([
  { tag: tags.keyword, color: 'var(--wsp-code-keyword, #7a2bb3)', fontWeight: '600' },
  { tag: [tags.string, tags.special(tags.string), tags.regexp], color: 'var(--wsp-code-string, #1f6f3a)' },
  { tag: [tags.number, tags.atom, tags.bool], color: 'var(--wsp-code-number, #9a4d00)' },
  { tag: tags.comment, color: 'var(--wsp-code-comment, #5b6478)', fontStyle: 'italic' },
  {
    tag: [tags.definition(tags.variableName), tags.definition(tags.propertyName)],
    color: 'var(--wsp-accent-text, #1d47a8)',
  },
  { tag: tags.invalid, color: 'var(--wsp-error, #b42318)' },
]);

/*
 * The editor's look from the site's custom properties. CodeMirror's base theme is made for a light page (a
 * black cursor, pale selection and gutters), so everything it colours is set here, for both themes at once.
 */
const siteTheme = EditorView.theme({
  '&': {
    color: 'var(--wsp-text, #1b2130)',
    backgroundColor: 'var(--wsp-code-bg, #f0f2f6)',
    border: '1px solid var(--wsp-border-strong, #8a93a6)',
    borderRadius: 'var(--wsp-radius, 6px)',
    fontSize: '0.85rem',
  },
  '&.cm-focused': { outline: '3px solid var(--wsp-focus, #f5a524)', outlineOffset: '2px' },
  '.cm-scroller': {
    fontFamily: "var(--wsp-mono, ui-monospace, 'Cascadia Mono', Menlo, Consolas, monospace)",
    lineHeight: '1.5',
    minHeight: 'var(--wsp-code-editor-min-height, 10rem)',
    maxHeight: 'var(--wsp-code-editor-height, 28rem)',
  },
  '.cm-content': { caretColor: 'var(--wsp-text, #1b2130)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--wsp-text, #1b2130)' },
  '.cm-selectionBackground, &.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground': {
    backgroundColor: 'var(--wsp-current, #e2e9fb)',
  },
  '.cm-content ::selection': { backgroundColor: 'var(--wsp-current, #e2e9fb)' },
  '.cm-gutters': {
    color: 'var(--wsp-muted, #5b6478)',
    backgroundColor: 'var(--wsp-code-bg, #f0f2f6)',
    borderRight: '1px solid var(--wsp-border, #d5d9e2)',
  },
  '.cm-wsp-error-line': {
    backgroundColor: 'color-mix(in srgb, var(--wsp-error, #b42318) 8%, transparent)',
    boxShadow: 'inset 3px 0 0 var(--wsp-error, #b42318)',
  },
});

/** Marks one line (1-based) as the reader's error, or clears the mark with undefined. */
export const markErrorLine = StateEffect.define<number | undefined>();

const errorLineMark = Decoration.line({ class: 'cm-wsp-error-line' });

/** The error line's mark: set by the page after a run, gone as soon as the reader edits (the error may be fixed). */
const errorLine = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, transaction) {
    let next = transaction.docChanged ? Decoration.none : marks;
    for (const effect of transaction.effects) {
      if (!effect.is(markErrorLine)) continue;
      const line = effect.value;
      const doc = transaction.state.doc;
      next =
        line === undefined || line < 1 || line > doc.lines
          ? Decoration.none
          : Decoration.set(errorLineMark.range(doc.line(line).from));
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

/** Everything the editor needs but its name and read-only state: JavaScript, undo, keys, look. */
export function codeEditorExtensions(): Extension {
  return [
    lineNumbers(),
    history(),
    drawSelection(),
    bracketMatching(),
    indentOnInput(),
    javascript,
    syntaxHighlighting(highlightStyle),
    // Tab indents, as in any code editor; Escape then Tab still leaves it (CodeMirror's rule), so no keyboard trap.
    keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
    // A phone is narrow: long lines wrap rather than widen the page.
    EditorView.lineWrapping,
    siteTheme,
    errorLine,
  ];
}
