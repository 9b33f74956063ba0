import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { SettingsController } from '../../controllers/settings-controller.ts';
import { WEBSOCKET_GUID } from '../../protocol/index.ts';
import { Breakage, breakHandshake, WRONG_GUID, type BrokenHandshake } from '../../transport/broken-handshake.ts';
import { newKey } from '../../transport/browser-request.ts';
import { ConnectionMode } from '../../transport/mode.ts';
import type { PlainGetResult } from '../../transport/plain-get.ts';
import { HeaderSide } from './header-notes.ts';
import { PlainGetController } from './plain-get-controller.ts';
import { statusLine } from './trace.ts';
import { choiceStyles } from '../../components/styles/choice-styles.ts';
import { controlStyles, demoCardStyles } from '../../components/styles/shared-styles.ts';
import './wsp-handshake-headers.ts';
import '../../components/wsp-mode-switch.ts';

const SWITCHES: readonly { readonly breakage: Breakage; readonly label: string }[] = [
  { breakage: Breakage.wrongGuid, label: 'The server builds its Accept with a wrong GUID' },
  { breakage: Breakage.noUpgrade, label: 'The request has no Upgrade header' },
  { breakage: Breakage.version8, label: 'The request says Sec-WebSocket-Version: 8' },
];

/**
 * "Break it": in Simulated mode, switches that spoil the handshake, with the
 * request, the server's answer (from the server's own handshake code) and
 * what the browser then does. In Live mode, a plain HTTP GET of the
 * WebSocket path `/echo` and the real answer, as far as the browser lets the
 * page read it.
 */
@customElement('wsp-handshake-break-it')
export class WspHandshakeBreakIt extends LitElement {
  static override styles = [
    controlStyles,
    demoCardStyles,
    choiceStyles,
    css`
      p,
      ul {
        margin: 0;
      }
      code,
      pre {
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
        overflow-wrap: anywhere;
      }
      pre {
        white-space: pre-wrap;
        background: var(--wsp-code-bg, #f0f2f6);
        padding: 0.4rem 0.6rem;
        border-radius: var(--wsp-radius, 6px);
        margin: 0.3rem 0 0;
        font-size: 0.85rem;
      }
      h3 {
        font-size: 1rem;
        margin: 0.25rem 0 0;
      }
      .verdict {
        border-left: 4px solid var(--wsp-border-strong, #8a93a6);
        padding: 0.4rem 0.75rem;
      }
      .verdict p {
        margin: 0.4rem 0;
      }
      .verdict[data-opens='false'] {
        border-left-color: var(--wsp-error, #b42318);
      }
      .verdict[data-opens='true'] {
        border-left-color: var(--wsp-received, #1f7a3a);
      }
      .hint {
        color: var(--wsp-muted, #5b6478);
      }
    `,
  ];

  readonly #settings = new SettingsController(this);
  readonly #plainGet = new PlainGetController(this, this.#settings.settings);
  /** One key for this demo, so the answers can be compared from switch to switch. */
  readonly #key = newKey();
  @state() private breakages: ReadonlySet<Breakage> = new Set();
  @state() private result: BrokenHandshake | undefined;
  /** The switches and server the shown result was computed for. */
  #computed = '';

  protected override render() {
    const live = this.#settings.settings.mode === ConnectionMode.live;
    return html`<wsp-mode-switch></wsp-mode-switch>${live ? this.#live() : this.#simulated()}`;
  }

