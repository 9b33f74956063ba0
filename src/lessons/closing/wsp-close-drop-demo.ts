import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { FocusKeeper } from '../../components/focus-keeper.ts';
import { ConnectionMode } from '../../transport/mode.ts';
import { ClosingConnection } from './connection.ts';
import { closingDemoStyles } from './styles.ts';
import { closeResult } from './views.ts';
import { connectionStatusLine } from '../../components/connection-status.ts';
import { controlStyles, demoCardStyles } from '../../components/styles/shared-styles.ts';
import '../../components/wsp-event-log.ts';
import '../../components/wsp-mode-switch.ts';
import '../../components/wsp-sequence-diagram.ts';
import '../../components/wsp-trace-timeline.ts';
import { PagePart } from '../../components/page-part.ts';

/** The server drops TCP a moment after the handshake, with no close frame. */
export const ABRUPT_TARGET = '/close?abrupt=1&after=500';
const ECHO_TARGET = '/echo';

/**
 * A connection that ends with no closing handshake: the server drops TCP
 * (`/close?abrupt=1`), or, in Simulated mode, the network breaks under both
 * ends. Either way the page hears close 1006 with `wasClean` false.
 */
@customElement('wsp-close-drop-demo')
export class WspCloseDropDemo extends PagePart {
  static override styles = [controlStyles, demoCardStyles, closingDemoStyles];

  /** Keeps a keyboard reader's focus in the demo when the control they pressed is disabled. */
  readonly focusKeeper = new FocusKeeper(this);

  readonly #connection = new ClosingConnection(this);

  protected override render() {
    const connection = this.#connection;
    const simulated = connection.settings.mode === ConnectionMode.simulated;
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      ${connectionStatusLine(connection.status, connection.url ?? connection.urlFor(ABRUPT_TARGET), connection.settings.mode)}
      <div class="row">
        <button id="abrupt" ?disabled=${!connection.canConnect} @click=${() => connection.connect(ABRUPT_TARGET)}>
          Connect to <code>${ABRUPT_TARGET}</code>
        </button>
      </div>
      <div class="row">
        <button
          id="echo"
          class="secondary"
          ?disabled=${!connection.canConnect || !simulated}
          @click=${() => connection.connect(ECHO_TARGET)}
        >
          Connect to <code>${ECHO_TARGET}</code>
        </button>
        <button id="drop" class="secondary" ?disabled=${!connection.canDrop} @click=${() => connection.drop()}>
          Break the network
        </button>
      </div>
      <p class="hint" id="drop-note">
        ${
          simulated
            ? 'Breaking the network is something only the simulated wire can do: both ends lose the connection at once, with no frame either way.'
            : 'Breaking the network works in Simulated mode only: a page cannot cut its own connection without closing it.'
        }
      </p>
      ${closeResult(connection.outcome, connection.thrown, 'Connect: the outcome appears here.')}
      <h3>What crossed the wire</h3>
      <wsp-sequence-diagram .events=${connection.trace}></wsp-sequence-diagram>
      <wsp-event-log .entries=${connection.entries} label="What the page's WebSocket reported"></wsp-event-log>
      <details>
        <summary>Every event of the trace</summary>
        <wsp-trace-timeline .events=${connection.trace} label="Trace of the connection"></wsp-trace-timeline>
      </details>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-close-drop-demo': WspCloseDropDemo;
  }
}
