/**
 * A seeded fuzz run against one live server: a few thousand TCP connections,
 * each a random byte stream (random frames after a real handshake, valid
 * frames with random damage, damaged handshakes, pure noise), written in
 * random chunks. The server must stay up, answer only with well-formed HTTP
 * and frames, keep a watching client echoing, hold no connection afterwards,
 * and give its memory back. A failure names the seed: the run replays exactly.
 */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { decodeClosePayload, decodeFrame, encodeClosePayload, encodeFrame, Opcode } from '../../src/protocol/index.ts';
import { startPlaygroundServer, type PlaygroundServer } from '../../server/playground-server.ts';
import { createRandom, type Random } from '../protocol/helpers/fixtures.ts';
import { assertUnbroken, settleConnections, startEchoWatcher } from './helpers/echo-watcher.ts';
import { handshakeRequest } from './helpers/raw-client.ts';

const SEED = 0x5eed_f022;
const STREAMS = 3000;
const WARM_UP_STREAMS = 200;
const PARALLEL = 50;
/** How long a stream waits for more from the server once it has said everything. */
const QUIET_MS = 60;
/** The most one stream may take after its last byte, whatever the server does. */
const STREAM_LIMIT_MS = 1000;
/** Heap the run may keep after a full GC: generous, since the test's own code shares the heap. */
const HEAP_GROWTH_LIMIT = 20 * 1024 * 1024;

/** A full GC on demand without starting node with --expose-gc: the flag is read when a context is made. */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const TRACE_IDS = ['fuzzfuzzfuzzfuzzfuzzfuzz', 'FUZZ_trace-id_0123456789'];
const TARGETS = [
  '/echo',
  '/echo',
  '/chat?room=fuzz&name=fuzzer',
  '/fragments?parts=3',
  '/ping?every=40',
  '/close?code=4000&after=30',
  ...TRACE_IDS.map((id) => `/echo?trace=${id}`),
];

const TEXT = ['a', 'b', ' ', '{', '"', 'é', '€', '😀', '\u0000', 'say', 'type', ':'];
const text = (random: Random, max: number): Uint8Array => {
  let out = '';
  const count = random.int(0, max);
  for (let i = 0; i < count; i++) out += random.pick(TEXT);
  return Buffer.from(out);
};

/** Lengths that cross the 7-bit / 16-bit boundary of §5.2 now and then, never near the 64 KiB message limit. */
const payloadLength = (random: Random): number =>
  random.chance(0.8) ? random.int(0, 130) : random.chance(0.8) ? random.int(120, 3000) : random.int(65_000, 66_000);

/** One frame with every field chosen at random, mostly plausible ones. */
function randomFrame(random: Random): Uint8Array {
  const opcode = random.chance(0.9) ? random.pick([0, 1, 1, 2, 8, 9, 10]) : random.int(0, 15);
  const control = opcode >= 8;
  let payload: Uint8Array;
  if (opcode === Opcode.close && random.chance(0.6)) {
    const code = random.chance(0.5) ? random.pick([1000, 1001, 1005, 1006, 1015, 3000, 4999]) : random.int(0, 65535);
    const body = Buffer.concat([Buffer.from([code >>> 8, code & 0xff]), text(random, 20)]);
    payload = random.chance(0.1) ? body.subarray(0, 1) : body;
  } else {
    const length = control ? (random.chance(0.9) ? random.int(0, 125) : random.int(126, 200)) : payloadLength(random);
    payload = random.chance(0.5) ? text(random, Math.ceil(length / 2)) : random.bytes(length);
  }
  return encodeFrame({
    opcode,
    fin: random.chance(0.8),
    rsv1: random.chance(0.03),
    rsv2: random.chance(0.03),
    rsv3: random.chance(0.03),
    mask: random.chance(0.95) ? random.bytes(4) : null,
    payload,
  });
}

/** A conversation an honest client could have: messages, fragments, pings, maybe a close. */
function validFrames(random: Random): Uint8Array[] {
  const frames: Uint8Array[] = [];
  const mask = (): Uint8Array => random.bytes(4);
  for (let i = random.int(1, 6); i > 0; i--) {
    const kind = random.int(0, 3);
    if (kind === 0) frames.push(encodeFrame({ opcode: Opcode.text, mask: mask(), payload: text(random, 40) }));
    if (kind === 1) frames.push(encodeFrame({ opcode: Opcode.binary, mask: mask(), payload: random.bytes(200) }));
    if (kind === 2) frames.push(encodeFrame({ opcode: Opcode.ping, mask: mask(), payload: random.bytes(8) }));
    if (kind === 3) {
      frames.push(encodeFrame({ opcode: Opcode.text, fin: false, mask: mask(), payload: text(random, 10) }));
      frames.push(encodeFrame({ opcode: Opcode.ping, mask: mask(), payload: new Uint8Array(0) }));
      frames.push(encodeFrame({ opcode: Opcode.continuation, mask: mask(), payload: text(random, 10) }));
    }
  }
  if (random.chance(0.3)) {
    frames.push(encodeFrame({ opcode: Opcode.close, mask: mask(), payload: encodeClosePayload(1000, 'bye') }));
  }
  return frames.map((frame) => Uint8Array.from(frame));
}

