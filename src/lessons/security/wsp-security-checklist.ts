import { css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { inlineCodeStyles } from '../../components/styles/layout-styles.ts';
import { dataTableStyles } from '../../components/styles/table-styles.ts';
import { CHECKLIST } from './checklist.ts';
import { PagePart } from '../../components/page-part.ts';

/**
 * The OWASP WebSocket Security Cheat Sheet's items against this project: what
 * the server does, the settings that govern it (with their defaults), and
 * where the course shows it. On a narrow screen the table scrolls sideways.
 */
@customElement('wsp-security-checklist')
export class WspSecurityChecklist extends PagePart {
  static override styles = [
    dataTableStyles,
    inlineCodeStyles,
    css`
      :host {
        display: block;
        min-width: 0;
        margin: 1rem 0;
      }
      .table-wrap {
        border: 1px solid var(--wsp-border, #d5d9e2);
        border-radius: var(--wsp-radius, 6px);
      }
      table {
        font-size: 0.9rem;
        min-width: 40rem;
      }
      caption {
        padding: 0.5rem 0.6rem 0.3rem;
      }
      th,
      td {
        vertical-align: top;
        border-top: 1px solid var(--wsp-border, #d5d9e2);
      }
      thead th {
        color: var(--wsp-muted, #5b6478);
      }
      ul {
        margin: 0;
        padding: 0;
        list-style: none;
      }
      li + li {
        margin-top: 0.35rem;
      }
      a {
        color: var(--wsp-accent-text, #1d47a8);
      }
      a:focus-visible,
      .table-wrap:focus-visible {
        outline: 3px solid var(--wsp-focus, #f5a524);
        outline-offset: 2px;
      }
      .none {
        color: var(--wsp-muted, #5b6478);
      }
    `,
  ];

  protected override render() {
    return html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="caption">
      <table id="checklist">
        <caption id="caption">
          The OWASP WebSocket Security Cheat Sheet, item by item, in this project
        </caption>
        <thead>
          <tr>
            <th scope="col">The cheat sheet says</th>
            <th scope="col">This project</th>
            <th scope="col">Settings (default)</th>
            <th scope="col">See it</th>
          </tr>
        </thead>
        <tbody>
          ${CHECKLIST.map(
            (row) =>
              html`<tr>
                <th scope="row">${row.item}</th>
                <td>${row.here}</td>
                <td>
                  ${
                    row.settings.length > 0
                      ? html`<ul>
                          ${row.settings.map(
                            (setting) => html`<li><code>${setting.name}</code> (${setting.byDefault})</li>`,
                          )}
                        </ul>`
                      : html`<span class="none">none</span>`
                  }
                </td>
                <td>
                  ${
                    row.see.length > 0
                      ? html`<ul>
                          ${row.see.map((place) => html`<li><a href=${place.href}>${place.text}</a></li>`)}
                        </ul>`
                      : nothing
                  }
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-security-checklist': WspSecurityChecklist;
  }
}
