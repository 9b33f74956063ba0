import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LivePhase, type LiveRun } from './hijack-run.ts';
import { exchangeView } from './exchange-view.ts';
import { HIJACK_MARKS } from './requests.ts';
import { hijackResultStyles } from './styles.ts';

/**
 * The live attack from the other site: its page in a frame, what it reports,
 * and the live server's own view of its handshake (the verdict, the sequence
 * diagram, the request as the server received it). Before the frame loads,
 * the run's progress or the reason it could not start.
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
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-cors-hijack-live-result': WspCorsHijackLiveResult;
  }
}
