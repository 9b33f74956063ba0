import { expect } from '@open-wc/testing';
import limitsSource from '../../../server/limits.ts?raw';
import readme from '../../../README.md?raw';
import { CHECKLIST } from '../../../src/lessons/security/checklist.ts';
import { describeServerMessage, readServerMessage, seconds } from '../../../src/lessons/security/server-messages.ts';
import { sealLikeTls, TAG_BYTES } from '../../../src/lessons/security/tls-record.ts';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../../../src/service/message-size.ts';
import {
  closeFrame,
  credentialPlaces,
  handshakeAnswer,
  serverLogLines,
  serverNotes,
  textMessages,
} from '../../../src/lessons/security/trace-facts.ts';
import {
  encodeFrame,
  decodeFrame,
  encodeClosePayload,
  encodeUtf8,
  Opcode,
  type TraceEvent,
} from '../../../src/protocol/index.ts';

/** A frame event as a wire reports it. */
function frameEvent(from: 'client' | 'server', opcode: Opcode, payload: Uint8Array, redacted = false): TraceEvent {
  const mask = from === 'client' ? new Uint8Array([1, 2, 3, 4]) : undefined;
  const bytes = encodeFrame({ opcode, payload, ...(mask && { mask }) });
  return { type: 'frame', at: 1, from, bytes, frame: decodeFrame(bytes)!.frame, ...(redacted && { redacted }) };
}

const TRACE: readonly TraceEvent[] = [
  {
    type: 'handshake-request',
    at: 0,
    method: 'GET',
    path: '/secure?auth=protocol',
    httpVersion: '1.1',
    headers: [
      ['Host', 'localhost:8080'],
      ['Cookie', '[redacted]'],
      ['Sec-WebSocket-Protocol', `wsp.bearer, wsp_at_${'*'.repeat(22)}`],
    ],
  },
  {
    type: 'handshake-response',
    at: 1,
    status: 101,
    reason: 'Switching Protocols',
    headers: [['Sec-WebSocket-Protocol', 'wsp.bearer']],
  },
  { type: 'note', at: 2, text: 'server log: {"event":"too-big","size":1025,"limit":1024}' },
  { type: 'note', at: 2, text: 'origin not allowed' },
  frameEvent('client', Opcode.text, encodeUtf8('{"type":"auth","token":"wsp_at_**********************"}'), true),
  frameEvent('server', Opcode.text, encodeUtf8('{"type":"welcome"}')),
  frameEvent('server', Opcode.close, encodeClosePayload(1009, 'message of 1025 bytes: the limit is 1024')),
];

describe('the security lesson’s trace facts', () => {
  it('reads the answer, the log lines, the other notes and the close frame', () => {
    expect(handshakeAnswer(TRACE)).to.deep.equal({ status: 101, reason: 'Switching Protocols' });
    expect(serverLogLines(TRACE)).to.deep.equal(['{"event":"too-big","size":1025,"limit":1024}']);
    expect(serverNotes(TRACE)).to.deep.equal(['origin not allowed']);
    expect(closeFrame(TRACE, 'server')).to.deep.equal({
      code: 1009,
      reason: 'message of 1025 bytes: the limit is 1024',
    });
    expect(closeFrame(TRACE, 'client')).to.equal(undefined);
    expect(textMessages(TRACE, 'server')).to.deep.equal(['{"type":"welcome"}']);
  });

  it('says where a credential travelled', () => {
    expect(credentialPlaces(TRACE)).to.deep.equal({
      path: '/secure?auth=protocol',
      cookie: '[redacted]',
      offered: `wsp.bearer, wsp_at_${'*'.repeat(22)}`,
      answered: 'wsp.bearer',
      firstMessage: '{"type":"auth","token":"wsp_at_**********************"}',
      redactedFrame: true,
    });
    expect(credentialPlaces([])).to.deep.include({ path: undefined, cookie: undefined, redactedFrame: false });
  });
});

describe('the security lesson’s messages', () => {
  it('reads /secure’s messages and nothing else', () => {
    expect(readServerMessage('{"type":"expiring","inMs":4000}')).to.deep.equal({ type: 'expiring', inMs: 4000 });
    for (const junk of ['', 'null', '[]', '{"type":"nope"}', '{"type":1}', 'not json']) {
      expect(readServerMessage(junk), junk).to.equal(undefined);
    }
    expect(describeServerMessage({ type: 'expiring', inMs: 4000 })).to.equal('expiring: send a fresh token within 4 s');
  });

  it('says times as a reader reads them', () => {
    expect([seconds(600), seconds(1500), seconds(8000), seconds(600_000), seconds(90_000)]).to.deep.equal([
      '600 ms',
      '1.5 s',
      '8 s',
      '10 min',
      '90 s',
    ]);
  });
});

describe('the illustration of a TLS record', () => {
  it('seals the frame behind a 5-byte header that states the sealed length', async () => {
    const frame = encodeFrame({ opcode: Opcode.text, payload: encodeUtf8('meet at noon'), mask: new Uint8Array(4) });
    const { header, sealed } = await sealLikeTls(frame);
    expect([...header.subarray(0, 3)]).to.deep.equal([23, 3, 3]);
    expect((header[3]! << 8) | header[4]!).to.equal(sealed.length);
    // The frame, one byte of content type, the tag.
    expect(sealed.length).to.equal(frame.length + 1 + TAG_BYTES);
    const again = await sealLikeTls(frame);
    expect([...again.sealed]).to.not.deep.equal([...sealed]);
  });
});

describe('the security checklist', () => {
  /** The live server's default for each limit, read from server/limits.ts as it is. */
  function serverDefault(key: string): number {
    const match = new RegExp(`\\b${key}: ([\\w_ *]+),`).exec(limitsSource);
    if (!match) throw new Error(`no default for ${key} in server/limits.ts`);
    // A default the server shares with the page is a named constant of src/service.
    const named: Record<string, number> = { DEFAULT_MAX_MESSAGE_BYTES };
    if (match[1]! in named) return named[match[1]!]!;
    return match[1]!
      .split('*')
      .map((factor) => Number(factor.trim().replace(/_/g, '')))
      .reduce((product, factor) => product * factor, 1);
  }

  it('states the live server’s defaults, and names only settings the README documents', () => {
    const settings = new Map(
      CHECKLIST.flatMap((row) => row.settings).map((setting) => [setting.name, setting.byDefault]),
    );
    for (const [name, key] of [
      ['MAX_MESSAGE_BYTES', 'maxMessageBytes'],
      ['MAX_MESSAGES_PER_SECOND', 'messagesPerSecond'],
      ['MAX_CONNECTIONS', 'maxConnections'],
      ['MAX_CONNECTIONS_PER_ADDRESS', 'maxConnectionsPerAddress'],
      ['MAX_SEND_BUFFER_BYTES', 'sendBufferBytes'],
    ] as const) {
      expect(settings.get(name), name).to.equal(String(serverDefault(key)));
    }
    for (const name of settings.keys()) expect(readme, name).to.contain(`\`${name}\``);
  });
});
