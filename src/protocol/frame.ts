/**
 * The base framing protocol (§5.2) as pure functions: `encodeFrame` writes the
 * bytes of one frame, `decodeFrame` reads one from the front of a buffer.
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-------+-+-------------+-------------------------------+
 *   |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
 *   |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
 *   |N|V|V|V|       |S|             |   (if payload len==126/127)   |
 *   | |1|2|3|       |K|             |                               |
 *   +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
 *   |     Extended payload length continued, if payload len == 127  |
 *   + - - - - - - - - - - - - - - - +-------------------------------+
 *   |                               | Masking-key, if MASK set to 1 |
 *   +-------------------------------+-------------------------------+
 *   | Masking-key (continued)       |          Payload Data         |
 *   +-------------------------------- - - - - - - - - - - - - - - - +
 */
import { FrameError } from './errors.ts';
import { maskInto } from './mask.ts';
import { Opcode, isControlOpcode, isKnownOpcode, opcodeName } from './opcodes.ts';
import { allocate } from './pool.ts';

/** What `encodeFrame` writes. A decoded `Frame` is accepted as is. */
export interface FrameFields {
  /** Last frame of its message (§5.4). Default true. */
  readonly fin?: boolean;
  /** Extension bits (§5.2). Default false. */
  readonly rsv1?: boolean;
  readonly rsv2?: boolean;
  readonly rsv3?: boolean;
  /**
   * 0-15. Reserved opcodes are written as given: a lesson may build a broken
   * frame on purpose, and `decodeFrame` is the one that judges.
   */
  readonly opcode: number;
  /** A 4-byte masking key (§5.3): clients mask every frame, servers none. */
  readonly mask?: Uint8Array | null | undefined;
  /** The unmasked payload. */
  readonly payload: Uint8Array;
}

/** One decoded frame, every header field as it was on the wire. */
export interface Frame {
  readonly fin: boolean;
  readonly rsv1: boolean;
  readonly rsv2: boolean;
  readonly rsv3: boolean;
  readonly opcode: Opcode;
  readonly masked: boolean;
  /** The masking key (a copy), or null for an unmasked frame. */
  readonly mask: Uint8Array | null;
  readonly payloadLength: number;
  /**
   * The payload, unmasked. For a masked frame it is a new array (small ones
   * share a pooled buffer, see pool.ts); for an unmasked one it is a view of
   * the decoded bytes (no copy), so keep those bytes unchanged while you use it.
   */
  readonly payload: Uint8Array;
  /** Bytes before the payload: 2, plus 2 or 8 of extended length, plus 4 of mask. */
  readonly headerLength: number;
}

export interface DecodeOptions {
  /**
   * Largest payload a data frame may carry; a bigger one throws 1009 as soon
   * as its header arrives. Control frames are capped at 125 bytes by §5.5.
   */
  readonly maxPayload?: number | undefined;
  /**
   * true for a server reading client frames (every frame masked), false for a
   * client reading server frames (none masked), undefined to accept both, as
   * a trace view does (§5.1).
   */
  readonly expectMasked?: boolean | undefined;
  /**
   * true once permessage-deflate is agreed: RSV1 may then mark a text or
   * binary frame as the first of a compressed message, and nothing else
   * (RFC 7692 §6). Default false: every RSV bit must be 0 (§5.2).
   */
  readonly allowRsv1?: boolean | undefined;
}

export interface DecodedFrame {
  readonly frame: Frame;
  /** Bytes consumed: header plus payload. */
  readonly size: number;
}

/** 2^32, to split a 64-bit length into two 32-bit halves. */
const TWO_32 = 0x1_0000_0000;

/**
 * Writes one frame (§5.2), its length in the shortest form: 7 bits up to 125,
 * then 16 bits up to 65535, then 64 bits. A `mask` sets the MASK bit, is
 * written after the length and masks the payload (§5.3); `payload` itself is
 * left as it was. A small frame is a view into a pooled buffer (pool.ts).
 */
