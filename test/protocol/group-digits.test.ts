import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupDigits } from '../../src/protocol/group-digits.ts';

describe('groupDigits', () => {
  it('writes a whole number as toLocaleString("en") does', () => {
    for (const value of [0, 7, 999, 1000, 12_345, 65_536, 1_000_000, 16_777_216, 2 ** 53 - 1, -1234, -999]) {
      assert.equal(groupDigits(value), value.toLocaleString('en'), String(value));
    }
  });

  it('groups only the whole part of a fraction', () => {
    assert.equal(groupDigits(1234.5678), '1,234.5678');
  });
});
