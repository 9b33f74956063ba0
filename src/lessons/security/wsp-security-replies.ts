import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { monoStyles } from './styles.ts';
import { describeServerMessage, readServerMessage } from './server-messages.ts';

/**
 * The messages a `/secure` connection received, one line each, the newest
 * last: the welcome, refusals of single messages, warnings. New lines are
 * read out politely.
 */
@customElement('wsp-security-replies')
export class WspSecurityReplies extends LitElement {
  static override styles = [
    monoStyles,
    css`
      :host {
        display: block;
        min-width: 0;
      }
      ol {
        margin: 0;
        padding-left: 1.5rem;
        display: grid;
        gap: 0.15rem;
      }
      li[data-type='error'] {
        color: var(--wsp-error, #b42318);
      }
      .empty {
        margin: 0;
        color: var(--wsp-muted, #5b6478);
      }
    `,
  ];

  /** The text messages received, in order. */
  @property({ attribute: false }) messages: readonly string[] = [];
  /** Says what the list is, for screen readers. */
  @property() label = 'Messages from the server';

  protected override render() {
    if (this.messages.length === 0) return html`<p class="empty">No message from the server yet.</p>`;
    return html`<ol aria-label=${this.label} aria-live="polite">
      ${this.messages.map((text) => {
        const message = readServerMessage(text);
        return html`<li data-type=${message?.type ?? 'other'}>
          ${message ? describeServerMessage(message) : html`<span class="mono">${text}</span>`}
        </li>`;
      })}
    </ol>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-security-replies': WspSecurityReplies;
  }
}
