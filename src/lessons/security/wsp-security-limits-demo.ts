import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { FocusKeeper } from '../../components/focus-keeper.ts';
import { LESSON_LIMITS } from '../../service/security-messages.ts';
import { Limit, LimitsController } from './limits-controller.ts';
import { securityDemoStyles } from './styles.ts';
import './wsp-security-outcome.ts';
import '../../components/wsp-mode-switch.ts';
import '../../components/wsp-trace-timeline.ts';
import { PagePart } from '../../components/page-part.ts';
import { groupDigits } from '../../protocol/group-digits.ts';

/** Each limit: its value on /limited, what passing it gets, and the server-wide setting it stands for. */
export const LIMIT_FACTS: Readonly<
  Record<Limit, { readonly name: string; readonly value: string; readonly result: string; readonly setting: string }>
> = {
  size: {
    name: 'Message size',
    value: `${groupDigits(LESSON_LIMITS.maxMessageBytes)} bytes`,
    result: 'close 1009',
    setting: 'MAX_MESSAGE_BYTES',
  },
  rate: {
    name: 'Messages per second',
    value: String(LESSON_LIMITS.messagesPerSecond),
    result: 'close 1008',
    setting: 'MAX_MESSAGES_PER_SECOND',
  },
  connections: {
    name: 'Open connections',
    value: `${LESSON_LIMITS.connectionsPerGroup} per group`,
    result: '503 at the handshake',
    setting: 'MAX_CONNECTIONS, MAX_CONNECTIONS_PER_ADDRESS',
  },
  slow: {
    name: 'Bytes waiting for a slow reader',
    value: `${groupDigits(LESSON_LIMITS.sendBufferBytes)} bytes`,
    result: 'close 1008',
    setting: 'MAX_SEND_BUFFER_BYTES',
  },
};

/**
 * Limits that protect the server, tripped on purpose against
 * `/limited?group=<fresh>`: too big a message, too many at once, one
 * connection too many, a reader that never reads. Shows the limit's value,
 * the server's close frame and log line, and the trace.
 */
@customElement('wsp-security-limits-demo')
export class WspSecurityLimitsDemo extends PagePart {
  static override styles = securityDemoStyles;

  /** Keeps a keyboard reader's focus in the demo when the control they pressed is disabled. */
  readonly focusKeeper = new FocusKeeper(this);
  readonly #limits = new LimitsController(this);
  @state() private limit: Limit = Limit.size;

  protected override render() {
    const limits = this.#limits;
    const run = limits.run;
    const tripped = run?.tripped;
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      <fieldset>
        <legend>The limit to trip</legend>
        ${Object.values(Limit).map((limit) => {
          const facts = LIMIT_FACTS[limit];
          return html`<label
            ><input
              type="radio"
              name="limit"
              id=${`limit-${limit}`}
              .checked=${this.limit === limit}
              @change=${() => (this.limit = limit)}
            />
            <span
              >${facts.name}: <strong>${facts.value}</strong>, then ${facts.result}
              <span class="hint">(on the server’s other paths: <code>${facts.setting}</code>)</span></span
            ></label
          >`;
        })}
      </fieldset>
      <div class="row">
        <button id="trip" ?disabled=${limits.running} @click=${() => void limits.trip(this.limit)}>Trip it</button>
      </div>
      ${
        run
          ? html`<p class="hint">
                The group <span class="mono">${run.group}</span>, fresh for this run: limit
                <strong id="limit-value">${LIMIT_FACTS[run.limit].value}</strong>.
              </p>
              <ol class="steps" id="steps">
                ${run.steps.map((step) => html`<li>${step}</li>`)}
              </ol>
              ${run.problem ? html`<p class="problem">${run.problem}</p>` : nothing}
              ${
                run.done && tripped && !tripped.close && tripped.trace.length > 0
                  ? html`<p class="hint" id="still-open">
                      The page’s socket has not heard the close yet: the close frame waits behind every message the
                      reader never read.
                    </p>`
                  : nothing
              }`
          : nothing
      }
      ${
        tripped
          ? html`<wsp-security-outcome
                id="outcome"
                .trace=${tripped.trace}
                .status=${tripped.status}
                .close=${tripped.close}
                .problem=${tripped.problem}
              ></wsp-security-outcome>
              <details open>
                <summary>Every event of the connection that tripped the limit</summary>
                <wsp-trace-timeline
                  .events=${tripped.trace}
                  label="Trace of the connection that tripped the limit"
                ></wsp-trace-timeline>
              </details>`
          : nothing
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-security-limits-demo': WspSecurityLimitsDemo;
  }
}
