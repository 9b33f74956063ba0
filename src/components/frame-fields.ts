/**
 * The words of the frame view: every field of a frame (§5.2) with where it
 * sits, its value and what it means. Plain functions over `frameLayout`, so
 * the view stays thin and the text can be tested against known bytes.
 */
import {
  decodeClosePayload,
  describeCloseCode,
  FrameError,
  FramePart,
  type FrameLayout,
  toHex,
  Opcode,
  isKnownOpcode,
  opcodeName,
  decodeUtf8,
  isValidUtf8,
} from '../protocol/index.ts';

export interface FieldRow {
  /** Stable id, for tests and `data-field`. */
  readonly id: string;
  readonly name: string;
  /** The part of the bytes it lives in (for the grid's marks). */
  readonly part: FramePart;
  /** Where it is: "byte 0, bit 7" or "bytes 2–3". */
  readonly where: string;
  /** Its bits or bytes as on the wire. */
  readonly wire: string;
  readonly value: string;
  readonly meaning: string;
}

/** The short mark each byte of the grid carries, and its legend. */
export const PART_MARKS: Readonly<Record<FramePart, { readonly mark: string; readonly legend: string }>> = {
  [FramePart.flags]: { mark: 'flags', legend: 'byte 0: FIN, RSV1–3 and the opcode' },
  [FramePart.maskLength]: { mark: 'len', legend: 'byte 1: MASK and the 7-bit payload length' },
  [FramePart.extendedLength]: { mark: 'ext', legend: 'extended payload length (16 or 64 bits)' },
  [FramePart.maskingKey]: { mark: 'key', legend: 'masking key (4 bytes, client frames only)' },
  [FramePart.payload]: { mark: 'data', legend: 'payload' },
  [FramePart.extra]: { mark: 'next', legend: 'bytes after this frame (the next frame, or junk)' },
};

/** Bytes as spaced hex: `81 05 48`. */
export function spacedHex(bytes: Uint8Array): string {
  return toHex(bytes).replace(/(..)(?!$)/g, '$1 ');
}

/** Spaced hex of at most `max` bytes, then how many more there are. */
export function hexPreview(bytes: Uint8Array, max: number): string {
  if (bytes.length === 0) return '(none)';
  const shown = spacedHex(bytes.subarray(0, max));
  return bytes.length > max ? `${shown} … ${(bytes.length - max).toLocaleString('en')} more bytes` : shown;
}

function bits(value: number, width: number): string {
  return value.toString(2).padStart(width, '0');
}

function range(start: number, end: number): string {
  return end - start === 1 ? `byte ${start}` : `bytes ${start}–${end - 1}`;
}

const OPCODE_MEANINGS: Readonly<Record<number, string>> = {
  [Opcode.continuation]: 'Continues the message an earlier text or binary frame began (§5.4).',
  [Opcode.text]: 'A text message, or its first fragment: the payload is UTF-8 (§5.6).',
  [Opcode.binary]: 'A binary message, or its first fragment: any bytes (§5.6).',
  [Opcode.close]: 'Close: starts or answers the closing handshake (§5.5.1).',
  [Opcode.ping]: 'Ping: the other side must answer with a pong carrying the same payload (§5.5.2).',
  [Opcode.pong]: 'Pong: the answer to a ping, or an unasked heartbeat (§5.5.3).',
};

function opcodeMeaning(opcode: number): string {
  return isKnownOpcode(opcode)
    ? OPCODE_MEANINGS[opcode]!
    : `Reserved (§5.2): no frame may use it yet; a receiver fails the connection with 1002.`;
}

function rsvMeaning(set: boolean, bit: number): string {
  if (set) return 'Set, but no extension gave it a meaning: a receiver fails the connection with 1002 (§5.2).';
  return bit === 1
    ? 'Clear: not compressed. With permessage-deflate agreed, RSV1 marks a compressed message.'
    : 'Clear, as it must be: no extension in use defines it.';
}

/** The payload as a reader wants it: text when it is text, a close code and reason for a close frame. */
export function payloadMeaning(opcode: number | undefined, payload: Uint8Array, complete: boolean): string {
  if (payload.length === 0) return complete ? 'Empty.' : 'Not arrived yet.';
  if (opcode === Opcode.close && complete) {
    try {
      const { code, reason } = decodeClosePayload(payload);
      const name = describeCloseCode(code)?.name;
      return `Close code ${code}${name ? ` (${name})` : ''} in the first 2 bytes${reason ? `, then the reason "${reason}"` : ', no reason'}.`;
    } catch (error) {
      if (error instanceof FrameError) return `An invalid close body: ${error.message}`;
      throw error;
    }
  }
  const shown = payload.subarray(0, 60);
  const more = payload.length > 60 ? '…' : '';
  if (opcode !== Opcode.binary && isValidUtf8(shown)) return `As UTF-8 text: "${decodeUtf8(shown)}${more}"`;
  return opcode === Opcode.text ? 'Not valid UTF-8 (a server fails the connection with 1007, §8.1).' : 'Bytes.';
}

