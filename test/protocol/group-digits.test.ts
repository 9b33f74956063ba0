import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupDigits } from '../../src/protocol/group-digits.ts';

describe('groupDigits', () => {
  it('writes a number as toLocaleString("en") does', () => {
    for (const value of [0, 7, 999, 1000, 12_345, 65_536, 1_000_000, 16_777_216, 2 ** 53 - 1, -1234, 1234.5]) {
      assert.equal(groupDigits(value), value.toLocaleString('en', { maximumFractionDigits: 20 }), String(value));
    }
  });
});
