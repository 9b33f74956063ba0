import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LogKind, type LogEntry } from '../controllers/connection-log.ts';

/** What each event's line says in words; a divider is no event and has no kind column. */
const LABELS: Readonly<Record<Exclude<LogKind, typeof LogKind.divider>, string>> = {
  info: 'info',
  sent: 'sent ↑',
  received: 'received ↓',
  error: 'problem',
  closed: 'closed',
};

/**
 * A demo's log: one line per thing that happened, newest last. Screen readers
 * hear new lines politely; each line says its kind in words, not only colour.
 * A new connection's lines follow a divider: their times start again at 0.
 *
 * @csspart list - the list of entries
 * @cssprop --wsp-log-height - the log's maximum height before it scrolls
 */
@customElement('wsp-event-log')
export class WspEventLog extends LitElement {
  static override styles = css`
    :host {
      display: block;
      /* The layout follows the log's own width, not the window's: in one of two panes side by side it is narrow. */
      container-type: inline-size;
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
      /* One grid, each line a subgrid: the columns line up and the time column is as wide as its widest time. */
      display: grid;
      grid-template-columns: max-content max-content minmax(0, 1fr);
      column-gap: 0.5rem;
      align-content: start;
    }
    li {
      grid-column: 1 / -1;
      display: grid;
      grid-template-columns: subgrid;
      padding: 0.15rem 0;
    }
    .at,
    .kind {
      white-space: nowrap;
    }
    .at {
      color: var(--wsp-muted, #5b6478);
      text-align: right;
    }
    .kind {
      font-weight: 600;
    }
    .text {
      overflow-wrap: anywhere;
    }
    .sent .kind {
      color: var(--wsp-sent, #1d47a8);
    }
    .received .kind {
      color: var(--wsp-received, #1d7437);
    }
    .error .kind {
      color: var(--wsp-error, #b42318);
    }
    .empty {
      color: var(--wsp-muted, #5b6478);
      display: block;
    }
    /* A new connection: a rule across the log with its words in the middle. */
    .divider {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      margin: 0.35rem 0;
      color: var(--wsp-muted, #5b6478);
      font-style: italic;
    }
    .divider::before,
    .divider::after {
      content: '';
      flex: 1 1 1rem;
      border-top: 1px solid var(--wsp-border-strong, #8a93a6);
    }
    .divider .text {
      flex: 0 1 auto;
      text-align: center;
    }
    /* Narrow: time and kind above, the message on its own line across the log (a JSON message wraps less). */
    @container (max-width: 36rem) {
      ol {
        grid-template-columns: max-content minmax(0, 1fr);
      }
      li:not(.divider) .text {
        grid-column: 1 / -1;
        padding-left: 1rem;
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
          : this.entries.map((entry) =>
              entry.kind === LogKind.divider
                ? html`<li class="divider"><span class="text">${entry.text}</span></li>`
                : html`<li class=${entry.kind}>
                    <span class="at">+${entry.at} ms</span><span class="kind">${LABELS[entry.kind]}</span
                    ><span class="text">${entry.text}</span>
                  </li>`,
            )
      }
    </ol>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    // Reading scrollHeight forces a layout of the whole page; an empty log (every log when a lesson opens) has
    // nothing to scroll to.
    if (!changed.has('entries') || this.entries.length === 0) return;
    const list = this.renderRoot.querySelector('ol');
    if (list) list.scrollTop = list.scrollHeight;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-event-log': WspEventLog;
  }
}
