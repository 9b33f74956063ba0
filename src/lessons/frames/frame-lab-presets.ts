/** The frame lab's ready-made frames, good and broken, each with what it tries. */
import { PayloadAs, LengthChoice, type DraftFields } from './frame-lab-draft.ts';

/** The masking key of RFC 6455 §5.7's examples. */
export const RFC_KEY = '37 fa 21 3d';

/** The masked "Hello" of §5.7: the lab's first frame, and the base of the others. */
export const HELLO: DraftFields = {
  fin: true,
  rsv1: false,
  rsv2: false,
  rsv3: false,
  opcode: 1,
  masked: true,
  key: RFC_KEY,
  payload: 'Hello',
  payloadAs: PayloadAs.text,
  lengthForm: LengthChoice.shortest,
  declared: '',
};

export interface LabPreset {
  /** Names the preset's button: `preset-<id>`. */
  readonly id: string;
  readonly label: string;
  readonly fields: DraftFields;
}

export const LAB_PRESETS: readonly LabPreset[] = [
  { id: 'hello', label: '“Hello”, masked (§5.7)', fields: HELLO },
  { id: 'ping', label: 'a ping', fields: { ...HELLO, opcode: 9, payload: 'are you there?' } },
  // 0x03e8 is 1000, then "bye" (§5.5.1).
  {
    id: 'close',
    label: 'close 1000 “bye”',
    fields: { ...HELLO, opcode: 8, payloadAs: PayloadAs.hex, payload: '03 e8 62 79 65' },
  },
  // §5.1: a server must fail a connection whose client frames are unmasked.
  { id: 'unmasked', label: 'unmasked', fields: { ...HELLO, masked: false } },
  // §5.2: 0x3 to 0x7 are reserved for further non-control frames.
  { id: 'reserved-opcode', label: 'opcode 0x3', fields: { ...HELLO, opcode: 3 } },
  // §5.5: a control frame carries at most 125 bytes.
  { id: 'long-ping', label: 'a ping of 126 bytes', fields: { ...HELLO, opcode: 9, payload: 'p'.repeat(126) } },
  // §8.1: a text frame must be UTF-8; these bytes encode a lone surrogate.
  {
    id: 'bad-utf8',
    label: 'text that is not UTF-8',
    fields: { ...HELLO, payloadAs: PayloadAs.hex, payload: 'ce bb ed a0 80' },
  },
  // §5.2: RSV1 set with no extension agreed.
  { id: 'rsv1', label: 'RSV1 set', fields: { ...HELLO, rsv1: true } },
  // §5.2: "the minimal number of bytes MUST be used to encode the length".
  { id: 'non-minimal', label: '16-bit length for 5 bytes', fields: { ...HELLO, lengthForm: LengthChoice.bits16 } },
  { id: 'short', label: 'claims 10 bytes, has 5', fields: { ...HELLO, declared: '10' } },
];
