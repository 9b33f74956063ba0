import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createOriginPolicy } from '../../src/protocol/index.ts';

describe('the Origin policy', () => {
  const policy = createOriginPolicy(['https://example.com', 'http://localhost:*', 'http://127.0.0.1:8080']);

  it('allows an exact origin on the list', () => {
    assert.equal(policy.decide('https://example.com').allowed, true);
  });

  it('treats the default port as the same origin', () => {
    assert.equal(policy.decide('https://example.com:443').allowed, true);
  });

  it('compares scheme and host without regard to case', () => {
    assert.equal(policy.decide('HTTPS://Example.COM').allowed, true);
  });

  it('refuses the same host on another scheme or port', () => {
    assert.equal(policy.decide('http://example.com').allowed, false);
    assert.equal(policy.decide('https://example.com:8443').allowed, false);
    assert.equal(policy.decide('http://127.0.0.1:8081').allowed, false);
  });

  it('refuses a look-alike host that only starts or ends like an allowed one', () => {
    assert.equal(policy.decide('https://example.com.evil.example').allowed, false);
    assert.equal(policy.decide('https://evilexample.com').allowed, false);
  });

  it('matches any port with a port wildcard, and no other host', () => {
    assert.equal(policy.decide('http://localhost:5173').allowed, true);
    assert.equal(policy.decide('http://localhost').allowed, true);
    assert.equal(policy.decide('http://localhost.evil.example:5173').allowed, false);
  });

  it('refuses the opaque origin null by default and says why', () => {
    const decision = policy.decide('null');
    assert.equal(decision.allowed, false);
    assert.match(decision.reason, /file:\/\//);
  });

  it('refuses null even with * unless null is allowed explicitly', () => {
    assert.equal(createOriginPolicy(['*']).decide('null').allowed, false);
    assert.equal(createOriginPolicy(['*'], { allowNull: true }).decide('null').allowed, true);
  });

  it('allows a missing Origin by default, since only non-browser clients omit it', () => {
    assert.equal(policy.decide(undefined).allowed, true);
    assert.equal(createOriginPolicy([], { allowMissing: false }).decide(undefined).allowed, false);
  });

  it('allows every real origin with *', () => {
    assert.equal(createOriginPolicy(['*']).decide('https://anything.example').allowed, true);
  });

  it('refuses a value that is no origin, even with *', () => {
    for (const value of [
      'https://example.com/path',
      'ftp://example.com',
      'http://user@example.com',
      'http://localhost:*',
      '',
    ]) {
      assert.equal(createOriginPolicy(['*']).decide(value).allowed, false, value);
    }
  });

  it('names the origin and the list when it refuses', () => {
    const decision = policy.decide('https://evil.example');
    assert.equal(decision.allowed, false);
    assert.match(decision.reason, /https:\/\/evil\.example is not on the allowlist \(https:\/\/example\.com/);
  });

  it('rejects a malformed entry when the policy is built', () => {
    assert.throws(() => createOriginPolicy(['example.com']), /not an origin/);
    assert.throws(() => createOriginPolicy(['https://example.com/']), /not an origin/);
  });
});