/** Flips bits, drops, inserts or cuts bytes. */
function damage(random: Random, bytes: Uint8Array, from = 0): Uint8Array {
  const out = Array.from(bytes);
  for (let i = random.int(1, 4); i > 0 && out.length > from; i--) {
    const at = random.int(from, out.length - 1);
    const kind = random.int(0, 3);
    if (kind === 0) out[at] = out[at]! ^ (1 << random.int(0, 7));
    if (kind === 1) out.splice(at, 1);
    if (kind === 2) out.splice(at, 0, random.int(0, 255));
    if (kind === 3) out.length = at;
  }
  return Uint8Array.from(out);
}

interface Stream {
  readonly kind: string;
  /** The handshake to send first and wait the answer of, if any. */
  readonly handshake: Uint8Array | undefined;
  readonly bytes: Uint8Array;
}

function randomStream(random: Random, port: number): Stream {
  const request = Buffer.from(handshakeRequest(random.pick(TARGETS), port));
  const roll = random.int(0, 99);
  if (roll < 35) {
    const frames = Array.from({ length: random.int(1, 8) }, () => randomFrame(random));
    return split(random, 'random frames', request, Buffer.concat(frames));
  }
  if (roll < 70) return split(random, 'damaged frames', request, damage(random, Buffer.concat(validFrames(random))));
  if (roll < 85) {
    const whole = Buffer.concat([request, ...validFrames(random)]);
    return { kind: 'damaged handshake', handshake: undefined, bytes: damage(random, whole, 0) };
  }
  return { kind: 'noise', handshake: undefined, bytes: random.bytes(random.int(1, 2000)) };
}

/** Half the time the frames ride in the handshake's own packet (ws's `head`), half the time after the 101. */
function split(random: Random, kind: string, request: Uint8Array, frames: Uint8Array): Stream {
  return random.chance(0.5)
    ? { kind, handshake: request, bytes: frames }
    : { kind, handshake: undefined, bytes: Buffer.concat([request, frames]) };
}

interface Outcome {
  readonly kind: string;
  /** `101`, `400`, ... or `none`. */
  readonly status: string;
  /** The server's close code, if it sent a close frame. */
  readonly closeCode: number | undefined;
  /** What the server sent that it should not have, if anything. */
  readonly fault: string | undefined;
}

const HEAD_END = Buffer.from('\r\n\r\n');

/** Judges the server's side of one stream: well-formed HTTP, then well-formed unmasked frames, nothing after a close. */
function judge(kind: string, received: Buffer): Outcome {
  if (received.length === 0) return { kind, status: 'none', closeCode: undefined, fault: undefined };
  const end = received.indexOf(HEAD_END);
  const head = received.subarray(0, end === -1 ? received.length : end).toString('latin1');
  const status = /^HTTP\/1\.1 (\d{3}) [^\r\n]+(\r\n[^\r\n:]+: [^\r\n]*)*$/.exec(head)?.[1];
  if (status === undefined || end === -1) {
    return { kind, status: 'none', closeCode: undefined, fault: `not an HTTP response: ${JSON.stringify(head)}` };
  }
  if (status !== '101') return { kind, status, closeCode: undefined, fault: undefined };
  let rest = received.subarray(end + HEAD_END.length);
  let closeCode: number | undefined;
  try {
    while (rest.length > 0) {
      const decoded = decodeFrame(rest, { expectMasked: false });
      // A frame cut short is fine: the connection may end at any byte once the client has gone.
      if (!decoded) break;
      if (closeCode !== undefined) return { kind, status, closeCode, fault: 'a frame after the close frame' };
      if (decoded.frame.opcode === Opcode.close) closeCode = decodeClosePayload(decoded.frame.payload).code;
      rest = rest.subarray(decoded.size);
    }
  } catch (error) {
    return { kind, status, closeCode, fault: `a broken frame from the server: ${String(error)}` };
  }
  return { kind, status, closeCode, fault: undefined };
}

