/**
 * The capacity bench's client process, forked by capacity-load.ts: it opens
 * groups of connections, drives echo and room traffic over them and counts
 * what comes back, and answers each command over IPC. Every wait is
 * bounded, so a server that stops answering fails the bench instead of
 * hanging it.
 */
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import type { BroadcastCount, EchoCount, LoadCommand, LoadKind, LoadReply } from './capacity-load.ts';

/** Handshakes in flight at once: under Node's listen backlog (511), so none is dropped. */
const OPEN_AT_ONCE = 200;
/** The longest any one step may take. */
const STEP_LIMIT_MS = 120_000;
/** A group is ready once no message has arrived for this long (presence messages settle). */
const QUIET_MS = 300;
/** How often a rate-driven broadcast says the lines that are due. */
const TICK_MS = 5;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, what: string, limitMs = STEP_LIMIT_MS): Promise<void> {
  const deadline = performance.now() + limitMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out: ${what}`);
    await pause(5);
  }
}

/** With `compress`, ws offers what Chromium offers and, threshold 0, compresses every message as Chromium does. */
function open(url: string, compress = false): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: compress ? { threshold: 0 } : false });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`${url} answered ${response.statusCode}`)),
    );
    socket.once('error', reject);
  });
}

function nextMessage(socket: WebSocket, limitMs = 10_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out: an echo')), limitMs);
    socket.once('message', (data: Buffer) => {
      clearTimeout(timer);
      resolve(data);
    });
  });
}

/** A chat line as a reader would type it; `n` keeps each distinct, as they would be. */
const lineText = (n: number): string => `line ${n}: does the server answer every ping it gets?`;

interface Member {
  readonly socket: WebSocket;
  /** Its trace stream, for the traced kind. */
  readonly inspect?: WebSocket;
}

interface Group {
  readonly kind: LoadKind;
  readonly sockets: WebSocket[];
  /** Chat kinds: the members of each room, its sender first. */
  readonly rooms: Member[][];
}

const groups = new Map<string, Group>();
/** Every message any socket of any group received, and when the last came: the sign that a group has settled. */
let lastHeard = performance.now();

/** Runs `make` for indexes 0 to count-1, OPEN_AT_ONCE at a time. */
async function each(count: number, make: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await make(next++);
  };
  await Promise.all(Array.from({ length: Math.min(OPEN_AT_ONCE, count) }, worker));
}

const traceId = (): string => randomBytes(16).toString('base64url');

async function openGroup(command: Extract<LoadCommand, { type: 'open' }>): Promise<number> {
  const group: Group = { kind: command.kind, sockets: [], rooms: [] };
  groups.set(command.group, group);
  const heard = (socket: WebSocket): void => void socket.on('message', () => (lastHeard = performance.now()));
  const roomSize = command.roomSize ?? 50;
  const members: Member[] = [];
  await each(command.count, async (index) => {
    switch (command.kind) {
      case 'echo':
      case 'deflate': {
        const compress = command.kind === 'deflate';
        const socket = await open(`${command.baseUrl}/${command.kind}`, compress);
        for (let i = 0; i < (command.hello ?? 0); i++) {
          const echoed = nextMessage(socket);
          socket.send(JSON.stringify({ type: 'say', text: lineText(index * 100 + i) }));
          await echoed;
        }
        group.sockets[index] = socket;
        return;
      }
      case 'chat':
      case 'traced chat': {
        const room = `cap-${command.group}-${Math.floor(index / roomSize)}`;
        const base = index % roomSize === 0 ? (command.senderBaseUrl ?? command.baseUrl) : command.baseUrl;
        const url = `${base}/chat?room=${room}&name=m${index}`;
        if (command.kind === 'chat') {
          members[index] = { socket: await open(url) };
          return;
        }
        const id = traceId();
        const inspect = await open(`${base}/inspect?trace=${id}`);
        members[index] = { socket: await open(`${url}&trace=${id}`), inspect };
        return;
      }
    }
  });
  for (const member of members) {
    group.sockets.push(member.socket, ...(member.inspect ? [member.inspect] : []));
  }
  for (let first = 0; first < members.length; first += roomSize)
    group.rooms.push(members.slice(first, first + roomSize));
  for (const socket of group.sockets) heard(socket);
  lastHeard = performance.now();
  await until(() => performance.now() - lastHeard > QUIET_MS, `group ${command.group} to settle`);
  return group.sockets.length;
}

async function closeGroup(name: string): Promise<void> {
  const group = groups.get(name);
  groups.delete(name);
  if (!group) return;
  let open = 0;
  for (const socket of group.sockets) {
    socket.removeAllListeners('message');
    if (socket.readyState === WebSocket.CLOSED) continue;
    open++;
    socket.once('close', () => open--);
    socket.close();
  }
  try {
    await until(() => open === 0, 'closing connections', 30_000);
  } catch {
    for (const socket of group.sockets) socket.terminate();
  }
}

function groupOf(name: string): Group {
  const group = groups.get(name);
  if (!group) throw new Error(`no group ${name}`);
  return group;
}

/** Each connection keeps `window` echoes in flight for `ms`; counts every echo, the last ones included. */
async function echo(command: Extract<LoadCommand, { type: 'echo' }>): Promise<EchoCount> {
  const { sockets } = groupOf(command.group);
  const payload = 'x'.repeat(command.size);
  let running = true;
  let inFlight = 0;
  let messages = 0;
  let wrong = 0;
  const onMessage = function (this: WebSocket, data: Buffer): void {
    inFlight--;
    messages++;
    if (data.length !== command.size) wrong++;
    if (!running) return;
    inFlight++;
    this.send(payload);
  };
  const start = performance.now();
  for (const socket of sockets) {
    socket.on('message', onMessage);
    for (let i = 0; i < command.window; i++) {
      inFlight++;
      socket.send(payload);
    }
  }
  await pause(command.ms);
  running = false;
  await until(() => inFlight === 0, 'the last echoes', 10_000);
  const seconds = (performance.now() - start) / 1000;
  for (const socket of sockets) socket.off('message', onMessage);
  if (wrong > 0) throw new Error(`${wrong} echoes were not ${command.size} bytes long`);
  return { messages, seconds };
}

/** The senders say lines (closed loop or at a rate) for `ms`; every delivery is counted, the last ones included. */
async function broadcast(command: Extract<LoadCommand, { type: 'broadcast' }>): Promise<BroadcastCount> {
  const { rooms } = groupOf(command.group);
  let running = true;
  let lines = 0;
  let deliveries = 0;
  let deliveryBytes = 0;
  let traceMessages = 0;
  let traceBytes = 0;
  let expected = 0;
  const say = (room: Member[]): void => {
    lines++;
    expected += room.length;
    room[0]!.socket.send(JSON.stringify({ type: 'say', text: lineText(lines) }));
  };
  const detach: (() => void)[] = [];
  const listen = (socket: WebSocket, listener: (data: Buffer) => void): void => {
    socket.on('message', listener);
    detach.push(() => socket.off('message', listener));
  };
  for (const room of rooms) {
    for (const [index, member] of room.entries()) {
      // Every message after the group settled is a line: nothing else is said in these rooms.
      listen(member.socket, (data) => {
        deliveries++;
        deliveryBytes += data.length;
        // The sender hears its own line: in closed loop, that answers it.
        if (index === 0 && running && command.window !== undefined) say(room);
      });
      if (member.inspect) {
        listen(member.inspect, (data) => {
          traceMessages++;
          traceBytes += data.length;
        });
      }
    }
  }
  const start = performance.now();
  let timer: NodeJS.Timeout | undefined;
  if (command.window !== undefined) {
    for (const room of rooms) for (let i = 0; i < command.window; i++) say(room);
  } else {
    const rate = command.linesPerSecond ?? 0;
    let turn = 0;
    timer = setInterval(() => {
      const due = Math.floor((rate * (performance.now() - start)) / 1000) - lines;
      for (let i = 0; i < due; i++) say(rooms[turn++ % rooms.length]!);
    }, TICK_MS);
  }
  await pause(command.ms);
  running = false;
  clearInterval(timer);
  await until(() => deliveries >= expected, 'the last deliveries', 30_000);
  const seconds = (performance.now() - start) / 1000;
  // The trace streams' last events trail the deliveries they describe.
  lastHeard = performance.now();
  await until(() => performance.now() - lastHeard > 100, 'the trace streams to settle', 10_000);
  for (const off of detach) off();
  return {
    lines,
    deliveries,
    traceMessages,
    seconds,
    deliveryBytes: deliveryBytes / Math.max(1, deliveries),
    traceBytes: traceBytes / Math.max(1, traceMessages),
  };
}

async function handle(command: LoadCommand): Promise<unknown> {
  switch (command.type) {
    case 'open':
      return openGroup(command);
    case 'close':
      return closeGroup(command.group);
    case 'drop':
      for (const socket of groups.get(command.group)?.sockets ?? []) socket.terminate();
      groups.delete(command.group);
      return 0;
    case 'echo':
      return echo(command);
    case 'broadcast':
      return broadcast(command);
  }
}

process.on('message', (message: { id: number; command: LoadCommand }) => {
  handle(message.command).then(
    (result) => process.send!({ id: message.id, result: result ?? 0 } satisfies LoadReply),
    (error: unknown) => process.send!({ id: message.id, error: String(error) } satisfies LoadReply),
  );
});
// The bench is done (or gone): leave with it.
process.on('disconnect', () => process.exit(0));
