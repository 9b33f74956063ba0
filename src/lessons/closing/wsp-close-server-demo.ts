import { html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { FocusKeeper } from '../../components/focus-keeper.ts';
import { describeCloseCode, isValidCloseCode } from '../../protocol/index.ts';
import { ClosingConnection } from './connection.ts';
import { closingDemoStyles } from './styles.ts';
import { closingHandshakeViews } from './views.ts';
import { connectionStatusLine } from '../../components/connection-status.ts';
import { controlStyles, demoCardStyles } from '../../components/styles/shared-styles.ts';
import './wsp-close-frames.ts';
import '../../components/wsp-event-log.ts';
import '../../components/wsp-mode-switch.ts';
import '../../components/wsp-sequence-diagram.ts';
import '../../components/wsp-trace-timeline.ts';
import { PagePart } from '../../components/page-part.ts';

/** Codes a server sends in practice, for the list under the code field. */
const SUGGESTED = [1000, 1001, 1008, 1009, 1011, 1012, 1013, 4001];

/** How the server ends the connection. */
export const ServerClose = { code: 'code', empty: 'empty' } as const;
export type ServerClose = (typeof ServerClose)[keyof typeof ServerClose];

/** The `/close` target for the reader's choices (the endpoint's query, docs/endpoints.md). */
export function serverCloseTarget(how: ServerClose, code: string, reason: string, after: string): string {
  const query = new URLSearchParams();
  if (how === ServerClose.code) {
    query.set('code', code.trim());
    if (reason !== '') query.set('reason', reason);
  }
  if (after.trim() !== '') query.set('after', after.trim());
  const text = query.toString();
  return text === '' ? '/close' : `/close?${text}`;
}

/**
 * The server closes: the reader picks any code a server may send, a reason
 * and a delay, and connects to `/close`, which closes as asked. Codes a page
 * could never pass to `close()` (1001, 1011…) reach the page's close event
 * here. A code no one may send (1006) is refused by the server in the
 * handshake, and the demo says why.
 */
@customElement('wsp-close-server-demo')
export class WspCloseServerDemo extends PagePart {
  static override styles = [controlStyles, demoCardStyles, closingDemoStyles];

  /** Keeps a keyboard reader's focus in the demo when the control they pressed is disabled. */
  readonly focusKeeper = new FocusKeeper(this);

  readonly #connection = new ClosingConnection(this);
  @state() private how: ServerClose = ServerClose.code;
  @state() private code = '1001';
  @state() private reason = 'server restarting';
  @state() private delay = '500';

  protected override render() {
    const connection = this.#connection;
    const target = serverCloseTarget(this.how, this.code, this.reason, this.delay);
    const code = Number(this.code);
    const info = this.code.trim() === '' ? undefined : describeCloseCode(code);
    const sendable = isValidCloseCode(code);
    const withCode = this.how === ServerClose.code;
    const busy = !connection.canConnect;
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      ${connectionStatusLine(connection.status, connection.url ?? connection.urlFor(target), connection.settings.mode)}
      <fieldset>
        <legend>The server’s close frame</legend>
        <label
          ><input
            type="radio"
            name="how"
            value="code"
            .checked=${withCode}
            @change=${() => (this.how = ServerClose.code)}
          />
          With a code and a reason</label
        >
        <label
          ><input
            type="radio"
            name="how"
            value="empty"
            .checked=${!withCode}
            @change=${() => (this.how = ServerClose.empty)}
          />
          With an empty body (no code)</label
        >
      </fieldset>
      <form class="row" @submit=${this.#connect}>
        <label class="field narrow"
          >Code
          <input
            id="code"
            type="text"
            inputmode="numeric"
            list="server-codes"
            autocomplete="off"
            ?disabled=${!withCode}
            aria-describedby="code-note"
            .value=${this.code}
            @input=${(event: Event) => (this.code = (event.target as HTMLInputElement).value)}
          />
        </label>
        <datalist id="server-codes">
          ${SUGGESTED.map((suggested) => html`<option value=${suggested}>${describeCloseCode(suggested)?.name}</option>`)}
        </datalist>
        <label class="field"
          >Reason
          <input
            id="reason"
            type="text"
            autocomplete="off"
            ?disabled=${!withCode}
            .value=${this.reason}
            @input=${(event: Event) => (this.reason = (event.target as HTMLInputElement).value)}
          />
        </label>
        <label class="field narrow"
          >After (ms)
          <input
            id="after"
            type="text"
            inputmode="numeric"
            autocomplete="off"
            .value=${this.delay}
            @input=${(event: Event) => (this.delay = (event.target as HTMLInputElement).value)}
          />
        </label>
        <button id="connect" type="submit" ?disabled=${busy}>Connect to <code>${target}</code></button>
      </form>
      <p class="hint" id="code-note">
        ${
          !withCode
            ? 'The server sends a close frame with nothing in it; the page will report 1005, No Status Received.'
            : info === undefined
              ? `${this.code.trim() === '' ? 'Type a code' : `${this.code} is no close code`}: a server may send 1000–1003, 1007–1014 or 3000–4999.`
              : sendable
                ? `${code}, ${info.name}: ${info.meaning}`
                : `${code}, ${info.name}: no one may send it. The server will refuse the handshake; try it and see.`
        }
      </p>
      ${closingHandshakeViews(connection, 'Connect: the server closes after the delay, and the outcome appears here.')}
    `;
  }

  #connect(event: SubmitEvent): void {
    event.preventDefault();
    this.#connection.connect(serverCloseTarget(this.how, this.code, this.reason, this.delay));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-close-server-demo': WspCloseServerDemo;
  }
}
