/**
 * The soak's load, run in the bench's process: the held connections, spread
 * evenly over /echo, /chat, /ticker and /collab, each sending one message
 * every ACT_EVERY_MS; and the churn, short visits started at a steady rate,
 * the four endpoints in turn.
 */
import { churnChat, churnCollab, churnEcho, churnTicker } from './soak-churn.ts';
import {
  ChatRoom,
  CollabDocument,
  HeldChat,
  HeldCollab,
  HeldEcho,
  HeldTicker,
  HELD_TICK_MS,
  type HeldConnection,
} from './soak-held.ts';
import { Ledger, SOAK_ENDPOINTS, type SoakEndpoint } from './soak-ledger.ts';
import { openSocket } from './soak-socket.ts';

/** Members per chat room: a busy classroom. */
export const CHAT_ROOM_MEMBERS = 50;
/**
 * Members per shared document: each may hold one item of its own, and a
 * document takes at most LIMITS.items (50); 40 leaves room for the churn's.
 */
export const COLLAB_DOC_MEMBERS = 40;
/** How often each held connection sends its one message. */
export const ACT_EVERY_MS = 10_000;
/**
 * The scheduler's step: each step, the held connections of one slot act. Short, and each slot holds one
 * connection of each endpoint in turn, so the server gets an even stream rather than bursts: a burst of
 * broadcasts every step would show up in its loop delay as the bench's doing.
 */
const STEP_MS = 10;
const SLOTS = ACT_EVERY_MS / STEP_MS;
/** Handshakes in flight at once during the ramp: under Node's listen backlog (511). */
const OPEN_AT_ONCE = 200;
/** A churn that falls this far behind is skipped rather than let pile up (and said so). */
const MAX_CHURN_IN_FLIGHT = 2000;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface LoadOptions {
  readonly connections: number;
  readonly churnPerSecond: number;
}

