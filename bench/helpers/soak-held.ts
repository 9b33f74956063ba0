/**
 * The connections the soak holds from start to end, one kind per endpoint.
 * Each sends one message when the scheduler asks (`act`) and checks every
 * numbered message it receives as it arrives (Ledger.take); at the end it
 * counts what never came as lost (`settle`).
 *
 * - /echo: sends 1, 2, 3… and must get each back once, in order;
 * - /chat: says lines 1, 2, 3… under its own name; every member of the room
 *   must hear every sender's lines once and in order, its own included;
 * - /ticker: the ticks' `seq` must run 1, 2, 3…; each `rate` request gets
 *   one `state` answer;
 * - /collab: adds, edits and deletes an item of its own, one change at a
 *   time, each with a `ref` that must be answered once; the revisions of
 *   the changes it is told of must run on without a gap, and at the end
 *   every member must be at the document's last revision.
 */
import type WebSocket from 'ws';
import type {
  ChatServerMessage,
  CollabServerMessage,
  ErrorMessage,
  TickerServerMessage,
} from '../../src/service/json-messages.ts';
import type { Ledger, SoakEndpoint } from './soak-ledger.ts';
import { guard, parseJson } from './soak-socket.ts';

export interface HeldConnection {
  readonly endpoint: SoakEndpoint;
  /** False once the connection closed without the bench asking. */
  readonly alive: boolean;
  /** Its share of the light traffic: one message. */
  act(): void;
  /** Messages still on their way that the checks wait for. */
  outstanding(): number;
  /** The end of the run (or of the connection): counts what never came as lost. */
  settle(): void;
  close(): Promise<void>;
}

abstract class Held implements HeldConnection {
  alive = true;
  readonly #close: () => Promise<void>;

  constructor(
    readonly endpoint: SoakEndpoint,
    protected readonly socket: WebSocket,
    protected readonly ledger: Ledger,
  ) {
    socket.on('message', (data) => this.received(data));
    this.#close = guard(socket, endpoint, ledger, 'held connection', () => {
      this.settle();
      this.alive = false;
    });
  }

  protected abstract received(data: WebSocket.RawData): void;
  /** Messages the checks still wait for. */
  protected abstract missing(): number;
  abstract act(): void;

  outstanding(): number {
    return this.alive ? this.missing() : 0;
  }

  settle(): void {
    if (this.alive) this.ledger.tallies[this.endpoint].lost += this.missing();
  }

  close(): Promise<void> {
    return this.#close();
  }

  protected sendJson(message: object): void {
    this.socket.send(JSON.stringify(message));
    this.ledger.tallies[this.endpoint].sent++;
  }

  protected unexpected(message: { readonly type: string; readonly message?: unknown }): void {
    const detail = message.type === 'error' ? `: ${String(message.message)}` : '';
    this.ledger.problem(this.endpoint, `unexpected ${message.type} message${detail}`);
  }
}

export class HeldEcho extends Held {
  #sent = 0;
  #next = 1;

  constructor(socket: WebSocket, ledger: Ledger) {
    super('echo', socket, ledger);
  }

