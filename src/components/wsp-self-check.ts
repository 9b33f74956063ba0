import { css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { SelfCheckAnswerEvent } from './self-check-answer-event.ts';
import { controlStyles } from './styles/shared-styles.ts';
import { PagePart } from './page-part.ts';

/** One answer to a self-check question. */
export interface SelfCheckOption {
  readonly text: string;
  readonly correct: boolean;
  /** Why this answer is right or wrong: shown once the reader has answered. */
  readonly explanation: string;
}

/**
 * A self-check question: the reader picks an answer and sees whether it is
 * right and why, for the answer picked and for the right one.
 *
 * @fires wsp-self-check-answer - when the reader answers (composed: the site records progress)
 */
@customElement('wsp-self-check')
export class WspSelfCheck extends PagePart {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
        margin: 1rem 0;
      }
      fieldset {
        border: 1px solid var(--wsp-border, #d5d9e2);
        border-radius: var(--wsp-radius, 6px);
        padding: 0.5rem 1rem 0.75rem;
        /* A fieldset is as wide as its longest word by default: a long URL in a question would widen the page. */
        min-inline-size: 0;
        overflow-wrap: anywhere;
      }
      legend {
        font-weight: 600;
        padding: 0 0.25rem;
      }
      label {
        display: flex;
        gap: 0.5rem;
        align-items: baseline;
        margin: 0.3rem 0;
      }
      .verdict {
        margin: 0.5rem 0 0;
      }
      .right {
        color: var(--wsp-received, #1d7437);
      }
      .wrong {
        color: var(--wsp-error, #b42318);
      }
    `,
  ];

  /** The question. */
  @property() question = '';
  /** The answers, in the order shown. */
  @property({ attribute: false }) options: readonly SelfCheckOption[] = [];

  @state() private picked: number | undefined;

  protected override render() {
    const picked = this.picked === undefined ? undefined : this.options[this.picked];
    const right = this.options.find((option) => option.correct);
    return html`<fieldset>
      <legend>${this.question}</legend>
      ${this.options.map(
        (option, index) =>
          html`<label
            ><input type="radio" name="answer" .checked=${this.picked === index} @change=${() => this.#answer(index)} />
            <span>${option.text}</span></label
          >`,
      )}
      <div role="status" aria-live="polite">
        ${
          picked
            ? html`<p class="verdict">
                  <strong class=${picked.correct ? 'right' : 'wrong'}
                    >${picked.correct ? 'Right.' : 'Not quite.'}</strong
                  >
                  ${picked.explanation}
                </p>
                ${
                  !picked.correct && right
                    ? html`<p class="verdict">The answer: “${right.text}”. ${right.explanation}</p>`
                    : nothing
                }`
            : nothing
        }
      </div>
    </fieldset>`;
  }

  #answer(index: number): void {
    this.picked = index;
    const option = this.options[index];
    if (option) this.dispatchEvent(new SelfCheckAnswerEvent(this.question, option.correct));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-self-check': WspSelfCheck;
  }
}
