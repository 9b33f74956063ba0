import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { SettingsController } from '../../controllers/settings-controller.ts';
import type { TraceEvent } from '../../protocol/index.ts';
import { ConnectionMode } from '../../transport/mode.ts';
import { exchangeView } from './exchange-view.ts';
import { BANK, ForgedController, type Watching } from './forged-controller.ts';
import { forgedClientCommand, isOriginText, isPlainUrl } from './one-liner.ts';
import { corsDemoStyles } from './styles.ts';
import { serverPlace } from './target.ts';
import { controlStyles } from '../../components/styles/shared-styles.ts';
import '../../components/wsp-mode-switch.ts';
import '../../components/wsp-trace-timeline.ts';
import { PagePart } from '../../components/page-part.ts';

const MARKS = { origin: 'forged: the script wrote it, no browser set it' } as const;

const WATCH_TEXT = {
  on: 'Watching: run the command now. Its handshake will show here as the server received it.',
  idle: 'The server ended the watch after a minute with no connection naming it. Watch again, then run the script.',
  unreachable:
    'The live server did not let this page watch: is it running, and does its ALLOWED_ORIGINS include this page?',
} as const;

/**
 * Origin is no authentication: a client that is not a browser writes any
 * Origin it likes (RFC 6455 §10.2). Simulated mode builds such a request, as
 * the ws package sends it, and runs it through the server's decision code
 * against `/echo` behind an allowlist of this page's origin, as the live
 * server's default is. Live mode gives the reader the
 * same script to run against the live server, and watches the server's view
 * of it on the trace side channel.
 */
@customElement('wsp-cors-forged-demo')
export class WspCorsForgedDemo extends PagePart {
  static override styles = [controlStyles, corsDemoStyles];

  readonly #settings = new SettingsController(this);
  readonly #controller = new ForgedController(this);
  /** The Origin the script claims, as typed. */
  @state() private forged = BANK;

  protected override render() {
    const live = this.#settings.settings.mode === ConnectionMode.live;
    const valid = isOriginText(this.forged.trim());
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      <div class="field">
        <label for="forged-origin">The Origin the script claims</label>
        <input
          id="forged-origin"
          type="text"
          spellcheck="false"
          autocomplete="off"
          aria-describedby="forged-hint"
          .value=${this.forged}
          @input=${(event: InputEvent) => (this.forged = (event.target as HTMLInputElement).value)}
        />
        <span id="forged-hint" class=${valid ? 'hint' : 'problem'}
          >${
            valid
              ? 'Any origin at all: nothing checks that the script is really there.'
              : 'Type an origin such as https://bank.example (scheme, host, optional port), or null.'
          }</span
        >
      </div>
      <div class="row">
        <button id="use-page-origin" class="secondary" @click=${() => (this.forged = window.location.origin)}>
          Claim this page’s origin
        </button>
        ${
          live
            ? html`<button id="watch" ?disabled=${!valid} @click=${() => this.#controller.startWatching()}>
                Watch the server
              </button>`
            : html`<button
                id="forge"
                ?disabled=${!valid}
                @click=${() => void this.#controller.forge(this.forged.trim())}
              >
                Send the forged handshake
              </button>`
        }
      </div>
      ${live ? this.#liveView() : this.#simulatedView()}
    `;
  }

  #simulatedView() {
    const result = this.#controller.result;
    if (!result) {
      return html`<p class="hint">
        The script connects to <span class="mono">${this.#controller.target}</span> on a server whose allowlist holds
        only this page’s origin, <span class="mono">${window.location.origin}</span>, as the live server’s does by
        default.
      </p>`;
    }
    const origin = this.#claimed(result.events);
    return html`<div class="result" role="status" data-verdict=${result.accepted ? 'accepted' : 'refused'}>
        ${
          result.accepted
            ? html`<strong>Accepted: the allowlist saw ${origin} and let the script in.</strong>
                <p>
                  The server cannot tell a page on ${origin} from a program that says it is one. The allowlist kept
                  other sites’ pages out of your browser’s connections; it said nothing about who is calling.
                </p>`
            : html`<strong>Refused: the server’s reason is <span class="mono">${result.reason}</span></strong>
                <p>Claim this page’s origin and the same script gets in.</p>`
        }
      </div>
      ${this.#serverView(result.events, 'simulated, in this page')}
      <details>
        <summary>Every event</summary>
        <wsp-trace-timeline .events=${result.events} label="Trace of the forged handshake"></wsp-trace-timeline>
      </details>`;
  }

  #claimed(events: readonly TraceEvent[]): string {
    const request = events.find((event) => event.type === 'handshake-request');
    if (request?.type !== 'handshake-request') return '';
    return request.headers.find(([name]) => name.toLowerCase() === 'origin')?.[1] ?? '';
  }

  #serverView(events: readonly TraceEvent[], place: string) {
    return exchangeView({
      events,
      client: 'Node script',
      clientDetail: this.#claimed(events),
      place,
      marks: MARKS,
      requestLabel: 'The script’s upgrade request, as the server received it',
    });
  }

  #liveView() {
    const origin = this.forged.trim();
    const watching = this.#controller.watching;
    const url = this.#controller.scriptUrl;
    const command = isOriginText(origin) && isPlainUrl(url) ? forgedClientCommand(url, origin) : undefined;
    return html`<p>
        A page cannot forge Origin: the browser writes it, and no script in a page may set it. So here is the script
        itself. Run it in a terminal in this project’s folder (it uses the <code>ws</code> package installed there)
        ${watching ? 'while this page watches the server' : 'after clicking “Watch the server”, to see its handshake here'}.
        The <code>trace=</code> part only lets this page watch; without it the server behaves the same.
      </p>
      ${
        command
          ? html`<pre class="command" id="command" aria-label="The command to run">${command}</pre>`
          : html`<p class="problem">
              ${
                isOriginText(origin)
                  ? 'This live server URL has characters a shell treats specially: adapt the command by hand.'
                  : 'Type a valid origin above to get the command.'
              }
            </p>`
      }
      <p>
        What the live server does with it depends only on its ALLOWED_ORIGINS, which hold this page’s origin,
        <span class="mono">${window.location.origin}</span>, by default. If ${origin} is on the list it logs
        <span class="mono">{"event":"connect","path":"/echo","origin":"${origin}",…}</span>, the very line a visit from
        a page there leaves; if not,
        <span class="mono">{"event":"refused","status":403,"path":"/echo","origin":"${origin}",…}</span> with the
        reason.
      </p>
      ${watching ? this.#watchView(watching) : nothing}`;
  }

  #watchView(watching: Watching) {
    const response = watching.events.find((event) => event.type === 'handshake-response');
    const note = watching.events.find((event) => event.type === 'note');
    let status;
    if (response?.type === 'handshake-response') {
      status =
        response.status === 101
          ? html`<strong>The script got in: 101 ${response.reason}.</strong>`
          : html`<strong>Refused: ${response.status} ${response.reason}.</strong>
              ${note?.type === 'note' ? html`<p>The server’s reason: <span class="mono">${note.text}</span></p>` : nothing}`;
    } else {
      status = html`<p class=${watching.ended === 'unreachable' ? 'problem' : ''}>
        ${WATCH_TEXT[watching.ended ?? 'on']}
      </p>`;
    }
    const verdict = response?.type !== 'handshake-response' ? 'none' : response.status === 101 ? 'accepted' : 'refused';
    return html`<div class="result" role="status" data-verdict=${verdict}>${status}</div>
      ${response ? this.#serverView(watching.events, serverPlace()) : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-cors-forged-demo': WspCorsForgedDemo;
  }
}
