import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createService } from '../../src/service/service.ts';
import { parseTarget } from '../../src/service/target.ts';
import { WEBSOCKET_PATHS } from '../../src/service/websocket-paths.ts';
import { connect, refusal } from './helpers/connect.ts';
import { createFakeClock } from './helpers/fake-clock.ts';

const service = createService({ clock: createFakeClock() });

describe('the service', () => {
  it('echoes text as text and bytes as bytes', () => {
    const { peer, session } = connect(service, '/echo');
    session.message('héllo');
    session.message(new Uint8Array([0, 1, 255]));
    assert.deepEqual(peer.sent, ['héllo', new Uint8Array([0, 1, 255])]);
    assert.deepEqual(
      peer.actions.map((action) => action.kind),
      ['send', 'send'],
    );
  });

  it('refuses an unknown path with 404 and names the paths it knows', () => {
    assert.deepEqual(refusal(service, '/nope?x=1'), {
      status: 404,
      reason:
        'no WebSocket endpoint at /nope (try /echo, /chat, /ticker, /close, /fragments, /ping, /cors, /deflate, /notify, /collab, /game, /secure, /limited, /slow, /resume)',
    });
  });

  it('knows which paths are WebSocket endpoints: the list the page reads URLs with, in order', () => {
    assert.deepEqual(
      service.endpoints.map((endpoint) => endpoint.path),
      WEBSOCKET_PATHS,
    );
    for (const path of WEBSOCKET_PATHS) assert.equal(service.isWebSocketPath(path), true, path);
    assert.equal(service.isWebSocketPath('/index.html'), false);
    assert.equal(service.isWebSocketPath('/echo/'), false);
  });

  it('gives every endpoint a one-line summary', () => {
    for (const endpoint of service.endpoints) assert.match(endpoint.summary, /^[a-z].{10,}[^.]$/, endpoint.path);
  });

  it('ignores query parameters an endpoint does not know, such as the live wire\u2019s trace id', () => {
    connect(service, '/echo?trace=abc123');
    connect(service, '/fragments?parts=2&trace=abc123');
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
