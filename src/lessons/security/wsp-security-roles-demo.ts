import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { FocusKeeper } from '../../components/focus-keeper.ts';
import type { Role } from '../../service/credentials.ts';
import { AttemptStatus } from './attempt.ts';
import { ROLE_USERS, RolesController, type RolePane } from './roles-controller.ts';
import { securityDemoStyles } from './styles.ts';
import './wsp-security-outcome.ts';
import './wsp-security-replies.ts';
import '../../components/wsp-mode-switch.ts';
import '../../components/wsp-trace-timeline.ts';
import { PagePart } from '../../components/page-part.ts';

const ROLE_NOTES: Readonly<Record<Role, string>> = {
  member: 'may read and post',
  reader: 'may only read',
};

/**
 * Logged in is not allowed everything: a member and a reader side by side,
 * each connected to `/secure`, each posting. The server checks the role on
 * every message: the reader's post comes back as an error, and the
 * connection stays open.
 */
@customElement('wsp-security-roles-demo')
export class WspSecurityRolesDemo extends PagePart {
  static override styles = [
    securityDemoStyles,
    css`
      .panes {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 18rem), 1fr));
        gap: 0.75rem;
      }
      section {
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        align-content: start;
        gap: 0.6rem;
        border: 1px solid var(--wsp-border, #d5d9e2);
        border-radius: var(--wsp-radius, 6px);
        padding: 0.6rem 0.75rem;
        min-width: 0;
      }
    `,
  ];

  /** Keeps a keyboard reader's focus in the demo when the control they pressed is disabled. */
  readonly focusKeeper = new FocusKeeper(this);
  readonly #roles = new RolesController(this);
  @state() private texts: Readonly<Record<Role, string>> = { member: 'hello from ada', reader: 'hello from rex' };

  protected override render() {
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      <div class="panes">${Object.values(this.#roles.panes).map((pane) => this.#pane(pane))}</div>
    `;
  }

  #pane(pane: RolePane) {
    const roles = this.#roles;
    const { role, attempt } = pane;
    const open = attempt?.status === AttemptStatus.open;
    const active = attempt !== undefined && attempt.status !== AttemptStatus.closed;
    return html`<section id=${role} aria-labelledby=${`${role}-heading`}>
      <h3 id=${`${role}-heading`}>${ROLE_USERS[role]}, a ${role} (${ROLE_NOTES[role]})</h3>
      <div class="row">
        <button id=${`join-${role}`} ?disabled=${active || pane.busy} @click=${() => void roles.join(role)}>
          Sign in and connect
        </button>
        <button id=${`leave-${role}`} class="secondary" ?disabled=${!open} @click=${() => roles.leave(role)}>
          Disconnect
        </button>
      </div>
      <form
        class="row"
        @submit=${(event: SubmitEvent) => {
          event.preventDefault();
          roles.post(role, this.texts[role]);
        }}
      >
        <label class="visually-hidden" for=${`text-${role}`}>What ${ROLE_USERS[role]} posts</label>
        <input
          id=${`text-${role}`}
          type="text"
          maxlength="280"
          autocomplete="off"
          .value=${this.texts[role]}
          @input=${(event: InputEvent) =>
            (this.texts = { ...this.texts, [role]: (event.target as HTMLInputElement).value })}
        />
        <button id=${`post-${role}`} ?disabled=${!open}>Post</button>
        <button
          id=${`junk-${role}`}
          type="button"
          class="secondary"
          ?disabled=${!open}
          @click=${() => roles.junk(role)}
        >
          Send an unknown message
        </button>
      </form>
      ${pane.problem ? html`<p class="problem" role="status">${pane.problem}</p>` : nothing}
      ${
        attempt
          ? html`<p id=${`state-${role}`} role="status">
                The page’s socket: <strong>${attempt.status === AttemptStatus.open ? 'OPEN' : attempt.status}</strong>
              </p>
              <wsp-security-replies
                .messages=${attempt.received}
                label=${`What the server told ${ROLE_USERS[role]}`}
              ></wsp-security-replies>
              <wsp-security-outcome
                .trace=${attempt.trace}
                .status=${attempt.status}
                .close=${attempt.close}
                .problem=${attempt.problem}
              ></wsp-security-outcome>
              <details open>
                <summary>Every event of ${ROLE_USERS[role]}’s connection</summary>
                <wsp-trace-timeline
                  .events=${attempt.trace}
                  label=${`Trace of ${ROLE_USERS[role]}’s connection`}
                ></wsp-trace-timeline>
              </details>`
          : nothing
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-security-roles-demo': WspSecurityRolesDemo;
  }
}
