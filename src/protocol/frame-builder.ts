/**
 * Writes a frame field by field, broken ones included: unlike `encodeFrame`,
 * the length may be written in a longer form than needed, or claim a size the
 * payload does not have. The frame lab uses it to let a reader break the
 * rules of §5.2 on purpose and see how a server reacts.
 */
import { maskInto } from './mask.ts';
import type { LengthForm } from './frame-layout.ts';

export interface FrameSpec {
  readonly fin: boolean;
  readonly rsv1: boolean;
  readonly rsv2: boolean;
  readonly rsv3: boolean;
  /** 0-15; reserved opcodes are written as given. */
  readonly opcode: number;
  /** A 4-byte key sets MASK and masks the payload (§5.3); null leaves the frame unmasked. */
  readonly maskingKey: Uint8Array | null;
  /** The payload, unmasked. */
  readonly payload: Uint8Array;
  /** The length form to write; 'shortest' picks it as §5.2 requires. */
  readonly lengthForm: LengthForm | 'shortest';
  /** The length to claim; the payload's real length when absent. */
  readonly declaredLength?: number | undefined;
}

/** The largest length a 64-bit field can carry here: 2^53 - 1 (its top bit must be 0, §5.2). */
const MAX_DECLARED = Number.MAX_SAFE_INTEGER;
const TWO_32 = 0x1_0000_0000;

/** The form §5.2 requires for a length: 7 bits up to 125, 16 bits up to 65,535, else 64. */
export function shortestLengthForm(length: number): LengthForm {
  return length < 126 ? 7 : length < 0x10000 ? 16 : 64;
}

/** Builds the bytes; throws RangeError with a sentence a reader can act on when a field cannot be written. */
export function buildFrame(spec: FrameSpec): Uint8Array {
  const { opcode, maskingKey, payload } = spec;
  if (!Number.isInteger(opcode) || opcode < 0 || opcode > 15) {
    throw new RangeError(`The opcode is 4 bits: 0 to 15 (0x0 to 0xf), not ${opcode}.`);
  }
  if (maskingKey && maskingKey.length !== 4) {
    throw new RangeError(`The masking key is exactly 4 bytes (§5.3), not ${maskingKey.length}.`);
  }
  const declared = spec.declaredLength ?? payload.length;
  if (!Number.isSafeInteger(declared) || declared < 0 || declared > MAX_DECLARED) {
    throw new RangeError(`The payload length must be a whole number from 0 to 2^53 - 1, not ${declared}.`);
  }
  const form = spec.lengthForm === 'shortest' ? shortestLengthForm(declared) : spec.lengthForm;
  if (form === 7 && declared > 125) {
    throw new RangeError(`The 7-bit length holds 0 to 125; ${declared} needs the 16- or 64-bit form.`);
  }
  if (form === 16 && declared > 0xffff) {
    throw new RangeError(`The 16-bit length holds at most 65,535; ${declared} needs the 64-bit form.`);
  }
  const extended = form === 16 ? 2 : form === 64 ? 8 : 0;
  const headerLength = 2 + extended + (maskingKey ? 4 : 0);
  const out = new Uint8Array(headerLength + payload.length);
  out[0] = (spec.fin ? 0x80 : 0) | (spec.rsv1 ? 0x40 : 0) | (spec.rsv2 ? 0x20 : 0) | (spec.rsv3 ? 0x10 : 0) | opcode;
  out[1] = (maskingKey ? 0x80 : 0) | (form === 7 ? declared : form === 16 ? 126 : 127);
  if (form === 16) {
    out[2] = declared >>> 8;
    out[3] = declared & 0xff;
  } else if (form === 64) {
    const high = Math.floor(declared / TWO_32);
    const low = declared >>> 0;
    out.set([high >>> 24, (high >>> 16) & 0xff, (high >>> 8) & 0xff, high & 0xff], 2);
    out.set([low >>> 24, (low >>> 16) & 0xff, (low >>> 8) & 0xff, low & 0xff], 6);
  }
  if (maskingKey) {
    out.set(maskingKey, 2 + extended);
    maskInto(payload, maskingKey, out, headerLength);
  } else {
    out.set(payload, headerLength);
  }
  return out;
}
