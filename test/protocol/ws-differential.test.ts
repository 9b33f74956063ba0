/**
 * Differential tests against ws 8: the same frames through our codec and
 * through ws's `Sender.frame` and `Receiver`, from a seeded PRNG so every
 * failure replays.
 *
 * Known disagreements, each asserted below rather than skipped:
 * - A length not in its shortest form: we fail it (1002, §5.2 "the minimal
 *   number of bytes MUST be used"); ws accepts the frame.
 * - A 64-bit length with its top bit set: we answer 1002 (§5.2 says the bit
 *   MUST be 0); ws answers 1009, as for any length over 2^53 - 1.
 * - Invalid UTF-8 in an early fragment: we fail at that fragment (§8.1,
 *   fail fast); ws validates the whole message at its last fragment, so a
 *   ping or pong between the two still reaches ws's listeners. Both answer
 *   1007.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Receiver, Sender } from 'ws';
import './helpers/ws-internals.ts';
import {
  FrameError,
  createMessageReader,
  decodeClosePayload,
  decodeFrame,
  encodeFrame,
  Opcode,
  type FrameErrorCode,
} from '../../src/protocol/index.ts';
import { createRandom, hex, toHex } from './helpers/fixtures.ts';
import type { Random } from './helpers/fixtures.ts';

/** Which of our codes may answer each ws error code. */
const SAME_FAULT: Readonly<Record<string, readonly FrameErrorCode[]>> = {
  WS_ERR_UNEXPECTED_RSV_1: ['FRAME_ERR_RESERVED_BITS'],
  WS_ERR_UNEXPECTED_RSV_2_3: ['FRAME_ERR_RESERVED_BITS'],
  WS_ERR_INVALID_OPCODE: [
    'FRAME_ERR_RESERVED_OPCODE',
    'FRAME_ERR_UNEXPECTED_CONTINUATION',
    'FRAME_ERR_EXPECTED_CONTINUATION',
  ],
  WS_ERR_EXPECTED_FIN: ['FRAME_ERR_CONTROL_FRAGMENTED'],
  WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH: ['FRAME_ERR_CONTROL_TOO_LONG', 'FRAME_ERR_CLOSE_TOO_SHORT'],
  WS_ERR_EXPECTED_MASK: ['FRAME_ERR_MASK_REQUIRED'],
  WS_ERR_UNEXPECTED_MASK: ['FRAME_ERR_MASK_UNEXPECTED'],
  WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH: ['FRAME_ERR_PAYLOAD_TOO_LARGE'],
  WS_ERR_UNSUPPORTED_MESSAGE_LENGTH: ['FRAME_ERR_PAYLOAD_TOO_LARGE', 'FRAME_ERR_MESSAGE_TOO_LARGE'],
  WS_ERR_INVALID_UTF8: ['FRAME_ERR_INVALID_UTF8'],
  WS_ERR_INVALID_CLOSE_CODE: ['FRAME_ERR_INVALID_CLOSE_CODE'],
};

/** Payload lengths around every boundary of §5.2, and some in between. */
function payloadLength(random: Random): number {
  if (random.chance(0.6)) return random.int(0, 40);
  return random.pick([
    0,
    1,
    124,
    125,
    126,
    127,
    200,
    65535,
    65536,
    65537,
    random.int(128, 3000),
    random.int(65538, 70000),
  ]);
}

function randomMask(random: Random): Uint8Array {
  return random.chance(0.05) ? new Uint8Array(4) : random.bytes(4);
}

