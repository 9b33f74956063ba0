import { css, html, nothing } from 'lit';
import { customElement, query } from 'lit/decorators.js';
import { FocusKeeper } from '../../components/focus-keeper.ts';
import { Defence, MAX_TEXT, SECRET_LENGTH, SECRET_MARK, victimMessage } from './length-oracle.ts';
import { OracleGame } from './oracle-game.ts';
import { deflateDemoStyles } from './styles.ts';
import { bytesText } from './wire-size.ts';
import { PagePart } from '../../components/page-part.ts';

const DEFENCES: readonly { readonly value: Defence; readonly text: string }[] = [
  { value: Defence.none, text: 'None: the token and your text share one compressed message' },
  { value: Defence.separate, text: 'Separate contexts: the token in a message of its own, no context takeover' },
  { value: Defence.off, text: 'Compression off' },
];

/**
 * Why compression can leak: a length-oracle game. The page keeps a secret
 * token and sends it compressed together with text the reader (the
 * attacker) chooses; the reader sees only each message's size on the wire
 * and recovers the token a character at a time. Then the defences, which
 * make every guess weigh the same.
 */
@customElement('wsp-deflate-oracle')
export class WspDeflateOracle extends PagePart {
  static override styles = [
    deflateDemoStyles,
    css`
      .message {
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
        font-size: 0.85rem;
        padding: 0.4rem 0.6rem;
        background: var(--wsp-code-bg, #f6f7f9);
        border-radius: var(--wsp-radius, 6px);
        overflow-wrap: anywhere;
      }
      .known {
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
        font-size: 1.1rem;
        letter-spacing: 0.1em;
      }
      .candidates {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(3.6rem, 1fr));
        gap: 0.3rem;
      }
      .candidates button {
        /* Holds its visually hidden words. */
        position: relative;
        padding: 0.2em 0.3em;
        display: grid;
        justify-items: center;
        line-height: 1.2;
      }
      .candidates .char {
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
        font-weight: 700;
      }
      .candidates .size {
        font-size: 0.75rem;
      }
      .candidates button[data-shortest='true'] {
        outline: 3px solid var(--wsp-received, #1d7437);
        outline-offset: -3px;
      }
      ul.attempts {
        margin: 0;
        padding-left: 1.2rem;
        font-size: 0.9rem;
      }
      ul.attempts code {
        overflow-wrap: anywhere;
      }
    `,
  ];

  /** Keeps a keyboard reader's focus in the demo when the control they pressed is disabled. */
  readonly focusKeeper = new FocusKeeper(this);

  readonly #game = new OracleGame(this);
  @query('#attacker-text') private textInput!: HTMLInputElement;

  protected override render() {
    const game = this.#game;
    const oracle = game.oracle;
    return html`
      <p class="hint">
        This game runs in the page whichever mode is on: the page plays the victim's browser, compressing each message
        on its own as the simulated wire does, and shows you only what an eavesdropper on the network sees: each frame's
        size.
      </p>
      <div class="row">
        <button id="start" ?disabled=${game.loading} @click=${() => void game.start()}>
          ${oracle ? 'New secret' : 'Start the game'}
        </button>
      </div>
      ${game.problem ? html`<p class="outcome" data-ok="false" role="alert">${game.problem}</p>` : nothing}
      ${oracle ? this.#board() : nothing}
    `;
  }

  #board() {
    const game = this.#game;
    const oracle = game.oracle!;
    const hidden = '•'.repeat(SECRET_LENGTH);
    const known = oracle.known.padEnd(SECRET_LENGTH, '_');
    return html`<p>The message the victim's page sends, the token hidden:</p>
      <p class="message" id="victim-message">${victimMessage(hidden, 'your text')}</p>
      <fieldset>
        <legend>The defence</legend>
        ${DEFENCES.map(
          ({ value, text }) =>
            html`<label class="choice"
              ><input
                type="radio"
                name="defence"
                id="defence-${value}"
                .checked=${oracle.defence === value}
                @change=${() => game.setDefence(value)}
              />${text}</label
            >`,
        )}
      </fieldset>
      <form class="row" @submit=${this.#send}>
        <label for="attacker-text">Your text</label>
        <input id="attacker-text" type="text" autocomplete="off" maxlength=${MAX_TEXT} .value=${`${SECRET_MARK}a`} />
        <button id="send-text" type="submit">Make the page send it</button>
      </form>
      ${
        game.attempts.length > 0
          ? html`<ul class="attempts" id="attempts" aria-label="What the eavesdropper saw">
              ${game.attempts.map(
                (attempt) =>
                  html`<li><code>${JSON.stringify(attempt.text)}</code>: ${bytesText(attempt.bytes)} on the wire</li>`,
              )}
            </ul>`
          : nothing
      }
      <p>Recovered so far: <span class="known" id="known">${SECRET_MARK}${known}</span></p>
      ${oracle.complete ? this.#verdict() : this.#round()}
      <div class="row">
        <button id="undo" class="secondary" ?disabled=${oracle.known === ''} @click=${() => game.undo()}>
          Undo the last character
        </button>
        <button id="reveal" class="secondary" @click=${() => game.reveal()}>Show the secret</button>
        ${game.revealed ? html`<span id="secret" class="known">${SECRET_MARK}${oracle.secret}</span>` : nothing}
      </div>`;
  }

  #round() {
    const game = this.#game;
    const oracle = game.oracle!;
    const round = game.round;
    const shortest = game.shortest;
    const telling = shortest.length === 1;
    return html`<p>
        The page sends <code>${oracle.guessText('?')}</code> once for each character <code>?</code> could be. Pick the
        character whose message came out shortest:
      </p>
      <div class="candidates" id="candidates" role="group" aria-label="Each candidate and its message's size">
        ${round.map(
          (guess) =>
            html`<button
              class="secondary"
              data-char=${guess.char}
              data-shortest=${shortest.includes(guess.char) && telling ? 'true' : 'false'}
              @click=${() => game.keep(guess.char)}
            >
              <span class="char">${guess.char}<span class="visually-hidden">:</span></span
              ><span class="size">${guess.bytes}<span class="visually-hidden"> bytes</span></span>
            </button>`,
        )}
      </div>
      <p id="round-verdict" role="status">
        ${
          telling
            ? html`<code>${shortest[0]}</code> is one byte shorter than the rest: DEFLATE copied it from the token.`
            : shortest.length === round.length
              ? 'Every guess weighs the same: nothing here tells one character from another.'
              : `${shortest.length} characters tie for shortest (${shortest.join(' ')}): this round cannot tell them apart. Try one, and undo if the next round shows no winner.`
        }
      </p>`;
  }

  #verdict() {
    const oracle = this.#game.oracle!;
    return html`<p class="outcome" id="verdict" data-ok=${oracle.solved ? 'true' : 'false'} role="status">
      ${
        oracle.solved
          ? html`Recovered: <code>${SECRET_MARK}${oracle.secret}</code> is the token, found from message sizes alone, in
              ${SECRET_LENGTH} rounds.`
          : 'That is not the token: a pick went wrong. Undo to the last round that had a clear winner.'
      }
    </p>`;
  }

  #send(event: SubmitEvent): void {
    event.preventDefault();
    this.#game.send(this.textInput.value);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-deflate-oracle': WspDeflateOracle;
  }
}
