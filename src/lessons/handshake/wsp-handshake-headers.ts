import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { HeaderSide, headerNote } from './header-notes.ts';
import type { Headers } from './trace.ts';
import { controlStyles } from '../../components/styles/shared-styles.ts';

/**
 * One HTTP message of a handshake as a table: its first line, then a row per
 * header in wire order. Each header's name is a button that opens a short
 * explanation under it; headers that RFC 6455 gives a role are marked so in
 * words.
 *
 * @cssprop --wsp-code-bg - the background of the first line
 */
@customElement('wsp-handshake-headers')
export class WspHandshakeHeaders extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
        min-width: 0;
      }
      table {
        width: 100%;
        border-collapse: collapse;
        font-size: 0.85rem;
      }
      caption {
        text-align: left;
        padding: 0 0 0.4rem;
      }
      .label {
        display: block;
        font-weight: 600;
      }
      .start {
        display: block;
        margin-top: 0.2rem;
        padding: 0.2rem 0.4rem;
        border-radius: 4px;
        background: var(--wsp-code-bg, #f0f2f6);
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
        overflow-wrap: anywhere;
      }
      th,
      td {
        text-align: left;
        vertical-align: top;
        padding: 0.2rem 0.4rem;
        border-top: 1px solid var(--wsp-border, #d5d9e2);
      }
      thead th {
        color: var(--wsp-muted, #5b6478);
        font-weight: 600;
      }
      th[scope='row'] {
        width: 40%;
        font-weight: normal;
      }
      button.name {
        padding: 0.05em 0.35em;
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
        font-size: 0.85rem;
        text-align: left;
        overflow-wrap: anywhere;
        background: transparent;
        color: var(--wsp-accent-text, #1d47a8);
        border-color: var(--wsp-border, #d5d9e2);
      }
      button.name[aria-expanded='true'] {
        background: var(--wsp-current, #e2e9fb);
        border-color: var(--wsp-accent, #2456c7);
      }
      .value {
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
        overflow-wrap: anywhere;
      }
      .note td {
        border-top: none;
        padding: 0.1rem 0.6rem 0.6rem;
        line-height: 1.5;
      }
      .tag {
        display: inline-block;
        font-size: 0.75rem;
        font-weight: 600;
        color: var(--wsp-muted, #5b6478);
        border: 1px solid var(--wsp-border, #d5d9e2);
        border-radius: 999px;
        padding: 0 0.5em;
        margin-right: 0.3em;
      }
      code {
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
        background: var(--wsp-code-bg, #f0f2f6);
        padding: 0 0.2em;
        border-radius: 3px;
        overflow-wrap: anywhere;
      }
      a {
        color: var(--wsp-accent-text, #1d47a8);
      }
    `,
  ];

  /** What this message is, for the caption: "The request your browser sent". */
  @property() label = 'Headers';
  /** The message's first line: `GET /echo HTTP/1.1` or `HTTP/1.1 101 Switching Protocols`. */
  @property({ attribute: 'start-line' }) startLine = '';
  /** The headers in wire order. */
  @property({ attribute: false }) headers: Headers = [];
  /** Which message this is: the explanations differ (Connection: Upgrade in a 101, close in a refusal). */
  @property() side: HeaderSide = HeaderSide.request;

  /** The header explained, by lower-case name: it stays open when a new connection brings new values. */
  @state() private selected: string | undefined;

  protected override render() {
    return html`<table>
      <caption>
        <span class="label">${this.label}</span>
        <code class="start">${this.startLine}</code>
      </caption>
      <thead>
        <tr>
          <th scope="col">Header <span class="visually-hidden">(select one to explain it)</span></th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        ${this.headers.map(([name, value], index) => this.#row(name, value, index))}
      </tbody>
    </table>`;
  }

  #row(name: string, value: string, index: number) {
    const key = name.toLowerCase();
    const open = this.selected === key;
    const id = `note-${index}`;
    const note = headerNote(name, this.side, value);
    return html`<tr data-header=${key}>
        <th scope="row">
          <button
            class="name"
            aria-expanded=${open ? 'true' : 'false'}
            aria-controls=${id}
            @click=${() => (this.selected = open ? undefined : key)}
          >
            ${name}
          </button>
        </th>
        <td class="value">${value}</td>
      </tr>
      <tr class="note" id=${id} ?hidden=${!open}>
        <td colspan="2">
          ${open ? html`<span class="tag">${note.websocket ? 'WebSocket' : 'ordinary HTTP'}</span> ${note.text}` : nothing}
        </td>
      </tr>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-handshake-headers': WspHandshakeHeaders;
  }
}
