import { expect } from '@open-wc/testing';
import {
  DraftSource,
  fieldBytes,
  FrameLabDraft,
  hexBytes,
  LengthChoice,
  PayloadAs,
  randomKey,
  type DraftBytes,
} from '../../../../src/lessons/frames/frame-lab-draft.ts';
import { HELLO, LAB_PRESETS } from '../../../../src/lessons/frames/frame-lab-presets.ts';
import { spacedHex } from '../../../../src/components/frame-fields.ts';

/** The bytes as spaced hex, or the problem as it reads. */
function shown(built: DraftBytes): string {
  return 'bytes' in built ? spacedHex(built.bytes) : `problem: ${built.problem}`;
}

/** RFC 6455 §5.7: a masked text frame of "Hello" with the key 37 fa 21 3d. */
const MASKED_HELLO = '81 85 37 fa 21 3d 7f 9f 4d 51 58';

describe('the frame lab’s draft', () => {
  it('starts from the masked "Hello" of RFC 6455 §5.7, in the builder', () => {
    const draft = new FrameLabDraft(HELLO);
    expect(draft.source).to.equal(DraftSource.build);
    expect(shown(draft.bytes)).to.equal(MASKED_HELLO);
  });

  it('writes the fields the reader changes, and leaves the others', () => {
    const draft = new FrameLabDraft(HELLO).edit({ masked: false, opcode: 2, payload: 'Hi' });
    expect(shown(draft.bytes)).to.equal('82 02 48 69');
    expect(draft.fields.key).to.equal(HELLO.key);
  });

  it('forces a longer length form, and claims a length other than the payload’s', () => {
    const unmasked = { ...HELLO, masked: false };
    expect(shown(fieldBytes({ ...unmasked, lengthForm: LengthChoice.bits16 }))).to.equal('81 7e 00 05 48 65 6c 6c 6f');
    expect(shown(fieldBytes({ ...unmasked, lengthForm: LengthChoice.bits64 }))).to.equal(
      '81 7f 00 00 00 00 00 00 00 05 48 65 6c 6c 6f',
    );
    expect(shown(fieldBytes({ ...unmasked, declared: ' 10 ' }))).to.equal('81 0a 48 65 6c 6c 6f');
  });

  it('reads the payload as hex when asked', () => {
    expect(shown(fieldBytes({ ...HELLO, masked: false, payloadAs: PayloadAs.hex, payload: '03 e8' }))).to.equal(
      '81 02 03 e8',
    );
  });

  it('names the field that keeps it from making bytes', () => {
    expect(shown(fieldBytes({ ...HELLO, key: '37 fa 21' }))).to.equal(
      'problem: The masking key must be 4 bytes of hex, like 37 fa 21 3d.',
    );
    expect(shown(fieldBytes({ ...HELLO, payloadAs: PayloadAs.hex, payload: 'zz' }))).to.equal(
      'problem: The payload is not hex: write pairs of 0-9 and a-f, spaces allowed.',
    );
    expect(shown(fieldBytes({ ...HELLO, declared: '-1' }))).to.equal(
      'problem: The claimed length must be a whole number from 0 to 2^53 - 1, not “-1”.',
    );
    expect(shown(fieldBytes({ ...HELLO, payload: 'p'.repeat(126), lengthForm: LengthChoice.bits7 }))).to.equal(
      'problem: The 7-bit length holds 0 to 125; 126 needs the 16- or 64-bit form.',
    );
  });

  it('ignores the key while the frame is unmasked', () => {
    expect(shown(fieldBytes({ ...HELLO, masked: false, key: 'not a key' }))).to.equal('81 05 48 65 6c 6c 6f');
  });

  it('switches to hex starting from the frame built so far, and back to the fields as they were', () => {
    const hex = new FrameLabDraft(HELLO).toHex();
    expect(hex.source).to.equal(DraftSource.hex);
    expect(hex.hex).to.equal(MASKED_HELLO);
    const typed = hex.withHex('88 82 37 fa 21 3d 34 12');
    expect(shown(typed.bytes)).to.equal('88 82 37 fa 21 3d 34 12');
    const back = typed.toBuilder();
    expect(back.source).to.equal(DraftSource.build);
    expect(shown(back.bytes)).to.equal(MASKED_HELLO);
    expect(back.hex).to.equal('88 82 37 fa 21 3d 34 12');
  });

  it('keeps the hex typed so far when the fields make no frame', () => {
    const broken = new FrameLabDraft(HELLO).toHex().withHex('81 00').toBuilder().edit({ key: '' });
    expect(broken.toHex().hex).to.equal('81 00');
  });

  it('says what is wrong with pasted hex', () => {
    expect(shown(hexBytes('  '))).to.equal(
      'problem: Type or paste the hex of a frame, like 81 85 37 fa 21 3d 7f 9f 4d 51 58.',
    );
    expect(shown(hexBytes('zz top'))).to.equal('problem: That is not hex: write pairs of 0-9 and a-f, spaces allowed.');
    expect(shown(hexBytes('8'))).to.match(/^problem: That is not hex/);
  });

  it('goes back to the builder when a preset is chosen', () => {
    const draft = new FrameLabDraft(HELLO).toHex().usePreset(LAB_PRESETS.find(({ id }) => id === 'ping')!.fields);
    expect(draft.source).to.equal(DraftSource.build);
    expect(draft.fields.opcode).to.equal(9);
  });

  it('makes a fresh 4-byte masking key each time', () => {
    const keys = [randomKey(), randomKey()];
    for (const key of keys) expect(key).to.match(/^[0-9a-f]{2}( [0-9a-f]{2}){3}$/);
    expect(keys[0]).to.not.equal(keys[1]);
  });
});

describe('the frame lab’s presets', () => {
  /** What each preset tries, seen in its first bytes. */
  const starts: Record<string, string> = {
    hello: MASKED_HELLO,
    ping: '89 8e 37 fa 21 3d',
    close: '88 85 37 fa 21 3d 34 12 43 44 52',
    unmasked: '81 05 48 65 6c 6c 6f',
    'reserved-opcode': '83 85',
    'long-ping': '89 fe 00 7e 37 fa 21 3d',
    'bad-utf8': '81 85 37 fa 21 3d f9 41 cc 9d b7',
    rsv1: 'c1 85',
    'non-minimal': '81 fe 00 05 37 fa 21 3d',
    short: '81 8a 37 fa 21 3d',
  };

  it('has one button id per preset', () => {
    expect(LAB_PRESETS.map(({ id }) => id)).to.deep.equal(Object.keys(starts));
  });

  for (const [id, start] of Object.entries(starts)) {
    it(`builds the "${id}" preset as its label says`, () => {
      const preset = LAB_PRESETS.find((candidate) => candidate.id === id)!;
      expect(shown(fieldBytes(preset.fields)).startsWith(start), shown(fieldBytes(preset.fields))).to.equal(true);
    });
  }
});
