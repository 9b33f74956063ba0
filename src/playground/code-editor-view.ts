import {
  Annotation,
  Compartment,
  EditorState,
  Transaction,
  type StateEffect,
  type TransactionSpec,
} from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { codeEditorExtensions, markErrorLine } from './code-editor-extensions.ts';

/** Marks the changes the page makes through `setValue`: they are not the reader's edits. */
const fromValue = Annotation.define<boolean>();

export interface CodeEditorOptions {
  /** The editing area's accessible name. */
  readonly label: string;
  readonly readonly: boolean;
  /** The id of the hint that says how to leave the editor (none when read-only). */
  readonly hintId: string;
  /** The reader edited the code (never called for `setValue`). */
  readonly onEdit: (code: string) => void;
}

/**
 * One CodeMirror 6 editor: its state, and its view while it is on the page.
 * Loaded when the first editor renders, so the playground's page shows
 * before CodeMirror has arrived (wsp-code-editor.ts holds the element).
 */
export class CodeEditor {
  readonly #name = new Compartment();
  readonly #access = new Compartment();
  readonly #hintId: string;
  readonly #onEdit: (code: string) => void;
  /** The state while no view shows it: while the element is detached. */
  #state: EditorState;
  #view: EditorView | undefined;

  constructor(options: CodeEditorOptions) {
    this.#hintId = options.hintId;
    this.#onEdit = options.onEdit;
    this.#state = EditorState.create({
      extensions: [
        codeEditorExtensions(),
        this.#name.of(this.#nameExtension(options.label, options.readonly)),
        this.#access.of(EditorState.readOnly.of(options.readonly)),
        // Only the reader's edits (an undo of a value set included) reach the page.
        EditorView.updateListener.of((update) => {
          const set = update.transactions.some((transaction) => transaction.annotation(fromValue));
          if (update.docChanged && !set) this.#onEdit(update.state.doc.toString());
        }),
      ],
    });
  }

  get value(): string {
    return this.#current().doc.toString();
  }

  /** Replaces the document; as a step the reader can undo when `undoable`. */
  setValue(code: string, undoable: boolean): void {
    this.#update({
      changes: { from: 0, to: this.#current().doc.length, insert: code },
      annotations: [fromValue.of(true), Transaction.addToHistory.of(undoable)],
    });
  }

  /** Marks line `line` (1-based) as the one where the reader's code failed, and scrolls to it; undefined clears it. */
  markLine(line: number | undefined): void {
    const effects: StateEffect<unknown>[] = [markErrorLine.of(line)];
    const doc = this.#current().doc;
    if (line !== undefined && line >= 1 && line <= doc.lines) {
      effects.push(EditorView.scrollIntoView(doc.line(line).from, { y: 'center' }));
    }
    this.#update({ effects });
  }

  configure(label: string, readonly: boolean): void {
    this.#update({
      effects: [
        this.#name.reconfigure(this.#nameExtension(label, readonly)),
        this.#access.reconfigure(EditorState.readOnly.of(readonly)),
      ],
    });
  }

  /** Shows the editor in `parent`, in the shadow root `root`, so CodeMirror puts its styles there too. */
  mount(parent: Element, root: ShadowRoot): void {
    this.#view ??= new EditorView({ state: this.#state, parent, root });
  }

  /** The view observes the window (scroll, resize): it goes with the element, and the state stays. */
  unmount(): void {
    if (!this.#view) return;
    this.#state = this.#view.state;
    this.#view.destroy();
    this.#view = undefined;
  }

  /** Focuses the editing area; false while it is not on the page. */
  focus(): boolean {
    this.#view?.focus();
    return this.#view !== undefined;
  }

  #current(): EditorState {
    return this.#view?.state ?? this.#state;
  }

  #update(spec: TransactionSpec): void {
    if (this.#view) this.#view.dispatch(spec);
    else this.#state = this.#state.update(spec).state;
  }

  #nameExtension(label: string, readonly: boolean) {
    return EditorView.contentAttributes.of({
      'aria-label': label,
      // Focusable as it is (contenteditable); said outright so that checkers know the scrolling box holds a stop.
      tabindex: '0',
      ...(readonly ? { 'aria-readonly': 'true' } : { 'aria-describedby': this.#hintId }),
    });
  }
}
