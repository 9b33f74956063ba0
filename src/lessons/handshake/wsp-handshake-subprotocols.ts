import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { AttemptStatus, HandshakeAttemptController, type Attempt } from './connection.ts';
import { headerValue } from '../../protocol/index.ts';
import { findRequest, findResponse } from './trace.ts';
import { choiceStyles } from '../../components/styles/choice-styles.ts';
import { controlStyles, demoCardStyles } from '../../components/styles/shared-styles.ts';
import '../../components/wsp-mode-switch.ts';
import '../../components/wsp-trace-timeline.ts';
import { PagePart } from '../../components/page-part.ts';

interface Offerable {
  readonly name: string;
  readonly note: string;
}

/** What the reader may offer, in the order offered: /echo prefers v2, so offering both shows whose order wins. */
const OFFERABLE: readonly Offerable[] = [
  { name: 'v1.echo.playground', note: '/echo speaks it' },
  { name: 'v2.echo.playground', note: '/echo speaks it and prefers it' },
  { name: 'superchat', note: 'made up: /echo does not speak it' },
];

/** Chromium's words when the page offered subprotocols and the 101 named none. */
const NO_PROTOCOL_CONSOLE = "Sent non-empty 'Sec-WebSocket-Protocol' header but no response was received";

/**
 * Subprotocol negotiation: the reader picks which names to offer, connects
 * to `/echo`, and sees the offer in the request, the server's pick in the
 * 101, and what `ws.protocol` says. Works the same in both connection modes.
 */
@customElement('wsp-handshake-subprotocols')
export class WspHandshakeSubprotocols extends PagePart {
  static override styles = [
    controlStyles,
    demoCardStyles,
    choiceStyles,
    css`
      .hint {
        color: var(--wsp-muted, #5b6478);
        font-size: 0.85em;
      }
      code,
      dd {
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
        overflow-wrap: anywhere;
      }
      .call {
        margin: 0;
        font-size: 0.9rem;
      }
      dl {
        display: grid;
        grid-template-columns: minmax(8rem, max-content) 1fr;
        gap: 0.3rem 1rem;
        margin: 0;
      }
      dt {
        color: var(--wsp-muted, #5b6478);
      }
      dd {
        margin: 0;
      }
      .outcome {
        margin: 0;
      }
      .failed {
        color: var(--wsp-error, #b42318);
      }
      @media (max-width: 30rem) {
        dl {
          grid-template-columns: 1fr;
        }
        dd {
          margin-bottom: 0.4rem;
        }
      }
    `,
  ];

  readonly #attempt = new HandshakeAttemptController(this, '/echo');
  @state() private offer: ReadonlySet<string> = new Set(['v1.echo.playground', 'v2.echo.playground']);

  protected override render() {
    const attempt = this.#attempt.attempt;
    const offered = this.#offered();
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      <fieldset>
        <legend>Subprotocols to offer</legend>
        ${OFFERABLE.map(
          (option) =>
            html`<label>
              <input
                type="checkbox"
                name="protocol"
                value=${option.name}
                .checked=${this.offer.has(option.name)}
                @change=${(event: Event) => this.#toggle(option.name, (event.target as HTMLInputElement).checked)}
              />
              <span><code>${option.name}</code> <span class="hint">${option.note}</span></span>
            </label>`,
        )}
      </fieldset>
      <p class="call">
        The page will call <code>new WebSocket(url, ${JSON.stringify(offered)})</code>${
          offered.length === 0 ? html`, which offers nothing` : nothing
        }.
      </p>
      <div>
        <button id="negotiate" ?disabled=${this.#attempt.busy} @click=${() => this.#attempt.connect(this.#offered())}>
          Connect with this offer
        </button>
      </div>
      ${attempt ? this.#result(attempt) : nothing}
    `;
  }

  #result(attempt: Attempt) {
    const request = findRequest(this.#attempt.trace);
    const response = findResponse(this.#attempt.trace);
    const offeredHeader = request ? headerValue(request.headers, 'Sec-WebSocket-Protocol') : undefined;
    const chosenHeader = response ? headerValue(response.headers, 'Sec-WebSocket-Protocol') : undefined;
    return html`<dl>
        <dt>Request, Sec-WebSocket-Protocol</dt>
        <dd id="offered">${request ? (offeredHeader ?? '(not sent: nothing offered)') : 'waiting for the request…'}</dd>
        <dt>Response, Sec-WebSocket-Protocol</dt>
        <dd id="chosen">
          ${
            response
              ? (chosenHeader ?? `(absent: the ${response.status} answer names no subprotocol)`)
              : 'waiting for the answer…'
          }
        </dd>
        <dt><code>ws.protocol</code></dt>
        <dd id="protocol">
          ${attempt.protocol === undefined ? '(the connection never opened)' : JSON.stringify(attempt.protocol)}
        </dd>
      </dl>
      <p class="outcome" id="outcome" role="status">${this.#outcome(attempt, response !== undefined, chosenHeader)}</p>
      <details>
        <summary>What crossed the wire</summary>
        <wsp-trace-timeline .events=${this.#attempt.trace} label="Trace of the negotiation"></wsp-trace-timeline>
      </details>`;
  }

  #outcome(attempt: Attempt, answered: boolean, chosen: string | undefined) {
    const offered = attempt.offered.length > 0;
    if (attempt.status === AttemptStatus.connecting) return 'Connecting…';
    if (attempt.protocol !== undefined) {
      if (attempt.protocol !== '') {
        return html`Opened, then closed by the demo. The server chose <code>${attempt.protocol}</code>: of the names
          offered, the first in its own order of preference (§4.2.2 lets the server decide).`;
      }
      return html`Opened, then closed by the demo. Nothing was offered, so nothing was chosen, and
        <code>ws.protocol</code> is the empty string.`;
    }
    if (answered && offered && chosen === undefined) {
      return html`<strong class="failed">Failed.</strong> The server answered 101 but chose none of the names offered,
        so the browser failed the connection: an error event, then close code ${attempt.close?.code ?? 1006}. The
        WebSockets Standard requires this when the page offered subprotocols (§2.2, “establish a WebSocket connection”);
        RFC 6455 only forbids a name that was not offered. Chromium's console says “${NO_PROTOCOL_CONSOLE}”.`;
    }
    if (attempt.problem) return html`<strong class="failed">Failed.</strong> ${attempt.problem}`;
    return html`<strong class="failed">Failed</strong> with close code ${attempt.close?.code ?? 1006}; the trace says
      why once the server's report arrives.`;
  }

  /** The names ticked, in the order of the list. */
  #offered(): string[] {
    return OFFERABLE.map((option) => option.name).filter((name) => this.offer.has(name));
  }

  #toggle(name: string, on: boolean): void {
    const offer = new Set(this.offer);
    if (on) offer.add(name);
    else offer.delete(name);
    this.offer = offer;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-handshake-subprotocols': WspHandshakeSubprotocols;
  }
}
