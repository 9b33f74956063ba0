import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { FocusKeeper } from '../../components/focus-keeper.ts';
import { AttemptStatus, CorsConnection } from './connection.ts';
import { corsDemoStyles } from './styles.ts';
import { allowEntries, corsTarget, serverPlace } from './target.ts';
import { controlStyles } from '../../components/styles/shared-styles.ts';
import './wsp-cors-sequence.ts';
import '../../components/wsp-mode-switch.ts';
import '../../components/wsp-trace-timeline.ts';
import { PagePart } from '../../components/page-part.ts';

/**
 * The allowlist demo: the reader writes the list `/cors?allow=` accepts,
 * connects, and sees the server's verdict on this page's Origin: the 403 and
 * its reason in the trace, while the page's own socket learns only 1006.
 */
@customElement('wsp-cors-allowlist-demo')
export class WspCorsAllowlistDemo extends PagePart {
  static override styles = [controlStyles, corsDemoStyles];

  /** Keeps a keyboard reader's focus in the demo when the control they pressed is disabled. */
  readonly focusKeeper = new FocusKeeper(this);

  readonly #connection = new CorsConnection(this);
  /** The list as typed; this page's origin is left out at first, so the first try is refused. */
  @state() private allow = 'https://bank.example';

  protected override render() {
    const connection = this.#connection;
    const origin = window.location.origin;
    const entries = allowEntries(this.allow);
    const target = corsTarget(entries);
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      <div class="field">
        <label for="allow">Origins <code>/cors</code> accepts (<code>?allow=</code>, separated by commas)</label>
        <input
          id="allow"
          type="text"
          spellcheck="false"
          autocomplete="off"
          .value=${this.allow}
          @input=${(event: InputEvent) => (this.allow = (event.target as HTMLInputElement).value)}
        />
      </div>
      <div class="row">
        <button id="add-origin" class="secondary" ?disabled=${entries.includes(origin)} @click=${this.#addOrigin}>
          Add this page’s origin, <span class="mono">${origin}</span>
        </button>
      </div>
      <p class="hint">Connects to <span class="mono">${target}</span> (server: ${serverPlace()}).</p>
      <div class="row">
        <button
          id="connect"
          ?disabled=${connection.status === AttemptStatus.connecting}
          @click=${() => connection.connect(target)}
        >
          Connect
        </button>
        <button
          id="send"
          ?disabled=${connection.status !== AttemptStatus.open}
          @click=${() => connection.send('hello')}
        >
          Send “hello”
        </button>
        <button
          id="disconnect"
          class="secondary"
          ?disabled=${connection.status !== AttemptStatus.open}
          @click=${() => connection.disconnect()}
        >
          Disconnect
        </button>
      </div>
      ${this.#result(origin)}
      <wsp-cors-sequence
        .events=${connection.trace}
        client="This page"
        client-detail=${origin}
        server="Server"
        server-detail=${serverPlace()}
      ></wsp-cors-sequence>
      <details>
        <summary>Every event of this connection</summary>
        <wsp-trace-timeline .events=${connection.trace} label="Trace of the /cors connection"></wsp-trace-timeline>
      </details>
    `;
  }

  #addOrigin(): void {
    const entries = allowEntries(this.allow);
    this.allow = [...entries, window.location.origin].join(',');
  }

  #result(origin: string) {
    const { status, trace, close, echoes, problem } = this.#connection;
    const response = trace.find((event) => event.type === 'handshake-response');
    const note = trace.find((event) => event.type === 'note');
    const refused = response !== undefined && response.status !== 101;
    const verdict = refused ? 'refused' : response?.status === 101 ? 'accepted' : 'none';
    const echoLines = echoes.map((text) => html`<p>Echoed back: <span class="mono">“${text}”</span></p>`);
    let body;
    if (status === AttemptStatus.idle) {
      body = html`<p>
        Not connected yet. Connect, and the browser sends <span class="mono">Origin: ${origin}</span>.
      </p>`;
    } else if (status === AttemptStatus.connecting) {
      body = html`<p>Connecting: the upgrade request carries <span class="mono">Origin: ${origin}</span>.</p>`;
    } else if (refused) {
      body = html`<strong>Refused: the server answered ${response.status} ${response.reason}.</strong>
        <p>
          The server’s reason:
          ${note?.type === 'note' ? html`<span class="mono">${note.text}</span>` : 'on its way from the server…'}
        </p>
        ${
          close
            ? html`<p>
                All this page’s WebSocket was told: an error event, then a close event with code ${close.code}, wasClean
                ${String(close.wasClean)}. The browser keeps the status and the reason from the page on purpose; only
                the server, and this trace, know why.
              </p>`
            : nothing
        }`;
    } else if (status === AttemptStatus.open) {
      body = html`<strong>Open: ${origin} is on the list, so the server answered 101.</strong>
        <p>From here on messages flow both ways with no further checks: the Origin was looked at once.</p>
        ${echoLines}`;
    } else if (response?.status === 101) {
      body = html`<strong>Closed with code ${close?.code}${close?.wasClean ? ', cleanly' : ''}.</strong>${echoLines}`;
    } else {
      body = html`<p class="problem">
        ${problem ?? `Closed with code ${close?.code ?? 1006} before the server answered; finding out why…`}
      </p>`;
    }
    return html`<div class="result" role="status" data-verdict=${verdict}>${body}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-cors-allowlist-demo': WspCorsAllowlistDemo;
  }
}
