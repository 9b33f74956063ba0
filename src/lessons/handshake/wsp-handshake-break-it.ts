import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { FocusKeeper } from '../../components/focus-keeper.ts';
import { SettingsController } from '../../controllers/settings-controller.ts';
import { Breakage, WEBSOCKET_GUID, WRONG_GUID } from '../../protocol/index.ts';
import type { BreakItOutcome } from '../../transport/broken-handshake.ts';
import { ConnectionMode } from '../../transport/mode.ts';
import type { PlainGetResult } from '../../transport/plain-get.ts';
import { BreakItController } from './break-it-controller.ts';
import { PlainGetController } from './plain-get-controller.ts';
import { choiceStyles } from '../../components/styles/choice-styles.ts';
import { controlStyles, demoCardStyles } from '../../components/styles/shared-styles.ts';
import '../../components/wsp-mode-switch.ts';
import { PagePart } from '../../components/page-part.ts';

const SWITCHES: readonly { readonly breakage: Breakage; readonly label: string }[] = [
  { breakage: Breakage.wrongGuid, label: 'The server builds its Accept with a wrong GUID' },
  { breakage: Breakage.noUpgrade, label: 'The request has no Upgrade header' },
  { breakage: Breakage.version8, label: 'The request says Sec-WebSocket-Version: 8' },
];

/** The text of an HTTP message with its CRLF line ends as plain line breaks, for a <pre>. */
function lines(text: string): string {
  return text.replace(/\r\n/g, '\n');
}

/**
 * "Break it": switches that spoil the handshake, and a button that really
 * sends it, in both modes: in Live mode the live server writes the request to
 * its own port and its own upgrade code answers; in Simulated mode the page's
 * simulated server answers with the same code. The demo shows the request as
 * sent, the answer as received and what a browser does with it. Live mode
 * adds a plain HTTP GET of the WebSocket path `/echo`.
 */
@customElement('wsp-handshake-break-it')
export class WspHandshakeBreakIt extends PagePart {
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
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
      }
      #outcome {
        display: grid;
        gap: 0.75rem;
        min-width: 0;
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
        border-left-color: var(--wsp-received, #1d7437);
      }
      .problem {
        color: var(--wsp-error, #b42318);
      }
      .hint {
        color: var(--wsp-muted, #5b6478);
      }
    `,
  ];

  readonly #settings = new SettingsController(this);
  readonly #sender = new BreakItController(this, this.#settings.settings);
  readonly #plainGet = new PlainGetController(this, this.#settings.settings);
  /** Keeps the keyboard reader's place while Send it is disabled. */
  readonly focusKeeper = new FocusKeeper(this);
  @state() private breakages: ReadonlySet<Breakage> = new Set();
  /** The mode and server the shown answer came from: another mode's answer is not shown. */
  #sentWith = '';

  protected override render() {
    const { mode, serverUrl } = this.#settings.settings;
    const live = mode === ConnectionMode.live;
    const outcome = this.#sentWith === `${mode} ${serverUrl}` ? this.#sender.value : undefined;
    return html`<wsp-mode-switch></wsp-mode-switch>
      <fieldset>
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
      <div class="row">
        <button id="send" ?disabled=${this.#sender.pending} @click=${this.#send}>Send it</button>
        <span class="hint"
          >${
            live
              ? 'The live server writes this request to its own port over TCP, and its own upgrade code answers.'
              : 'The simulated server in this page answers, with the upgrade code the live server runs.'
          }</span
        >
      </div>
      <div id="outcome" role="status" aria-live="polite">${this.#outcome(outcome)}</div>
      ${live ? this.#live() : nothing}`;
  }

  #outcome(outcome: BreakItOutcome | undefined) {
    if (this.#sender.pending) return html`<p>Sending…</p>`;
    if (!outcome) return html`<p class="hint">Flip the switches you like, then send the handshake.</p>`;
    if (!outcome.ok) return html`<p class="problem" id="problem">${outcome.message}</p>`;
    const { result } = outcome;
    const { browser, response } = result;
    return html`${
        result.changes.length > 0
          ? html`<ul id="changes">
              ${result.changes.map((change) => html`<li>${change}</li>`)}
            </ul>`
          : html`<p id="changes">Nothing is broken: this is the handshake as it should be.</p>`
      }
      <div>
        <h3>The request, as sent</h3>
        <pre id="request-text">${lines(result.request.text)}</pre>
      </div>
      <div id="answer" data-status=${response.status}>
        <h3>The answer, as received</h3>
        <p class="hint">From ${result.server}.</p>
        <pre id="response-text">${lines(response.text)}</pre>
      </div>
      <div class="verdict" id="verdict" data-opens=${browser.opens ? 'true' : 'false'}>
        <h3>What the browser does</h3>
        <p>${browser.why}</p>
        ${
          browser.expectedAccept
            ? html`<p>
                It expected <code>${browser.expectedAccept}</code> (the key + <code>${WEBSOCKET_GUID}</code>) and got
                <code>${browser.receivedAccept}</code>${
                  browser.wrongGuid ? html` (the key + <code>${WRONG_GUID}</code>)` : nothing
                }.
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
    return html`<h3>And a plain GET</h3>
      <p>
        What any page can do itself is ask a WebSocket path for something over plain HTTP. Send an ordinary GET to the
        live server's <code>/echo</code>:
      </p>
      <div>
        <button id="plain-get" ?disabled=${fetching} @click=${this.#sendPlainGet}>Send a plain GET to /echo</button>
      </div>
      <div id="plain-result" role="status">${result ? this.#fetchedResult(result) : nothing}</div>`;
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
    // The answer shown was to other switches.
    this.#sender.clear();
  }

  readonly #send = (): void => {
    const { mode, serverUrl } = this.#settings.settings;
    this.#sentWith = `${mode} ${serverUrl}`;
    void this.#sender.send(this.breakages);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-handshake-break-it': WspHandshakeBreakIt;
  }
}
