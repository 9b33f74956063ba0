/**
 * Chat members for the scale check, forked by scale-clients.ts. Every member
 * is a real WebSocket on `/chat`; a room's members all live here, so each
 * line is timed from its send to each arrival on this process's clock, and
 * checked: every sender numbers its lines 1, 2, 3…, and every member of the
 * room (the sender too: the server echoes a line to all) must get each once,
 * in that order.
 */
import WebSocket from 'ws';
import type { ChatServerMessage, ErrorMessage } from '../../src/service/json-messages.ts';
import type { ClientCommand, ClientReply, Counts, Tally } from './scale-clients.ts';
import { DelayHistogram } from './scale-histogram.ts';
import type { PlannedRoom } from './scale-plan.ts';

/** The longest a handshake and its welcome, or a close handshake, may take. */
const ANSWER_LIMIT_MS = 15_000;
/** How often the talk schedule looks for lines due. */
const TICK_MS = 10;

const problems = new Map<string, number>();
function problem(reason: string): void {
  problems.set(reason, (problems.get(reason) ?? 0) + 1);
}

const within = new DelayHistogram();
const across = new DelayHistogram();
/** Indexed by instance: lines said by its members, and delivered to them (Counts). */
const said: number[] = [];
const delivered: number[] = [];

class Member {
  socket: WebSocket | undefined;
  welcomed = false;
  closing = false;
  /** Lines said; sentAt[n - 1] is when line n was sent (performance.now()). */
  lines = 0;
  readonly sentAt: number[] = [];

  constructor(
    readonly room: Room,
    readonly index: number,
    readonly instance: number,
  ) {}

  get live(): boolean {
    return this.welcomed && !this.closing && this.socket?.readyState === WebSocket.OPEN;
  }

  say(): void {
    if (!this.live) return;
    this.lines++;
    this.sentAt.push(performance.now());
    this.socket!.send(JSON.stringify({ type: 'say', text: String(this.lines) }));
    said[this.instance]!++;
    this.room.expected += this.room.members.filter((member) => member.live).length;
  }
}

class Room {
  readonly members: Member[];
  /** heard[r * size + s]: the last line of sender s that member r got in order. */
  readonly heard: Int32Array;
  expected = 0;
  delivered = 0;
  /** Lines skipped by a later one of the same sender (counted when the later one came). */
  skipped = 0;
  duplicated = 0;

  constructor(readonly plan: PlannedRoom) {
    this.members = plan.members.map((member, index) => new Member(this, index, member.instance));
    this.heard = new Int32Array(this.members.length ** 2);
  }

  /** Member `reader` got line `n` of the member named `from`. */
  take(reader: Member, from: string, n: number): void {
    const sender = /^m\d+$/.test(from) ? this.members[Number(from.slice(1))] : undefined;
    if (!sender || !Number.isInteger(n) || n < 1 || n > sender.lines) {
      problem(`a line not said here: ${from} ${n}`);
      return;
    }
    const at = reader.index * this.members.length + sender.index;
    const last = this.heard[at]!;
    if (n <= last) {
      this.duplicated++;
      return;
    }
    this.skipped += n - last - 1;
    this.heard[at] = n;
    this.delivered++;
    delivered[reader.instance]!++;
    (reader.instance === sender.instance ? within : across).add(performance.now() - sender.sentAt[n - 1]!);
  }

  /** Lines said that a member still open never got (those skipped were counted as they were). */
  missing(): number {
    let missing = 0;
    for (const reader of this.members) {
      if (!reader.live) continue;
      for (const sender of this.members) {
        missing += Math.max(0, sender.lines - this.heard[reader.index * this.members.length + sender.index]!);
      }
    }
    return missing;
  }
}

const rooms = new Map<string, Room>();
const roomsOf = (prefix: string): Room[] =>
  [...rooms.values()].filter((room) => room.plan.name.startsWith(`${prefix}-`));

function received(member: Member, data: WebSocket.RawData): void {
  let message: ChatServerMessage | ErrorMessage;
  try {
    message = JSON.parse(data.toString()) as ChatServerMessage | ErrorMessage;
  } catch {
    problem('a message that is not JSON');
    return;
  }
  switch (message.type) {
    case 'message':
      member.room.take(member, message.from, Number(message.text));
      return;
    case 'welcome': {
      const wanted = member.room.plan.members[member.index]!.name;
      if (message.you !== wanted) problem(`renamed to ${message.you}`);
      for (const line of message.history) {
        const sender = member.room.members[Number(line.from.slice(1))];
        if (sender) member.room.heard[member.index * member.room.members.length + sender.index] = Number(line.text);
      }
      member.welcomed = true;
      return;
    }
    case 'joined':
    case 'left':
      return;
    default:
      problem(`unexpected ${message.type}${message.type === 'error' ? `: ${message.message}` : ''}`);
  }
}

