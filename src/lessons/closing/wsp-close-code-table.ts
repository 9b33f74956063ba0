import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import {
  CLOSE_CODES,
  describeCloseCode,
  isBrowserCloseCode,
  isValidCloseCode,
  type CloseCodeInfo,
} from '../../protocol/index.ts';
import { controlStyles } from '../../components/styles/shared-styles.ts';
import { PagePart } from '../../components/page-part.ts';

/** Codes an endpoint reports about a connection but never sends (§7.4.1), and who reports each. */
const REPORTED_BY: ReadonlyMap<number, string> = new Map([
  [1005, 'No one: the browser reports it, it never travels'],
  [1006, 'No one: the browser reports it, it never travels'],
  // WHATWG WebSockets §4: a page may not learn that TLS failed; it gets 1006.
  [1015, 'No one: a client outside the browser may report it; a browser reports 1006 instead'],
]);

function range(info: CloseCodeInfo): string {
  return info.from === info.to ? String(info.from) : `${info.from}–${info.to}`;
}

/** Who may put the code in a close frame, in words. */
export function senderText(info: CloseCodeInfo): string {
  switch (info.sentBy) {
    case 'either':
      return 'Either side';
    case 'client':
      return 'The client only';
    case 'server':
      return 'The server only';
    case 'never':
      return REPORTED_BY.get(info.from) ?? 'No one: reserved';
  }
}

/** One line about any number the reader types. */
export function lookUp(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return 'Type a number to see where it stands.';
  const code = Number(trimmed);
  const info = /^\d+$/.test(trimmed) ? describeCloseCode(code) : undefined;
  if (!info) return `${trimmed} is no close code: they run from 0 to 4999, and a close frame carries 1000 and up.`;
  const wire = isValidCloseCode(code) ? 'may travel in a close frame' : 'may never travel in a close frame';
  const page = isBrowserCloseCode(code)
    ? 'a page may pass it to close()'
    : 'a page’s close() throws InvalidAccessError for it';
  return `${code}: ${info.name}. It ${wire}, and ${page}. ${info.meaning}`;
}

/**
 * The close codes of src/protocol (RFC 6455 §7.4 and the IANA registry) as a
 * table: each code or range, what it means, who may send it in a close frame
 * and whether a page's `close()` accepts it, with a look-up for any number.
 */
@customElement('wsp-close-code-table')
export class WspCloseCodeTable extends PagePart {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: grid;
        gap: 0.75rem;
        min-width: 0;
      }
      .scroll {
        overflow-x: auto;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-size: 0.95rem;
      }
      caption {
        text-align: left;
        font-weight: 600;
        padding-bottom: 0.35rem;
      }
      th,
      td {
        border: 1px solid var(--wsp-border, #d5d9e2);
        padding: 0.35rem 0.5rem;
        text-align: left;
        vertical-align: top;
      }
      thead th {
        background: var(--wsp-code-bg, #f6f7f9);
      }
      tbody th {
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
      }
      .page {
        display: block;
        margin-top: 0.2rem;
        font-size: 0.85em;
      }
      code {
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
      }
      @media (max-width: 40rem) {
        table {
          font-size: 0.85rem;
        }
        th,
        td {
          padding: 0.3rem 0.35rem;
        }
      }
      tr[data-sent-by='never'] {
        color: var(--wsp-muted, #5b6478);
      }
      tr[data-match] {
        outline: 3px solid var(--wsp-focus, #f5a524);
        outline-offset: -3px;
      }
      .name {
        font-weight: 600;
      }
      .mine {
        display: block;
        font-family: system-ui, sans-serif;
        font-weight: 600;
      }
      .section {
        font-size: 0.85em;
        color: var(--wsp-muted, #5b6478);
      }
      .lookup {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
      .lookup input {
        width: 7rem;
      }
      #verdict {
        margin: 0;
      }
    `,
  ];

  @state() private query = '';

  protected override render() {
    const match = /^\d+$/.test(this.query.trim()) ? describeCloseCode(Number(this.query)) : undefined;
    return html`
      <div class="lookup">
        <label for="lookup">Look up a code</label>
        <input
          id="lookup"
          type="text"
          inputmode="numeric"
          autocomplete="off"
          aria-describedby="verdict"
          .value=${this.query}
          @input=${(event: Event) => (this.query = (event.target as HTMLInputElement).value)}
        />
      </div>
      <p id="verdict" role="status">${lookUp(this.query)}</p>
      <div class="scroll" tabindex="0" role="region" aria-labelledby="caption">
        <table>
          <caption id="caption">
            Close codes, RFC 6455 §7.4 and the IANA registry
          </caption>
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Name and meaning</th>
              <th scope="col">Who may send it</th>
            </tr>
          </thead>
          <tbody>
            ${CLOSE_CODES.map(
              (info) =>
                html`<tr data-code=${range(info)} data-sent-by=${info.sentBy} ?data-match=${match === info}>
                  <th scope="row">
                    ${range(info)}${match === info ? html`<span class="mine">← yours</span>` : nothing}
                  </th>
                  <td>
                    <span class="name">${info.name}.</span> ${info.meaning}
                    <span class="section">${info.section}</span>
                  </td>
                  <td>
                    <span data-column="sender">${senderText(info)}</span>
                    <span class="page" data-column="page"
                      >A page’s <code>close()</code> ${info.browserClose ? 'accepts it' : 'throws'}</span
                    >
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-close-code-table': WspCloseCodeTable;
  }
}