  act(): void {
    this.socket.send(String(++this.#sent));
    this.ledger.tallies.echo.sent++;
  }

  protected received(data: WebSocket.RawData): void {
    this.#next = this.ledger.take('echo', this.#next, Number(data.toString()));
  }

  protected missing(): number {
    return this.#sent - (this.#next - 1);
  }
}

/** The period of the held tickers' ticks, and of the `rate` they ask for again. */
export const HELD_TICK_MS = 1000;

export class HeldTicker extends Held {
  #next = 1;
  #awaitedStates = 0;
  lastTickAt = performance.now();

  constructor(socket: WebSocket, ledger: Ledger) {
    super('ticker', socket, ledger);
  }

  act(): void {
    this.#awaitedStates++;
    this.sendJson({ type: 'rate', every: HELD_TICK_MS });
  }

  protected received(data: WebSocket.RawData): void {
    const message = parseJson<TickerServerMessage | ErrorMessage>(data, 'ticker', this.ledger);
    if (message?.type === 'tick') {
      this.#next = this.ledger.take('ticker', this.#next, message.seq);
      this.lastTickAt = performance.now();
    } else if (message?.type === 'state') {
      const tally = this.ledger.tallies.ticker;
      if (this.#awaitedStates === 0) tally.duplicated++;
      else {
        this.#awaitedStates--;
        tally.delivered++;
      }
    } else if (message) this.unexpected(message);
  }

  protected missing(): number {
    return this.#awaitedStates;
  }
}

/** A chat room of held members, and how many lines each sender said in it (churn members too). */
export class ChatRoom {
  readonly said = new Map<string, number>();
  readonly members: HeldChat[] = [];

  constructor(readonly name: string) {}

  /** The next line's number for `sender`, counted as said. */
  nextLine(sender: string): number {
    const line = (this.said.get(sender) ?? 0) + 1;
    this.said.set(sender, line);
    return line;
  }
}

export class HeldChat extends Held {
  welcomed = false;
  /** The last line number heard from each sender. */
  readonly #heard = new Map<string, number>();

  constructor(
    socket: WebSocket,
    ledger: Ledger,
    private readonly room: ChatRoom,
    private readonly name: string,
  ) {
    super('chat', socket, ledger);
    room.members.push(this);
  }

  act(): void {
    if (this.welcomed) this.sendJson({ type: 'say', text: String(this.room.nextLine(this.name)) });
  }

  protected received(data: WebSocket.RawData): void {
    const message = parseJson<ChatServerMessage | ErrorMessage>(data, 'chat', this.ledger);
    if (!message) return;
    switch (message.type) {
      case 'welcome':
        // Unique names, so none is renamed: lines are told apart by the name they were said under.
        if (message.you !== this.name) this.ledger.problem('chat', `renamed to ${message.you}`);
        for (const line of message.history) this.#heard.set(line.from, Number(line.text));
        this.welcomed = true;
        break;
      case 'message': {
        const last = this.#heard.get(message.from) ?? 0;
        this.#heard.set(message.from, this.ledger.take('chat', last + 1, Number(message.text)) - 1);
        break;
      }
      case 'joined':
      case 'left':
        break;
      default:
        this.unexpected(message);
    }
  }

  protected missing(): number {
    let missing = 0;
    for (const [sender, lines] of this.room.said) missing += Math.max(0, lines - (this.#heard.get(sender) ?? 0));
    return missing;
  }
}

/** A shared document of held members. */
export class CollabDocument {
  readonly members: HeldCollab[] = [];

  constructor(readonly name: string) {}

  /** The last revision any member still connected has been told of. */
  revision(): number {
    return Math.max(0, ...this.members.filter((member) => member.alive).map((member) => member.revision()));
  }
}

export class HeldCollab extends Held {
  welcomed = false;
  #nextRev = 1;
  #nextRef = 0;
  /** Refs of this member's changes that no answer has come for yet (one at a time). */
  readonly #pending = new Set<number>();
  /** Its own item, once added; it is edited once, then deleted, then added again. */
  #item: string | undefined;
  #edited = false;

  constructor(
    socket: WebSocket,
    ledger: Ledger,
    private readonly doc: CollabDocument,
    private readonly name: string,
  ) {
    super('collab', socket, ledger);
    doc.members.push(this);
  }

  revision(): number {
    return this.#nextRev - 1;
  }

  act(): void {
    if (!this.welcomed || this.#pending.size > 0) return;
    const ref = ++this.#nextRef;
    this.#pending.add(ref);
    const text = `${this.name} ${ref}`;
    if (this.#item === undefined) this.sendJson({ type: 'add', text, ref });
    else if (!this.#edited) this.sendJson({ type: 'edit', id: this.#item, text, ref });
    else this.sendJson({ type: 'delete', id: this.#item, ref });
  }

  protected received(data: WebSocket.RawData): void {
    const message = parseJson<CollabServerMessage | ErrorMessage>(data, 'collab', this.ledger);
    if (!message) return;
    switch (message.type) {
      case 'welcome':
        if (this.welcomed) this.ledger.problem('collab', 'a second welcome: the document was sent anew');
        if (message.you !== this.name) this.ledger.problem('collab', `renamed to ${message.you}`);
        this.#nextRev = message.rev + 1;
        this.welcomed = true;
        break;
      case 'added':
      case 'edited':
      case 'deleted': {
        const expected = this.#nextRev;
        this.#nextRev = this.ledger.take('collab', expected, message.rev);
        if (message.rev < expected || message.by !== this.name || typeof message.ref !== 'number') break;
        if (!this.#pending.delete(message.ref)) {
          this.ledger.tallies.collab.duplicated++;
          break;
        }
        if (message.type === 'added') {
          this.#item = message.item.id;
          this.#edited = false;
        } else if (message.type === 'edited') this.#edited = true;
        else this.#item = undefined;
        break;
      }
      case 'rejected':
        if (typeof message.ref === 'number' && this.#pending.delete(message.ref)) {
          this.ledger.problem('collab', `rejected ${message.action}: ${message.message.replace(/\d+/g, 'N')}`);
        } else this.ledger.tallies.collab.duplicated++;
        break;
      case 'cursor':
      case 'joined':
      case 'left':
        break;
      default:
        this.unexpected(message);
    }
  }

  protected missing(): number {
    return this.#pending.size + Math.max(0, this.doc.revision() - this.revision());
  }
}
