/**
 * The capacity bench's Redis load: rooms whose envelopes are what the
 * server publishes (server/redis-scripts.ts), made the same length so a
 * subscriber's bytes count its messages (capacity-resp.ts); units of work as
 * RESP, with the size of Redis's answers; a closed loop that keeps units in
 * flight until something saturates, an open loop at a set rate that times
 * publishes to their arrival, and Redis's own CPU time from `INFO cpu`.
 */
import { Redis } from 'ioredis';
import type { ChatMessage } from '../../src/service/json-messages.ts';
import { envelope, roomKeys, type RoomKeys } from '../../server/redis-scripts.ts';
import { percentile } from './capacity-report.ts';
import { pushBytes, resp, type RawConnection } from './capacity-resp.ts';

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Twelve hex digits, as an instance names itself (server/redis-link.ts). */
const INSTANCE = '5f0c3a9e21b7';
/** Chat history kept per room (the server's default). */
export const HISTORY = 20;
const SEQ_DIGITS = 10;

/** A room of the bench: its keys and what a line said in it becomes. */
export interface BenchRoom {
  readonly keys: RoomKeys;
  /** The line as members get it (JSON), kept in the room's history. */
  line(seq: number): string;
  /** `record`: for the other instances' history; `message`: for their members. */
  envelope(kind: 'record' | 'message', seq: number): string;
}

const pad = (value: number, digits: number): string => String(value).padStart(digits, '0');

/** Rooms `cap-000`, `cap-001`…: names, senders and sequence numbers of fixed width, so every envelope of a kind has one length. */
export function benchRooms(count: number): BenchRoom[] {
  return Array.from({ length: count }, (_unused, index) => {
    const message = (seq: number): ChatMessage => ({
      type: 'message',
      from: `m${pad(index * 50, 5)}`,
      text: `line ${pad(seq, SEQ_DIGITS)}: does the server answer every ping it gets?`,
      at: 1_764_000_000_000,
    });
    return {
      keys: roomKeys('chat', `cap-${pad(index, 3)}`),
      line: (seq) => JSON.stringify(message(seq)),
      envelope: (kind, seq) => envelope(INSTANCE, { kind, message: message(seq) }),
    };
  });
}

/** User + system CPU seconds of a redis-server process so far. */
export async function redisCpuSeconds(connection: Redis): Promise<number> {
  const info = await connection.info('cpu');
  const read = (name: string): number => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1]);
  return read('used_cpu_sys') + read('used_cpu_user');
}

/** An ioredis connection, as the server makes them (auto-pipelined or not). */
export function connect(port: number, options: { readonly pipelined?: boolean } = {}): Redis {
  return new Redis({
    port,
    host: '127.0.0.1',
    maxRetriesPerRequest: 1,
    enableAutoPipelining: options.pipelined ?? false,
  });
}

/** One unit of work, as bytes for Redis and the sizes of what it answers and pushes. */
export interface Unit {
  readonly command: string;
  /** What Redis answers the unit, in bytes. */
  readonly replyBytes: number;
  /** What each subscriber following the room receives for it, in bytes. */
  readonly pushBytes: number;
  readonly publishes: number;
}

/** PUBLISH (or SPUBLISH) of a `message` envelope: what a member's line is to other instances' members. */
export function publishUnit(room: BenchRoom, seq: number, sharded = false): Unit {
  const payload = room.envelope('message', seq);
  return {
    command: resp(sharded ? 'SPUBLISH' : 'PUBLISH', room.keys.channel, payload),
    // `:N\r\n`: the number of subscribers that got it on that node, one digit here.
    replyBytes: 4,
    pushBytes: pushBytes(sharded ? 'smessage' : 'message', room.keys.channel, payload),
    publishes: 1,
  };
}

/**
 * A chat line as the server sends it (server/redis-bus.ts): the record in a MULTI (RPUSH to the history,
 * LTRIM to its last HISTORY, PUBLISH), then the message. The history must be full already (see fillHistory),
 * so RPUSH answers HISTORY + 1 every time.
 */
export function lineUnit(room: BenchRoom, seq: number): Unit {
  const record = room.envelope('record', seq);
  const message = room.envelope('message', seq);
  const { keys } = room;
  return {
    command:
      resp('MULTI') +
      resp('RPUSH', keys.history, room.line(seq)) +
      resp('LTRIM', keys.history, String(-HISTORY), '-1') +
      resp('PUBLISH', keys.channel, record) +
      resp('EXEC') +
      resp('PUBLISH', keys.channel, message),
    replyBytes:
      '+OK\r\n+QUEUED\r\n+QUEUED\r\n+QUEUED\r\n*3\r\n'.length + `:${HISTORY + 1}\r\n+OK\r\n:4\r\n:4\r\n`.length,
    pushBytes: pushBytes('message', keys.channel, record) + pushBytes('message', keys.channel, message),
    publishes: 2,
  };
}

/** Gives every room a full history, so a line's RPUSH answers the same length each time. */
export async function fillHistory(connection: Redis, rooms: readonly BenchRoom[]): Promise<void> {
  await Promise.all(
    rooms.map((room) =>
      connection.rpush(room.keys.history, ...Array.from({ length: HISTORY }, (_unused, i) => room.line(i))),
    ),
  );
}

/** A publishing connection and the units it cycles through. */
export interface Publisher {
  readonly connection: RawConnection;
  readonly units: readonly Unit[];
}

export interface SaturatedRun {
  /** Units answered, per publisher. */
  readonly units: readonly number[];
  readonly seconds: number;
  /** This process's share of a core. */
  readonly clientCpu: number;
}

