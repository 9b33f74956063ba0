import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkServerAnswer, parseBreakages, parseHttpMessage, statusOf } from '../../src/protocol/index.ts';

/** §1.3's example: this key's Accept is s3pPLMBiTxaQ9kYGzzhZRbK+xOo=. */
const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
const ACCEPT = 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=';

function answer(...lines: string[]): ReturnType<typeof parseHttpMessage> {
  return parseHttpMessage(`${lines.join('\r\n')}\r\n\r\n`);
}

describe("the break-it lab's client check (§4.1, in Chromium's order and words)", () => {
  it('opens on a sound 101, with Connection naming Upgrade among other tokens', async () => {
    const sound = answer('HTTP/1.1 101 Switching Protocols', 'Upgrade: WebSocket', 'Connection: keep-alive, Upgrade');
    assert.deepEqual(
      await checkServerAnswer(KEY, { ...sound, headers: [...sound.headers, ['Sec-WebSocket-Accept', ACCEPT]] }),
      {
        opens: true,
      },
    );
  });

  const cases: [string, string[], string][] = [
    ['a 200', ['HTTP/1.1 200 OK'], 'Unexpected response code: 200'],
    ['no status line', ['hello'], 'Invalid status line'],
    ['no Upgrade', ['HTTP/1.1 101 Switching Protocols', 'Connection: Upgrade'], "'Upgrade' header is missing"],
    [
      'two Upgrade headers',
      ['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Upgrade: websocket'],
      "'Upgrade' header must not appear more than once in a response",
    ],
    [
      'Upgrade: h2c',
      ['HTTP/1.1 101 Switching Protocols', 'Upgrade: h2c'],
      "'Upgrade' header value is not 'WebSocket': h2c",
    ],
    [
      'no Accept',
      ['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade'],
      "'Sec-WebSocket-Accept' header is missing",
    ],
    [
      'a wrong Accept',
      ['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Sec-WebSocket-Accept: AAAA'],
      "Incorrect 'Sec-WebSocket-Accept' header value",
    ],
    [
      'no Connection',
      ['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', `Sec-WebSocket-Accept: ${ACCEPT}`],
      "'Connection' header is missing",
    ],
    [
      'Connection without Upgrade',
      [
        'HTTP/1.1 101 Switching Protocols',
        'Upgrade: websocket',
        `Sec-WebSocket-Accept: ${ACCEPT}`,
        'Connection: close',
      ],
      "'Connection' header value must contain 'Upgrade'",
    ],
    [
      'a subprotocol nobody offered',
      [
        'HTTP/1.1 101 Switching Protocols',
        'Upgrade: websocket',
        `Sec-WebSocket-Accept: ${ACCEPT}`,
        'Connection: Upgrade',
        'Sec-WebSocket-Protocol: chat',
      ],
      "Response must not include 'Sec-WebSocket-Protocol' header if not present in request: chat",
    ],
  ];
  for (const [what, lines, failure] of cases) {
    it(`fails ${what}`, async () => {
      assert.deepEqual(await checkServerAnswer(KEY, answer(...lines)), { opens: false, failure });
    });
  }
});

describe("the break-it lab's parsers", () => {
  it('splits a message into its start line, headers in wire order and body', () => {
    const message = parseHttpMessage('HTTP/1.1 426 Upgrade Required\r\nA: 1\r\nB: x: y\r\n\r\nbody\r\n');
    assert.equal(message.startLine, 'HTTP/1.1 426 Upgrade Required');
    assert.deepEqual(message.headers, [
      ['A', '1'],
      ['B', 'x: y'],
    ]);
    assert.equal(message.body, 'body\r\n');
    assert.equal(statusOf(message.startLine), 426);
  });

  it('reads the switches, and says what is wrong with anything else', () => {
    assert.deepEqual(
      [...(parseBreakages('{"breakages":["no-upgrade","version-8"]}') as Set<string>)],
      ['no-upgrade', 'version-8'],
    );
    assert.match(parseBreakages('[]') as string, /needs "breakages"/);
    assert.match(parseBreakages('{"breakages":[1]}') as string, /"1" is not a breakage/);
    assert.match(parseBreakages('nope') as string, /not JSON/);
  });
});
