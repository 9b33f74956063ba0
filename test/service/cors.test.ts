import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createService } from '../../src/service/service.ts';
import { connect, refusal } from './helpers/connect.ts';
import { createFakeClock } from './helpers/fake-clock.ts';

const service = createService({ clock: createFakeClock() });
const allow = '/cors?allow=https://a.example,http://localhost:*';

describe('/cors', () => {
  it('accepts a listed origin and echoes', () => {
    const { peer, session } = connect(service, allow, 'https://a.example');
    session.message('hello');
    session.message(new Uint8Array([1]));
    assert.deepEqual(peer.sent, ['hello', new Uint8Array([1])]);
    connect(service, allow, 'http://localhost:5173');
    connect(service, '/cors?allow=*', 'https://anyone.example');
  });

  it('accepts a client that sends no Origin, since only browsers do', () => {
    connect(service, allow, undefined);
  });

  it('refuses an origin not on the list with 403, naming the origin and the list', () => {
    assert.deepEqual(refusal(service, allow, 'https://evil.example'), {
      status: 403,
      reason:
        'Origin not allowed by ?allow: https://evil.example is not on the allowlist (https://a.example, http://localhost:*)',
    });
    assert.equal(refusal(service, allow, 'https://a.example:8443').status, 403);
    assert.equal(refusal(service, allow, 'http://a.example').status, 403);
  });

  it('refuses the opaque origin "null", even when every origin is allowed', () => {
    assert.deepEqual(refusal(service, '/cors?allow=*', 'null'), {
      status: 403,
      reason:
        'Origin not allowed by ?allow: the opaque origin "null" (a page opened from file:// or a sandbox) is shared by unrelated pages',
    });
  });

  it('refuses a missing or empty allow, and one that lists no origin, with 400', () => {
    const required =
      'allow is required: a comma-separated list of origins such as https://example.com,http://localhost:*';
    assert.deepEqual(refusal(service, '/cors', 'https://a.example'), { status: 400, reason: required });
    assert.deepEqual(refusal(service, '/cors?allow=,%20,', 'https://a.example'), { status: 400, reason: required });
    assert.deepEqual(refusal(service, '/cors?allow=https://a.example,a.example', 'https://a.example'), {
      status: 400,
      reason: 'allow must list origins: "a.example" is not an origin like https://example.com or http://localhost:*',
    });
  });
});
