import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { LogEntry, LogKind } from '../controllers/connection-controller.ts';

const LABELS: Readonly<Record<LogKind, string>> = {
  info: 'info',
  sent: 'sent ↑',
  received: 'received ↓',
  error: 'problem',
  closed: 'closed',
};

/**
 * A demo's log: one line per thing that happened, newest last. Screen readers
 * hear new lines politely; each line says its kind in words, not only colour.
 *
 * @csspart list - the list of entries
 * @cssprop --wsp-log-height - the log's maximum height before it scrolls
 */
@customElement('wsp-event-log')
export class WspEventLog extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    ol {
      list-style: none;
      margin: 0;
      padding: 0.5rem;
      max-height: var(--wsp-log-height, 16rem);
      overflow-y: auto;
      border: 1px solid var(--wsp-border, #d5d9e2);
      border-radius: var(--wsp-radius, 6px);
      background: var(--wsp-code-bg, #f6f7f9);
      font-family: var(--wsp-mono, ui-monospace, 'Cascadia Mono', Menlo, Consolas, monospace);
      font-size: 0.85rem;
    }
    li {
      display: grid;
      grid-template-columns: 4.5rem 6.5rem 1fr;
      gap: 0.5rem;
      padding: 0.15rem 0;
      overflow-wrap: anywhere;
    }
    .at {
      color: var(--wsp-muted, #5b6478);
      text-align: right;
    }
    .kind {
      font-weight: 600;
    }
    .sent .kind {
      color: var(--wsp-sent, #1d47a8);
    }
    .received .kind {
      color: var(--wsp-received, #1f7a3a);
    }
    .error .kind {
      color: var(--wsp-error, #b42318);
    }
    .empty {
      color: var(--wsp-muted, #5b6478);
      display: block;
    }
    @media (max-width: 30rem) {
      li {
        grid-template-columns: 4rem 1fr;
      }
      .text {
        grid-column: 1 / -1;
      }
    }
  `;

  /** The entries to show, oldest first. */
  @property({ attribute: false }) entries: readonly LogEntry[] = [];

  /** The log's accessible name. */
  @property() label = 'Connection log';

  protected override render() {
    return html`<ol part="list" aria-live="polite" aria-label=${this.label} tabindex="0">
      ${
        this.entries.length === 0
          ? html`<li class="empty">Nothing yet. Connect to start.</li>`
          : this.entries.map(
              (entry) =>
                html`<li class=${entry.kind}>
                  <span class="at">+${entry.at} ms</span><span class="kind">${LABELS[entry.kind]}</span
                  ><span class="text">${entry.text}</span>
                </li>`,
            )
      }
    </ol>`;
  }

  protected override updated(): void {
    const list = this.renderRoot.querySelector('ol');
    if (list) list.scrollTop = list.scrollHeight;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-event-log': WspEventLog;
  }
}
