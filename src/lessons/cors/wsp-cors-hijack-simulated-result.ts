import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { SimulatedAttack } from './hijack-controller.ts';
import { cookieLabel } from './cookie-rules.ts';
import { hijackResultStyles } from './styles.ts';
import { exchangeView } from './exchange-view.ts';
import { ATTACKER_MESSAGE, HIJACK_MARKS } from './requests.ts';
import '../../components/wsp-trace-timeline.ts';

/**
 * One simulated run of the attacker's handshake: the verdict, what Chromium's
 * cookie rules decided about the reader's cookie and why, the sequence
 * diagram, the request with the attacker's Origin (and the cookie, if it
 * went) marked, and every event.
 */
@customElement('wsp-cors-hijack-simulated-result')
export class WspCorsHijackSimulatedResult extends LitElement {
  static override styles = hijackResultStyles;

  /** The simulated attack to show. */
  @property({ attribute: false }) attack: SimulatedAttack | undefined;
  /** The section's heading, which also names it for assistive technology. */
  @property() heading = '';
  /** Where the server lives, for the diagram. */
  @property() place = '';

  protected override render() {
    const { attack, heading } = this;
    if (!attack) return nothing;
    const { result, cookie } = attack;
    const response = result.events.find((event) => event.type === 'handshake-response');
    const reply = result.events.find((event) => event.type === 'frame' && event.from === 'server');
    const echoed = reply?.type === 'frame' ? new TextDecoder().decode(reply.frame.payload) : '';
    return html`<section aria-label=${heading}>
      <h3>${heading}</h3>
      <div class="result" role="status" data-verdict=${result.accepted ? 'accepted' : 'refused'}>
        ${
          result.accepted
            ? html`<strong
                  >Accepted: ${response?.type === 'handshake-response' ? response.status : 101}, the attacker is
                  in${cookie.yes ? '' : ', but not as you'}.</strong
                >
                ${
                  cookie.yes
                    ? html`<p>
                        The attacker’s page now holds a connection the server believes is yours. It sent
                        <span class="mono">${ATTACKER_MESSAGE}</span> and read the answer,
                        <span class="mono">${echoed}</span>. The echo endpoint only repeats it; a real app would carry
                        out whatever your session allows, and every reply would reach the attacker, because no
                        same-origin rule stands between a page and its WebSocket’s messages.
                      </p>`
                    : html`<p>
                        Your cookie stayed home, so to a server that knows its users by that cookie this is a visitor
                        who is not signed in. The echo endpoint answers anyone (it sent back
                        <span class="mono">${echoed}</span>); a real app would give this connection nothing of yours.
                      </p>`
                }`
            : html`<strong
                  >Refused:
                  ${response?.type === 'handshake-response' ? `${response.status} ${response.reason}` : ''}.</strong
                >
                <p>The server’s reason: <span class="mono">${result.reason}</span></p>
                <p>
                  ${
                    cookie.yes
                      ? 'The cookie went along, but it bought nothing: the server stopped at the Origin.'
                      : 'The cookie did not even go along, and the server stopped at the Origin anyway.'
                  }
                </p>`
        }
        <p class="cookie" data-cookie=${cookie.yes ? 'sent' : 'withheld'}>
          Your cookie (${cookieLabel(attack.choice)}): ${cookie.yes ? 'sent' : 'not sent'}, by Chromium’s rules as this
          page simulates them. ${cookie.reason}
        </p>
      </div>
      ${exchangeView({
        events: result.events,
        client: 'Attacker’s page',
        clientDetail: attack.attacker,
        place: this.place,
        marks: HIJACK_MARKS,
        requestLabel: 'The attacker’s upgrade request, as your browser sends it',
      })}
      <details>
        <summary>Every event</summary>
        <wsp-trace-timeline .events=${result.events} label=${`Trace: ${heading}`}></wsp-trace-timeline>
      </details>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-cors-hijack-simulated-result': WspCorsHijackSimulatedResult;
  }
}
