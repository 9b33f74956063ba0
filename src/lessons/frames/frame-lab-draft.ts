/**
 * What the reader has written in the frame lab: a frame field by field, or
 * its hex pasted whole, and which of the two the lab sends. A plain value
 * with no DOM: every change gives a new draft, so the view re-renders on
 * each, and the bytes (or the sentence saying which field is wrong) follow
 * from it alone.
 */
import { buildFrame, encodeUtf8, fromHex } from '../../protocol/index.ts';
import { spacedHex } from '../../components/frame-fields.ts';

/** How the payload field is read. */
export const PayloadAs = { text: 'text', hex: 'hex' } as const;
export type PayloadAs = (typeof PayloadAs)[keyof typeof PayloadAs];

/** Which length field the frame uses: the shortest that fits (as §5.2 requires), or one forced. */
export const LengthChoice = { shortest: 'shortest', bits7: '7', bits16: '16', bits64: '64' } as const;
export type LengthChoice = (typeof LengthChoice)[keyof typeof LengthChoice];

/** Which of the two ways of writing a frame the lab sends. */
export const DraftSource = { build: 'build', hex: 'hex' } as const;
export type DraftSource = (typeof DraftSource)[keyof typeof DraftSource];

/** The builder's fields, as the reader typed them. */
export interface DraftFields {
  readonly fin: boolean;
  readonly rsv1: boolean;
  readonly rsv2: boolean;
  readonly rsv3: boolean;
  readonly opcode: number;
  readonly masked: boolean;
  /** The masking key in hex, spaces allowed. */
  readonly key: string;
  /** Written unmasked; with `masked` on, the lab masks it with the key (§5.3). */
  readonly payload: string;
  readonly payloadAs: PayloadAs;
  readonly lengthForm: LengthChoice;
  /** The payload length to claim; empty: the payload's real length. */
  readonly declared: string;
}

/** A frame's bytes, or a sentence saying what keeps the lab from making them. */
export type DraftBytes = { readonly bytes: Uint8Array } | { readonly problem: string };

/** A fresh masking key in the builder's form, as a browser picks one for every frame (§5.3). */
export function randomKey(): string {
  return spacedHex(crypto.getRandomValues(new Uint8Array(4)));
}

/** The fields' bytes, or a sentence saying which field is wrong. */
export function fieldBytes(fields: DraftFields): DraftBytes {
  let maskingKey: Uint8Array | null = null;
  if (fields.masked) {
    maskingKey = fromHex(fields.key);
    if (!maskingKey || maskingKey.length !== 4) {
      return { problem: 'The masking key must be 4 bytes of hex, like 37 fa 21 3d.' };
    }
  }
  const payload = fields.payloadAs === PayloadAs.text ? encodeUtf8(fields.payload) : fromHex(fields.payload);
  if (!payload) return { problem: 'The payload is not hex: write pairs of 0-9 and a-f, spaces allowed.' };
  let declaredLength: number | undefined;
  if (fields.declared.trim() !== '') {
    declaredLength = Number(fields.declared.trim());
    if (!Number.isSafeInteger(declaredLength) || declaredLength < 0) {
      return { problem: `The claimed length must be a whole number from 0 to 2^53 - 1, not “${fields.declared}”.` };
    }
  }
  try {
    const lengthForm =
      fields.lengthForm === LengthChoice.shortest ? 'shortest' : (Number(fields.lengthForm) as 7 | 16 | 64);
    return { bytes: buildFrame({ ...fields, maskingKey, payload, lengthForm, declaredLength }) };
  } catch (error) {
    // buildFrame says in a RangeError which field cannot be written as asked.
    if (error instanceof RangeError) return { problem: error.message };
    throw error;
  }
}

/** Pasted hex's bytes, or why there are none. */
export function hexBytes(hex: string): DraftBytes {
  if (hex.trim() === '') return { problem: 'Type or paste the hex of a frame, like 81 85 37 fa 21 3d 7f 9f 4d 51 58.' };
  const bytes = fromHex(hex);
  return bytes ? { bytes } : { problem: 'That is not hex: write pairs of 0-9 and a-f, spaces allowed.' };
}

export class FrameLabDraft {
  readonly source: DraftSource;
  readonly fields: DraftFields;
  /** The pasted hex, as typed. */
  readonly hex: string;

  constructor(fields: DraftFields, source: DraftSource = DraftSource.build, hex = '') {
    this.fields = fields;
    this.source = source;
    this.hex = hex;
  }

  /** The bytes the lab would send now, or why there are none. */
  get bytes(): DraftBytes {
    return this.source === DraftSource.build ? fieldBytes(this.fields) : hexBytes(this.hex);
  }

  /** Some fields changed; the hex stays as it was. */
  edit(change: Partial<DraftFields>): FrameLabDraft {
    return new FrameLabDraft({ ...this.fields, ...change }, this.source, this.hex);
  }

  /** A ready-made frame, back in the builder. */
  usePreset(fields: DraftFields): FrameLabDraft {
    return new FrameLabDraft(fields, DraftSource.build, this.hex);
  }

  /** Back to the fields, as they were left. */
  toBuilder(): FrameLabDraft {
    return new FrameLabDraft(this.fields, DraftSource.build, this.hex);
  }

  /** To the hex editor, starting from the frame built so far (or the hex as it was, if the fields make none). */
  toHex(): FrameLabDraft {
    const built = fieldBytes(this.fields);
    return new FrameLabDraft(this.fields, DraftSource.hex, 'bytes' in built ? spacedHex(built.bytes) : this.hex);
  }

  withHex(hex: string): FrameLabDraft {
    return new FrameLabDraft(this.fields, this.source, hex);
  }
}