describe('encodeFrame against ws Sender.frame', () => {
  it('writes the same bytes for 3000 random frames of every opcode, length and mask', () => {
    const random = createRandom(0xe9c0de);
    const opcodes = [0, 1, 2, 8, 9, 10, 3, 11];
    for (let round = 0; round < 3000; round++) {
      const opcode = random.pick(opcodes);
      const payload = random.bytes(opcode >= 8 ? random.int(0, 125) : payloadLength(random));
      const fin = random.chance(0.7);
      const rsv1 = random.chance(0.1);
      const mask = random.chance(0.6) ? randomMask(random) : undefined;
      const ours = encodeFrame({ fin, rsv1, opcode, mask, payload });
      const theirs = Buffer.concat(
        Sender.frame(Buffer.from(payload), {
          fin,
          rsv1,
          opcode,
          mask: mask !== undefined,
          // A fixed key: ws writes into maskBuffer, and generateMask leaves it as it is.
          maskBuffer: Buffer.from(mask ?? new Uint8Array(4)),
          generateMask: () => {},
          readOnly: false,
        }),
      );
      if (Buffer.compare(Buffer.from(ours), theirs) !== 0) {
        assert.fail(`round ${round}: ours ${toHex(ours.subarray(0, 16))}…, ws ${toHex(theirs.subarray(0, 16))}…`);
      }
    }
  });
});

/** One frame of a generated stream: encoded with encodeFrame unless `raw` is given. */
interface FrameSpec {
  fin: boolean;
  rsv1?: boolean;
  rsv2?: boolean;
  rsv3?: boolean;
  opcode: number;
  payload: Uint8Array;
  masked: boolean;
  raw?: Uint8Array;
  /** `raw` writes this frame's length in a longer form than needed. */
  nonMinimal?: boolean;
}

type Fault =
  | 'none'
  | 'rsv'
  | 'reserved-opcode'
  | 'long-control'
  | 'fragmented-control'
  | 'bad-utf8'
  | 'mask'
  | 'bad-close-code'
  | 'close-1-byte'
  | 'bad-close-reason'
  | 'lone-continuation'
  | 'interleaved-message'
  | 'too-big'
  | 'huge-length'
  | 'non-minimal-length'
  | 'length-top-bit';

const FAULTS: readonly Fault[] = [
  'rsv',
  'reserved-opcode',
  'long-control',
  'fragmented-control',
  'bad-utf8',
  'mask',
  'bad-close-code',
  'close-1-byte',
  'bad-close-reason',
  'lone-continuation',
  'interleaved-message',
  'too-big',
  'huge-length',
  'non-minimal-length',
  'length-top-bit',
];

interface Scenario {
  /** true: client-to-server frames (masked); false: server-to-client. */
  readonly fromClient: boolean;
  /** 0 for no limit, as ws counts it. */
  readonly maxPayload: number;
  readonly fault: Fault;
  readonly frames: FrameSpec[];
}

const TEXT_PIECES = ['a', 'b', ' ', 'é', '€', '你', '😀', 'WebSocket '];

function randomText(random: Random, length: number): Uint8Array {
  const pieces: string[] = [];
  for (let size = 0; size < length;) {
    const piece = random.pick(TEXT_PIECES);
    pieces.push(piece);
    size += Buffer.byteLength(piece);
  }
  return Uint8Array.from(Buffer.from(pieces.join('')));
}

function control(random: Random, masked: boolean): FrameSpec {
  return {
    fin: true,
    opcode: random.pick([Opcode.ping, Opcode.pong]),
    payload: random.bytes(random.int(0, 125)),
    masked,
  };
}

/** A frame header written by hand, for lengths encodeFrame would never write. */
function rawHeader(first: number, masked: boolean, lengthBytes: number[]): Uint8Array {
  const sevenBit = lengthBytes.length === 2 ? 126 : 127;
  return Uint8Array.from([first, (masked ? 0x80 : 0) | sevenBit, ...lengthBytes, ...(masked ? [1, 2, 3, 4] : [])]);
}

