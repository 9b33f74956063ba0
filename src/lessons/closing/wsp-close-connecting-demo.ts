import { html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { FocusKeeper } from '../../components/focus-keeper.ts';
import { ClosingConnection } from './connection.ts';
import { closingDemoStyles } from './styles.ts';
import { closeResult } from './views.ts';
import { connectionStatusLine } from '../../components/connection-status.ts';
import { controlStyles, demoCardStyles } from '../../components/styles/shared-styles.ts';
import '../../components/wsp-event-log.ts';
import '../../components/wsp-mode-switch.ts';
import '../../components/wsp-sequence-diagram.ts';
import { PagePart } from '../../components/page-part.ts';

const TARGET = '/echo';

/**
 * `close()` called in the same task as `new WebSocket()`, before the
 * handshake: the browser fails the connection (WHATWG WebSockets, close()),
 * so the page hears an error event and close 1006, and no request goes out.
 */
@customElement('wsp-close-connecting-demo')
export class WspCloseConnectingDemo extends PagePart {
  static override styles = [controlStyles, demoCardStyles, closingDemoStyles];

  /** Keeps a keyboard reader's focus in the demo when the control they pressed is disabled. */
  readonly focusKeeper = new FocusKeeper(this);

  readonly #connection = new ClosingConnection(this);

  protected override render() {
    const connection = this.#connection;
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      ${connectionStatusLine(connection.status, connection.url ?? connection.urlFor(TARGET), connection.settings.mode)}
      <div class="row">
        <button id="run" ?disabled=${!connection.canConnect} @click=${this.#run}>
          Run <code>new WebSocket(url)</code>, then <code>ws.close()</code> at once
        </button>
      </div>
      ${closeResult(connection.outcome, connection.thrown, 'Run it: the outcome appears here.')}
      <wsp-event-log .entries=${connection.entries} label="What the page's WebSocket reported"></wsp-event-log>
      <h3>What crossed the wire</h3>
      <wsp-sequence-diagram .events=${connection.trace}></wsp-sequence-diagram>
      ${
        connection.outcome && !connection.trace.some((event) => event.type !== 'api')
          ? html`<p class="hint" id="wire-note">
              Nothing crossed the wire: the browser gave up before its upgrade request went out.
            </p>`
          : nothing
      }
    `;
  }

  #run(): void {
    if (this.#connection.connect(TARGET)) this.#connection.close({ code: undefined, reason: undefined });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-close-connecting-demo': WspCloseConnectingDemo;
  }
}
