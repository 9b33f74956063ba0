/**
 * Frame codec throughput: our `encodeFrame` and `decodeFrame` + message reader
 * against ws's `Sender.frame` and `Receiver`, on the same inputs: masked
 * binary client frames (masking without UTF-8 checks), then unmasked text
 * server frames (UTF-8 validation: ours in plain JS, ws's with Node's native
 * SIMD `buffer.isUtf8` from 24 bytes on, which plain JS cannot match), then
 * the same text frames read all the way to a string, as a page gets them:
 * ours with `decodeUtf8` (the runtime's TextDecoder), ws's with
 * `data.toString()`. The two run in alternating rounds to spread out noise;
 * the table shows the median round. The goal is ours/ws >= 0.5.
 */
import { Receiver, Sender } from 'ws';
import '../test/protocol/helpers/ws-internals.ts';
import { createMessageReader, decodeFrame, encodeFrame, Opcode, decodeUtf8 } from '../src/protocol/index.ts';
import { median } from './helpers/median.ts';

const SIZES = [64, 4096, 65536];
const ROUNDS = 7;
/** Bytes per round and implementation, so every size runs for a similar time. */
const BYTES_PER_ROUND = 8 * 1024 * 1024;

const MASK = new Uint8Array([0x37, 0xfa, 0x21, 0x3d]);

interface Row {
  readonly test: string;
  readonly ours: number;
  readonly ws: number;
}

function payloadOf(size: number): Uint8Array {
  const payload = new Uint8Array(size);
  for (let i = 0; i < size; i++) payload[i] = (i * 31 + 7) & 0xff;
  return payload;
}

/** European text: ASCII with a two- or three-byte character every few letters. */
function textOf(size: number): Uint8Array {
  const text = Buffer.from('Grüße, WebSocket € '.repeat(Math.ceil(size / 20)));
  return text.subarray(0, text.lastIndexOf(0x20, size)); // cut on a space: still valid UTF-8
}

/** Runs `body` `iterations` times and returns operations per second. */
function opsPerSecond(iterations: number, body: () => void): number {
  const start = performance.now();
  for (let i = 0; i < iterations; i++) body();
  return iterations / ((performance.now() - start) / 1000);
}

/** Alternates the two implementations for ROUNDS rounds, after one warm-up round each. */
function compare(test: string, iterations: number, ours: () => void, theirs: () => void): Row {
  opsPerSecond(iterations, ours);
  opsPerSecond(iterations, theirs);
  const oursRuns: number[] = [];
  const wsRuns: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    oursRuns.push(opsPerSecond(iterations, ours));
    wsRuns.push(opsPerSecond(iterations, theirs));
  }
  return { test, ours: median(oursRuns), ws: median(wsRuns) };
}

function encodeRow(size: number, iterations: number): Row {
  const payload = payloadOf(size);
  const data = Buffer.from(payload);
  const maskBuffer = Buffer.from(MASK);
  // readOnly: true is what ws.send() does with a caller's Buffer: one new
  // buffer holding header and masked payload, like encodeFrame.
  const options = { fin: true, opcode: Opcode.binary, mask: true, maskBuffer, generateMask: () => {}, readOnly: true };
  return compare(
    `encode binary ${size} B`,
    iterations,
    () => encodeFrame({ opcode: Opcode.binary, mask: MASK, payload }),
    () => Sender.frame(data, options),
  );
}

function decodeRow(size: number, iterations: number): Row {
  const frame = encodeFrame({ opcode: Opcode.binary, mask: MASK, payload: payloadOf(size) });
  const reader = createMessageReader();
  let received = 0;
  const receiver = new Receiver({ isServer: true });
  receiver.on('message', () => received++);
  // ws unmasks in place, so it gets its own copy (which it then keeps
  // re-unmasking: harmless for binary data, and the work is the same).
  const wsFrame = Buffer.from(frame);
  const row = compare(
    `decode binary ${size} B`,
    iterations,
    () => {
      const decoded = decodeFrame(frame, { expectMasked: true });
      if (decoded && reader.push(decoded.frame)) received++;
    },
    () => receiver.write(wsFrame),
  );
  if (received === 0) throw new Error('the decoders produced no messages');
  return row;
}

/** A chat message in JSON: ASCII only. */
function asciiOf(size: number): Uint8Array {
  return Buffer.from('{"room":"lobby","name":"ada","text":"hello, world"}\n'.repeat(Math.ceil(size / 52))).subarray(
    0,
    size,
  );
}

function decodeTextRow(name: string, payload: Uint8Array, iterations: number): Row {
  const frame = encodeFrame({ opcode: Opcode.text, payload });
  const reader = createMessageReader();
  let received = 0;
  const receiver = new Receiver({ isServer: false });
  receiver.on('message', () => received++);
  const wsFrame = Buffer.from(frame);
  const row = compare(
    `decode ${name} ${payload.length} B`,
    iterations,
    () => {
      const decoded = decodeFrame(frame, { expectMasked: false });
      if (decoded && reader.push(decoded.frame)) received++;
    },
    () => receiver.write(wsFrame),
  );
  if (received === 0) throw new Error('the decoders produced no messages');
  return row;
}

/** A text frame read to a string: what `frame-endpoint.ts` hands a page, and a ws user's `data.toString()`. */
function decodeStringRow(name: string, payload: Uint8Array, iterations: number): Row {
  const frame = encodeFrame({ opcode: Opcode.text, payload });
  const reader = createMessageReader();
  let chars = 0;
  const receiver = new Receiver({ isServer: false });
  receiver.on('message', (data: Buffer) => (chars += data.toString().length));
  const wsFrame = Buffer.from(frame);
  const row = compare(
    `string ${name} ${payload.length} B`,
    iterations,
    () => {
      const decoded = decodeFrame(frame, { expectMasked: false });
      const message = decoded && reader.push(decoded.frame);
      if (message) chars += decodeUtf8(message.data).length;
    },
    () => receiver.write(wsFrame),
  );
  if (chars === 0) throw new Error('the decoders produced no text');
  return row;
}

export default async function run(): Promise<void> {
  const rows: Row[] = [];
  for (const size of SIZES) {
    const iterations = Math.max(2000, Math.floor(BYTES_PER_ROUND / size));
    rows.push(encodeRow(size, iterations), decodeRow(size, iterations));
  }
  for (const size of SIZES) {
    rows.push(decodeTextRow('text', textOf(size), Math.max(2000, Math.floor(BYTES_PER_ROUND / size))));
  }
  rows.push(decodeTextRow('ASCII', asciiOf(4096), BYTES_PER_ROUND / 4096));
  for (const size of SIZES) {
    rows.push(decodeStringRow('text', textOf(size), Math.max(2000, Math.floor(BYTES_PER_ROUND / size))));
  }
  rows.push(decodeStringRow('ASCII', asciiOf(4096), BYTES_PER_ROUND / 4096));
  console.log(`frame codec: ops/s, median of ${ROUNDS} alternating rounds`);
  console.log(`${'test'.padEnd(22)}${'ours'.padStart(14)}${'ws'.padStart(14)}${'ours/ws'.padStart(10)}`);
  for (const row of rows) {
    console.log(
      `${row.test.padEnd(22)}${Math.round(row.ours).toLocaleString('en-US').padStart(14)}` +
        `${Math.round(row.ws).toLocaleString('en-US').padStart(14)}${(row.ours / row.ws).toFixed(2).padStart(10)}`,
    );
  }
}