function generate(random: Random): Scenario {
  const fromClient = random.chance(0.6);
  const maxPayload = random.pick([0, 0, 300, 70000]);
  const masked = fromClient;
  const frames: FrameSpec[] = [];
  const messages = random.int(1, 4);
  for (let m = 0; m < messages; m++) {
    const opcode = random.pick([Opcode.text, Opcode.binary]);
    let length = payloadLength(random);
    if (maxPayload > 0) length = Math.min(length, maxPayload);
    const data = opcode === Opcode.text ? randomText(random, length).subarray(0, length) : random.bytes(length);
    // Cutting text at any byte may split a character, so validity is decided below.
    const parts = random.int(1, 4);
    const cuts = [
      0,
      ...Array.from({ length: parts - 1 }, () => random.int(0, data.length)).sort((a, b) => a - b),
      data.length,
    ];
    for (let p = 0; p < parts; p++) {
      frames.push({
        fin: p === parts - 1,
        opcode: p === 0 ? opcode : Opcode.continuation,
        payload: data.subarray(cuts[p], cuts[p + 1]),
        masked,
      });
      if (p < parts - 1 && random.chance(0.3)) frames.push(control(random, masked));
    }
    if (random.chance(0.2)) frames.push(control(random, masked));
  }
  if (random.chance(0.5)) {
    const close = random.chance(0.2)
      ? new Uint8Array(0)
      : Uint8Array.from([
          ...[0x03, 0xe8, 0x0f, 0xa0].slice(random.int(0, 1) * 2, random.int(0, 1) * 2 + 2),
          ...randomText(random, random.int(0, 20)),
        ]);
    frames.push({ fin: true, opcode: Opcode.close, payload: close.subarray(0, 125), masked });
  }

  const fault = random.chance(0.55) ? random.pick(FAULTS) : 'none';
  const at = random.int(0, frames.length - 1);
  const target = frames[at];
  // Faults that bring a new data frame go between messages: inside one, ws
  // and we would both fail it first for breaking §5.4, hiding the fault.
  const boundaries = [0];
  let open = false;
  frames.forEach((spec, i) => {
    if (spec.opcode === Opcode.text || spec.opcode === Opcode.binary) open = !spec.fin;
    else if (spec.opcode === Opcode.continuation) open = !spec.fin;
    if (!open) boundaries.push(i + 1);
  });
  const between = random.pick(boundaries.filter((i) => i < frames.length || frames.length === 0));
  const insert = (spec: FrameSpec, index = at) => frames.splice(index, 0, spec);
  switch (fault) {
    case 'none':
      break;
    case 'rsv':
      target[random.pick(['rsv1', 'rsv2', 'rsv3'] as const)] = true;
      break;
    case 'reserved-opcode':
      target.opcode = random.pick([3, 4, 5, 6, 7, 11, 12, 13, 14, 15]);
      break;
    case 'long-control':
      insert({ fin: true, opcode: random.pick([8, 9, 10]), payload: random.bytes(random.int(126, 300)), masked });
      break;
    case 'fragmented-control':
      insert({ ...control(random, masked), fin: false });
      break;
    case 'bad-utf8': {
      const bad = Uint8Array.from([
        0x61,
        ...random.pick([[0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]]),
        0x62,
      ]);
      if (random.chance(0.5)) {
        insert({ fin: true, opcode: Opcode.text, payload: bad, masked }, between);
      } else {
        // The bad bytes in a first fragment, a control frame or not, then the last fragment.
        const tail = [
          ...(random.chance(0.5) ? [control(random, masked)] : []),
          { fin: true, opcode: Opcode.continuation, payload: Uint8Array.of(0x63), masked },
        ];
        frames.splice(between, 0, { fin: false, opcode: Opcode.text, payload: bad, masked }, ...tail);
      }
      break;
    }
    case 'mask':
      target.masked = !masked;
      break;
    case 'bad-close-code': {
      const code = random.pick([0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535]);
      frames.push({ fin: true, opcode: Opcode.close, payload: Uint8Array.of(code >> 8, code & 0xff), masked });
      break;
    }
    case 'close-1-byte':
      frames.push({ fin: true, opcode: Opcode.close, payload: Uint8Array.of(3), masked });
      break;
    case 'bad-close-reason':
      frames.push({ fin: true, opcode: Opcode.close, payload: Uint8Array.of(0x03, 0xe8, 0x61, 0xff), masked });
      break;
    case 'lone-continuation':
      insert({ fin: random.chance(0.5), opcode: Opcode.continuation, payload: random.bytes(3), masked }, between);
      break;
    case 'interleaved-message':
      frames.splice(
        at,
        0,
        { fin: false, opcode: Opcode.binary, payload: random.bytes(2), masked },
        { fin: true, opcode: Opcode.text, payload: randomText(random, 3), masked },
      );
      break;
    case 'too-big':
      if (maxPayload === 0) return generate(random);
      insert({ fin: true, opcode: Opcode.binary, payload: random.bytes(maxPayload + 1), masked }, between);
      break;
    case 'huge-length':
      insert(
        {
          fin: true,
          opcode: Opcode.binary,
          payload: new Uint8Array(0),
          masked,
          raw: rawHeader(0x82, masked, [0x00, 0x20, 0, 0, 0, 0, 0, 0]),
        },
        between,
      );
      break;
    case 'length-top-bit':
      insert(
        {
          fin: true,
          opcode: Opcode.binary,
          payload: new Uint8Array(0),
          masked,
          raw: rawHeader(0x82, masked, [0x80, 0, 0, 0, 0, 0, 0, 0]),
        },
        between,
      );
      break;
    case 'non-minimal-length': {
      // A data frame whose length fits a shorter form than the one used.
      const payload = random.bytes(random.int(0, 200));
      const wide =
        payload.length < 126 && random.chance(0.5)
          ? [payload.length >> 8, payload.length & 0xff]
          : [0, 0, 0, 0, 0, 0, payload.length >> 8, payload.length & 0xff];
      const header = rawHeader(0x82, masked, wide);
      const body = masked ? payload.map((byte, i) => byte ^ ((i % 4) + 1)) : payload; // rawHeader's key is 01 02 03 04
      insert(
        {
          fin: true,
          opcode: Opcode.binary,
          payload,
          masked,
          raw: Uint8Array.from([...header, ...body]),
          nonMinimal: true,
        },
        between,
      );
      break;
    }
  }
  return { fromClient, maxPayload, fault, frames };
}

