import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  CLOSE_CODES,
  CloseCode,
  describeCloseCode,
  isBrowserCloseCode,
  isValidCloseCode,
  decodeClosePayload,
  encodeClosePayload,
} from '../../src/protocol/index.ts';
import { assertFrameError, hex, toHex } from './helpers/fixtures.ts';

// ws's own predicate, to compare with: lib/validation.js is not in ws's exports, so load it by path.
const require = createRequire(import.meta.url);
const wsValidation = require(join(dirname(require.resolve('ws')), 'lib/validation.js')) as {
  isValidStatusCode(code: number): boolean;
};

describe('encodeClosePayload', () => {
  it('writes the code in network byte order, then the reason in UTF-8 (§5.5.1)', () => {
    assert.equal(toHex(encodeClosePayload(1000, 'bye')), '03 e8 62 79 65');
    assert.equal(toHex(encodeClosePayload(4000)), '0f a0');
    assert.equal(toHex(encodeClosePayload(1001, 'é')), '03 e9 c3 a9');
  });

  it('takes a reason of up to 123 bytes, counted in UTF-8', () => {
    assert.equal(encodeClosePayload(1000, 'x'.repeat(123)).length, 125);
    assert.equal(encodeClosePayload(1000, '€'.repeat(41)).length, 125);
    for (const reason of ['x'.repeat(124), '€'.repeat(42)]) {
      assertFrameError(() => encodeClosePayload(1000, reason), {
        code: 'FRAME_ERR_CLOSE_REASON_TOO_LONG',
        closeCode: 1002,
        section: '§5.5',
      });
    }
  });

  it('refuses codes that may not be sent (§7.4)', () => {
    for (const code of [0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 1000.5]) {
      assertFrameError(() => encodeClosePayload(code), {
        code: 'FRAME_ERR_INVALID_CLOSE_CODE',
        closeCode: 1002,
        section: '§7.4',
      });
    }
  });
});

describe('decodeClosePayload', () => {
  it('reads code and reason back', () => {
    assert.deepEqual(decodeClosePayload(hex('03 e8 62 79 65')), { code: 1000, reason: 'bye' });
    assert.deepEqual(decodeClosePayload(encodeClosePayload(4999, 'ça va 👋')), { code: 4999, reason: 'ça va 👋' });
  });

  it("keeps a reason's leading U+FEFF: it is part of the reason, not a byte order mark", () => {
    assert.deepEqual(decodeClosePayload(hex('03 e8 ef bb bf 62 79 65')), { code: 1000, reason: '\ufeffbye' });
  });

  it('reports an empty body as 1005, No Status Received (§7.1.5)', () => {
    assert.deepEqual(decodeClosePayload(hex('')), { code: 1005, reason: '' });
  });

  it('fails a 1-byte body: 1002 (§5.5.1)', () => {
    assertFrameError(() => decodeClosePayload(hex('03')), { code: 'FRAME_ERR_CLOSE_TOO_SHORT', closeCode: 1002 });
  });

  it('fails a body over 125 bytes: 1002 (§5.5)', () => {
    assertFrameError(() => decodeClosePayload(new Uint8Array(126).fill(0x61).fill(0x03, 0, 1)), {
      code: 'FRAME_ERR_CLOSE_REASON_TOO_LONG',
      closeCode: 1002,
    });
  });

  it('fails a code that may not be sent: 1002 (§7.4)', () => {
    const error = assertFrameError(() => decodeClosePayload(hex('03 ee')), {
      code: 'FRAME_ERR_INVALID_CLOSE_CODE',
      closeCode: 1002,
    });
    assert.match(error.message, /1006 is only reported locally/);
  });

  it('fails a reason that is not UTF-8: 1007 (§8.1)', () => {
    assertFrameError(() => decodeClosePayload(hex('03 e8 ed a0 80')), {
      code: 'FRAME_ERR_INVALID_UTF8',
      closeCode: 1007,
      section: '§8.1',
    });
  });
});

describe('the close code table', () => {
  it('covers every code from 0 to 4999 exactly once, in order', () => {
    let next = 0;
    for (const entry of CLOSE_CODES) {
      assert.equal(entry.from, next, `${entry.name} starts where the previous entry ended`);
      assert.ok(entry.to >= entry.from);
      next = entry.to + 1;
    }
    assert.equal(next, 5000);
  });

  it('gives each code from 1000 to 1015 its own entry, reserved ones included', () => {
    for (let code = 1000; code <= 1015; code++) {
      const entry = describeCloseCode(code);
      assert.ok(entry && entry.from === code && entry.to === code, `${code}`);
      assert.ok(entry.section === '§7.4.1' || entry.section === 'IANA registry');
    }
    assert.equal(describeCloseCode(CloseCode.abnormalClosure)?.name, 'Abnormal Closure');
    assert.equal(describeCloseCode(1004)?.sentBy, 'never');
  });

  it('says a browser never reports 1015 and reports a failed TLS handshake as 1006 (WHATWG WebSockets §4)', () => {
    const tls = describeCloseCode(CloseCode.tlsHandshake)!;
    assert.equal(tls.sentBy, 'never');
    assert.match(tls.meaning, /outside the browser/);
    assert.match(tls.meaning, /never reported by a browser: its page sees 1006/);
    assert.match(describeCloseCode(CloseCode.abnormalClosure)!.meaning, /a failed TLS handshake included/);
  });

  it('has the ranges 3000-3999 and 4000-4999 (§7.4.2)', () => {
    assert.deepEqual([describeCloseCode(3500)?.from, describeCloseCode(3500)?.to], [3000, 3999]);
    assert.deepEqual([describeCloseCode(4001)?.from, describeCloseCode(4001)?.to], [4000, 4999]);
    assert.equal(describeCloseCode(4001)?.section, '§7.4.2');
  });

  it('knows nothing of codes past 4999 or of fractions', () => {
    assert.equal(describeCloseCode(5000), undefined);
    assert.equal(describeCloseCode(1000.5), undefined);
  });

  it('marks as never sent exactly the codes isValidCloseCode refuses', () => {
    for (let code = 0; code < 5000; code++) {
      assert.equal(describeCloseCode(code)?.sentBy !== 'never', isValidCloseCode(code), `${code}`);
    }
  });

  it('marks as browser-closable exactly the codes isBrowserCloseCode accepts', () => {
    for (let code = 0; code < 5000; code++) {
      assert.equal(describeCloseCode(code)?.browserClose, isBrowserCloseCode(code), `${code}`);
    }
  });
});

describe('close code predicates', () => {
  it('isValidCloseCode agrees with ws isValidStatusCode on every 16-bit code', () => {
    for (let code = 0; code <= 0xffff; code++) {
      if (isValidCloseCode(code) !== wsValidation.isValidStatusCode(code)) assert.fail(`they differ on ${code}`);
    }
  });

  it('isBrowserCloseCode accepts 1000 and 3000-4999 only (WHATWG close())', () => {
    const accepted = [1000, 3000, 3999, 4000, 4999];
    const refused = [999, 1001, 1005, 1011, 2999, 5000, 3000.5];
    assert.deepEqual(
      accepted.map(isBrowserCloseCode),
      accepted.map(() => true),
    );
    assert.deepEqual(
      refused.map(isBrowserCloseCode),
      refused.map(() => false),
    );
  });
});
