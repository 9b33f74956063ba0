import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  createMessageReader,
  decodeFrame,
  encodeFrame,
  Opcode,
  type Frame,
  type MessageReader,
} from '../../src/protocol/index.ts';
import { assertFrameError, hex, toHex } from './helpers/fixtures.ts';

function frame(wire: string): Frame {
  const decoded = decodeFrame(hex(wire));
  assert.ok(decoded);
  return decoded.frame;
}

/** Pushes each frame and returns what the reader said after each, as `opcode:hex` or null. */
function run(reader: MessageReader, wires: string[]): (string | null)[] {
  return wires.map((wire) => {
    const message = reader.push(frame(wire));
    return message && `${message.opcode}:${toHex(message.data)}`;
  });
}

describe('createMessageReader', () => {
  it('returns a single-frame message as it came', () => {
    assert.deepEqual(run(createMessageReader(), ['81 05 48 65 6c 6c 6f']), ['1:48 65 6c 6c 6f']);
  });

  it('joins "Hel" and "lo" into one text message (§5.7)', () => {
    assert.deepEqual(run(createMessageReader(), ['01 03 48 65 6c', '80 02 6c 6f']), [null, '1:48 65 6c 6c 6f']);
  });

  it('passes control frames through between the fragments of a message (§5.4)', () => {
    const said = run(createMessageReader(), ['02 01 01', '89 02 70 69', '00 01 02', '8a 00', '80 01 03']);
    assert.deepEqual(said, [null, '9:70 69', null, '10:', '2:01 02 03']);
  });

  it('reads one message after another', () => {
    const said = run(createMessageReader(), ['01 01 61', '80 01 62', '82 01 ff', '81 00']);
    assert.deepEqual(said, [null, '1:61 62', '2:ff', '1:']);
  });

  it('accepts a character split across two fragments (€ is e2 82 ac)', () => {
    assert.deepEqual(run(createMessageReader(), ['01 02 e2 82', '80 01 ac']), [null, '1:e2 82 ac']);
  });

  it('does not check binary messages for UTF-8', () => {
    assert.deepEqual(run(createMessageReader(), ['82 02 c0 80']), ['2:c0 80']);
  });

  it('returns a close frame with a valid code and reason, and an empty one', () => {
    assert.deepEqual(run(createMessageReader(), ['88 04 03 e8 6f 6b', '88 00']), ['8:03 e8 6f 6b', '8:']);
  });

  it('accepts a message of exactly maxMessage bytes', () => {
    const said = run(createMessageReader({ maxMessage: 4 }), ['02 02 01 02', '80 02 03 04']);
    assert.deepEqual(said, [null, '2:01 02 03 04']);
  });
});

describe('createMessageReader errors', () => {
  it('fails a continuation frame with no message open: 1002 (§5.4)', () => {
    assertFrameError(() => run(createMessageReader(), ['80 01 61']), {
      code: 'FRAME_ERR_UNEXPECTED_CONTINUATION',
      closeCode: 1002,
      section: '§5.4',
    });
  });

  it('fails a new text or binary frame while a message is open: 1002 (§5.4)', () => {
    for (const next of ['81 01 61', '82 01 61', '01 01 61']) {
      assertFrameError(() => run(createMessageReader(), ['01 01 61', next]), {
        code: 'FRAME_ERR_EXPECTED_CONTINUATION',
        closeCode: 1002,
        section: '§5.4',
      });
    }
  });

  it('fails a text message that is not UTF-8: 1007 (§8.1)', () => {
    for (const bytes of ['c0 80', 'ed a0 80', 'f4 90 80 80', 'ff', '80']) {
      const text = decodeFrame(encodeFrame({ opcode: Opcode.text, payload: hex(bytes) }));
      assert.ok(text);
      assertFrameError(() => createMessageReader().push(text.frame), {
        code: 'FRAME_ERR_INVALID_UTF8',
        closeCode: 1007,
        section: '§8.1',
      });
    }
  });

  it('fails bad UTF-8 in the first fragment at once, before the message ends', () => {
    const reader = createMessageReader();
    assertFrameError(() => reader.push(frame('01 02 61 ff')), { code: 'FRAME_ERR_INVALID_UTF8', closeCode: 1007 });
  });

  it('fails a text message that ends in the middle of a character: 1007', () => {
    const reader = createMessageReader();
    assert.equal(reader.push(frame('01 02 e2 82')), null, 'a character may continue in the next fragment');
    assertFrameError(() => reader.push(frame('80 00')), { code: 'FRAME_ERR_INVALID_UTF8', closeCode: 1007 });
  });

  it('fails a message over maxMessage: 1009 (§10.4)', () => {
    assertFrameError(() => run(createMessageReader({ maxMessage: 3 }), ['02 02 01 02', '80 02 03 04']), {
      code: 'FRAME_ERR_MESSAGE_TOO_LARGE',
      closeCode: 1009,
      section: '§10.4',
    });
  });

  it('fails a close frame with a code that may not be sent: 1002 (§7.4)', () => {
    for (const code of ['03 e7', '03 ec', '03 ed', '03 ee', '03 f7', '0b b7', '13 88']) {
      assertFrameError(() => run(createMessageReader(), [`88 02 ${code}`]), {
        code: 'FRAME_ERR_INVALID_CLOSE_CODE',
        closeCode: 1002,
        section: '§7.4',
      });
    }
  });

  it('fails a close reason that is not UTF-8: 1007', () => {
    assertFrameError(() => run(createMessageReader(), ['88 03 03 e8 ff']), {
      code: 'FRAME_ERR_INVALID_UTF8',
      closeCode: 1007,
    });
  });
});
