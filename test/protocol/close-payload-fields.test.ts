import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closePayloadFields, fromHex, toHex } from '../../src/protocol/index.ts';

const fields = (hex: string) => closePayloadFields(fromHex(hex)!);

describe('closePayloadFields', () => {
  it('splits a close body into the code, high byte first, and the UTF-8 reason (§5.5.1)', () => {
    const split = fields('0fa0 646f6e65');
    assert.equal(toHex(split.codeBytes!), '0fa0');
    assert.equal(split.code, 4000);
    assert.equal(toHex(split.reasonBytes), '646f6e65');
    assert.equal(split.reason, 'done');
    assert.deepEqual(split.verdict.ok && split.verdict.payload, { code: 4000, reason: 'done' });
  });

  it('reads an empty body as no code, which a receiver reports as 1005 (§7.1.5)', () => {
    const split = fields('');
    assert.equal(split.codeBytes, undefined);
    assert.equal(split.code, undefined);
    assert.equal(split.reasonBytes.length, 0);
    assert.deepEqual(split.verdict.ok && split.verdict.payload, { code: 1005, reason: '' });
  });

  it('shows a broken body without throwing, with the error a receiver answers', () => {
    const oneByte = fields('03');
    assert.equal(oneByte.code, undefined);
    assert.equal(!oneByte.verdict.ok && oneByte.verdict.error.code, 'FRAME_ERR_CLOSE_TOO_SHORT');

    const localOnly = fields('03ee');
    assert.equal(localOnly.code, 1006);
    assert.equal(!localOnly.verdict.ok && localOnly.verdict.error.closeCode, 1002);

    const notUtf8 = fields('03e8 c3');
    assert.equal(notUtf8.code, 1000);
    assert.equal(notUtf8.reason, null);
    assert.equal(!notUtf8.verdict.ok && notUtf8.verdict.error.closeCode, 1007);
  });
});
