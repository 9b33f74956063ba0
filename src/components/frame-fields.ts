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
  type FrameEvent,
  type FrameLayout,
  toHex,
  Opcode,
  isControlOpcode,
  isKnownOpcode,
  opcodeName,
  decodeUtf8,
  isValidUtf8,
  scanUtf8,
  utf8PrefixLength,
  utf8Span,
  Utf8State,
} from '../protocol/index.ts';
import { groupDigits } from '../protocol/group-digits.ts';

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
  return bytes.length > max ? `${shown} … ${groupDigits(bytes.length - max)} more bytes` : shown;
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

function rsvMeaning(set: boolean, bit: number, deflate: boolean): string {
  if (bit === 1 && deflate) {
    return set
      ? 'Set: permessage-deflate was agreed, and this frame begins a compressed message (RFC 7692 §6).'
      : 'Clear: permessage-deflate was agreed, but this frame begins no compressed message: the message goes as it is, or this frame continues one (only a first frame carries RSV1, RFC 7692 §6).';
  }
  if (bit === 1) {
    // RFC 7692 §6: the bit marks a compressed message on its first frame only.
    return set
      ? 'Set, but no extension in use gives it a meaning: a receiver fails the connection with 1002 (§5.2). Under permessage-deflate it would mark a compressed message, on its first frame only (RFC 7692 §6).'
      : 'Clear: not compressed. Under permessage-deflate, RSV1 on a message’s first frame marks the whole message compressed; later frames keep it clear (RFC 7692 §6).';
  }
  return set
    ? 'Set, but no extension gave it a meaning: a receiver fails the connection with 1002 (§5.2).'
    : 'Clear, as it must be: no extension in use defines it.';
}

/**
 * What the frame view knows of the message a frame belongs to, from the
 * frames before it: a continuation frame alone tells neither whether its
 * message is text nor where a character an earlier frame cut ends (§5.4,
 * §5.6).
 */
export interface MessageContext {
  /** The opcode of the message's first frame: text or binary. */
  readonly opcode: number;
  /** The UTF-8 state the message's earlier frames left: accept unless a character straddles two frames. */
  readonly utf8Before: Utf8State;
}

/**
 * The message the continuation frame `frames[index]` belongs to, read from
 * the frames its side sent before it (control frames may come between,
 * §5.4); undefined for any other frame, or when the frames do not reach back
 * to the message's first frame.
 */
export function messageContextAt(
  frames: readonly Pick<FrameEvent, 'from' | 'frame'>[],
  index: number,
): MessageContext | undefined {
  const shown = frames[index];
  if (!shown || shown.frame.opcode !== Opcode.continuation) return undefined;
  const earlier: Uint8Array[] = [];
  for (let i = index - 1; i >= 0; i--) {
    const { from, frame } = frames[i]!;
    if (from !== shown.from || isControlOpcode(frame.opcode)) continue;
    // A final frame ended the message before: this continuation continues none.
    if (frame.fin) return undefined;
    earlier.unshift(frame.payload);
    if (frame.opcode === Opcode.text || frame.opcode === Opcode.binary) {
      const utf8Before =
        frame.opcode === Opcode.text
          ? earlier.reduce<Utf8State>((state, payload) => scanUtf8(payload, state), Utf8State.accept)
          : Utf8State.accept;
      return { opcode: frame.opcode, utf8Before };
    }
    if (frame.opcode !== Opcode.continuation) return undefined;
  }
  return undefined;
}

/** permessage-deflate, as the frame view knows it: agreed on the frame's connection (RFC 7692). */
export interface DeflateContext {
  /** The frame's message is compressed (its first frame had RSV1): the payload is DEFLATE data. */
  readonly compressed: boolean;
}

/** A compressed payload's meaning: nothing to read until inflated. */
const COMPRESSED_MEANING =
  'DEFLATE data, its tail 00 00 ff ff removed (RFC 7692 §7.2.1): unreadable until the receiver adds the tail back and inflates the whole message (§7.2.2).';

/** How many UTF-8 bytes a payload row quotes as text: enough to read, short enough for a phone. */
const PREVIEW_BYTES = 60;

/** "The last byte", "The first 2 bytes", "Its one byte", "Both its bytes", "All 3 bytes", with a verb that agrees. */
function someBytes(count: number, total: number, end: 'first' | 'last', verb: string): string {
  const all = count === 1 ? 'Its one byte' : count === 2 ? 'Both its bytes' : `All ${count} bytes`;
  const subject = count === total ? all : count === 1 ? `The ${end} byte` : `The ${end} ${count} bytes`;
  return `${subject} ${count === 1 ? `${verb}s` : verb}`;
}

/** Text that is not UTF-8: what a receiver does about it, and where the RFC says so. */
function notUtf8(why: string): string {
  return `Not valid UTF-8 (1007): ${why}, so a receiver fails the connection (§8.1) with close code 1007 (§7.4.1).`;
}

