import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { SettingsController } from '../../controllers/settings-controller.ts';
import { createOriginPolicy, type OriginPolicy } from '../../protocol/index.ts';
import type { TraceEvent } from '../../protocol/index.ts';
import { ConnectionMode } from '../../transport/mode.ts';
import {
  ATTACKER_MESSAGE,
  ATTACKER_ORIGIN,
  DEMO_COOKIE,
  simulateHandshake,
  type SimulatedHandshake,
} from './handshake.ts';
import { watchServer, type ServerWatch } from './server-watch.ts';
import { corsDemoStyles } from './styles.ts';
import { serverHost, serverPlace } from './target.ts';
import { controlStyles } from '../../components/styles/shared-styles.ts';
import './wsp-cors-request.ts';
import './wsp-cors-sequence.ts';
import '../../components/wsp-mode-switch.ts';
import '../../components/wsp-trace-timeline.ts';
import { browserRequestHeaders, newKey } from '../../transport/browser-request.ts';

/** Where `npm start` puts the other site: the live server's port + 1 (OTHER_SITE_PORT moves it). */
export function defaultOtherSite(serverUrl: string): string {
  try {
    const url = new URL(serverUrl);
    const secure = url.protocol === 'wss:';
    const port = Number(url.port || (secure ? 443 : 80)) + 1;
    return `${secure ? 'https:' : 'http:'}//${url.hostname}:${port}`;
  } catch {
    return 'http://localhost:8081';
  }
}

/** The simulated site's allowlist: its own origin only, as the live server's default holds its own. */
function siteAllowlist(): OriginPolicy {
  try {
    return createOriginPolicy([window.location.origin]);
  } catch {
    return createOriginPolicy(['http://localhost:8080']);
  }
}

/** One message from the other site's page (see server/other-site.ts). */
interface OtherSiteStep {
  readonly type: 'wsp-other-site';
  readonly step: string;
  readonly text: string;
  readonly opened?: boolean;
}

function isOtherSiteStep(data: unknown): data is OtherSiteStep {
  const fields = data as Partial<OtherSiteStep> | null;
  return (
    typeof fields === 'object' &&
    fields !== null &&
    fields.type === 'wsp-other-site' &&
    typeof fields.step === 'string' &&
    typeof fields.text === 'string'
  );
}

const LivePhase = { checking: 'checking', running: 'running', done: 'done', failed: 'failed' } as const;
type LivePhase = (typeof LivePhase)[keyof typeof LivePhase];

interface LiveRun {
  readonly phase: LivePhase;
  /** The other site's origin. */
  readonly origin: string;
  /** The iframe's address, once the server is being watched. */
  readonly src?: string;
  /** What the other site's page reported, in order. */
  readonly steps: readonly string[];
  /** The live server's view of the other site's handshake. */
  readonly events: readonly TraceEvent[];
  readonly message?: string;
}

/** How long the other site gets to load, try and report. */
const REPORT_TIMEOUT_MS = 10_000;

const MARKS = {
  origin: 'set by the browser: the attacker’s page',
  cookie: 'your cookie, attached by your browser',
} as const;

/**
 * Cross-site WebSocket hijacking: a page on another origin opens a WebSocket
 * to this site's server, and the browser attaches the reader's cookie. With
 * an Origin allowlist the server refuses it (§10.2); without one it would let
 * the other page in as the reader. Simulated mode builds the attacker's
 * handshake and runs the server's decision code; Live mode loads a real page
 * from a second origin, served by the live server on another port.
 */
@customElement('wsp-cors-hijack-demo')
export class WspCorsHijackDemo extends LitElement {
  static override styles = [
    controlStyles,
    corsDemoStyles,
    css`
      iframe {
        width: 100%;
        height: 17rem;
        border: 2px dashed var(--wsp-error, #b42318);
        border-radius: var(--wsp-radius, 6px);
        box-sizing: border-box;
      }
      section {
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        gap: 0.6rem;
        border-top: 1px solid var(--wsp-border, #d5d9e2);
        padding-top: 0.6rem;
      }
      ol {
        margin: 0;
        padding-left: 1.25rem;
        overflow-wrap: anywhere;
      }
    `,
  ];