  /** Recomputes when the switches or the server's address (the Host header) change. */
  protected override updated(): void {
    const { mode, serverUrl } = this.#settings.settings;
    const wanted = `${serverUrl} ${[...this.breakages].sort().join(' ')}`;
    if (mode !== ConnectionMode.simulated || wanted === this.#computed) return;
    this.#computed = wanted;
    void this.#run();
  }

  #simulated() {
    const result = this.result;
    return html`<fieldset>
        <legend>Break the handshake</legend>
        ${SWITCHES.map(
          ({ breakage, label }) =>
            html`<label>
              <input
                type="checkbox"
                value=${breakage}
                .checked=${this.breakages.has(breakage)}
                @change=${(event: Event) => this.#toggle(breakage, (event.target as HTMLInputElement).checked)}
              />
              <span>${label}</span>
            </label>`,
        )}
      </fieldset>
      <p class="hint">
        A page cannot send a broken handshake: the browser writes these headers itself. So this demo takes the request
        the simulated browser writes, changes it, and gives it to <code>checkUpgradeRequest</code> (and a refusal to
        <code>refusalResponse</code>): the same code, byte for byte, that the live server runs on every handshake. The
        answer below is what that code decides.
      </p>
      ${result ? this.#outcome(result) : html`<p>Working it out…</p>`}`;
  }

  #outcome(result: BrokenHandshake) {
    const { browser, response } = result;
    return html`${
        result.changes.length > 0
          ? html`<ul>
              ${result.changes.map((change) => html`<li>${change}</li>`)}
            </ul>`
          : html`<p>Nothing is broken yet: this is the handshake as it should be. Flip a switch.</p>`
      }
      <wsp-handshake-headers
        id="broken-request"
        label="The request"
        start-line=${result.request.startLine}
        side=${HeaderSide.request}
        .headers=${result.request.headers}
      ></wsp-handshake-headers>
      <div id="answer" data-status=${response.status}>
        <wsp-handshake-headers
          label="The server's answer"
          start-line=${statusLine(response)}
          side=${HeaderSide.response}
          .headers=${response.headers}
        ></wsp-handshake-headers>
        ${
          result.body
            ? html`<p>Its body, the server's reason:</p>
                <pre id="body">${result.body}</pre>`
            : nothing
        }
      </div>
      <div class="verdict" id="verdict" role="status" data-opens=${browser.opens ? 'true' : 'false'}>
        <h3>What the browser does</h3>
        <p>${browser.why}</p>
        ${
          browser.expectedAccept && browser.expectedAccept !== browser.receivedAccept
            ? html`<p>
                It expected <code>${browser.expectedAccept}</code> (the key + <code>${WEBSOCKET_GUID}</code>) and got
                <code>${browser.receivedAccept}</code> (the key + <code>${WRONG_GUID}</code>).
              </p>`
            : nothing
        }
        ${
          browser.console
            ? html`<p>Chromium's console says:</p>
                <pre id="console">${browser.console}</pre>`
            : nothing
        }
      </div>`;
  }

  #live() {
    const { pending: fetching, value: result } = this.#plainGet;
    return html`<p>
        A browser will not send a broken handshake, and a page cannot make it. What any page can do is ask a WebSocket
        path for something over plain HTTP. Send an ordinary GET to the live server's <code>/echo</code>:
      </p>
      <div>
        <button id="plain-get" ?disabled=${fetching} @click=${this.#sendPlainGet}>Send a plain GET to /echo</button>
      </div>
      <div id="plain-result" role="status">${result ? this.#fetchedResult(result) : nothing}</div>
      <p class="hint">The switches that break a handshake on purpose are in Simulated mode.</p>`;
  }

  #fetchedResult(result: PlainGetResult) {
    switch (result.kind) {
      case 'answered':
        return html`<p>
            <code>GET ${result.url}</code> got <strong>${result.status} ${result.statusText}</strong>${
              result.version === null
                ? nothing
                : html` with <code>Sec-WebSocket-Version: ${result.version}</code>, the version to upgrade with`
            }.
            The path speaks only WebSocket: a request without the upgrade headers gets nothing else (RFC 9110 §15.5.22
            for the status, RFC 6455 §4.2.2 for the version header).
          </p>
          <pre>${result.body}</pre>`;
      case 'hidden':
        return html`<p>
          The server answered, but the browser hid the answer from this page. This page (${result.pageOrigin}) is on
          another origin than the server, and the server's answer carries no
          <code>Access-Control-Allow-Origin</code>, so CORS forbids the page to read it; the fetch only fails with a
          TypeError. (The network panel of your browser's developer tools shows the answer.) What the server sends is
          <strong>426 Upgrade Required</strong> with <code>Sec-WebSocket-Version: 13</code> and
          <code>Upgrade: websocket</code>: this path speaks only WebSocket. When the live server serves this page
          itself, the request is same-origin and you see the answer here.
        </p>`;
      case 'unreachable':
        return html`<p>
          No server answered at <code>${result.url}</code>. Start one with <code>npm start</code>, or switch to
          Simulated.
        </p>`;
    }
  }

  #sendPlainGet(): void {
    void this.#plainGet.send();
  }

  #toggle(breakage: Breakage, on: boolean): void {
    const breakages = new Set(this.breakages);
    if (on) breakages.add(breakage);
    else breakages.delete(breakage);
    this.breakages = breakages;
  }

  async #run(): Promise<void> {
    const breakages = this.breakages;
    const result = await breakHandshake(this.#settings.settings.serverUrl, this.#key, breakages);
    if (breakages === this.breakages) this.result = result;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-handshake-break-it': WspHandshakeBreakIt;
  }
}
