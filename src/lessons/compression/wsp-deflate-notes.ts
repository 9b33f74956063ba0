import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { breakable } from './breakable.ts';
import { extensionNotes } from './extension-notes.ts';
import { deflateDemoStyles } from './styles.ts';

/**
 * A Sec-WebSocket-Extensions value as a table: each extension and each of
 * its parameters, with the RFC section and what it makes each side do.
 */
@customElement('wsp-deflate-notes')
export class WspDeflateNotes extends LitElement {
  static override styles = [
    deflateDemoStyles,
    css`
      :host {
        display: block;
        padding: 0;
        border: none;
      }
      th[scope='row'] {
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
        font-weight: 600;
        overflow-wrap: anywhere;
        width: 35%;
      }
      /* On a phone each parameter's name stands above its meaning. */
      @media (max-width: 30rem) {
        tr {
          display: grid;
        }
        th[scope='row'] {
          width: auto;
        }
        td {
          border-top: none;
          padding-top: 0;
        }
      }
      .section {
        display: block;
        font-family: inherit;
        font-weight: 400;
        font-size: 0.75rem;
        color: var(--wsp-muted, #5b6478);
      }
    `,
  ];

  /** The header's value, as on the wire. */
  @property() value = '';
  /** Whose header it is: the browser's offer or the server's answer. */
  @property() side: 'offer' | 'answer' = 'offer';
  /** The table's caption. */
  @property() label = '';

  protected override render() {
    return html`<table>
      <caption>
        ${this.label}
        <span class="mono">${this.value}</span>
      </caption>
      <tbody>
        ${extensionNotes(this.value, this.side).map(
          (note) =>
            html`<tr>
              <th scope="row">
                <span class="param">${breakable(note.text)}</span><span class="section">${note.section}</span>
              </th>
              <td>${note.meaning}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-deflate-notes': WspDeflateNotes;
  }
}
