import {
  Annotation,
  Compartment,
  EditorState,
  Transaction,
  type StateEffect,
  type TransactionSpec,
} from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { css, html, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { PagePart } from '../components/page-part.ts';
import { CodeChangeEvent } from './code-change-event.ts';
import { codeEditorExtensions, markErrorLine } from './code-editor-extensions.ts';

const HINT_ID = 'keys-hint';

/** Marks the changes the page makes through `value`: they are not the reader's edits. */
const fromValue = Annotation.define<boolean>();

/**
 * A JavaScript editor (CodeMirror 6): colours, indentation, undo, bracket
 * matching. Tab indents; Escape then Tab leaves it, as the hint under it says.
 *
 * @fires wsp-code-change - the reader edited the code (never when `value` is set)
 * @cssprop --wsp-code-editor-min-height - the editor's height when the code is short
 * @cssprop --wsp-code-editor-height - the height past which it scrolls
 */
@customElement('wsp-code-editor')
export class WspCodeEditor extends PagePart {
  static override styles = css`
    :host {
      display: block;
      min-width: 0;
    }
    .editor {
      min-width: 0;
    }
    .hint {
      margin: 0.35rem 0 0;
      font-size: 0.8rem;
      color: var(--wsp-muted, #5b6478);
    }
    kbd {
      font-family: var(--wsp-mono, ui-monospace, 'Cascadia Mono', Menlo, Consolas, monospace);
      font-size: 0.9em;
      padding: 0 0.3em;
      border: 1px solid var(--wsp-border, #d5d9e2);
      border-radius: 4px;
    }
  `;

  /** The accessible name of the editing area (its aria-label), such as "Client code". */
  @property() label = 'Code';
  /** Shows the code without letting the reader change it (it can still be focused, selected and copied). */
  @property({ type: Boolean, reflect: true }) readonly = false;

  readonly #name = new Compartment();
  readonly #access = new Compartment();
  /** The editor's state while no view shows it: before the first render, and while the element is detached. */
  #state = this.#newState('');
  #view: EditorView | undefined;
  /** Whether the page has set a value yet: the first one is where undo stops. */
  #valueSet = false;

  /**
   * The code. Setting it replaces the document without a wsp-code-change
   * event; after the first value, as one step the reader can undo (Ctrl+Z),
   * so an example picked by mistake loses nothing.
   */
  get value(): string {
    return this.#current().doc.toString();
  }

  set value(code: string) {
    // A page that binds the value it last heard back would otherwise add an undo step on every key.
    if (code === this.value) return;
    const first = !this.#valueSet;
    this.#valueSet = true;
    this.#update({
      changes: { from: 0, to: this.#current().doc.length, insert: code },
      annotations: [fromValue.of(true), Transaction.addToHistory.of(!first)],
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

  override focus(options?: FocusOptions): void {
    if (this.#view) this.#view.focus();
    else super.focus(options);
  }

  /** Building an editor is a long task on a phone: each of the page's editors takes one of its own. */
  protected override get rendersApart(): boolean {
    return true;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.#mount();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // The view observes the window (scroll, resize): it goes with the element and comes back with the same state.
    if (!this.#view) return;
    this.#state = this.#view.state;
    this.#view.destroy();
    this.#view = undefined;
  }

  protected override render() {
    return html`<div class="editor"></div>
      ${
        this.readonly
          ? ''
          : html`<p class="hint" id=${HINT_ID}>
              <kbd>Tab</kbd> indents. To leave the editor, press <kbd>Esc</kbd>, then <kbd>Tab</kbd>.
            </p>`
      }`;
  }

  protected override firstUpdated(): void {
    this.#mount();
  }

  protected override updated(changed: PropertyValues<this>): void {
    const effects: StateEffect<unknown>[] = [];
    if (changed.has('label') || changed.has('readonly')) effects.push(this.#name.reconfigure(this.#nameExtension()));
    if (changed.has('readonly')) effects.push(this.#access.reconfigure(EditorState.readOnly.of(this.readonly)));
    if (effects.length > 0) this.#update({ effects });
  }

  #mount(): void {
    const parent = this.renderRoot.querySelector('.editor');
    if (this.#view || !parent || !this.shadowRoot) return;
    // In the shadow root, so CodeMirror puts its styles there too and the page's styles cannot reach it.
    this.#view = new EditorView({ state: this.#state, parent, root: this.shadowRoot });
  }

  #current(): EditorState {
    return this.#view?.state ?? this.#state;
  }

  #update(spec: TransactionSpec): void {
    if (this.#view) this.#view.dispatch(spec);
    else this.#state = this.#state.update(spec).state;
  }

  #nameExtension() {
    return EditorView.contentAttributes.of({
      'aria-label': this.label,
      // Focusable as it is (contenteditable); said outright so that checkers know the scrolling box holds a stop.
      tabindex: '0',
      ...(this.readonly ? { 'aria-readonly': 'true' } : { 'aria-describedby': HINT_ID }),
    });
  }

  #newState(code: string): EditorState {
    return EditorState.create({
      doc: code,
      extensions: [
        codeEditorExtensions(),
        this.#name.of(this.#nameExtension()),
        this.#access.of(EditorState.readOnly.of(this.readonly)),
        // Only the reader's edits (an undo of a value set included) reach the page as an event.
        EditorView.updateListener.of((update) => {
          const set = update.transactions.some((transaction) => transaction.annotation(fromValue));
          if (update.docChanged && !set) this.dispatchEvent(new CodeChangeEvent(update.state.doc.toString()));
        }),
      ],
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-code-editor': WspCodeEditor;
  }
}