export function encodeFrame(fields: FrameFields): Uint8Array {
  const { fin = true, rsv1 = false, rsv2 = false, rsv3 = false, opcode, mask, payload } = fields;
  if (!Number.isInteger(opcode) || opcode < 0 || opcode > 0xf) {
    throw new RangeError(`An opcode is 4 bits (0-15), not ${opcode}.`);
  }
  if (mask && mask.length !== 4) {
    throw new RangeError(`A masking key is 4 bytes (§5.3), not ${mask.length}.`);
  }
  const length = payload.length;
  const lengthBytes = length < 126 ? 0 : length < 0x10000 ? 2 : 8;
  const headerLength = 2 + lengthBytes + (mask ? 4 : 0);
  const out = allocate(headerLength + length);

  out[0] = (fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | (rsv2 ? 0x20 : 0) | (rsv3 ? 0x10 : 0) | opcode;
  if (lengthBytes === 0) {
    out[1] = length;
  } else if (lengthBytes === 2) {
    out[1] = 126;
    out[2] = length >>> 8;
    out[3] = length & 0xff;
  } else {
    out[1] = 127;
    const high = Math.floor(length / TWO_32);
    const low = length >>> 0;
    out[2] = high >>> 24;
    out[3] = (high >>> 16) & 0xff;
    out[4] = (high >>> 8) & 0xff;
    out[5] = high & 0xff;
    out[6] = low >>> 24;
    out[7] = (low >>> 16) & 0xff;
    out[8] = (low >>> 8) & 0xff;
    out[9] = low & 0xff;
  }

  if (mask) {
    out[1] |= 0x80;
    out.set(mask, headerLength - 4);
    maskInto(payload, mask, out, headerLength);
  } else {
    out.set(payload, headerLength);
  }
  return out;
}

/**
 * Reads the frame at the start of `bytes`. Returns null while the frame is
 * incomplete (read more and call again), or throws `FrameError` as soon as
 * the header breaks a rule, without waiting for the payload. The checks run
 * in the order of ws's receiver, so both name the same fault first; the
 * rules that span frames (§5.4) are the message reader's.
 */
export function decodeFrame(bytes: Uint8Array, options: DecodeOptions = {}): DecodedFrame | null {
  const available = bytes.length;
  if (available < 2) return null;
  const b0 = bytes[0];
  const b1 = bytes[1];
  const fin = (b0 & 0x80) !== 0;
  const opcode = b0 & 0x0f;
  const masked = (b1 & 0x80) !== 0;
  let length = b1 & 0x7f;
  const rsv1 = (b0 & 0x40) !== 0;
  const allowRsv1 = options.allowRsv1 === true;

  // §5.2: RSV1-3 MUST be 0 unless an extension defines them; permessage-deflate defines RSV1 only.
  if ((b0 & (allowRsv1 ? 0x30 : 0x70)) !== 0) throw reservedBits(b0, allowRsv1);
  if (!isKnownOpcode(opcode)) {
    throw new FrameError(
      'FRAME_ERR_RESERVED_OPCODE',
      `Opcode 0x${opcode.toString(16)} is reserved for future use (§5.2); no frame may carry it yet.`,
    );
  }
  // RFC 7692 §6: RSV1 marks a message's first frame; its continuation frames keep it clear.
  if (rsv1 && opcode === Opcode.continuation) {
    throw new FrameError(
      'FRAME_ERR_RSV1_ON_CONTINUATION',
      'This continuation frame has RSV1 set, but permessage-deflate sets RSV1 on the first frame of a ' +
        'compressed message only (RFC 7692 §6).',
    );
  }
  if (isControlOpcode(opcode)) {
    // §5.5: control frames are never fragmented and carry at most 125 bytes.
    if (!fin) {
      throw new FrameError(
        'FRAME_ERR_CONTROL_FRAGMENTED',
        `This ${opcodeName(opcode)} frame has FIN clear, but control frames cannot be fragmented (§5.5).`,
      );
    }
    // RFC 7692 §6: only data messages are compressed, so a control frame never has RSV1.
    if (rsv1) {
      throw new FrameError(
        'FRAME_ERR_RSV1_ON_CONTROL',
        `This ${opcodeName(opcode)} frame has RSV1 set, but permessage-deflate compresses data messages only; ` +
          'a control frame must keep RSV1 clear (RFC 7692 §6).',
      );
    }
    if (length > 125) {
      throw new FrameError(
        'FRAME_ERR_CONTROL_TOO_LONG',
        `This ${opcodeName(opcode)} frame uses the ${length === 126 ? '16' : '64'}-bit extended length, ` +
          'but control frames carry at most 125 bytes (§5.5).',
      );
    }
    // §5.5.1: a close body is empty or starts with a 2-byte status code.
    if (opcode === Opcode.close && length === 1) {
      throw new FrameError(
        'FRAME_ERR_CLOSE_TOO_SHORT',
        'This close frame carries 1 byte; a close body is empty or starts with a 2-byte code (§5.5.1).',
      );
    }
  }
  if (options.expectMasked === true && !masked) {
    throw new FrameError(
      'FRAME_ERR_MASK_REQUIRED',
      `This ${opcodeName(opcode)} frame is not masked, but a client must mask every frame it sends (§5.1).`,
    );
  }
  if (options.expectMasked === false && masked) {
    throw new FrameError(
      'FRAME_ERR_MASK_UNEXPECTED',
      `This ${opcodeName(opcode)} frame is masked, but a server must not mask the frames it sends (§5.1).`,
    );
  }

  let offset = 2;
  if (length === 126) {
    if (available < 4) return null;
    length = (bytes[2] << 8) | bytes[3];
    if (length < 126) throw nonMinimal(length, 16);
    offset = 4;
  } else if (length === 127) {
    if (available < 10) return null;
    const high = ((bytes[2] << 24) | (bytes[3] << 16) | (bytes[4] << 8) | bytes[5]) >>> 0;
    const low = ((bytes[6] << 24) | (bytes[7] << 16) | (bytes[8] << 8) | bytes[9]) >>> 0;
    if (high >= 0x8000_0000) {
      throw new FrameError(
        'FRAME_ERR_LENGTH_TOP_BIT',
        'The 64-bit length has its most significant bit set; §5.2 says it MUST be 0.',
      );
    }
    if (high > 0x1f_ffff) {
      throw new FrameError(
        'FRAME_ERR_PAYLOAD_TOO_LARGE',
        'The frame claims more than 2^53 - 1 bytes, more than any endpoint here can handle.',
      );
    }
    length = high * TWO_32 + low;
    if (length < 0x10000) throw nonMinimal(length, 64);
    offset = 10;
  }
  const { maxPayload } = options;
  if (maxPayload !== undefined && length > maxPayload && !isControlOpcode(opcode)) {
    throw new FrameError(
      'FRAME_ERR_PAYLOAD_TOO_LARGE',
      `This ${opcodeName(opcode)} frame carries ${length} bytes; this endpoint accepts at most ${maxPayload}.`,
    );
  }

  const maskOffset = offset;
  if (masked) offset += 4;
  const size = offset + length;
  if (available < size) return null;

  let mask: Uint8Array | null = null;
  let payload: Uint8Array;
  if (masked) {
    mask = new Uint8Array(4);
    mask[0] = bytes[maskOffset];
    mask[1] = bytes[maskOffset + 1];
    mask[2] = bytes[maskOffset + 2];
    mask[3] = bytes[maskOffset + 3];
    payload = allocate(length);
    maskInto(bytes.subarray(offset, size), mask, payload, 0);
  } else {
    payload = bytes.subarray(offset, size);
  }
  return {
    frame: {
      fin,
      rsv1,
      rsv2: (b0 & 0x20) !== 0,
      rsv3: (b0 & 0x10) !== 0,
      opcode,
      masked,
      mask,
      payloadLength: length,
      payload,
      headerLength: offset,
    },
    size,
  };
}

const RSV_BITS = [
  [0x40, 'RSV1'],
  [0x20, 'RSV2'],
  [0x10, 'RSV3'],
] as const;

function reservedBits(b0: number, allowRsv1: boolean): FrameError {
  const set = RSV_BITS.filter(([bit]) => (b0 & bit) !== 0 && !(allowRsv1 && bit === 0x40)).map(([, name]) => name);
  const list = set.join(' and ');
  const verb = set.length > 1 ? 'are' : 'is';
  const them = set.length > 1 ? 'them' : 'it';
  return new FrameError(
    'FRAME_ERR_RESERVED_BITS',
    allowRsv1
      ? `${list} ${verb} set, but the one extension agreed, permessage-deflate, defines RSV1 only (§5.2, RFC 7692 §6).`
      : `${list} ${verb} set, but no extension was negotiated to give ${them} a meaning (§5.2).`,
  );
}

function nonMinimal(length: number, bits: 16 | 64): FrameError {
  const fits = length < 126 ? '7 bits' : '16 bits';
  return new FrameError(
    'FRAME_ERR_NON_MINIMAL_LENGTH',
    `The length ${length} was sent in the ${bits}-bit form, but it fits in ${fits}; §5.2 requires the shortest form.`,
  );
}
