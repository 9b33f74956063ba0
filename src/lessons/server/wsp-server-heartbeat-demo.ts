import { css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { FocusKeeper } from '../../components/focus-keeper.ts';
import { ConnectionController, type ConnectionStatus } from '../../controllers/connection-controller.ts';
import { pingPongs } from './ping-pongs.ts';
import {
  connectionStatusLine,
  connectionStatusStyles,
  disconnectButton,
  STATUS_TEXT,
} from '../../components/connection-status.ts';
import { controlStyles, demoCardStyles } from '../../components/styles/shared-styles.ts';
import { wireTableStyles } from '../../components/styles/table-styles.ts';
import '../../components/wsp-event-log.ts';
import '../../components/wsp-mode-switch.ts';
import '../../components/wsp-trace-timeline.ts';
import { rowStyles } from '../../components/styles/layout-styles.ts';
import { PagePart } from '../../components/page-part.ts';
import { HEARTBEAT_DEMO_EVERY_MS } from './heartbeat-demo-rate.ts';

const HEARTBEAT_STATUS_TEXT: Readonly<Record<ConnectionStatus, string>> = {
  ...STATUS_TEXT,
  open: 'open: the server pings every second',
};

/**
 * The heartbeat demo: connect to `/ping?every=1000` and watch the server's
 * pings and the browser's automatic pongs pair up, with their bytes, while
 * the page's own code sees none of them.
 *
 * @cssprop --wsp-log-height - the height of the log before it scrolls
 */
@customElement('wsp-server-heartbeat-demo')
export class WspServerHeartbeatDemo extends PagePart {
  static override styles = [
    controlStyles,
    demoCardStyles,
    rowStyles,
    connectionStatusStyles,
    wireTableStyles,
    css`
      .scroller {
        overflow-x: auto;

        max-height: 16rem;
      }
      th,
      td {
        padding: 0.25rem 0.6rem;
        vertical-align: top;
      }
      thead th {
        position: sticky;
        top: 0;
        z-index: 1;
        background: var(--wsp-surface, #fff);
      }
      tbody th {
        font-weight: normal;
      }
      .at,
      .bytes {
        display: block;
      }
      .at {
        font-variant-numeric: tabular-nums;
      }
      .bytes {
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
      }
      .waiting {
        color: var(--wsp-muted, #5b6478);
      }
      .empty {
        padding: 0.5rem 0.6rem;
      }
    `,
  ];

  /** Keeps a keyboard reader's focus in the demo when the control they pressed is disabled. */
  readonly focusKeeper = new FocusKeeper(this);

  readonly #connection = new ConnectionController(this, { target: `/ping?every=${HEARTBEAT_DEMO_EVERY_MS}` });

  /** Keeps the newest ping in view, as the event log does with its newest line. */
  protected override updated(): void {
    // Reading scrollHeight forces a layout of the whole page: with nothing on the wire yet there is nothing to show.
    if (this.#connection.trace.length === 0) return;
    const scroller = this.renderRoot.querySelector('.scroller');
    if (scroller) scroller.scrollTop = scroller.scrollHeight;
  }

  protected override render() {
    const connection = this.#connection;
    const rows = pingPongs(connection.trace);
    const answered = rows.filter((row) => row.pongAt !== undefined).length;
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      ${connectionStatusLine(connection.status, connection.url, connection.settings.mode, HEARTBEAT_STATUS_TEXT)}
      <div class="row">
        <button id="connect" ?disabled=${!connection.canConnect} @click=${() => connection.connect()}>Connect</button>
        ${disconnectButton(connection)}
      </div>
      <p id="tally" class="status" aria-live="polite">
        ${rows.length} ${rows.length === 1 ? 'ping' : 'pings'} from the server, ${answered}
        ${answered === 1 ? 'pong' : 'pongs'} from the browser.
      </p>
      <div class="scroller" tabindex="0" role="region" aria-label="Pings and pongs">
        <table id="ping-pongs">
          <caption>
            Pings and pongs, from the trace
          </caption>
          <thead>
            <tr>
              <th scope="col">Payload</th>
              <th scope="col">Ping, server → browser</th>
              <th scope="col">Pong, browser → server</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              (row) =>
                html`<tr data-payload=${row.payload}>
                  <th scope="row">${row.payload === '' ? '(empty)' : `"${row.payload}"`}</th>
                  <td class="ping">
                    <span class="at">at ${row.pingAt} ms</span><code class="bytes">${row.pingBytes}</code>
                  </td>
                  ${
                    row.pongAt === undefined
                      ? html`<td class="pong waiting">no pong yet</td>`
                      : html`<td class="pong">
                          <span class="at">at ${row.pongAt} ms</span><code class="bytes">${row.pongBytes}</code>
                        </td>`
                  }
                </tr>`,
            )}
          </tbody>
        </table>
        ${rows.length === 0 ? html`<p class="empty">No ping yet. Connect, then wait a second.</p>` : nothing}
      </div>
      <wsp-event-log .entries=${connection.entries} label="What the page's code saw"></wsp-event-log>
      <details>
        <summary>Everything that crossed the wire</summary>
        <wsp-trace-timeline .events=${connection.trace} label="Trace of the /ping connection"></wsp-trace-timeline>
      </details>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-server-heartbeat-demo': WspServerHeartbeatDemo;
  }
}
