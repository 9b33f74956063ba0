import { css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { FocusKeeper } from '../../components/focus-keeper.ts';
import { describeCloseCode } from '../../protocol/index.ts';
import { CLOSE_CREDENTIALS_EXPIRED } from '../../service/security-messages.ts';
import { AttemptStatus } from './attempt.ts';
import { ExpiryController, LIFETIMES } from './expiry-controller.ts';
import { seconds } from './server-messages.ts';
import { securityDemoStyles } from './styles.ts';
import './wsp-security-outcome.ts';
import '../../components/wsp-mode-switch.ts';
import '../../components/wsp-trace-timeline.ts';
import { PagePart } from '../../components/page-part.ts';

/** A close code in the words of the closing lesson's table: its range, name, section and meaning. */
export function closeTerms(code: number): string | undefined {
  const info = describeCloseCode(code);
  if (!info) return undefined;
  const range = info.from === info.to ? String(info.from) : `${info.from}–${info.to}`;
  return `${code} is in ${range}, “${info.name}” (RFC 6455 ${info.section}): ${info.meaning}`;
}

/**
 * A token that expires while its connection is open: the server warns, the
 * page fetches a fresh token over HTTP and sends it as a message, and the
 * connection lives on; with renewing off, the server closes it with 4001,
 * an application's own code.
 */
@customElement('wsp-security-expiry-demo')
export class WspSecurityExpiryDemo extends PagePart {
  static override styles = [
    securityDemoStyles,
    css`
      li[data-kind='server'] {
        color: var(--wsp-received, #1d7437);
      }
      li[data-kind='closed'],
      li[data-kind='problem'] {
        color: var(--wsp-error, #b42318);
      }
      .at {
        font-variant-numeric: tabular-nums;
        color: var(--wsp-muted, #5b6478);
      }
    `,
  ];

  /** Keeps a keyboard reader's focus in the demo when the control they pressed is disabled. */
  readonly focusKeeper = new FocusKeeper(this);
  readonly #expiry = new ExpiryController(this);

  protected override render() {
    const expiry = this.#expiry;
    const attempt = expiry.attempt;
    const open = attempt?.status === AttemptStatus.open;
    const active = attempt !== undefined && attempt.status !== AttemptStatus.closed;
    const remaining = expiry.remainingMs;
    const code = attempt?.close?.code;
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      <div class="row">
        <label class="inline" for="lifetime">Token lifetime</label>
        <select
          id="lifetime"
          ?disabled=${active}
          @change=${(event: Event) => (expiry.lifetimeMs = Number((event.target as HTMLSelectElement).value))}
        >
          ${LIFETIMES.map(
            (ms) => html`<option value=${ms} ?selected=${ms === expiry.lifetimeMs}>${seconds(ms)}</option>`,
          )}
        </select>
        <label class="inline"
          ><input
            id="renew"
            type="checkbox"
            .checked=${expiry.renew}
            @change=${(event: Event) => (expiry.renew = (event.target as HTMLInputElement).checked)}
          />
          Answer the warning with a fresh token</label
        >
      </div>
      <div class="row">
        <button id="start" ?disabled=${active || expiry.busy} @click=${() => void expiry.start()}>
          Sign in and connect
        </button>
        <button
          id="reauthenticate"
          class="secondary"
          ?disabled=${!open || expiry.busy}
          @click=${() => void expiry.reauthenticate()}
        >
          Re-authenticate now
        </button>
        <button id="disconnect" class="secondary" ?disabled=${!open} @click=${() => expiry.disconnect()}>
          Disconnect
        </button>
      </div>
      ${
        remaining !== undefined
          ? html`<p id="remaining">The credential in force expires in <strong>${seconds(remaining)}</strong>.</p>`
          : nothing
      }
      ${
        expiry.story.length > 0
          ? html`<ol class="steps" id="story" aria-live="polite">
              ${expiry.story.map(
                (line) =>
                  html`<li data-kind=${line.kind}><span class="at">+${seconds(line.at)}</span> ${line.text}</li>`,
              )}
            </ol>`
          : html`<p class="hint">
              Connect, and watch for the server’s <code>expiring</code> message. Untick the box to see what happens to a
              client that does not answer it.
            </p>`
      }
      ${
        code !== undefined && code === CLOSE_CREDENTIALS_EXPIRED
          ? html`<p id="close-terms">In the close codes’ table: ${closeTerms(code)}</p>`
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
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-security-expiry-demo': WspSecurityExpiryDemo;
  }
}
