import type { ReactiveControllerHost } from 'lit';
import { AuthVia, BEARER_PROTOCOL, SECURE_PATH } from '../../service/security-messages.ts';
import type { Role } from '../../service/credentials.ts';
import { pause, SecurityDemo, type Attempt } from './security-demo.ts';
import { shown, signInAs, ticketFor, type Session } from './sign-in.ts';

/** Each button of the four-ways demo: a way, done right or wrong on purpose. */
export const Try = {
  cookie: 'cookie',
  ticket: 'ticket',
  ticketReused: 'ticket-reused',
  ticketExpired: 'ticket-expired',
  protocol: 'protocol',
  tokenAlone: 'token-alone',
  message: 'message',
  silent: 'silent',
} as const;
export type Try = (typeof Try)[keyof typeof Try];

/** The way each try uses. */
export const TRY_WAY: Readonly<Record<Try, AuthVia>> = {
  cookie: AuthVia.cookie,
  ticket: AuthVia.ticket,
  'ticket-reused': AuthVia.ticket,
  'ticket-expired': AuthVia.ticket,
  protocol: AuthVia.protocol,
  'token-alone': AuthVia.protocol,
  message: AuthVia.message,
  silent: AuthVia.message,
};

/** The shortest ticket lifetime POST /ticket grants: the expired-ticket try waits it out. */
const SHORT_TICKET_MS = 1000;
/** The demo's token lives long (10 min): expiry is the next demo's subject. */
export const WAYS_TOKEN_LIFETIME_MS = 600_000;

/** `{"type":"auth","token":…}`: the credential as a message (the first one, or a fresh one later). */
export function authMessage(token: string): string {
  return JSON.stringify({ type: 'auth', token });
}

/**
 * The four-ways demo: sign in once over HTTP, then connect to `/secure` with
 * a cookie, a ticket, a token in Sec-WebSocket-Protocol or a token in the
 * first message, each also done wrong on purpose. It keeps the steps it took
 * (secrets starred) and the last attempt.
 */
export class WaysController extends SecurityDemo {
  session: Session | undefined;
  signingIn = false;
  /** Why signing in or asking for a ticket failed. */
  problem: string | undefined;
  /** The try of the attempt shown. */
  tried: Try | undefined;
  attempt: Attempt | undefined;
  /** What the demo did for the attempt shown, in order (secrets starred). */
  steps: readonly string[] = [];
  /** Whether a wait is under way (the expired ticket's). */
  waiting = false;
  /** The last ticket used: the reuse try sends it again. */
  #ticket: string | undefined;

  constructor(host: ReactiveControllerHost) {
    super(host);
  }

  get canReuseTicket(): boolean {
    return this.#ticket !== undefined;
  }

  async signIn(name: string, role: Role): Promise<void> {
    const generation = this.generation;
    this.signingIn = true;
    this.problem = undefined;
    this.changed();
    const result = await signInAs(name, role, WAYS_TOKEN_LIFETIME_MS);
    if (!this.current(generation)) return;
    this.signingIn = false;
    if (result.ok) {
      this.session = result.answer;
      this.#ticket = undefined;
    } else {
      this.problem = result.message;
    }
    this.changed();
  }

  async run(tried: Try): Promise<void> {
    const generation = this.generation;
    this.drop(this.attempt);
    this.attempt = undefined;
    this.tried = tried;
    this.problem = undefined;
    this.steps = [];
    this.changed();
    const token = this.session?.token;
    switch (tried) {
      case Try.cookie:
        this.#step('The page opens the connection; the browser adds the cookies it holds for the server’s host.');
        this.#open(`${SECURE_PATH}?auth=cookie`);
        return;
      case Try.ticket:
      case Try.ticketExpired: {
        if (!token) return;
        const ttl = tried === Try.ticketExpired ? SHORT_TICKET_MS : undefined;
        this.#step(`POST /ticket with Authorization: Bearer ${shown(token)}${ttl ? `, asking for ${ttl} ms` : ''}.`);
        const ticket = await ticketFor(token, ttl);
        if (!this.current(generation)) return;
        if (!ticket.ok) {
          this.problem = ticket.message;
          this.changed();
          return;
        }
        this.#ticket = ticket.answer.ticket;
        this.#step(`The answer: ticket ${shown(ticket.answer.ticket)}, good for ${ticket.answer.expiresInMs} ms.`);
        if (tried === Try.ticketExpired) {
          const wait = ticket.answer.expiresInMs + 500;
          this.#step(`The page waits ${wait} ms, past the ticket’s life, before using it.`);
          this.waiting = true;
          this.changed();
          await pause(wait);
          if (!this.current(generation)) return;
          this.waiting = false;
        }
        this.#step('The page opens the connection with the ticket in the URL.');
        this.#open(`${SECURE_PATH}?auth=ticket&ticket=${ticket.answer.ticket}`);
        return;
      }
      case Try.ticketReused:
        if (!this.#ticket) return;
        this.#step(`The page opens a connection with the ticket it already used, ${shown(this.#ticket)}.`);
        this.#open(`${SECURE_PATH}?auth=ticket&ticket=${this.#ticket}`);
        return;
      case Try.protocol:
        if (!token) return;
        this.#step(`new WebSocket(url, ["${BEARER_PROTOCOL}", "${shown(token)}"]): the token rides as a subprotocol.`);
        this.#open(`${SECURE_PATH}?auth=protocol`, [BEARER_PROTOCOL, token]);
        return;
      case Try.tokenAlone:
        if (!token) return;
        this.#step(`new WebSocket(url, ["${shown(token)}"]): the token alone, nothing the server could answer with.`);
        this.#open(`${SECURE_PATH}?auth=protocol`, [token]);
        return;
      case Try.message:
      case Try.silent: {
        if (!token) return;
        const silent = tried === Try.silent;
        this.#step('The page opens the connection with no credential at all.');
        this.#open(`${SECURE_PATH}?auth=message`, undefined, (attempt) => {
          if (silent) {
            this.#step('Open. The page sends nothing, and the server’s deadline runs.');
            return;
          }
          attempt.send(authMessage(token));
          this.#step(`Open. The page sends {"type":"auth","token":"${shown(token)}"} as its first message.`);
        });
        return;
      }
    }
  }

  /** Sends a post on the open connection, to show the connection works (and whose it is). */
  post(text: string): void {
    if (this.attempt?.send(JSON.stringify({ type: 'post', text }))) this.changed();
  }

  disconnect(): void {
    this.attempt?.disconnect('reader clicked Disconnect');
  }

  protected override reset(): void {
    this.session = undefined;
    this.signingIn = false;
    this.problem = undefined;
    this.tried = undefined;
    this.attempt = undefined;
    this.steps = [];
    this.waiting = false;
    this.#ticket = undefined;
  }

  #open(target: string, protocols?: string[], onOpen?: (attempt: Attempt) => void): void {
    const attempt = this.open(
      target,
      {
        opened: () => {
          onOpen?.(attempt);
          this.changed();
        },
      },
      protocols ? { protocols } : {},
    );
    this.attempt = attempt;
    this.changed();
  }

  #step(text: string): void {
    this.steps = [...this.steps, text];
    this.changed();
  }
}
