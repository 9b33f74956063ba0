import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { cookieLabel } from './cookie-rules.ts';
import { cookieReceived, expectedCookie, LivePhase, type LiveRun } from './hijack-run.ts';
import { exchangeView } from './exchange-view.ts';
import { HIJACK_MARKS } from './requests.ts';
import { hijackResultStyles } from './styles.ts';

/**
 * The live attack from the other site: the demo cookie the browser kept or
 * refused, the other site's page in a frame, what it reports, and the live
 * server's own view of its handshake (the verdict, whether a Cookie header
 * came, the sequence diagram, the request as the server received it), with
 * what Chromium's cookie rules say and whether this browser agreed. Before
 * the frame loads, the run's progress or the reason it could not start.
 *
 * @cssprop --wsp-error - the frame's dashed border: a page from another site
 */
@customElement('wsp-cors-hijack-live-result')
export class WspCorsHijackLiveResult extends LitElement {
  static override styles = [
    hijackResultStyles,
    css`
      iframe {
        width: 100%;
        height: 17rem;
        border: 2px dashed var(--wsp-error, #b42318);
        border-radius: var(--wsp-radius, 6px);
        box-sizing: border-box;
      }
      ol {
        margin: 0;
        padding-left: 1.25rem;
        overflow-wrap: anywhere;
      }
    `,
  ];

  /** The run to show. */
  @property({ attribute: false }) run: LiveRun | undefined;
  /** Where the server lives, for the diagram. */
  @property() place = '';

  /** The other site's window, once its frame is there: its reports must come from it. */
  get frameWindow(): Window | null {
    return this.renderRoot.querySelector('iframe')?.contentWindow ?? null;
  }

  protected override render() {
    const live = this.run;
    if (!live) return nothing;
    if (live.phase === LivePhase.failed && live.src === undefined) {
      return html`<p class="problem" role="alert">${live.message}</p>`;
    }
    if (live.phase === LivePhase.checking) {
      return html`<p role="status">Looking for the other site at ${live.origin}…</p>`;
    }
    const response = live.events.find((event) => event.type === 'handshake-response');
    const note = live.events.find((event) => event.type === 'note');
    const refused = response?.type === 'handshake-response' && response.status !== 101;
    return html`<section aria-label="The attack from the other site">
      <h3>The other site, ${live.origin}</h3>
      ${
        live.cookie
          ? html`<p id="cookie-stored" data-stored=${live.cookie.stored ? 'yes' : 'no'}>
              The demo cookie with ${cookieLabel(live.cookie.choice)}:
              ${
                live.cookie.stored
                  ? `stored by your browser for ${live.page === undefined ? 'this host' : new URL(live.page).hostname}.`
                  : 'your browser refused to store it.'
              }
            </p>`
          : nothing
      }
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
        ${this.#cookieFinding(live)}
      </div>
      ${exchangeView({
        events: live.events,
        client: 'Other site',
        clientDetail: live.origin,
        place: this.place,
        marks: HIJACK_MARKS,
        requestLabel: 'The other site’s upgrade request, as the server received it',
      })}
    </section>`;
  }

  /** Whether the server received a Cookie header, why by Chromium's rules, and whether this browser agreed. */
  #cookieFinding(live: LiveRun) {
    const received = cookieReceived(live);
    if (received === undefined) return nothing;
    const expected = expectedCookie(live);
    return html`<p class="cookie" data-cookie=${received ? 'sent' : 'withheld'}>
        ${
          received
            ? 'Your browser attached the cookie to the other site’s handshake: the server received a Cookie header (its trace never shows the value).'
            : 'Your browser kept the cookie home: the server received no Cookie header.'
        }
      </p>
      ${
        expected === undefined
          ? nothing
          : expected.yes === received
            ? html`<p>Why: ${expected.reason}</p>`
            : html`<p data-rules="disagree">
                Chromium’s rules expected the opposite, and your browser follows rules of its own here. The rules said:
                ${expected.reason}
              </p>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-cors-hijack-live-result': WspCorsHijackLiveResult;
  }
}