function encodeStream(frames: readonly FrameSpec[], random: Random): Uint8Array {
  return Buffer.concat(
    frames.map((spec) => spec.raw ?? encodeFrame({ ...spec, mask: spec.masked ? randomMask(random) : undefined })),
  );
}

function summary(data: Uint8Array): string {
  return data.length <= 16
    ? toHex(data)
    : `${data.length} bytes sha1 ${createHash('sha1').update(data).digest('hex').slice(0, 12)}`;
}

interface Outcome {
  events: string[];
  error?: { closeCode: number; code: string };
}

/** Splits `stream` into random chunks, to exercise the need-more-bytes path. */
function chunksOf(stream: Uint8Array, random: Random): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < stream.length;) {
    const size = random.chance(0.3) ? stream.length - at : random.int(1, Math.max(200, stream.length >> 4));
    chunks.push(stream.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

function ours(chunks: readonly Uint8Array[], scenario: Scenario): Outcome {
  const events: string[] = [];
  const reader = createMessageReader({ maxMessage: scenario.maxPayload || undefined });
  const options = { expectMasked: scenario.fromClient, maxPayload: scenario.maxPayload || undefined };
  let buffered: Uint8Array = new Uint8Array(0);
  try {
    for (const chunk of chunks) {
      buffered = Buffer.concat([buffered, chunk]);
      for (let decoded = decodeFrame(buffered, options); decoded; decoded = decodeFrame(buffered, options)) {
        buffered = buffered.subarray(decoded.size);
        const message = reader.push(decoded.frame);
        if (message === null) continue;
        if (message.opcode === Opcode.close) {
          const { code, reason } = decodeClosePayload(message.data);
          events.push(`close ${code} ${reason}`);
          return { events }; // like ws, read nothing after a Close frame
        }
        const name = { 1: 'text', 2: 'binary', 9: 'ping', 10: 'pong' }[message.opcode];
        events.push(`${name} ${summary(message.data)}`);
      }
    }
  } catch (error) {
    if (!(error instanceof FrameError)) throw error;
    return { events, error: { closeCode: error.closeCode, code: error.code } };
  }
  return { events };
}

async function theirs(chunks: readonly Uint8Array[], scenario: Scenario): Promise<Outcome> {
  const events: string[] = [];
  let error: Outcome['error'];
  const receiver = new Receiver({ isServer: scenario.fromClient, maxPayload: scenario.maxPayload });
  receiver.on('message', (data: Buffer, isBinary: boolean) =>
    events.push(`${isBinary ? 'binary' : 'text'} ${summary(data)}`),
  );
  receiver.on('ping', (data: Buffer) => events.push(`ping ${summary(data)}`));
  receiver.on('pong', (data: Buffer) => events.push(`pong ${summary(data)}`));
  receiver.on('conclude', (code: number, reason: Buffer) => events.push(`close ${code} ${reason.toString()}`));
  receiver.on('error', (err: Error & { code: string }) => {
    const status = Object.getOwnPropertySymbols(err).find((symbol) => symbol.description === 'status-code');
    error ??= { closeCode: (err as unknown as Record<symbol, number>)[status!], code: err.code };
  });
  for (const chunk of chunks) {
    if (error || events.at(-1)?.startsWith('close')) break;
    // ws unmasks in place, so it gets its own copy.
    receiver.write(Buffer.from(chunk));
  }
  await new Promise((resolve) => setImmediate(resolve)); // stream errors arrive on the next tick
  return error ? { events, error } : { events };
}

/** Same events, same close code, and ws's error code names the same fault as ours. */
function assertAgree(a: Outcome, b: Outcome, where: string): void {
  assert.deepEqual(a.events, b.events, where);
  assert.equal(a.error?.closeCode, b.error?.closeCode, `${where}: close code`);
  if (a.error && b.error) {
    assert.ok(
      SAME_FAULT[b.error.code]?.includes(a.error.code as FrameErrorCode),
      `${where}: ${a.error.code} vs ${b.error.code}`,
    );
  }
}

describe('decodeFrame and the message reader against ws Receiver', () => {
  it('agree on 2500 random streams, valid and invalid, fed in random chunks', async () => {
    const random = createRandom(0xd1ff);
    const seen = new Map<Fault, number>();
    const known = { nonMinimal: 0, topBit: 0, failFast: 0 };
    for (let round = 0; round < 2500; round++) {
      const scenario = generate(random);
      seen.set(scenario.fault, (seen.get(scenario.fault) ?? 0) + 1);
      const stream = encodeStream(scenario.frames, random);
      const a = ours(chunksOf(stream, random), scenario);
      const b = await theirs(chunksOf(stream, random), scenario);
      const where = `round ${round}, fault ${scenario.fault}`;

      if (a.error?.code === 'FRAME_ERR_NON_MINIMAL_LENGTH') {
        // Known: ws reads the frame as if its length were minimal, so it sees
        // what we see on the same stream written minimally.
        known.nonMinimal++;
        assert.equal(a.error.closeCode, 1002);
        const minimal = encodeStream(
          scenario.frames.map((spec) => (spec.nonMinimal ? { ...spec, raw: undefined } : spec)),
          random,
        );
        assertAgree(ours([minimal], scenario), b, where);
        continue;
      }
      if (a.error?.code === 'FRAME_ERR_LENGTH_TOP_BIT') {
        // Known: ws answers 1009 (no length over 2^53 - 1), we answer 1002 (§5.2).
        known.topBit++;
        assert.deepEqual(b.events, a.events, where);
        assert.deepEqual(b.error, { closeCode: 1009, code: 'WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH' }, where);
        continue;
      }
      if (a.error?.code === 'FRAME_ERR_INVALID_UTF8' && b.events.length > a.events.length) {
        // Known: we fail at the bad fragment, ws at the end of the message;
        // only control frames can come between.
        known.failFast++;
        assert.deepEqual(b.events.slice(0, a.events.length), a.events, where);
        for (const event of b.events.slice(a.events.length)) assert.match(event, /^(ping|pong) /, where);
        assert.equal(b.error?.closeCode, 1007, where);
        continue;
      }

      assertAgree(a, b, where);
    }
    for (const fault of ['none', ...FAULTS] as const) assert.ok((seen.get(fault) ?? 0) > 20, `${fault} was tried`);
    for (const [difference, count] of Object.entries(known)) assert.ok(count > 5, `${difference} was met`);
  });

  it('knowingly differ on a non-minimal length: we fail it with 1002, ws reads the frame', async () => {
    const scenario: Scenario = { fromClient: false, maxPayload: 0, fault: 'non-minimal-length', frames: [] };
    const stream = hex('82 7e 00 02 ab cd');
    assert.deepEqual(ours([stream], scenario), {
      events: [],
      error: { closeCode: 1002, code: 'FRAME_ERR_NON_MINIMAL_LENGTH' },
    });
    assert.deepEqual(await theirs([stream], scenario), { events: ['binary ab cd'] });
  });

  it('knowingly differ on a 64-bit length with its top bit set: we answer 1002, ws 1009', async () => {
    const scenario: Scenario = { fromClient: false, maxPayload: 0, fault: 'length-top-bit', frames: [] };
    const stream = hex('82 7f 80 00 00 00 00 00 00 00');
    assert.deepEqual(ours([stream], scenario).error, { closeCode: 1002, code: 'FRAME_ERR_LENGTH_TOP_BIT' });
    assert.deepEqual((await theirs([stream], scenario)).error, {
      closeCode: 1009,
      code: 'WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH',
    });
  });

  it('knowingly differ on bad UTF-8 in an early fragment: we fail at once, ws at the end of the message', async () => {
    const scenario: Scenario = { fromClient: false, maxPayload: 0, fault: 'bad-utf8', frames: [] };
    // "a", 0xff, then a ping, then the last fragment: ws delivers the ping first.
    const stream = hex('01 02 61 ff  89 00  80 01 62');
    assert.deepEqual(ours([stream], scenario), {
      events: [],
      error: { closeCode: 1007, code: 'FRAME_ERR_INVALID_UTF8' },
    });
    assert.deepEqual(await theirs([stream], scenario), {
      events: ['ping '],
      error: { closeCode: 1007, code: 'WS_ERR_INVALID_UTF8' },
    });
    // If the message is then broken off by a new one, ws never gets to the UTF-8 check.
    const brokenOff = hex('01 02 61 ff  81 00');
    assert.equal(ours([brokenOff], scenario).error?.closeCode, 1007);
    assert.equal((await theirs([brokenOff], scenario)).error?.closeCode, 1002);
  });

  it('agree on the close code for every 16-bit status code in a Close frame', async () => {
    for (let code = 0; code <= 0xffff; code += code < 5100 ? 1 : 97) {
      const scenario: Scenario = { fromClient: false, maxPayload: 0, fault: 'none', frames: [] };
      const stream = encodeFrame({ opcode: Opcode.close, payload: Uint8Array.of(code >> 8, code & 0xff) });
      const a = ours([stream], scenario);
      const b = await theirs([stream], scenario);
      assertAgree(a, b, `code ${code}`);
    }
  });
});
