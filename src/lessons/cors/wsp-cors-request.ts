import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { HandshakeRequestEvent } from '../../protocol/index.ts';

/**
 * An upgrade request as the HTTP text that crossed the wire, with the
 * headers the lesson is about marked (and named, not shown by colour alone).
 *
 * @cssprop --wsp-code-bg - the request's background
 */
@customElement('wsp-cors-request')
export class WspCorsRequest extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    figure {
      margin: 0;
    }
    figcaption {
      font-weight: 600;
      font-size: 0.9rem;
      margin-bottom: 0.25rem;
    }
    .http {
      display: block;
      margin: 0;
      padding: 0.6rem 0.75rem;
      border-radius: var(--wsp-radius, 6px);
      background: var(--wsp-code-bg, #f0f2f6);
      font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
      font-size: 0.8rem;
      overflow-wrap: anywhere;
    }
    .line {
      display: block;
    }
    mark {
      background: var(--wsp-current, #e2e9fb);
      color: inherit;
      outline: 1px solid var(--wsp-accent, #2456c7);
      font-weight: 600;
    }
    .why {
      font-family: system-ui, sans-serif;
      font-weight: 400;
      font-style: italic;
    }
  `;

  /** The request to show. */
  @property({ attribute: false }) request: HandshakeRequestEvent | undefined;
  /** The caption above it. */
  @property() label = 'The upgrade request';
  /** Header names to mark, lower case, each with a word on why: `{ origin: 'forged' }`. */
  @property({ attribute: false }) marks: Readonly<Record<string, string>> = {};

  protected override render() {
    const request = this.request;
    if (!request) return nothing;
    const line = ([name, value]: readonly [string, string]) => {
      const why = this.marks[name.toLowerCase()];
      return why === undefined
        ? html`<span class="line">${name}: ${value}</span>`
        : html`<span class="line"><mark>${name}: ${value}</mark> <span class="why">← ${why}</span></span>`;
    };
    return html`<figure>
      <figcaption>${this.label}</figcaption>
      <code class="http"
        ><span class="line">${request.method} ${request.path} ${request.httpVersion}</span
        >${request.headers.map(line)}</code
      >
    </figure>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-cors-request': WspCorsRequest;
  }
}