export class SoakLoad {
  readonly ledger = new Ledger();
  readonly held: HeldConnection[] = [];
  readonly chatRooms: ChatRoom[] = [];
  readonly collabDocs: CollabDocument[] = [];
  churnStarted = 0;
  churnFinished = 0;
  churnSkipped = 0;
  readonly #slots: HeldConnection[][] = Array.from({ length: SLOTS }, () => []);
  readonly #inFlight = new Set<Promise<void>>();
  #timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly base: string,
    private readonly options: LoadOptions,
  ) {}

  /** Opens the held connections, OPEN_AT_ONCE at a time, and waits for every room member's welcome. */
  async open(): Promise<void> {
    const total = this.options.connections;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < total) {
        const index = next++;
        const held = await this.openHeld(index);
        if (!held) continue;
        this.held.push(held);
        this.#slots[Math.floor(index / SOAK_ENDPOINTS.length) % SLOTS]!.push(held);
      }
    };
    await Promise.all(Array.from({ length: Math.min(OPEN_AT_ONCE, total) }, worker));
    const members = [
      ...this.chatRooms.flatMap((room) => room.members),
      ...this.collabDocs.flatMap((doc) => doc.members),
    ];
    const deadline = performance.now() + 60_000;
    while (members.some((member) => member.alive && !member.welcomed)) {
      if (performance.now() > deadline) throw new Error('held room members still without their welcome after 60 s');
      await pause(50);
    }
  }

  /** Connection `index` goes to the endpoints in turn, and fills each room before the next. */
  private openHeld(index: number): Promise<HeldConnection | undefined> {
    const endpoint = SOAK_ENDPOINTS[index % SOAK_ENDPOINTS.length]!;
    const place = Math.floor(index / SOAK_ENDPOINTS.length);
    const name = `h${place}`;
    const { ledger, base } = this;
    switch (endpoint) {
      case 'echo': {
        return openSocket(`${base}/echo`, endpoint, ledger, (socket) => new HeldEcho(socket, ledger));
      }
      case 'ticker': {
        const topic = place % 2 === 0 ? 'prices' : 'scores';
        const url = `${base}/ticker?topic=${topic}&every=${HELD_TICK_MS}`;
        return openSocket(url, endpoint, ledger, (socket) => new HeldTicker(socket, ledger));
      }
      case 'chat': {
        const number = Math.floor(place / CHAT_ROOM_MEMBERS);
        const room = (this.chatRooms[number] ??= new ChatRoom(`soak-chat-${number}`));
        const url = `${base}/chat?room=${room.name}&name=${name}`;
        return openSocket(url, endpoint, ledger, (socket) => new HeldChat(socket, ledger, room, name));
      }
      case 'collab': {
        const number = Math.floor(place / COLLAB_DOC_MEMBERS);
        const doc = (this.collabDocs[number] ??= new CollabDocument(`soak-doc-${number}`));
        const url = `${base}/collab?doc=${doc.name}&name=${name}`;
        return openSocket(url, endpoint, ledger, (socket) => new HeldCollab(socket, ledger, doc, name));
      }
    }
  }

  /** Starts the held connections' traffic and the churn. */
  start(): void {
    const started = performance.now();
    let step = 0;
    // Both catch up from the clock, so a late timer does not lower the rates.
    this.#timers.push(
      setInterval(() => {
        const due = Math.floor((performance.now() - started) / STEP_MS);
        for (; step < due; step++) for (const held of this.#slots[step % SLOTS]!) if (held.alive) held.act();
      }, STEP_MS),
    );
    this.#timers.push(
      setInterval(() => {
        const due = Math.floor(((performance.now() - started) / 1000) * this.options.churnPerSecond);
        while (this.churnStarted + this.churnSkipped < due) this.startChurn();
      }, STEP_MS),
    );
  }

  private startChurn(): void {
    if (this.#inFlight.size >= MAX_CHURN_IN_FLIGHT) {
      this.churnSkipped++;
      return;
    }
    const number = this.churnStarted++;
    const endpoint: SoakEndpoint = SOAK_ENDPOINTS[number % SOAK_ENDPOINTS.length]!;
    const name = `c${number}`;
    // Rooms in turn, so each gets its share of visitors.
    const turn = Math.floor(number / SOAK_ENDPOINTS.length);
    const visit =
      endpoint === 'echo'
        ? churnEcho(this.base, this.ledger)
        : endpoint === 'ticker'
          ? churnTicker(this.base, this.ledger)
          : endpoint === 'chat'
            ? churnChat(this.base, this.chatRooms[turn % this.chatRooms.length]!, name, this.ledger)
            : churnCollab(this.base, this.collabDocs[turn % this.collabDocs.length]!, name, this.ledger);
    const running = visit
      .catch((error: unknown) => this.ledger.problem(endpoint, `churn failed: ${String(error)}`))
      .finally(() => {
        this.churnFinished++;
        this.#inFlight.delete(running);
      });
    this.#inFlight.add(running);
  }

  /** Stops sending and starting visits, and waits for the visits under way to end. */
  async stop(): Promise<void> {
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers = [];
    await Promise.all(this.#inFlight);
  }

  outstanding(): number {
    return this.held.reduce((sum, held) => sum + held.outstanding(), 0);
  }

  /** Waits (at most `limitMs`) for the messages still on their way, then counts those that never came as lost. */
  async drain(limitMs: number): Promise<void> {
    const deadline = performance.now() + limitMs;
    while (this.outstanding() > 0 && performance.now() < deadline) await pause(100);
    for (const held of this.held) held.settle();
  }

  /** Held tickers that have had no tick for `ms`. */
  silentTickers(ms: number): number {
    const now = performance.now();
    return this.held.filter((held) => held instanceof HeldTicker && held.alive && now - held.lastTickAt > ms).length;
  }

  alive(): number {
    return this.held.filter((held) => held.alive).length;
  }

  /** Closes the held connections, OPEN_AT_ONCE at a time. */
  async close(): Promise<void> {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < this.held.length) await this.held[next++]!.close();
    };
    await Promise.all(Array.from({ length: OPEN_AT_ONCE }, worker));
  }
}
