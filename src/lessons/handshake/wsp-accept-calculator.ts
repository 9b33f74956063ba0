import { css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { computeAccept, WEBSOCKET_GUID, toHex, encodeUtf8, subtleCrypto } from '../../protocol/index.ts';
import { controlStyles, demoCardStyles } from '../../components/styles/shared-styles.ts';
import { PagePart } from '../../components/page-part.ts';

/** The worked example of RFC 6455 §1.3. */
export const RFC_EXAMPLE = { key: 'dGhlIHNhbXBsZSBub25jZQ==', accept: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=' } as const;

interface Calculation {
  readonly key: string;
  /** The 16 bytes the key stands for, or undefined when it is not the base64 of 16 bytes. */
  readonly nonce: Uint8Array | undefined;
  /** SHA-1 of key + GUID: 20 bytes. */
  readonly digest: Uint8Array;
  readonly accept: string;
}

function spacedHex(bytes: Uint8Array): string {
  return toHex(bytes).replace(/(..)(?!$)/g, '$1 ');
}

/** The bytes of a base64 key when it is the canonical base64 of exactly 16 bytes (§4.1), else undefined. */
function nonceOf(key: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]{22}==$/.test(key)) return undefined;
  const bytes = Uint8Array.from(atob(key), (char) => char.charCodeAt(0));
  return btoa(String.fromCharCode(...bytes)) === key ? bytes : undefined;
}

async function calculate(key: string): Promise<Calculation> {
  // Web Crypto's SHA-1 for the intermediate digest; the answer itself comes from the server's own function.
  const digest = new Uint8Array(await subtleCrypto().digest('SHA-1', encodeUtf8(key + WEBSOCKET_GUID)));
  return { key, nonce: nonceOf(key), digest, accept: await computeAccept(key) };
}

/**
 * Works out Sec-WebSocket-Accept from a Sec-WebSocket-Key step by step (§1.3,
 * §4.2.2): key + GUID, SHA-1, base64. Starts from the key a demo captured,
 * checks the result against the Accept the server sent, checks the RFC's own
 * example, and takes any key the reader types.
 *
 * @cssprop --wsp-code-bg - the background of each step's value
 */
@customElement('wsp-accept-calculator')
export class WspAcceptCalculator extends PagePart {
  static override styles = [
    controlStyles,
    demoCardStyles,
    css`
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
      form input {
        flex: 1 1 16rem;
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
      }
      ol {
        margin: 0;
        padding-left: 1.5rem;
        display: grid;
        gap: 0.6rem;
      }
      .value {
        display: block;
        margin-top: 0.2rem;
        padding: 0.3rem 0.5rem;
        border-radius: var(--wsp-radius, 6px);
        background: var(--wsp-code-bg, #f0f2f6);
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
        font-size: 0.9rem;
        overflow-wrap: anywhere;
      }
      mark {
        background: var(--wsp-current, #e2e9fb);
        color: inherit;
        text-decoration: underline dotted;
      }
      .hint {
        color: var(--wsp-muted, #5b6478);
        font-size: 0.9em;
      }
      .verdict {
        margin: 0;
        font-weight: 600;
      }
      .verdict[data-match='true'] {
        color: var(--wsp-received, #1d7437);
      }
      .verdict[data-match='false'] {
        color: var(--wsp-error, #b42318);
      }
    `,
  ];

  /** The Sec-WebSocket-Key a demo captured; the calculator switches to each new one. */
  @property() key: string | undefined;
  /** The Sec-WebSocket-Accept the server sent for `key`, when it has arrived. */
  @property() accept: string | undefined;

  /** The key being worked on: captured, the RFC's, or typed. */
  @state() private input: string = RFC_EXAMPLE.key;
  @state() private result: Calculation | undefined;
  /** Why nothing could be computed: Web Crypto is missing outside https and localhost. */
  @state() private problem: string | undefined;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('key') && this.key) this.input = this.key;
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('input')) void this.#calculate(this.input);
  }

  protected override render() {
    const result = this.result?.key === this.input ? this.result : undefined;
    return html`
      <form @submit=${(event: Event) => event.preventDefault()}>
        <label for="key">Sec-WebSocket-Key</label>
        <input
          id="key"
          type="text"
          spellcheck="false"
          autocomplete="off"
          .value=${this.input}
          @input=${(event: Event) => (this.input = (event.target as HTMLInputElement).value)}
        />
        <button
          id="use-captured"
          type="button"
          class="secondary"
          ?disabled=${!this.key}
          @click=${() => this.key && (this.input = this.key)}
        >
          Use the captured key
        </button>
        <button id="rfc-example" type="button" class="secondary" @click=${() => (this.input = RFC_EXAMPLE.key)}>
          Use the RFC's example
        </button>
      </form>
      ${this.input === '' ? html`<p class="hint">Type a key, or use one of the buttons.</p>` : this.#steps(result)}
      ${this.problem ? html`<p class="verdict" role="alert">${this.problem}</p>` : nothing}
    `;
  }

  #steps(result: Calculation | undefined) {
    const key = this.input;
    return html`<ol>
        <li>
          The key, as text (${key.length} characters):
          <code class="value" id="step-key">${key}</code>
          <span class="hint">
            ${
              result === undefined
                ? '…'
                : result.nonce
                  ? `It stands for 16 random bytes: ${spacedHex(result.nonce)}. The server never decodes it; it hashes the text.`
                  : 'This is not the base64 of 16 bytes, so a server refuses it with 400 (§4.2.1). The arithmetic below works all the same.'
            }
          </span>
        </li>
        <li>
          Append the fixed GUID of §1.3 (${key.length + WEBSOCKET_GUID.length} characters):
          <code class="value" id="step-joined">${key}<mark>${WEBSOCKET_GUID}</mark></code>
        </li>
        <li>
          SHA-1 of those characters’ bytes gives 20 bytes:
          <code class="value" id="step-digest">${result ? spacedHex(result.digest) : '…'}</code>
        </li>
        <li>
          Those 20 bytes in base64 are the Accept:
          <output class="value" id="accept">${result?.accept ?? '…'}</output>
        </li>
      </ol>
      ${result ? this.#verdict(result) : nothing}`;
  }

  #verdict(result: Calculation) {
    const against =
      result.key === RFC_EXAMPLE.key
        ? { source: 'RFC 6455 §1.3 gives', value: RFC_EXAMPLE.accept }
        : result.key === this.key && this.accept
          ? { source: 'The server sent Sec-WebSocket-Accept:', value: this.accept }
          : undefined;
    if (!against) {
      return html`<p class="verdict" id="verdict" role="status">
        No answer to compare with: this key did not come from a captured handshake.
      </p>`;
    }
    const match = against.value === result.accept;
    return html`<p class="verdict" id="verdict" role="status" data-match=${match ? 'true' : 'false'}>
      ${against.source} <code>${against.value}</code>:
      ${match ? 'it matches ✓' : 'it does not match ✗, so a browser would fail this connection'}.
    </p>`;
  }

  async #calculate(key: string): Promise<void> {
    try {
      const result = await calculate(key);
      if (key === this.input) this.result = result;
      this.problem = undefined;
    } catch (error) {
      this.problem = (error as Error).message;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-accept-calculator': WspAcceptCalculator;
  }
}
