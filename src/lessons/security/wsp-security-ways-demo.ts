import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { FocusKeeper } from '../../components/focus-keeper.ts';
import { Role } from '../../service/credentials.ts';
import { AuthVia, SESSION_COOKIE } from '../../service/security-messages.ts';
import { AttemptStatus } from './attempt.ts';
import { seconds } from './server-messages.ts';
import { shown } from './sign-in.ts';
import { securityDemoStyles } from './styles.ts';
import { credentialPlaces } from './trace-facts.ts';
import { Try, TRY_WAY, WaysController } from './ways-controller.ts';
import './wsp-security-outcome.ts';
import './wsp-security-replies.ts';
import '../../components/wsp-mode-switch.ts';
import '../../components/wsp-trace-timeline.ts';
import { PagePart } from '../../components/page-part.ts';

const WAY_NAMES: Readonly<Record<AuthVia, string>> = {
  cookie: 'A session cookie',
  ticket: 'A one-time ticket in the URL',
  protocol: 'A token in Sec-WebSocket-Protocol',
  message: 'A token in the first message',
};

/** The buttons of each way: done right first, then wrong on purpose. */
const TRIES: Readonly<Record<AuthVia, readonly { readonly try: Try; readonly label: string }[]>> = {
  cookie: [{ try: Try.cookie, label: 'Connect with the cookie' }],
  ticket: [
    { try: Try.ticket, label: 'Get a ticket and connect' },
    { try: Try.ticketReused, label: 'Reuse the last ticket' },
    { try: Try.ticketExpired, label: 'Use an expired ticket' },
  ],
  protocol: [
    { try: Try.protocol, label: 'Connect with the token as a subprotocol' },
    { try: Try.tokenAlone, label: 'Offer the token alone' },
  ],
  message: [
    { try: Try.message, label: 'Connect, then send the token' },
    { try: Try.silent, label: 'Connect and send nothing' },
  ],
};

/**
 * The four ways a page can prove who it is to a WebSocket server, tried
 * against `/secure`: sign in once over HTTP, then connect with the cookie,
 * a ticket, a token as a subprotocol or a token in the first message, or
 * break one on purpose. Shows where the credential travelled (starred), the
 * server's verdict and log, and the trace.
 */
@customElement('wsp-security-ways-demo')
export class WspSecurityWaysDemo extends PagePart {
  static override styles = securityDemoStyles;

  /** Keeps a keyboard reader's focus in the demo when the control they pressed is disabled. */
  readonly focusKeeper = new FocusKeeper(this);
  readonly #ways = new WaysController(this);
  @state() private name = 'ada';
  @state() private chosenRole: Role = Role.member;
  @state() private way: AuthVia = AuthVia.cookie;

