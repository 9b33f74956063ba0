import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ProbeResult } from '../../transport/handshake-probe.ts';
import { hijackResultStyles } from './styles.ts';
import { exchangeView } from './exchange-view.ts';
import { ATTACKER_MESSAGE, ATTACKER_ORIGIN, HIJACK_MARKS } from './requests.ts';
import '../../components/wsp-trace-timeline.ts';

/**
 * One simulated run of the attacker's handshake: the verdict, the sequence
 * diagram, the request with the attacker's Origin and the reader's cookie
 * marked, and every event.
 */
@customElement('wsp-cors-hijack-simulated-result')
export class WspCorsHijackSimulatedResult extends LitElement {
  static override styles = hijackResultStyles;

  /** The probe's result to show. */
  @property({ attribute: false }) result: ProbeResult | undefined;
  /** The section's heading, which also names it for assistive technology. */
  @property() heading = '';
  /** Where the server lives, for the diagram. */
  @property() place = '';

  protected override render() {
    const { result, heading } = this;
    if (!result) return nothing;
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
      ${exchangeView({
        events: result.events,
        client: 'Attacker’s page',
        clientDetail: ATTACKER_ORIGIN,
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
