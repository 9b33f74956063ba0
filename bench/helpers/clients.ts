/**
 * The bench's client process, forked by client-process.ts: it opens the
 * connections, drives the traffic and times it, and answers each command
 * over IPC. Every wait here is bounded, so a server that stops answering
 * fails the bench instead of hanging it.
 */
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import type { Command, EchoResult, Reply, WireBytes } from './client-process.ts';

/** Handshakes in flight at once: under Node's listen backlog (511), so none is dropped. */
const OPEN_AT_ONCE = 200;
/** The longest any one step may take. */
const STEP_LIMIT_MS = 60_000;
/** A room is ready once no message has arrived for this long (presence messages settle). */
const QUIET_MS = 300;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` holds, polling, for at most `limitMs`; throws `what` after that. */
async function until(check: () => boolean, what: string, limitMs = STEP_LIMIT_MS): Promise<void> {
  const deadline = performance.now() + limitMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out: ${what}`);
    await pause(5);
  }
}

/**
 * Without `compress`, no offer: only the paths that agree compression would take it, and they are not
 * measured then. With it, ws offers what Chromium offers (`permessage-deflate; client_max_window_bits`) and,
 * threshold 0, compresses every message as Chromium does.
 */
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

/** Resolves with the next message `socket` receives, and fails after `limitMs`. */
function nextMessage(socket: WebSocket, limitMs = 10_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out: an echo')), limitMs);
    socket.once('message', (data: Buffer) => {
      clearTimeout(timer);
      resolve(data);
    });
  });
}

async function openMany(
  count: number,
  urlOf: (index: number) => string,
  options: { compress?: boolean | undefined; hello?: string | undefined } = {},
): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      const socket = await open(urlOf(index), options.compress);
      if (options.hello !== undefined) {
        const echoed = nextMessage(socket);
        socket.send(options.hello);
        await echoed;
      }
      sockets[index] = socket;
    }
  };
  await Promise.all(Array.from({ length: Math.min(OPEN_AT_ONCE, count) }, worker));
  return sockets;
}

async function closeAll(sockets: readonly WebSocket[]): Promise<void> {
  let open = 0;
  for (const socket of sockets) {
    if (socket.readyState === WebSocket.CLOSED) continue;
    open++;
    socket.once('close', () => open--);
    socket.close();
  }
  try {
    await until(() => open === 0, 'closing connections', 20_000);
  } catch {
    for (const socket of sockets) socket.terminate();
  }
}

/**
 * Opens `connections` to every url, then measures them in turns: in each
 * slice every url gets its own stretch of traffic, the order swapped from
 * one slice to the next, so a noisy moment of the machine is shared.
 */
async function echo(command: Extract<Command, { type: 'echo' }>): Promise<EchoResult> {
  const payload = 'x'.repeat(command.size);
  const groups: WebSocket[][] = [];
  for (const url of command.urls) groups.push(await openMany(command.connections, () => url));
  let running = false;
  let counting = false;
  let counted = 0;
  let inFlight = 0;
  let wrong = 0;
  for (const socket of groups.flat()) {
    socket.on('message', (data: Buffer) => {
      inFlight--;
      if (data.length !== command.size) wrong++;
      if (counting) counted++;
      if (!running) return;
      inFlight++;
      socket.send(payload);
    });
  }
  const stretch = async (sockets: WebSocket[]): Promise<number> => {
    running = true;
    for (const socket of sockets) {
      for (let i = 0; i < command.window; i++) {
        inFlight++;
        socket.send(payload);
      }
    }
    await pause(command.rampMs);
    counted = 0;
    counting = true;
    const start = performance.now();
    await pause(command.sliceMs);
    counting = false;
    const seconds = (performance.now() - start) / 1000;
    running = false;
    await until(() => inFlight === 0, 'the last echoes', 10_000);
    return counted / seconds;
  };
  const rates: number[][] = command.urls.map(() => []);
  for (let slice = 0; slice < command.slices; slice++) {
    const order = command.urls.map((_url, index) => index);
    if (slice % 2 === 1) order.reverse();
    for (const index of order) rates[index]!.push(await stretch(groups[index]!));
  }
  await closeAll(groups.flat());
  if (wrong > 0) throw new Error(`${wrong} echoes were not ${command.size} bytes long`);
  return { messagesPerSecond: rates };
}