  readonly #settings = new SettingsController(this);
  @state() private withCheck: SimulatedHandshake | undefined;
  @state() private withoutCheck: SimulatedHandshake | undefined;
  @state() private live: LiveRun | undefined;
  /** The other site's address as the reader typed it; the default follows the live server URL. */
  @state() private otherSiteTyped: string | undefined;
  #mode = this.#settings.settings.mode;
  #run = 0;
  #watch: ServerWatch | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('message', this.#onMessage);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('message', this.#onMessage);
    this.#stopLive();
  }

  protected override willUpdate(): void {
    // A new mode is a new story: forget what the other one showed.
    if (this.#settings.settings.mode === this.#mode) return;
    this.#mode = this.#settings.settings.mode;
    this.#stopLive();
    this.live = undefined;
    this.withCheck = undefined;
    this.withoutCheck = undefined;
  }

  protected override render() {
    const live = this.#mode === ConnectionMode.live;
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      ${
        live
          ? html`<p>
                The live server also serves <em>the other site</em>: one small page on a second port, so a second
                origin, and one the server’s allowlist leaves out. Running the attack stores a harmless demo cookie,
                <span class="mono">${DEMO_COOKIE}</span>, for this host (standing in for a login), then loads that page
                below. The server’s own view of its handshake arrives here on the trace side channel.
              </p>
              <div class="field">
                <label for="other-site">The other site’s address</label>
                <input
                  id="other-site"
                  type="text"
                  inputmode="url"
                  spellcheck="false"
                  autocomplete="off"
                  .value=${this.#otherSite()}
                  @input=${(event: InputEvent) => (this.otherSiteTyped = (event.target as HTMLInputElement).value)}
                />
              </div>`
          : html`<p>
              The attacker is a page on <span class="mono">${ATTACKER_ORIGIN}</span> that you happen to have open, while
              your browser holds a session cookie for this site. The page builds the request your browser would send for
              it and runs it through the server’s own decision code, with this site’s allowlist: its own origin only.
            </p>`
      }
      <div class="row">
        <button
          id="attack"
          ?disabled=${this.live?.phase === LivePhase.checking || this.live?.phase === LivePhase.running}
          @click=${() => (live ? void this.#runLive() : void this.#runSimulated(true))}
        >
          Run the attack
        </button>
        <button id="attack-unchecked" class="secondary" @click=${() => void this.#runSimulated(false)}>
          Run it without the Origin check${live ? ' (simulated)' : ''}
        </button>
      </div>
      ${live ? this.#liveResult() : this.#simulatedResult(this.withCheck, 'With this site’s Origin check')}
      ${this.#simulatedResult(this.withoutCheck, 'Without the check: the server allows every origin (*)')}
    `;
  }

  #otherSite(): string {
    return this.otherSiteTyped ?? defaultOtherSite(this.#settings.settings.serverUrl);
  }

  async #runSimulated(checked: boolean): Promise<void> {
    const result = await simulateHandshake({
      target: '/echo',
      headers: browserRequestHeaders({
        host: serverHost(),
        key: newKey(),
        origin: ATTACKER_ORIGIN,
        cookie: DEMO_COOKIE,
      }),
      policy: checked ? siteAllowlist() : createOriginPolicy(['*']),
      message: ATTACKER_MESSAGE,
    });
    if (checked) this.withCheck = result;
    else this.withoutCheck = result;
  }

  #simulatedResult(result: SimulatedHandshake | undefined, title: string) {
    if (!result) return nothing;
    const request = result.events.find((event) => event.type === 'handshake-request');
    const response = result.events.find((event) => event.type === 'handshake-response');
    const reply = result.events.find((event) => event.type === 'frame' && event.from === 'server');
    const echoed = reply?.type === 'frame' ? new TextDecoder().decode(reply.frame.payload) : '';
    return html`<section aria-label=${title}>
      <h3>${title}</h3>
      <div class="result" role="status" data-verdict=${result.accepted ? 'accepted' : 'refused'}>
        ${
          result.accepted
            ? html`<strong
                  >Accepted: ${response?.type === 'handshake-response' ? response.status : 101}, the attacker is
                  in.</strong
                >
                <p>
                  The attacker’s page now holds a connection the server believes is yours. It sent
                  <span class="mono">${ATTACKER_MESSAGE}</span> and read the answer,
                  <span class="mono">${echoed}</span>. The echo endpoint only repeats it; a real app would carry out
                  whatever your session allows, and every reply would reach the attacker, because no same-origin rule
                  stands between a page and its WebSocket’s messages.
                </p>`
            : html`<strong
                  >Refused:
                  ${response?.type === 'handshake-response' ? `${response.status} ${response.reason}` : ''}.</strong
                >
                <p>The server’s reason: <span class="mono">${result.reason}</span></p>
                <p>The cookie went along, but it bought nothing: the server stopped at the Origin.</p>`
        }
      </div>
      <wsp-cors-sequence
        .events=${result.events}
        client="Attacker’s page"
        client-detail=${ATTACKER_ORIGIN}
        server="Server"
        server-detail=${serverPlace()}
      ></wsp-cors-sequence>
      <wsp-cors-request
        .request=${request?.type === 'handshake-request' ? request : undefined}
        .marks=${MARKS}
        label="The attacker’s upgrade request, as your browser sends it"
      ></wsp-cors-request>
      <details>
        <summary>Every event</summary>
        <wsp-trace-timeline .events=${result.events} label=${`Trace: ${title}`}></wsp-trace-timeline>
      </details>
    </section>`;
  }

  async #runLive(): Promise<void> {
    this.#stopLive();
    const run = ++this.#run;
    const text = this.#otherSite().trim();
    let origin: string;
    try {
      const url = new URL(text);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not a web page');
      origin = url.origin;
    } catch {
      this.live = this.#failed('', `“${text}” is not a web address like http://localhost:8081.`);
      return;
    }
    if (origin === window.location.origin) {
      this.live = this.#failed(origin, 'That is this page’s own origin; the other site needs another port or host.');
      return;
    }
    this.live = { phase: LivePhase.checking, origin, steps: [], events: [] };
    try {
      // An opaque answer is enough: it shows something is listening there.
      await fetch(`${origin}/`, { mode: 'no-cors', cache: 'no-store', signal: AbortSignal.timeout(3000) });
    } catch {
      if (run !== this.#run) return;
      this.live = this.#failed(
        origin,
        `No other site answered at ${origin}. “npm start” serves it on the live server’s port + 1 (OTHER_SITE_PORT ` +
          `moves it; it is off when PORT=0): type its address above, or switch to Simulated, which needs no server.`,
      );
      return;
    }
    if (run !== this.#run) return;
    document.cookie = `${DEMO_COOKIE}; Path=/; Max-Age=600; SameSite=Lax`;
    const serverUrl = this.#settings.settings.serverUrl;
    const watch = watchServer(
      serverUrl,
      (event) => {
        if (run === this.#run && this.live) this.live = { ...this.live, events: [...this.live.events, event] };
      },
      () => {},
    );
    this.#watch = watch;
    if (!(await watch.ready)) {
      if (run !== this.#run) return;
      this.live = this.#failed(
        origin,
        `The live server at ${serverUrl} did not answer this page’s trace side channel: is it running, and does ` +
          `its ALLOWED_ORIGINS include ${window.location.origin}?`,
      );
      return;
    }
    if (run !== this.#run) return;
    this.live = { ...this.live, phase: LivePhase.running, src: `${origin}/?trace=${watch.id}` };
    this.#timer = setTimeout(() => {
      if (run !== this.#run || this.live?.phase !== LivePhase.running) return;
      this.live = { ...this.live, phase: LivePhase.failed, message: 'The other site did not report back in time.' };
      this.#stopLive();
    }, REPORT_TIMEOUT_MS);
  }

  #failed(origin: string, message: string): LiveRun {
    return { phase: LivePhase.failed, origin, steps: [], events: [], message };
  }

  readonly #onMessage = (event: MessageEvent<unknown>): void => {
    const live = this.live;
    const frame = this.renderRoot.querySelector('iframe');
    if (live?.phase !== LivePhase.running || event.origin !== live.origin) return;
    if (!frame || event.source !== frame.contentWindow || !isOtherSiteStep(event.data)) return;
    const done = event.data.step === 'close';
    this.live = { ...live, phase: done ? LivePhase.done : live.phase, steps: [...live.steps, event.data.text] };
    if (done) {
      clearTimeout(this.#timer);
      // The server's last events travel on another connection: let them arrive.
      const watch = this.#watch;
      setTimeout(() => watch?.close(), 2000);
    }
  };

  #stopLive(): void {
    this.#run++;
    clearTimeout(this.#timer);
    this.#watch?.close();
    this.#watch = undefined;
  }

  #liveResult() {
    const live = this.live;
    if (!live) return nothing;
    if (live.phase === LivePhase.failed && live.src === undefined) {
      return html`<p class="problem" role="alert">${live.message}</p>`;
    }
    if (live.phase === LivePhase.checking)
      return html`<p role="status">Looking for the other site at ${live.origin}…</p>`;
    const request = live.events.find((event) => event.type === 'handshake-request');
    const response = live.events.find((event) => event.type === 'handshake-response');
    const note = live.events.find((event) => event.type === 'note');
    const cookie = request?.type === 'handshake-request' && request.headers.some(([name]) => /^cookie$/i.test(name));
    const refused = response?.type === 'handshake-response' && response.status !== 101;
    return html`<section aria-label="The attack from the other site">
      <h3>The other site, ${live.origin}</h3>
      <iframe
        src=${live.src ?? 'about:blank'}
        title="The other site: a page on ${live.origin} that tries to connect to the playground as you"
        referrerpolicy="no-referrer"
      ></iframe>
      ${
        live.steps.length > 0
          ? html`<p>What the other site reports:</p>
              <ol>
                ${live.steps.map((step) => html`<li>${step}</li>`)}
              </ol>`
          : nothing
      }
      ${live.message ? html`<p class="problem" role="alert">${live.message}</p>` : nothing}
      <div class="result" role="status" data-verdict=${refused ? 'refused' : response ? 'accepted' : 'none'}>
        ${
          response?.type !== 'handshake-response'
            ? html`<p>Waiting for the server’s view of the other site’s handshake…</p>`
            : refused
              ? html`<strong>Refused: the server answered ${response.status} ${response.reason}.</strong>
                  <p>
                    The server’s reason, also written to its log as a “refused” line with the origin:
                    <span class="mono">${note?.type === 'note' ? note.text : '…'}</span>
                  </p>`
              : html`<strong>Accepted: the other site got in as you.</strong>
                  <p>
                    This live server accepts the other site’s origin (is ALLOWED_ORIGINS set to * or a port wildcard?).
                    Restart it with the default allowlist to see the check stop it.
                  </p>`
        }
        ${
          request
            ? html`<p>
                ${
                  cookie
                    ? 'Your browser attached this host’s cookie to the other site’s handshake: the server’s trace shows a Cookie header (it never reports the value).'
                    : 'No cookie went with it this time: cookies belong to a host name, and this page and the server use different ones.'
                }
              </p>`
            : nothing
        }
      </div>
      <wsp-cors-sequence
        .events=${live.events}
        client="Other site"
        client-detail=${live.origin}
        server="Server"
        server-detail=${serverPlace()}
      ></wsp-cors-sequence>
      <wsp-cors-request
        .request=${request?.type === 'handshake-request' ? request : undefined}
        .marks=${MARKS}
        label="The other site’s upgrade request, as the server received it"
      ></wsp-cors-request>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-cors-hijack-demo': WspCorsHijackDemo;
  }
}
