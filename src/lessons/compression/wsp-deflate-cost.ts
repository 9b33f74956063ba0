import { css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { FocusKeeper } from '../../components/focus-keeper.ts';
import { connectionStatusLine } from '../../components/connection-status.ts';
import '../../components/wsp-mode-switch.ts';
import { changeText } from './cost-model.ts';
import { COST_TARGET, CostRun, CostState, type CostRow } from './cost-run.ts';
import { deflateDemoStyles } from './styles.ts';
import { PagePart } from '../../components/page-part.ts';
import { groupDigits } from '../../protocol/group-digits.ts';

function micros(value: number): string {
  return value < 10 ? value.toFixed(1) : groupDigits(Math.round(value));
}

function frames(plain: number, compressed: number) {
  if (Number.isNaN(compressed)) return html`<span>${groupDigits(plain)} → ?</span>`;
  const grew = compressed > plain;
  return html`<span
    >${groupDigits(plain)} → ${groupDigits(compressed)}
    <span class="change" data-grew=${grew ? 'true' : 'false'}>(${changeText(plain, compressed)})</span></span
  >`;
}

/**
 * What compression costs and saves: one message of each shape (small and
 * large, repetitive and random) over `/deflate`, each frame's size with and
 * without compression, and the time one message takes to compress and
 * inflate in this page.
 */
@customElement('wsp-deflate-cost')
export class WspDeflateCost extends PagePart {
  static override styles = [
    deflateDemoStyles,
    css`
      caption {
        font-size: 0.9rem;
      }
      .change {
        display: block;
      }
      th[scope='row'] {
        min-width: 8rem;
      }
      /* On a phone each message is a small card: its name, then each figure with its column's name. */
      @media (max-width: 34rem) {
        thead {
          position: absolute;
          width: 1px;
          height: 1px;
          overflow: hidden;
          clip-path: inset(50%);
        }
        table,
        tbody,
        caption {
          display: block;
        }
        tr {
          display: block;
          border-top: 1px solid var(--wsp-border, #d5d9e2);
          padding: 0.3rem 0;
        }
        th[scope='row'],
        td {
          display: flex;
          justify-content: space-between;
          gap: 0.5rem;
          border: none;
          white-space: normal;
        }
        td::before {
          content: attr(data-label);
          color: var(--wsp-muted, #5b6478);
          text-align: left;
        }
      }
    `,
  ];

  /** Keeps a keyboard reader's focus in the demo when the control they pressed is disabled. */
  readonly focusKeeper = new FocusKeeper(this);

  readonly #run = new CostRun(this);

  protected override render() {
    const run = this.#run;
    const connection = run.connection;
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      <div class="row">
        <button id="measure" ?disabled=${run.state === CostState.running} @click=${() => void run.run()}>
          ${run.state === CostState.running ? 'Measuring…' : 'Send one of each and measure'}
        </button>
      </div>
      ${connectionStatusLine(connection.status, connection.urlFor(COST_TARGET), connection.settings.mode)}
      ${run.problem ? html`<p class="outcome" data-ok="false" id="problem" role="alert">${run.problem}</p>` : nothing}
      ${run.rows.length > 0 ? this.#table(run.rows) : nothing}
    `;
  }

  #table(rows: readonly CostRow[]) {
    return html`<div class="scroll" tabindex="0" role="region" aria-label="Costs per message">
        <table id="costs">
          <caption>
            Bytes on the wire per frame, uncompressed → compressed; time per message in this page
          </caption>
          <thead>
            <tr>
              <th scope="col">Message</th>
              <th scope="col" class="num">Bytes</th>
              <th scope="col" class="num">Browser’s frame</th>
              <th scope="col" class="num">Server’s frame</th>
              <th scope="col" class="num">Compress µs</th>
              <th scope="col" class="num">Inflate µs</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              (row) =>
                html`<tr data-shape=${row.shape.id}>
                  <th scope="row">${row.shape.label}</th>
                  <td class="num" data-label="Bytes"><span>${groupDigits(row.size)}</span></td>
                  <td class="num client" data-label="Browser’s frame">
                    ${frames(row.clientPlain, row.clientCompressed)}
                  </td>
                  <td class="num server" data-label="Server’s frame">
                    ${frames(row.serverPlain, row.serverCompressed)}
                  </td>
                  <td class="num" data-label="Compress µs"><span>${micros(row.compressMicros)}</span></td>
                  <td class="num" data-label="Inflate µs"><span>${micros(row.inflateMicros)}</span></td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <p class="hint">
        Frame sizes come from the trace of this run; the uncompressed ones are what the same message takes on
        <code>/echo</code>. Times are the fastest of many runs in this page: pako (zlib in JavaScript) compresses, the
        lesson's own decoder inflates. The native zlib in Chromium and in Node is faster, so compare the rows with each
        other rather than with a server's budget.
      </p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-deflate-cost': WspDeflateCost;
  }
}