async function pause(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether `promise` settles within `ms`. */
async function settles(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const result = await Promise.race([promise.then(() => true), late]);
  clearTimeout(timer);
  return result;
}

/** Writes `bytes` in random chunks, sometimes letting the server read between them. */
async function writeChunks(random: Random, socket: Socket, bytes: Uint8Array): Promise<void> {
  const slow = random.chance(0.3);
  for (let offset = 0; offset < bytes.length && !socket.destroyed;) {
    const size = random.chance(0.3) ? random.int(1, 3) : random.int(1, 600);
    socket.write(bytes.subarray(offset, offset + size));
    offset += size;
    if (slow && random.chance(0.3)) await pause(1);
  }
}

/** Plays one stream to the end: sends it, waits until the server hangs up or goes quiet, then leaves. */
async function play(random: Random, port: number, stream: Stream): Promise<Outcome> {
  const socket = connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  const chunks: Buffer[] = [];
  let lastHeard = performance.now();
  let closed = false;
  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    lastHeard = performance.now();
  });
  socket.on('error', () => {});
  socket.on('close', () => (closed = true));
  const started = await new Promise<boolean>((resolve) => {
    socket.once('connect', () => resolve(true));
    socket.once('error', () => resolve(false));
  });
  if (!started) return { kind: stream.kind, status: 'none', closeCode: undefined, fault: 'could not connect' };
  if (stream.handshake) {
    socket.write(stream.handshake);
    const deadline = performance.now() + STREAM_LIMIT_MS;
    while (!closed && !Buffer.concat(chunks).includes(HEAD_END) && performance.now() < deadline) await pause(2);
  }
  await writeChunks(random, socket, stream.bytes);
  const deadline = performance.now() + STREAM_LIMIT_MS;
  lastHeard = Math.max(lastHeard, performance.now());
  while (!closed && performance.now() - lastHeard < QUIET_MS && performance.now() < deadline) await pause(10);
  if (random.chance(0.5)) socket.end();
  else socket.destroy();
  const gone = performance.now() + STREAM_LIMIT_MS;
  while (!closed && performance.now() < gone) await pause(10);
  socket.destroy();
  return judge(stream.kind, Buffer.concat(chunks));
}

/** Plays `count` streams from `seed`, `PARALLEL` at a time. */
async function run(port: number, seed: number, count: number): Promise<Outcome[]> {
  const random = createRandom(seed);
  // Each stream gets its own generator, so the streams replay exactly however their timings interleave.
  const streams = Array.from({ length: count }, () => ({ random: createRandom(random.int(0, 2 ** 31)), index: 0 }));
  const outcomes: Outcome[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < streams.length) {
      const { random: own } = streams[next++]!;
      outcomes.push(await play(own, port, randomStream(own, port)));
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return outcomes;
}

function tally(outcomes: readonly Outcome[], key: (outcome: Outcome) => string): string {
  const counts = new Map<string, number>();
  for (const outcome of outcomes) counts.set(key(outcome), (counts.get(key(outcome)) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([name, count]) => `${name}: ${count}`)
    .join(', ');
}

describe('the live server under a seeded fuzz run', () => {
  let server: PlaygroundServer;
  const logged = new Map<string, number>();

  before(async () => {
    server = await startPlaygroundServer({
      port: 0,
      logger: (event) => logged.set(event, (logged.get(event) ?? 0) + 1),
    });
  });
  let closing: Promise<void> | undefined;
  // Bounded: a server that still holds a socket never finishes closing (the test below says so).
  after(() => settles((closing ??= server.close()), 3000));

  it(`stays up through ${STREAMS} random streams, keeps a watcher echoing and gives its memory back`, async (t) => {
    const gc = exposeGc();
    const heapAfterGc = async (): Promise<number> => {
      for (let i = 0; i < 3; i++) {
        gc();
        await pause(20);
      }
      return process.memoryUsage().heapUsed;
    };
    // A first run loads the code paths and fills the pools, so the baseline is not the cold heap.
    await run(server.port, SEED ^ 0xffff, WARM_UP_STREAMS);
    assert.equal(await settleConnections(server.port, 0), 0);
    const baseline = await heapAfterGc();

    const watcher = await startEchoWatcher(server.wsUrl);
    const started = performance.now();
    let outcomes: Outcome[];
    try {
      outcomes = await run(server.port, SEED, STREAMS);
    } finally {
      assertUnbroken(await watcher.stop());
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);

    t.diagnostic(`seed 0x${SEED.toString(16)}: ${STREAMS} streams in ${seconds} s`);
    t.diagnostic(`kinds: ${tally(outcomes, (outcome) => outcome.kind)}`);
    t.diagnostic(`answers: ${tally(outcomes, (outcome) => outcome.status)}`);
    t.diagnostic(`close codes: ${tally(outcomes, (outcome) => String(outcome.closeCode ?? 'none'))}`);
    t.diagnostic(`server log: ${[...logged].map(([event, count]) => `${event}: ${count}`).join(', ')}`);

    assert.equal(outcomes.length, STREAMS);
    const faults = outcomes.filter((outcome) => outcome.fault !== undefined);
    assert.deepEqual(faults.slice(0, 5), [], `${faults.length} streams got a malformed answer`);
    // The run reached the WebSocket layer, not only the HTTP parser.
    assert.ok(outcomes.filter((outcome) => outcome.status === '101').length > STREAMS / 3);
    assert.ok(outcomes.some((outcome) => outcome.closeCode === 1002));
    assert.ok(outcomes.some((outcome) => outcome.status === '400'));

    assert.equal(await settleConnections(server.port, 0), 0, 'connections were left over');
    const growth = (await heapAfterGc()) - baseline;
    t.diagnostic(`heap after GC: ${(growth / 1024 / 1024).toFixed(1)} MB over the baseline`);
    assert.ok(growth < HEAP_GROWTH_LIMIT, `the heap kept ${(growth / 1024 / 1024).toFixed(1)} MB`);
    // close() waits for every socket the HTTP server accepted: it finishes only if none was left behind.
    assert.ok(await settles((closing = server.close()), 3000), 'close() is still waiting for a socket nobody uses');
  });
});
