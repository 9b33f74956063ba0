import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logLine, serverLogNote } from '../../src/service/log-line.ts';

describe('a server log line', () => {
  it('is the event and its fields as one JSON object, undefined fields left out', () => {
    assert.equal(
      logLine('too-big', { size: 2048, limit: 1024, note: undefined }),
      '{"event":"too-big","size":2048,"limit":1024}',
    );
    assert.equal(logLine('auth-timeout'), '{"event":"auth-timeout"}');
    assert.equal(serverLogNote('rate-limited', { limit: 5 }), 'server log: {"event":"rate-limited","limit":5}');
  });

  it('stars a secret that an endpoint let into its fields', () => {
    const token = 'wsp_at_AAECAwQFBgcICQoLDA0ODw';
    assert.equal(logLine('oops', { token }), `{"event":"oops","token":"wsp_at_${'*'.repeat(22)}"}`);
  });
});