/** Opens `member` on `url` and resolves once it is welcomed, or the reason it is not recorded. */
function open(member: Member, url: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: ANSWER_LIMIT_MS });
    member.socket = socket;
    let waiting = true;
    const timer = setTimeout(() => done(`no welcome within ${ANSWER_LIMIT_MS / 1000} s`), ANSWER_LIMIT_MS);
    const done = (reason?: string): void => {
      if (!waiting) return;
      waiting = false;
      clearTimeout(timer);
      if (reason !== undefined) problem(reason);
      resolve();
    };
    socket.on('message', (data) => {
      received(member, data);
      if (waiting && member.welcomed) done();
    });
    socket.once('unexpected-response', (request, response) => {
      // The refusal is the problem; the close that follows is not another.
      member.closing = true;
      request.destroy();
      done(`refused ${response.statusCode}`);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => problem(`socket error: ${error.code ?? error.message}`));
    socket.on('close', (code, reason) => {
      if (!member.closing) problem(`closed by the server: ${code} ${reason.toString()}`.trim());
      done(`closed before its welcome: ${code}`);
    });
  });
}

async function join(command: Extract<ClientCommand, { type: 'join' }>): Promise<number> {
  while (said.length < command.urls.length) {
    said.push(0);
    delivered.push(0);
  }
  const queue: (() => Promise<void>)[] = [];
  const joining: Member[] = [];
  for (const plan of command.rooms) {
    const room = new Room(plan);
    rooms.set(plan.name, room);
    for (const member of room.members) {
      const name = plan.members[member.index]!.name;
      const url = `${command.urls[member.instance]}/chat?room=${encodeURIComponent(plan.name)}&name=${name}`;
      joining.push(member);
      queue.push(() => open(member, url));
    }
  }
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next; next = queue.shift()) await next();
  };
  await Promise.all(Array.from({ length: command.concurrency }, worker));
  return joining.filter((member) => member.welcomed).length;
}

let talking: NodeJS.Timeout | undefined;

/** Each talker in turn, spread over `everyMs`: at any moment the lines said are those due by then. */
function talk(command: Extract<ClientCommand, { type: 'talk' }>): void {
  clearInterval(talking);
  const chosen = roomsOf(command.prefix);
  // Member 0 of every room, then member 1…: consecutive lines fall in different rooms.
  const order: Member[] = [];
  const widest = Math.max(0, ...chosen.map((room) => room.members.length));
  for (let index = 0; index < widest; index++) {
    for (const room of chosen) if (room.members[index]) order.push(room.members[index]!);
  }
  if (order.length === 0) return;
  const start = performance.now();
  let sent = 0;
  talking = setInterval(() => {
    const due = Math.floor(((performance.now() - start) * order.length) / command.everyMs);
    for (; sent < due; sent++) order[sent % order.length]!.say();
  }, TICK_MS);
}

async function settle(command: Extract<ClientCommand, { type: 'settle' }>): Promise<Tally> {
  const chosen = roomsOf(command.prefix);
  const deadline = performance.now() + command.timeoutMs;
  const outstanding = (): number => chosen.reduce((sum, room) => sum + room.missing(), 0);
  while (outstanding() > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  const sum = (value: (room: Room) => number): number => chosen.reduce((total, room) => total + value(room), 0);
  return {
    said: sum((room) => room.members.reduce((lines, member) => lines + member.lines, 0)),
    expected: sum((room) => room.expected),
    delivered: sum((room) => room.delivered),
    lost: sum((room) => room.skipped + room.missing()),
    duplicated: sum((room) => room.duplicated),
    within: within.sparse(),
    across: across.sparse(),
    problems: Object.fromEntries(problems),
  };
}

/** Closes every member of the `prefix` rooms and waits for each close (cut after ANSWER_LIMIT_MS). */
async function leave(prefix: string): Promise<void> {
  const chosen = roomsOf(prefix);
  const closing = chosen.flatMap((room) =>
    room.members.map(async (member) => {
      const socket = member.socket;
      member.closing = true;
      if (!socket || socket.readyState === WebSocket.CLOSED) return;
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      const timer = setTimeout(() => socket.terminate(), ANSWER_LIMIT_MS);
      socket.close(1000);
      await closed;
      clearTimeout(timer);
    }),
  );
  await Promise.all(closing);
  for (const room of chosen) rooms.delete(room.plan.name);
}

async function handle(command: ClientCommand): Promise<unknown> {
  switch (command.type) {
    case 'join':
      return join(command);
    case 'talk':
      talk(command);
      return null;
    case 'quiet':
      clearInterval(talking);
      talking = undefined;
      return null;
    case 'counts': {
      const cpu = process.cpuUsage();
      return { said, delivered, cpuSeconds: (cpu.user + cpu.system) / 1e6 } satisfies Counts;
    }
    case 'window':
      within.reset();
      across.reset();
      return null;
    case 'settle':
      return settle(command);
    case 'leave':
      await leave(command.prefix);
      return null;
  }
}

process.on('message', (message: { id: number; command: ClientCommand }) => {
  handle(message.command).then(
    (result) => process.send!({ id: message.id, result } satisfies ClientReply),
    (error: unknown) => process.send!({ id: message.id, error: String(error) } satisfies ClientReply),
  );
});
// The bench is done (or gone): leave with it.
process.on('disconnect', () => process.exit(0));