/**
 * A text message's frame, judged as part of its message: §5.6 lets a frame
 * hold part of a character as long as the whole message is valid UTF-8, so
 * a character cut at either end of a frame is fine while the message goes on.
 */
function textMeaning(payload: Uint8Array, complete: boolean, fin: boolean, before: Utf8State): string {
  const { head, tail, state } = utf8Span(payload, before);
  if (state === Utf8State.reject) return notUtf8('these bytes can never be part of a text');
  const total = payload.length;
  const inside = state !== Utf8State.accept && head === total;
  const sentences: string[] = [];
  const whole = payload.subarray(head, total - tail);
  if (whole.length > 0) {
    const end = utf8PrefixLength(whole, PREVIEW_BYTES);
    sentences.push(`As UTF-8 text: "${decodeUtf8(whole.subarray(0, end))}${end < whole.length ? '…' : ''}"`);
  }
  if (inside) {
    sentences.push(`${someBytes(total, total, 'first', 'lie')} inside a character an earlier frame began.`);
  } else if (head > 0) {
    sentences.push(`${someBytes(head, total, 'first', 'end')} a character an earlier frame began.`);
  }
  if (state !== Utf8State.accept) {
    const cut = inside ? total : tail;
    if (!complete) {
      sentences.push(`The rest of ${inside ? 'that' : 'its last'} character has not arrived yet.`);
    } else if (!fin) {
      if (!inside) sentences.push(`${someBytes(cut, total, 'last', 'begin')} a character.`);
      sentences.push(
        'That character continues in the next frame: §5.6 lets a frame end inside a character, as long as the whole message is valid UTF-8.',
      );
    } else {
      return notUtf8('the message ends inside a character that no frame finishes');
    }
  }
  // The quoted text ends without a full stop when it stands alone, as it does for any other frame.
  return sentences.length > 1 && whole.length > 0
    ? `${sentences[0]}. ${sentences.slice(1).join(' ')}`
    : sentences.join(' ');
}

/**
 * The payload as a reader wants it: text when it is text, a close code and
 * reason for a close frame. `fin` and `message` place the frame in its
 * message, so that a text judged as UTF-8 is the whole message, not one cut
 * of it (§5.6).
 */
export function payloadMeaning(
  opcode: number | undefined,
  payload: Uint8Array,
  complete: boolean,
  fin = true,
  message?: MessageContext,
): string {
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
  const type = opcode === Opcode.continuation ? message?.opcode : opcode;
  if (type === Opcode.binary) return 'Bytes.';
  if (type === Opcode.text) return textMeaning(payload, complete, fin, message?.utf8Before ?? Utf8State.accept);
  // A control frame's payload, or a continuation whose first frame this view cannot see: text if it reads as text.
  if (isValidUtf8(payload)) {
    const end = utf8PrefixLength(payload, PREVIEW_BYTES);
    return `As UTF-8 text: "${decodeUtf8(payload.subarray(0, end))}${end < payload.length ? '…' : ''}"`;
  }
  return opcode === Opcode.continuation
    ? 'Bytes: whether they are text depends on the frame that began this message.'
    : 'Bytes.';
}

/**
 * Every field the bytes reach, in wire order. `maxPayloadBytes` bounds the
 * hex shown per payload row; `message` is what the frames before this one
 * tell about its message (see `messageContextAt`); `deflate`, given when
 * permessage-deflate was agreed, whether that message is compressed.
 */
export function describeFields(
  bytes: Uint8Array,
  layout: FrameLayout,
  maxPayloadBytes = 32,
  message?: MessageContext,
  deflate?: DeflateContext,
): FieldRow[] {
  const rows: FieldRow[] = [];
  const b0 = bytes[0];
  const b1 = bytes[1];
  const fin = b0 === undefined || (b0 & 0x80) !== 0;
  if (b0 !== undefined) {
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
        meaning: rsvMeaning(set, index + 1, deflate !== undefined),
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
        value: layout.payloadLength === undefined ? '(incomplete)' : groupDigits(layout.payloadLength),
        meaning:
          layout.payloadLength === undefined
            ? 'The length is cut short: its remaining bytes have not arrived.'
            : `The payload is ${groupDigits(layout.payloadLength)} bytes, as an unsigned big-endian number (§5.2).`,
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
      const count = `${groupDigits(slice.length)} byte${slice.length === 1 ? '' : 's'}${partial ? ' so far' : ''}`;
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
          meaning: deflate?.compressed ? COMPRESSED_MEANING : payloadMeaning(opcode, plain, complete, fin, message),
        });
      } else {
        rows.push({
          id: 'payload',
          name: 'payload',
          part,
          where: range(start, end),
          wire: hexPreview(slice, maxPayloadBytes),
          value: count,
          meaning: deflate?.compressed ? COMPRESSED_MEANING : payloadMeaning(opcode, slice, complete, fin, message),
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
