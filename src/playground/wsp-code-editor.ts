import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { nextTask } from '../components/page-part.ts';
import { CodeChangeEvent } from './code-change-event.ts';
import type { CodeEditor } from './code-editor-view.ts';

const HINT_ID = 'keys-hint';

/** Resolves once the next frame has been painted (a task after the frame's), or soon in a tab that draws none. */
const afterNextPaint = (): Promise<void> =>
  new Promise<void>((resolve) => {
    requestAnimationFrame(() => resolve());
    setTimeout(resolve, 200);
  }).then(nextTask);

/**
 * A JavaScript editor (CodeMirror 6): colours, indentation, undo, bracket
 * matching. Tab indents; Escape then Tab leaves it, as the hint under it says.
 * CodeMirror (code-editor-view.ts) loads when the first editor renders, so
 * the page around it shows first; `updateComplete` waits for it.
 *
 * @fires wsp-code-change - the reader edited the code (never when `value` is set)
 * @cssprop --wsp-code-editor-min-height - the editor's height when the code is short
 * @cssprop --wsp-code-editor-height - the height past which it scrolls
 */
@customElement('wsp-code-editor')
export class WspCodeEditor extends LitElement {
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
    .problem {
      color: var(--wsp-error, #b42318);
    }
    /* The code as text until CodeMirror shows it: about the editor's box and height, so nothing below it moves. */
    .waiting {
      box-sizing: border-box;
      margin: 0;
      padding: 4px 6px 4px 3.25rem;
      min-height: var(--wsp-code-editor-min-height, 10rem);
      max-height: var(--wsp-code-editor-height, 28rem);
      overflow: hidden;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
      font-family: var(--wsp-mono, ui-monospace, 'Cascadia Mono', Menlo, Consolas, monospace);
      font-size: 0.85rem;
      line-height: 1.5;
      color: var(--wsp-text, #1b2130);
      background: var(--wsp-code-bg, #f0f2f6);
      border: 1px solid var(--wsp-border-strong, #8a93a6);
      border-radius: var(--wsp-radius, 6px);
    }
    .waiting[tabindex] {
      overflow: auto;
    }
    .waiting:focus-visible {
      outline: 3px solid var(--wsp-focus, #f5a524);
      outline-offset: 2px;
    }
  `;

  /** The accessible name of the editing area (its aria-label), such as "Client code". */
  @property() label = 'Code';
  /** Shows the code without letting the reader change it (it can still be focused, selected and copied). */
  @property({ type: Boolean, reflect: true }) readonly = false;

  /** Why CodeMirror did not load (offline, a site updated under the page), shown in the editor's place. */
  @state() private loadProblem = '';
  /** Whether CodeMirror shows the code: until then the box keeps about its height, so nothing below it jumps. */
  @state() private shown = false;

  #editor: CodeEditor | undefined;
  #loading: Promise<void> | undefined;
  /** What the page set before CodeMirror arrived, in order, and the line it marked: applied once it has. */
  #early: string[] = [];
  #earlyLine: number | undefined;
  /** Whether the page has set a value yet: the first one is where undo stops. */
  #valueSet = false;

  /**
   * The code. Setting it replaces the document without a wsp-code-change
   * event; after the first value, as one step the reader can undo (Ctrl+Z),
   * so an example picked by mistake loses nothing.
   */
  get value(): string {
    return this.#editor?.value ?? this.#early.at(-1) ?? '';
  }

  set value(code: string) {
    // A page that binds the value it last heard back would otherwise add an undo step on every key.
    if (code === this.value) return;
    const first = !this.#valueSet;
    this.#valueSet = true;
    if (this.#editor) {
      this.#editor.setValue(code, !first);
      return;
    }
    // A new document drops an error's mark, as the editor does once it is here.
    this.#early.push(code);
    this.#earlyLine = undefined;
    this.requestUpdate();
  }

  /** Marks line `line` (1-based) as the one where the reader's code failed, and scrolls to it; undefined clears it. */
  markLine(line: number | undefined): void {
    if (this.#editor) this.#editor.markLine(line);
    else this.#earlyLine = line;
  }

  override focus(options?: FocusOptions): void {
    if (!this.#editor?.focus()) super.focus(options);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.#mount();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#editor?.unmount();
  }

  /** Done when the element has rendered and its editor is on the page (or said why it is not). */
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    await this.#loading;
    return done;
  }

  protected override render() {
    return html`${
        this.loadProblem
          ? html`<p class="problem" role="alert">
              The editor did not load (${this.loadProblem}).
              <button type="button" @click=${this.#retry}>Try again</button>
            </p>`
          : nothing
      }
      ${this.shown ? nothing : this.#waiting()}
      <div class="editor"></div>
      ${
        this.readonly
          ? ''
          : html`<p class="hint" id=${HINT_ID}>
              <kbd>Tab</kbd> indents. To leave the editor, press <kbd>Esc</kbd>, then <kbd>Tab</kbd>.
            </p>`
      }`;
  }

  protected override firstUpdated(): void {
    void this.#load();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (this.#editor && (changed.has('label') || changed.has('readonly'))) {
      this.#editor.configure(this.label, this.readonly);
    }
  }

  #load(): Promise<void> {
    // CodeMirror is asked for once the page around it has been painted; building an editor is a long task on a
    // phone, so each editor takes one of its own, after the one in which CodeMirror's module ran.
    this.#loading ??= afterNextPaint()
      .then(() => import('./code-editor-view.ts'))
      .then(async (module) => {
        await nextTask();
        return module;
      })
      .then(
        ({ CodeEditor }) => {
          this.loadProblem = '';
          const editor = new CodeEditor({
            label: this.label,
            readonly: this.readonly,
            hintId: HINT_ID,
            onEdit: (code) => this.dispatchEvent(new CodeChangeEvent(code)),
          });
          this.#early.forEach((code, index) => editor.setValue(code, index > 0));
          this.#early = [];
          this.#editor = editor;
          this.#mount();
          // Marked once shown, so that the editor scrolls to the line.
          if (this.#earlyLine !== undefined) editor.markLine(this.#earlyLine);
          this.shown = true;
        },
        (error: unknown) => {
          this.#loading = undefined;
          this.loadProblem = error instanceof Error ? error.message : String(error);
        },
      );
    return this.#loading;
  }

  /** The code as text: while CodeMirror loads, and for reading and scrolling if it cannot. */
  #waiting() {
    return this.loadProblem
      ? html`<pre class="waiting" tabindex="0" role="region" aria-label=${`${this.label} as text`}>${this.value}</pre>`
      : html`<pre class="waiting" aria-hidden="true">${this.value}</pre>`;
  }

  readonly #retry = async (): Promise<void> => {
    await this.#load();
    // The button is gone with the problem: the reader's focus goes to the editor that replaced it.
    this.focus();
  };

  #mount(): void {
    const parent = this.renderRoot.querySelector('.editor');
    if (this.#editor && parent && this.shadowRoot && this.isConnected) this.#editor.mount(parent, this.shadowRoot);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-code-editor': WspCodeEditor;
  }
}
