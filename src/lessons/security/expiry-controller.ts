import type { ReactiveControllerHost } from 'lit';
import { Role } from '../../service/credentials.ts';
import { SECURE_PATH } from '../../service/security-messages.ts';
import { SecurityDemo, type Attempt } from './security-demo.ts';
import { readServerMessage, seconds } from './server-messages.ts';
import { shown, signInAs } from './sign-in.ts';
import { authMessage } from './ways-controller.ts';

/** The token lifetimes the reader may pick, in ms: short, so the expiry comes while they watch. */
export const LIFETIMES = [4000, 8000, 30_000] as const;
export const DEFAULT_LIFETIME_MS = 8000;

/** The user the expiry demo signs in as. */
const USER = 'ada';

/** One line of the demo's story, timed from the connection's start. */
export interface StoryLine {
  readonly at: number;
  /** Who acted: the server's message, the page's step, or the end. */
  readonly kind: 'server' | 'page' | 'closed' | 'problem';
  readonly text: string;
}

/**
 * The expiry demo: sign in with a short-lived token, connect to
 * `/secure?auth=message`, and when the server warns that the credential is
 * about to expire, fetch a fresh token over HTTP and send it over the open
 * connection (or, with renewing off, let the server close with 4001).
 */
export class ExpiryController extends SecurityDemo {
  lifetimeMs: number = DEFAULT_LIFETIME_MS;
  /** Whether the page answers the server's warning with a fresh token. */
  renew = true;
  attempt: Attempt | undefined;
  story: readonly StoryLine[] = [];
  /** When (performance.now()) the credential in force expires, as the server last said. */
  expiresAt: number | undefined;
  busy = false;
  #startedAt = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(host: ReactiveControllerHost) {
    super(host);
  }

  /** Milliseconds until the credential in force expires, as the page reckons it; undefined when none. */
  get remainingMs(): number | undefined {
    if (this.expiresAt === undefined || !this.attempt?.isOpen) return undefined;
    return Math.max(0, this.expiresAt - performance.now());
  }

  async start(): Promise<void> {
    const generation = this.generation;
    this.drop(this.attempt);
    this.attempt = undefined;
    this.story = [];
    this.expiresAt = undefined;
    this.#startedAt = performance.now();
    this.busy = true;
    this.changed();
    this.#tell('page', `POST /login as ${USER}, asking for a token that lives ${seconds(this.lifetimeMs)}.`);
    const session = await signInAs(USER, Role.member, this.lifetimeMs);
    if (!this.current(generation)) return;
    this.busy = false;
    if (!session.ok) {
      this.#tell('problem', session.message);
      return;
    }
    const token = session.answer.token;
    this.#tell('page', `Got ${shown(token)}. Connecting to ${SECURE_PATH}?auth=message.`);
    this.#startedAt = performance.now();
    this.attempt = this.open(`${SECURE_PATH}?auth=message`, {
      opened: () => {
        this.attempt?.send(authMessage(token));
        this.#tell('page', `Open. Sent {"type":"auth","token":"${shown(token)}"}.`);
      },
      message: (text) => this.#onMessage(text),
      closed: ({ code, reason, wasClean }) => {
        this.#stopTicking();
        const because = reason ? `, reason “${reason}”` : '';
        this.#tell('closed', `Closed: code ${code}${because}, wasClean ${wasClean}.`);
      },
    });
    this.#tick();
    this.changed();
  }

  /** Signs in again over HTTP and sends the fresh token over the open connection. */
  async reauthenticate(): Promise<void> {
    const attempt = this.attempt;
    if (!attempt?.isOpen || this.busy) return;
    const generation = this.generation;
    this.busy = true;
    this.#tell('page', 'POST /login again for a fresh token (an ordinary HTTP request; the connection stays).');
    const session = await signInAs(USER, Role.member, this.lifetimeMs);
    if (!this.current(generation) || attempt !== this.attempt) return;
    this.busy = false;
    if (!session.ok) {
      this.#tell('problem', session.message);
      return;
    }
    if (attempt.send(authMessage(session.answer.token))) {
      this.#tell('page', `Sent {"type":"auth","token":"${shown(session.answer.token)}"} over the open connection.`);
    }
  }

  disconnect(): void {
    this.attempt?.disconnect('reader clicked Disconnect');
  }

  protected override reset(): void {
    this.attempt = undefined;
    this.story = [];
    this.expiresAt = undefined;
    this.busy = false;
    this.#stopTicking();
  }

  override hostDisconnected(): void {
    super.hostDisconnected();
    this.#stopTicking();
  }

  #onMessage(text: string): void {
    const message = readServerMessage(text);
    if (!message) return;
    switch (message.type) {
      case 'welcome':
        this.expiresAt = performance.now() + message.expiresInMs;
        this.#tell('server', `welcome: ${message.user}; the credential expires in ${seconds(message.expiresInMs)}.`);
        return;
      case 'expiring':
        this.#tell('server', `expiring: send a fresh token within ${seconds(message.inMs)}.`);
        if (this.renew) void this.reauthenticate();
        else this.#tell('page', 'Renewing is off: the page does nothing.');
        return;
      case 'reauthenticated':
        this.expiresAt = performance.now() + message.expiresInMs;
        this.#tell('server', `reauthenticated: the connection lives on, for ${seconds(message.expiresInMs)} more.`);
        return;
      case 'error':
        this.#tell('server', `error: ${message.reason}`);
        return;
      case 'posted':
        return;
    }
  }

  #tell(kind: StoryLine['kind'], text: string): void {
    this.story = [...this.story, { at: Math.round(performance.now() - this.#startedAt), kind, text }];
    this.changed();
  }

  /** Re-renders the countdown while the connection is open. */
  #tick(): void {
    this.#stopTicking();
    this.#timer = setInterval(() => this.changed(), 500);
  }

  #stopTicking(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