/**
 * Keeps `window` units in flight on each publisher for `ms`, topping up in batches as answers come; then
 * waits for the last answers.
 */
export async function saturate(publishers: readonly Publisher[], window: number, ms: number): Promise<SaturatedRun> {
  let running = true;
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const states = publishers.map(({ connection, units }) => {
    const replyBytes = units[0]!.replyBytes;
    const bytes = units.map((unit) => Buffer.from(unit.command));
    const state = { sent: 0, next: 0, answered: () => Math.floor(connection.received / replyBytes) };
    const topUp = (): void => {
      const free = window - (state.sent - state.answered());
      // Batches of at least a quarter of the window: fewer, larger writes, as a busy client's would be.
      if (!running || free < window / 4) return;
      const batch: Buffer[] = [];
      for (let i = 0; i < free; i++) batch.push(bytes[state.next++ % bytes.length]!);
      state.sent += free;
      connection.socket.write(Buffer.concat(batch));
    };
    connection.reset();
    connection.onChunk = topUp;
    topUp();
    return state;
  });
  await pause(ms);
  running = false;
  await Promise.all(
    publishers.map(({ connection, units }, i) =>
      connection.until(states[i]!.sent * units[0]!.replyBytes, 'the last answers'),
    ),
  );
  const seconds = (performance.now() - start) / 1000;
  for (const { connection } of publishers) connection.onChunk = undefined;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    units: states.map((state) => state.sent),
    seconds,
    clientCpu: (cpu.user + cpu.system) / 1e6 / seconds,
  };
}

export interface TimedRun {
  readonly units: number;
  readonly seconds: number;
  /** Deliveries to the probe that never came (pub/sub delivers at most once). */
  readonly lost: number;
  /** Publish to arrival at the probe subscriber, ms. */
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

/** How often the open loop sends what is due. */
const TICK_MS = 1;
/** About this many publishes a second carry a sequence number and are timed; the others carry 0. */
const TIMED_PER_SECOND = 20_000;

/**
 * Sends `rate` PUBLISH units a second for `ms` over `publishers`, what is due each millisecond whether or not
 * earlier ones were answered, and times some of them from that write to their arrival at `probe`, a
 * subscriber following every room; then waits for the last answers and arrivals. Every unit is a copy of
 * its room's bytes (all of one length), the timed ones with their sequence number written in.
 */
export async function atRate(
  publishers: readonly RawConnection[],
  rooms: readonly BenchRoom[],
  rate: number,
  ms: number,
  probe: RawConnection,
): Promise<TimedRun> {
  const sample = publishUnit(rooms[0]!, 0);
  const templates = rooms.map((room) => Buffer.from(publishUnit(room, 0).command, 'latin1'));
  const unitBytes = templates[0]!.length;
  const seqInUnit = templates[0]!.indexOf('line ') + 'line '.length;
  const frameBytes = sample.pushBytes;
  const seqInFrame =
    frameBytes - 2 - Buffer.byteLength(rooms[0]!.envelope('message', 0)) + envelopeSeqOffset(rooms[0]!);
  const sentAt = new Float64Array(Math.ceil((rate * ms) / 1000) + 1000);
  const stride = Math.max(1, Math.round(rate / TIMED_PER_SECOND));
  const delays: number[] = [];
  probe.reset();
  probe.onChunk = (chunk, before) => {
    const now = performance.now();
    const end = before + chunk.length;
    for (let frame = Math.max(0, Math.ceil((before - seqInFrame) / frameBytes)); ; frame++) {
      const at = frame * frameBytes + seqInFrame;
      if (at + SEQ_DIGITS > end) break;
      // A digit string cut by the chunk's start is skipped; it is one sample in thousands.
      if (at < before) continue;
      const seq = Number(chunk.toString('latin1', at - before, at - before + SEQ_DIGITS));
      if (seq > 0) delays.push(now - sentAt[seq]!);
    }
  };
  for (const publisher of publishers) publisher.reset();
  let units = 0;
  const sent = publishers.map(() => 0);
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now();
      const due = Math.min(sentAt.length - 1, Math.floor((rate * (now - start)) / 1000)) - units;
      const share = Math.ceil(due / publishers.length);
      for (const [i, publisher] of publishers.entries()) {
        const count = Math.min(share, due - i * share);
        if (count <= 0) break;
        const batch = Buffer.allocUnsafe(count * unitBytes);
        for (let k = 0; k < count; k++) {
          const seq = ++units;
          templates[seq % templates.length]!.copy(batch, k * unitBytes);
          if (seq % stride === 0) {
            sentAt[seq] = now;
            batch.write(pad(seq, SEQ_DIGITS), k * unitBytes + seqInUnit, 'latin1');
          }
        }
        sent[i]! += count;
        publisher.socket.write(batch);
      }
      if (now - start >= ms) {
        clearInterval(timer);
        resolve();
      }
    }, TICK_MS);
  });
  await Promise.all(publishers.map((publisher, i) => publisher.until(sent[i]! * sample.replyBytes, 'the answers')));
  const arrived = await probe.settle(units * frameBytes);
  const seconds = (performance.now() - start) / 1000;
  probe.onChunk = undefined;
  return {
    units,
    seconds,
    lost: units - Math.floor(arrived / frameBytes),
    p50: percentile(delays, 50),
    p90: percentile(delays, 90),
    p99: percentile(delays, 99),
  };
}

/** Where the sequence number starts in a room's `message` envelope. */
function envelopeSeqOffset(room: BenchRoom): number {
  return room.envelope('message', 0).indexOf('line ') + 'line '.length;
}