/** Every field the bytes reach, in wire order. `maxPayloadBytes` bounds the hex shown per payload row. */
export function describeFields(bytes: Uint8Array, layout: FrameLayout, maxPayloadBytes = 32): FieldRow[] {
  const rows: FieldRow[] = [];
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 !== undefined) {
    const fin = (b0 & 0x80) !== 0;
    rows.push({
      id: 'fin',
      name: 'FIN',
      part: FramePart.flags,
      where: 'byte 0, bit 7',
      wire: fin ? '1' : '0',
      value: fin ? '1' : '0',
      meaning: fin ? 'The last (or only) frame of its message.' : 'More frames of this message follow (§5.4).',
    });
    (['rsv1', 'rsv2', 'rsv3'] as const).forEach((id, index) => {
      const set = (b0 & (0x40 >> index)) !== 0;
      rows.push({
        id,
        name: `RSV${index + 1}`,
        part: FramePart.flags,
        where: `byte 0, bit ${6 - index}`,
        wire: set ? '1' : '0',
        value: set ? '1' : '0',
        meaning: rsvMeaning(set, index + 1),
      });
    });
    const opcode = b0 & 0x0f;
    rows.push({
      id: 'opcode',
      name: 'opcode',
      part: FramePart.flags,
      where: 'byte 0, bits 3–0',
      wire: bits(opcode, 4),
      value: `0x${opcode.toString(16)} ${opcodeName(opcode)}`,
      meaning: opcodeMeaning(opcode),
    });
  }
  if (b1 !== undefined) {
    const masked = (b1 & 0x80) !== 0;
    rows.push({
      id: 'mask',
      name: 'MASK',
      part: FramePart.maskLength,
      where: 'byte 1, bit 7',
      wire: masked ? '1' : '0',
      value: masked ? '1' : '0',
      meaning: masked
        ? 'The payload is masked with the key below: a client masks every frame it sends (§5.3).'
        : 'Not masked: servers never mask. From a client this is an error a server answers with 1002 (§5.1).',
    });
    const length7 = b1 & 0x7f;
    rows.push({
      id: 'length',
      name: 'payload length',
      part: FramePart.maskLength,
      where: 'byte 1, bits 6–0',
      wire: bits(length7, 7),
      value: String(length7),
      meaning:
        length7 === 126
          ? '126 means: the real length follows in the next 2 bytes (16-bit form, 126 to 65,535).'
          : length7 === 127
            ? '127 means: the real length follows in the next 8 bytes (64-bit form, 65,536 and up).'
            : '7-bit form: a payload of 0 to 125 bytes has its length right here.',
    });
  }
  for (const { part, start, end } of layout.parts) {
    const slice = bytes.subarray(start, end);
    const partial = layout.missing > 0 && end === bytes.length;
    if (part === FramePart.extendedLength) {
      const form = layout.lengthForm === 16 ? '16-bit' : '64-bit';
      rows.push({
        id: 'extended-length',
        name: `extended payload length (${form})`,
        part,
        where: range(start, end),
        wire: spacedHex(slice),
        value: layout.payloadLength === undefined ? '(incomplete)' : layout.payloadLength.toLocaleString('en'),
        meaning:
          layout.payloadLength === undefined
            ? 'The length is cut short: its remaining bytes have not arrived.'
            : `The payload is ${layout.payloadLength.toLocaleString('en')} bytes, as an unsigned big-endian number (§5.2).`,
      });
    } else if (part === FramePart.maskingKey) {
      rows.push({
        id: 'masking-key',
        name: 'masking key',
        part,
        where: range(start, end),
        wire: spacedHex(slice),
        value: spacedHex(slice),
        meaning:
          'Four random bytes the client picked for this frame alone. Payload byte i is XORed with key byte i mod 4 (§5.3).',
      });
    } else if (part === FramePart.payload) {
      const opcode = layout.opcode;
      const complete = !partial;
      const count = `${slice.length.toLocaleString('en')} byte${slice.length === 1 ? '' : 's'}${partial ? ' so far' : ''}`;
      if (layout.maskingKey) {
        const plain = new Uint8Array(slice.length);
        for (let i = 0; i < slice.length; i++) plain[i] = slice[i]! ^ layout.maskingKey[i & 3]!;
        rows.push({
          id: 'masked-payload',
          name: 'payload, masked (as on the wire)',
          part,
          where: range(start, end),
          wire: hexPreview(slice, maxPayloadBytes),
          value: count,
          meaning: 'What crossed the wire: unreadable until XORed with the key.',
        });
        rows.push({
          id: 'payload',
          name: 'payload, unmasked',
          part,
          where: '(computed)',
          wire: hexPreview(plain, maxPayloadBytes),
          value: count,
          meaning: payloadMeaning(opcode, plain, complete),
        });
      } else {
        rows.push({
          id: 'payload',
          name: 'payload',
          part,
          where: range(start, end),
          wire: hexPreview(slice, maxPayloadBytes),
          value: count,
          meaning: payloadMeaning(opcode, slice, complete),
        });
      }
    } else if (part === FramePart.extra) {
      rows.push({
        id: 'extra',
        name: 'after this frame',
        part,
        where: range(start, end),
        wire: hexPreview(slice, maxPayloadBytes),
        value: `${slice.length} byte${slice.length === 1 ? '' : 's'}`,
        meaning: 'Not part of this frame: the start of the next one, or junk.',
      });
    }
  }
  return rows;
}