  protected override render() {
    const ways = this.#ways;
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      <h3>1. Sign in: an ordinary HTTP request</h3>
      <form class="row" @submit=${this.#signIn}>
        <label class="inline" for="name">Name</label>
        <input
          id="name"
          type="text"
          maxlength="24"
          autocomplete="off"
          spellcheck="false"
          .value=${this.name}
          @input=${(event: InputEvent) => (this.name = (event.target as HTMLInputElement).value)}
        />
        ${Object.values(Role).map(
          (role) =>
            html`<label class="inline"
              ><input
                type="radio"
                name="role"
                id=${`role-${role}`}
                .checked=${this.chosenRole === role}
                @change=${() => (this.chosenRole = role)}
              />
              ${role}</label
            >`,
        )}
        <button id="sign-in" ?disabled=${ways.signingIn}>Sign in</button>
      </form>
      ${this.#session()}
      <h3>2. Connect to <code>/secure</code></h3>
      <fieldset>
        <legend>The way</legend>
        ${Object.values(AuthVia).map(
          (way) =>
            html`<label
              ><input
                type="radio"
                name="way"
                id=${`way-${way}`}
                .checked=${this.way === way}
                @change=${() => (this.way = way)}
              />
              ${WAY_NAMES[way]}</label
            >`,
        )}
      </fieldset>
      <div class="row">
        ${TRIES[this.way].map(
          ({ try: tried, label }) =>
            html`<button
              id=${`try-${tried}`}
              class=${tried === TRIES[this.way][0]!.try ? '' : 'secondary'}
              ?disabled=${!this.#canTry(tried)}
              @click=${() => void ways.run(tried)}
            >
              ${label}
            </button>`,
        )}
      </div>
      ${
        this.way !== AuthVia.cookie && !ways.session
          ? html`<p class="hint">Sign in first: this way needs the token the sign-in answers with.</p>`
          : nothing
      }
      ${ways.problem ? html`<p class="problem" id="problem" role="status">${ways.problem}</p>` : nothing}
      ${this.#attempt()}
    `;
  }

  #session() {
    const session = this.#ways.session;
    if (!session) {
      return html`<p class="hint" id="session">
        Not signed in. <code>POST /login</code> answers with a session cookie the browser keeps and a token the page
        keeps.
      </p>`;
    }
    return html`<p id="session" role="status">
      Signed in as <strong>${session.user}</strong> (${session.role}). The server set the cookie
      <code>${SESSION_COOKIE}</code> (<code>HttpOnly; SameSite=Strict</code>: no script can read it; the browser sends
      it) for ${seconds(session.sessionExpiresInMs)}, and answered with the token
      <span class="mono">${shown(session.token)}</span>, good for ${seconds(session.tokenExpiresInMs)}.
    </p>`;
  }

  #attempt() {
    const ways = this.#ways;
    const attempt = ways.attempt;
    if (!ways.tried || (!attempt && ways.steps.length === 0)) return nothing;
    const places = attempt ? credentialPlaces(attempt.trace) : undefined;
    return html`
      <ol class="steps" id="steps">
        ${ways.steps.map((step) => html`<li>${step}</li>`)}
      </ol>
      ${ways.waiting ? html`<p class="hint" role="status">Waiting for the ticket to expire…</p>` : nothing}
      ${
        places?.path
          ? html`<div id="places">
              <h3>Where the credential travelled (starred by the trace)</h3>
              <ul class="lines">
                <li>Request line: <span class="mono" id="path">GET ${places.path} HTTP/1.1</span></li>
                ${
                  places.cookie !== undefined
                    ? html`<li>Cookie header: <span class="mono" id="cookie">${places.cookie}</span></li>`
                    : html`<li id="no-cookie">No Cookie header.</li>`
                }
                ${
                  places.offered !== undefined
                    ? html`<li>
                        Sec-WebSocket-Protocol offered: <span class="mono" id="offered">${places.offered}</span>;
                        answered:
                        <span class="mono" id="answered">${places.answered ?? '(none)'}</span>
                      </li>`
                    : nothing
                }
                ${
                  places.firstMessage !== undefined
                    ? html`<li>First message: <span class="mono" id="first-message">${places.firstMessage}</span></li>`
                    : nothing
                }
              </ul>
            </div>`
          : nothing
      }
      ${
        attempt
          ? html`<wsp-security-outcome
                .trace=${attempt.trace}
                .status=${attempt.status}
                .close=${attempt.close}
                .problem=${attempt.problem}
              ></wsp-security-outcome>
              ${
                attempt.status === AttemptStatus.open || attempt.received.length > 0
                  ? html`<wsp-security-replies .messages=${attempt.received}></wsp-security-replies>`
                  : nothing
              }
              <div class="row">
                <button
                  id="post"
                  class="secondary"
                  ?disabled=${attempt.status !== AttemptStatus.open}
                  @click=${() => ways.post('hello')}
                >
                  Post “hello”
                </button>
                <button
                  id="disconnect"
                  class="secondary"
                  ?disabled=${attempt.status !== AttemptStatus.open}
                  @click=${() => ways.disconnect()}
                >
                  Disconnect
                </button>
              </div>
              <details open>
                <summary>Every event of this connection</summary>
                <wsp-trace-timeline
                  .events=${attempt.trace}
                  label="Trace of the /secure connection"
                ></wsp-trace-timeline>
              </details>`
          : nothing
      }
    `;
  }

  #canTry(tried: Try): boolean {
    const ways = this.#ways;
    if (ways.waiting || ways.signingIn) return false;
    if (TRY_WAY[tried] === AuthVia.cookie) return true;
    if (!ways.session) return false;
    return tried !== Try.ticketReused || ways.canReuseTicket;
  }

  #signIn(event: SubmitEvent): void {
    event.preventDefault();
    void this.#ways.signIn(this.name.trim(), this.chosenRole);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-security-ways-demo': WspSecurityWaysDemo;
  }
}
