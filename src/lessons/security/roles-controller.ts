import type { ReactiveControllerHost } from 'lit';
import { Role } from '../../service/credentials.ts';
import { SECURE_PATH } from '../../service/security-messages.ts';
import { SecurityDemo, type Attempt } from './security-demo.ts';
import { signInAs, ticketFor } from './sign-in.ts';

/** Who signs in for each role. */
export const ROLE_USERS: Readonly<Record<Role, string>> = { member: 'ada', reader: 'rex' };

/** One side of the demo: a user of one role and their connection. */
export interface RolePane {
  readonly role: Role;
  attempt: Attempt | undefined;
  busy: boolean;
  problem: string | undefined;
}

/**
 * The per-message authorization demo: a member and a reader, each signed in
 * and connected to `/secure` with a ticket, each posting. The server checks
 * every message: the reader's post is refused with an error message, and
 * the connection stays open.
 */
export class RolesController extends SecurityDemo {
  readonly panes: Readonly<Record<Role, RolePane>> = {
    member: { role: Role.member, attempt: undefined, busy: false, problem: undefined },
    reader: { role: Role.reader, attempt: undefined, busy: false, problem: undefined },
  };

  constructor(host: ReactiveControllerHost) {
    super(host);
  }

  /** Signs in as the role's user, asks for a ticket, and connects with it. */
  async join(role: Role): Promise<void> {
    const pane = this.panes[role];
    const generation = this.generation;
    this.drop(pane.attempt);
    pane.attempt = undefined;
    pane.problem = undefined;
    pane.busy = true;
    this.changed();
    const session = await signInAs(ROLE_USERS[role], role);
    if (!this.current(generation)) return;
    const ticket = session.ok ? await ticketFor(session.answer.token) : session;
    if (!this.current(generation)) return;
    pane.busy = false;
    if (!ticket.ok) {
      pane.problem = ticket.message;
      this.changed();
      return;
    }
    pane.attempt = this.open(`${SECURE_PATH}?auth=ticket&ticket=${ticket.answer.ticket}`);
    this.changed();
  }

  post(role: Role, text: string): void {
    this.panes[role].attempt?.send(JSON.stringify({ type: 'post', text }));
  }

  /** Sends what no schema allows: the server answers with an error and keeps the connection. */
  junk(role: Role): void {
    this.panes[role].attempt?.send('{"type":"delete-everything"}');
  }

  leave(role: Role): void {
    this.panes[role].attempt?.disconnect('reader clicked Disconnect');
  }

  protected override reset(): void {
    for (const pane of Object.values(this.panes)) {
      pane.attempt = undefined;
      pane.busy = false;
      pane.problem = undefined;
    }
  }
}
