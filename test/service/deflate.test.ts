import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideHandshake } from '../../src/service/gatekeeper.ts';
import type { Admission } from '../../src/service/endpoint.ts';
import { createService } from '../../src/service/service.ts';
import { admitNow, connect, refusal } from './helpers/connect.ts';
import { createFakeClock } from './helpers/fake-clock.ts';

const service = createService({ clock: createFakeClock() });

function extensionsOf(target: string): Extract<Admission, { ok: true }>['extensions'] {
  const admission = admitNow(service, target);
  if (!admission.ok) assert.fail(`${target} was refused: ${admission.reason}`);
  return admission.extensions;
}

describe('/deflate', () => {
  it('echoes text as text and binary as binary', () => {
    const { peer, session } = connect(service, '/deflate');
    session.message('{"hello":"world"}');
    session.message(new Uint8Array([0, 1, 2]));
    session.message('');
    assert.deepEqual(peer.sent, ['{"hello":"world"}', new Uint8Array([0, 1, 2]), '']);
  });

  it('answers with permessage-deflate, every message compressed, when the query names nothing', () => {
    assert.deepEqual(extensionsOf('/deflate'), { deflate: { threshold: 0 } });
  });

  it('hands each parameter on under the name ws’s perMessageDeflate option gives it', () => {
    assert.deepEqual(
      extensionsOf(
        '/deflate?server_no_context_takeover=1&client_no_context_takeover=1&server_max_window_bits=10&client_max_window_bits=8&threshold=64',
      ),
      {
        deflate: {
          serverNoContextTakeover: true,
          clientNoContextTakeover: true,
          serverMaxWindowBits: 10,
          clientMaxWindowBits: 8,
          threshold: 64,
        },
      },
    );
    assert.deepEqual(extensionsOf('/deflate?server_no_context_takeover=0&client_max_window_bits=15'), {
      deflate: { clientMaxWindowBits: 15, threshold: 0 },
    });
  });

  it('declines every extension with decline=1, as every other path does', () => {
    assert.equal(extensionsOf('/deflate?decline=1'), undefined);
    assert.equal(extensionsOf('/echo'), undefined);
    assert.equal(extensionsOf('/fragments?parts=2'), undefined);
  });

  it('answers an extension no browser offers with unoffered=1', () => {
    assert.deepEqual(extensionsOf('/deflate?unoffered=1'), { unoffered: 'x-webkit-deflate-frame' });
  });

  it('refuses bad parameters with 400, naming the parameter, its limits and what it got', () => {
    const cases: [string, string][] = [
      ['server_max_window_bits=7', 'server_max_window_bits must be a whole number of window bits from 8 to 15; got 7'],
      [
        'client_max_window_bits=16',
        'client_max_window_bits must be a whole number of window bits from 8 to 15; got 16',
      ],
      [
        'client_max_window_bits=x',
        'client_max_window_bits must be a whole number of window bits from 8 to 15; got "x"',
      ],
      ['threshold=65537', 'threshold must be a whole number of bytes from 0 to 65536; got 65537'],
      ['threshold=-1', 'threshold must be a whole number of bytes from 0 to 65536; got -1'],
      [
        'server_no_context_takeover=yes',
        'server_no_context_takeover must be 1 (the server forgets its window after each message) or 0; got "yes"',
      ],
      [
        'client_no_context_takeover=2',
        'client_no_context_takeover must be 1 (the browser must forget its window after each message) or 0; got 2',
      ],
      ['decline=true', 'decline must be 1 (answer no extension) or 0; got "true"'],
      [
        'unoffered=on',
        'unoffered must be 1 (answer x-webkit-deflate-frame, which the browser never offered) or 0; got "on"',
      ],
      ['decline=1&unoffered=1', 'decline=1 and unoffered=1 ask for two different answers; choose one'],
      ['decline=1&threshold=10', 'decline=1 answers no extension, so threshold has no meaning; leave it out'],
      [
        'unoffered=1&client_max_window_bits=9',
        'unoffered=1 answers x-webkit-deflate-frame, so client_max_window_bits has no meaning; leave it out',
      ],
    ];
    for (const [query, reason] of cases) {
      assert.deepEqual(refusal(service, `/deflate?${query}`), { status: 400, reason }, query);
    }
  });

  it('counts an empty value as absent, as every endpoint does', () => {
    assert.deepEqual(extensionsOf('/deflate?threshold=&decline=&server_max_window_bits='), {
      deflate: { threshold: 0 },
    });
  });
});

describe('the gatekeeper and extensions', () => {
  const request = (target: string) => ({
    target,
    method: 'GET',
    httpVersion: '1.1',
    headers: {
      host: 'localhost',
      upgrade: 'websocket',
      connection: 'Upgrade',
      'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
      'sec-websocket-version': '13',
      'sec-websocket-extensions': 'permessage-deflate; client_max_window_bits',
    },
  });

  it('carries the endpoint’s extension answer through to the wire, leaving the 101’s headers to it', async () => {
    const decision = await decideHandshake(request('/deflate?client_no_context_takeover=1'), service, undefined);
    assert.ok(decision.ok);
    assert.deepEqual(decision.extensions, { deflate: { clientNoContextTakeover: true, threshold: 0 } });
    assert.deepEqual(
      decision.response.headers.map(([name]) => name),
      ['Upgrade', 'Connection', 'Sec-WebSocket-Accept'],
    );
  });

  it('carries no extension answer for a path that declines them', async () => {
    const decision = await decideHandshake(request('/echo'), service, undefined);
    assert.ok(decision.ok);
    assert.equal(decision.extensions, undefined);
  });
});