/** The bytes each message and its echo took on the TCP connection under the WebSocket. */
async function wireBytes(command: Extract<Command, { type: 'wire-bytes' }>): Promise<WireBytes> {
  let tcp: Socket | undefined;
  const socket = new WebSocket(command.url, { perMessageDeflate: command.compress ? { threshold: 0 } : false });
  socket.once('upgrade', (response) => (tcp = response.socket));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  if (!tcp) throw new Error('no TCP socket under the connection');
  const sent: number[] = [];
  const received: number[] = [];
  for (const message of command.messages) {
    const [written, read] = [tcp.bytesWritten, tcp.bytesRead];
    const echoed = nextMessage(socket);
    socket.send(message);
    if ((await echoed).toString() !== message) throw new Error(`${command.url} echoed another message`);
    sent.push(tcp.bytesWritten - written);
    received.push(tcp.bytesRead - read);
  }
  await closeAll([socket]);
  return { sent, received };
}

/** Sends `count` messages over `connections`, `window` in flight on each; resolves once every echo is back. */
async function echoCount(command: Extract<Command, { type: 'echo-count' }>): Promise<number> {
  const sockets = await openMany(command.connections, () => command.url, { compress: command.compress });
  let next = 0;
  let echoed = 0;
  const start = performance.now();
  const sendNext = (socket: WebSocket): void => {
    if (next >= command.count) return;
    socket.send(command.messages[next++ % command.messages.length]!);
  };
  for (const socket of sockets) {
    socket.on('message', () => {
      echoed++;
      sendNext(socket);
    });
    for (let i = 0; i < command.window; i++) sendNext(socket);
  }
  await until(() => echoed >= command.count, `${command.count} echoes from ${command.url}`);
  const elapsed = performance.now() - start;
  await closeAll(sockets);
  return elapsed;
}

let idle: WebSocket[] = [];

interface Room {
  readonly sender: WebSocket;
  readonly receivers: WebSocket[];
  round: { token: string; arrivals: number; done(at: number): void } | undefined;
  lastHeard: number;
  rounds: number;
}

const rooms = new Map<string, Room>();

async function join(command: Extract<Command, { type: 'join' }>): Promise<void> {
  const room: Room = {
    sender: await open(`${command.url}&name=sender`),
    receivers: [],
    round: undefined,
    lastHeard: performance.now(),
    rounds: 0,
  };
  rooms.set(command.room, room);
  room.sender.on('message', () => (room.lastHeard = performance.now()));
  const receivers = await openMany(command.receivers, (index) => `${command.url}&name=r${index}`);
  room.receivers.push(...receivers);
  for (const receiver of receivers) {
    receiver.on('message', (data: Buffer) => {
      room.lastHeard = performance.now();
      const round = room.round;
      if (round && data.includes(round.token) && ++round.arrivals === receivers.length) round.done(performance.now());
    });
  }
  await until(() => performance.now() - room.lastHeard > QUIET_MS, `room ${command.room} to settle`);
}

async function say(name: string): Promise<number> {
  const room = rooms.get(name);
  if (!room) throw new Error(`no room ${name}`);
  // Quoted, so "round 1" is not found inside "round 10".
  const token = `"round ${++room.rounds}"`;
  const arrived = new Promise<number>((resolve) => {
    room.round = { token, arrivals: 0, done: resolve };
  });
  const start = performance.now();
  room.sender.send(JSON.stringify({ type: 'say', text: token.slice(1, -1) }));
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`round ${room.rounds} of ${name} did not reach everyone`)), 10_000);
  });
  try {
    return (await Promise.race([arrived, late])) - start;
  } finally {
    clearTimeout(timer);
    room.round = undefined;
  }
}

async function handle(command: Command): Promise<unknown> {
  switch (command.type) {
    case 'echo':
      return echo(command);
    case 'open-idle':
      idle = await openMany(command.count, () => command.url, command);
      return idle.length;
    case 'wire-bytes':
      return wireBytes(command);
    case 'echo-count':
      return echoCount(command);
    case 'close-idle':
      await closeAll(idle);
      idle = [];
      return 0;
    case 'join':
      return join(command);
    case 'say':
      return say(command.room);
    case 'leave': {
      const room = rooms.get(command.room);
      rooms.delete(command.room);
      if (room) await closeAll([room.sender, ...room.receivers]);
      return 0;
    }
  }
}

process.on('message', (message: { id: number; command: Command }) => {
  handle(message.command).then(
    (result) => process.send!({ id: message.id, result } satisfies Reply),
    (error: unknown) => process.send!({ id: message.id, error: String(error) } satisfies Reply),
  );
});
// The bench is done (or gone): leave with it.
process.on('disconnect', () => process.exit(0));
