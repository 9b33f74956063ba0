import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createService } from '../../src/service/service.ts';
import type { Peer } from '../../src/service/peer.ts';
import { parseTarget } from '../../src/service/target.ts';

function recordingPeer(): Peer & { sent: (string | Uint8Array)[]; closedWith: unknown[] } {
  const sent: (string | Uint8Array)[] = [];
  const closedWith: unknown[] = [];
  return {
    sent,
    closedWith,
    send: (data) => sent.push(data),
    close: (code, reason) => closedWith.push([code, reason]),
  };
}

describe('the service', () => {
  it('echoes text as text and bytes as bytes', () => {
    const admission = createService().admit('/echo');
    assert.equal(admission.ok, true);
    if (!admission.ok) return;
    const peer = recordingPeer();
    const session = admission.open(peer);
    session.message('héllo');
    session.message(new Uint8Array([0, 1, 255]));
    assert.deepEqual(peer.sent, ['héllo', new Uint8Array([0, 1, 255])]);
    assert.deepEqual(peer.closedWith, []);
  });

  it('refuses an unknown path with 404 and names the paths it knows', () => {
    const admission = createService().admit('/nope?x=1');
    assert.equal(admission.ok, false);
    if (admission.ok) return;
    assert.equal(admission.status, 404);
    assert.match(admission.reason, /no WebSocket endpoint at \/nope \(try \/echo\)/);
  });

  it('knows which paths are WebSocket endpoints', () => {
    const service = createService();
    assert.equal(service.isWebSocketPath('/echo'), true);
    assert.equal(service.isWebSocketPath('/index.html'), false);
  });
});

describe('a request target', () => {
  it('splits into a path and decoded query values', () => {
    const target = parseTarget('/chat?room=a%20b&name=Z%C3%B6e&flag');
    assert.equal(target.path, '/chat');
    assert.deepEqual(
      [...target.query],
      [
        ['room', 'a b'],
        ['name', 'Zöe'],
        ['flag', ''],
      ],
    );
  });

  it('keeps the first value of a repeated name, and survives bad percent-encoding', () => {
    const target = parseTarget('/x?a=1&a=2&b=%E0%A4%A');
    assert.equal(target.query.get('a'), '1');
    assert.equal(target.query.get('b'), '%E0%A4%A');
  });

  it('treats an empty path as /', () => {
    assert.equal(parseTarget('').path, '/');
  });
});
