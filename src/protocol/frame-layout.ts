/**
 * Where each field of a frame sits in its bytes (§5.2), read without judging
 * them: a frame view must be able to show a broken frame too, field by field,
 * beside the error `decodeFrame` throws for it.
 */

/** The parts of a frame's bytes, in wire order. */
export const FramePart = {
  /** Byte 0: FIN, RSV1-3 and the opcode. */
  flags: 'flags',
  /** Byte 1: MASK and the 7-bit payload length. */
  maskLength: 'mask-length',
  /** 2 or 8 bytes of extended payload length, when the 7-bit length is 126 or 127. */
  extendedLength: 'extended-length',
  /** 4 bytes, when MASK is 1. */
  maskingKey: 'masking-key',
  payload: 'payload',
  /** Bytes after the end of this frame (the next frame, or junk). */
  extra: 'extra',
} as const;
export type FramePart = (typeof FramePart)[keyof typeof FramePart];

/** The 7-bit length, or which extended form it announces (§5.2). */
export type LengthForm = 7 | 16 | 64;

export interface FrameLayout {
  readonly fin: boolean | undefined;
  readonly rsv1: boolean | undefined;
  readonly rsv2: boolean | undefined;
  readonly rsv3: boolean | undefined;
  /** The 4-bit opcode as a number, whatever it is. */
  readonly opcode: number | undefined;
  readonly masked: boolean | undefined;
  /** The 7-bit length field as it is (126 and 127 announce an extended length). */
  readonly length7: number | undefined;
  readonly lengthForm: LengthForm | undefined;
  /** The payload length the header claims, once the header holds it. */
  readonly payloadLength: number | undefined;
  /** Bytes before the payload, once known. */
  readonly headerLength: number | undefined;
  /** The masking key as sent, when MASK is 1 and the key arrived. */
  readonly maskingKey: Uint8Array | undefined;
  /** Byte ranges [start, end) of every part present in `bytes`, in order. */
  readonly parts: readonly { readonly part: FramePart; readonly start: number; readonly end: number }[];
  /** Bytes the frame still lacks: the header and payload it announces are not all here. */
  readonly missing: number;
}

/** 2^32, to join the two halves of a 64-bit length. */
const TWO_32 = 0x1_0000_0000;

/**
 * Lays out the frame at the start of `bytes`. Fields the bytes do not reach
 * yet are undefined; `missing` says how many bytes the header promises that
 * are not there. Reserved bits and opcodes are reported as they are.
 */
export function frameLayout(bytes: Uint8Array): FrameLayout {
  const parts: { part: FramePart; start: number; end: number }[] = [];
  const add = (part: FramePart, start: number, end: number): void => {
    const clipped = Math.min(end, bytes.length);
    if (clipped > start) parts.push({ part, start, end: clipped });
  };
  const b0 = bytes[0];
  const b1 = bytes[1];
  add(FramePart.flags, 0, 1);
  add(FramePart.maskLength, 1, 2);
  const base = {
    fin: b0 === undefined ? undefined : (b0 & 0x80) !== 0,
    rsv1: b0 === undefined ? undefined : (b0 & 0x40) !== 0,
    rsv2: b0 === undefined ? undefined : (b0 & 0x20) !== 0,
    rsv3: b0 === undefined ? undefined : (b0 & 0x10) !== 0,
    opcode: b0 === undefined ? undefined : b0 & 0x0f,
    masked: b1 === undefined ? undefined : (b1 & 0x80) !== 0,
    length7: b1 === undefined ? undefined : b1 & 0x7f,
  };
  if (b1 === undefined) {
    return {
      ...base,
      lengthForm: undefined,
      payloadLength: undefined,
      headerLength: undefined,
      maskingKey: undefined,
      parts,
      missing: 2 - bytes.length,
    };
  }
  const length7 = b1 & 0x7f;
  const lengthForm: LengthForm = length7 === 126 ? 16 : length7 === 127 ? 64 : 7;
  const extended = lengthForm === 16 ? 2 : lengthForm === 64 ? 8 : 0;
  add(FramePart.extendedLength, 2, 2 + extended);
  let payloadLength: number | undefined;
  if (bytes.length >= 2 + extended) {
    if (lengthForm === 7) payloadLength = length7;
    else if (lengthForm === 16) payloadLength = (bytes[2]! << 8) | bytes[3]!;
    else {
      const high = ((bytes[2]! << 24) | (bytes[3]! << 16) | (bytes[4]! << 8) | bytes[5]!) >>> 0;
      const low = ((bytes[6]! << 24) | (bytes[7]! << 16) | (bytes[8]! << 8) | bytes[9]!) >>> 0;
      // Past 2^53 a number loses bytes; such a frame is refused anyway (§5.2, errors.ts).
      payloadLength = high * TWO_32 + low;
    }
  }
  const maskStart = 2 + extended;
  const headerLength = maskStart + (base.masked ? 4 : 0);
  if (base.masked) add(FramePart.maskingKey, maskStart, headerLength);
  const maskingKey = base.masked && bytes.length >= headerLength ? bytes.slice(maskStart, headerLength) : undefined;
  const end = payloadLength === undefined ? undefined : headerLength + payloadLength;
  if (end !== undefined) {
    add(FramePart.payload, headerLength, end);
    add(FramePart.extra, end, bytes.length);
  } else {
    add(FramePart.payload, headerLength, bytes.length);
  }
  return {
    ...base,
    lengthForm,
    payloadLength,
    headerLength,
    maskingKey,
    parts,
    // Until the length arrives, the header is what is missing.
    missing: end === undefined ? maskStart - bytes.length : Math.max(0, end - bytes.length),
  };
}
