import { expect } from '@open-wc/testing';
import { newTraceId, withTrace } from '../../../src/transport/inspector.ts';

describe('the inspector stream’s ids', () => {
  it('are 128 random bits in hex, fresh every time', () => {
    const ids = new Set(Array.from({ length: 50 }, () => newTraceId()));
    expect(ids.size).to.equal(50);
    for (const id of ids) expect(id).to.match(/^[0-9a-f]{32}$/);
  });

  it('join a target’s query, or start one', () => {
    expect(withTrace('/echo', 'abc')).to.equal('/echo?trace=abc');
    expect(withTrace('/cors?allow=https://bank.example', 'abc')).to.equal('/cors?allow=https://bank.example&trace=abc');
  });
});
