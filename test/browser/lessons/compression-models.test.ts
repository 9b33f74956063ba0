import { expect } from '@open-wc/testing';
import { encodeFrame, fromHex, Opcode, Side, type FrameEvent, type TraceEvent } from '../../../src/protocol/index.ts';
import { decodeFrame } from '../../../src/protocol/index.ts';
import { loadCompressor } from '../../../src/transport/deflate-compressor.ts';
import { changeText, fastestMicros } from '../../../src/lessons/compression/cost-model.ts';
import {
  DeflateMessages,
  agreedDeflate,
  deflateAnswerProblem,
} from '../../../src/lessons/compression/deflate-messages.ts';
import {
  DEFAULT_ACCEPT,
  NO_TAKEOVER,
  ServerAnswer,
  deflateTarget,
} from '../../../src/lessons/compression/deflate-target.ts';
import { extensionNotes } from '../../../src/lessons/compression/extension-notes.ts';
import {
  Defence,
  LengthOracle,
  MAX_TEXT,
  SECRET_ALPHABET,
  SECRET_LENGTH,
  clampText,
  lightest,
  randomSecret,
  victimMessage,
} from '../../../src/lessons/compression/length-oracle.ts';
import { frameSize } from '../../../src/lessons/compression/wire-size.ts';
import { summary } from '../../../src/components/trace-summary.ts';
import { describeFields } from '../../../src/components/frame-fields.ts';
import { frameLayout } from '../../../src/protocol/index.ts';
import { describeBlock, xraySegments, xraySummary } from '../../../src/lessons/compression/xray-segments.ts';

const OFFER = 'permessage-deflate; client_max_window_bits';

function handshake(answer: string | undefined, status = 101): TraceEvent[] {
  return [
    {
      type: 'handshake-request',
      at: 0,
      method: 'GET',
      path: '/deflate',
      httpVersion: 'HTTP/1.1',
      headers: [['Sec-WebSocket-Extensions', OFFER]],
    },
    {
      type: 'handshake-response',
      at: 1,
      status,
      reason: 'Switching Protocols',
      headers: answer === undefined ? [] : [['Sec-WebSocket-Extensions', answer]],
    },
  ];
}

/** A frame event as a wire records it; client frames masked with a fixed key. */
function frame(
  from: Side,
  payload: Uint8Array,
  fields: { rsv1?: boolean; opcode?: number; fin?: boolean } = {},
): FrameEvent {
  const bytes = encodeFrame({
    opcode: fields.opcode ?? Opcode.text,
    rsv1: fields.rsv1 ?? true,
    fin: fields.fin ?? true,
    mask: from === Side.client ? Uint8Array.of(1, 2, 3, 4) : null,
    payload,
  }).slice();
  return { type: 'frame', at: 2, from, bytes, frame: decodeFrame(bytes, { allowRsv1: true })!.frame };
}

/** RFC 7692 §7.2.3.1 and §7.2.3.2: "Hello", then "Hello" again sharing the window. */
const HELLO = fromHex('f2 48 cd c9 c9 07 00')!;
const HELLO_AGAIN = fromHex('f2 00 11 00 00')!;

describe('the /deflate target the reader chooses', () => {
  it('names only the parameters chosen, and nothing else for decline and unoffered', () => {
    expect(deflateTarget(ServerAnswer.accept)).to.equal('/deflate');
    expect(deflateTarget(ServerAnswer.accept, NO_TAKEOVER)).to.equal(
      '/deflate?server_no_context_takeover=1&client_no_context_takeover=1',
    );
    expect(
      deflateTarget(ServerAnswer.accept, {
        ...DEFAULT_ACCEPT,
        serverMaxWindowBits: 10,
        clientMaxWindowBits: 8,
        threshold: 16,
      }),
    ).to.equal('/deflate?server_max_window_bits=10&client_max_window_bits=8&threshold=16');
    expect(deflateTarget(ServerAnswer.decline, NO_TAKEOVER)).to.equal('/deflate?decline=1');
    expect(deflateTarget(ServerAnswer.unoffered, NO_TAKEOVER)).to.equal('/deflate?unoffered=1');
  });
});

describe('the notes on an offer and an answer', () => {
  it('explains Chromium’s offer, and each parameter of an answer with its section of RFC 7692', () => {
    expect(extensionNotes(OFFER, 'offer').map((note) => note.text)).to.deep.equal([
      'permessage-deflate',
      'client_max_window_bits',
    ]);
    const answer = extensionNotes(
      'permessage-deflate; server_no_context_takeover; server_max_window_bits=10',
      'answer',
    );
    expect(answer.map((note) => [note.text, note.section])).to.deep.equal([
      ['permessage-deflate', 'RFC 7692 §7'],
      ['server_no_context_takeover', 'RFC 7692 §7.1.1.1'],
      ['server_max_window_bits=10', 'RFC 7692 §7.1.2.1'],
    ]);
    expect(answer[2]!.meaning).to.contain('1,024 bytes');
  });

  it('says an extension never offered fails the connection, and what is malformed in a broken value', () => {
    const [unoffered] = extensionNotes('x-webkit-deflate-frame', 'answer');
    expect(unoffered!.section).to.equal('RFC 6455 §4.1, §9.1');
    expect(unoffered!.meaning).to.contain('1006');
    const [broken] = extensionNotes('permessage-deflate; ;', 'answer');
    expect(broken!.meaning).to.match(/^Malformed: /);
  });
});

describe('the messages of a compressing connection', () => {
  it('reads what the 101 agreed, as the browser checks it', () => {
    expect(agreedDeflate(handshake('permessage-deflate; client_no_context_takeover'))).to.include({
      clientNoContextTakeover: true,
      serverMaxWindowBits: 15,
    });
    expect(agreedDeflate(handshake(undefined))).to.equal(null);
    expect(agreedDeflate(handshake('permessage-deflate', 400))).to.equal(null);
    expect(deflateAnswerProblem(handshake('x-webkit-deflate-frame'))).to.be.a('string');
    expect(deflateAnswerProblem(handshake('permessage-deflate'))).to.equal(undefined);
  });

  it('inflates RFC 7692’s two “Hello”s, the second copying from the first (§7.2.3.2)', () => {
    const reader = new DeflateMessages();
    const trace = [...handshake('permessage-deflate'), frame(Side.server, HELLO), frame(Side.server, HELLO_AGAIN)];
    const [first, second] = reader.update(trace);
    expect(new TextDecoder().decode(first!.data)).to.equal('Hello');
    expect(new TextDecoder().decode(second!.data)).to.equal('Hello');
    expect(second!.wireBytes).to.equal(7);
    const segments = xraySegments(second!.report!);
    // zlib spells out the "H" and copies "ello" from 5 bytes back: from the first message.
    expect(segments).to.deep.equal([
      { kind: 'literals', start: 0, end: 1, text: 'H', distance: 0, earlier: false, block: 0 },
      { kind: 'copy', start: 1, end: 5, text: 'ello', distance: 5, earlier: true, block: 0 },
    ]);
    expect(second!.report!.blocks.map((block) => block.type)).to.deep.equal(['fixed', 'stored']);
    expect(xraySummary(second!.report!)).to.deep.equal({
      literalBytes: 1,
      copiedBytes: 4,
      copies: 1,
      earlierCopies: 1,
    });
    expect(xraySummary(first!.report!)).to.deep.equal({ literalBytes: 5, copiedBytes: 0, copies: 0, earlierCopies: 0 });
    expect(describeBlock(first!.report!.blocks[0]!)).to.match(/^fixed Huffman codes, \d+ bits, 1 part$/);
  });

  it('keeps the directions apart, unmasks the client’s frames, and passes uncompressed messages through', () => {
    const reader = new DeflateMessages();
    const trace = [
      ...handshake('permessage-deflate'),
      frame(Side.client, HELLO),
      frame(Side.server, new TextEncoder().encode('Hi!'), { rsv1: false }),
      frame(Side.client, HELLO_AGAIN),
    ];
    const messages = reader.update(trace);
    expect(messages.map((message) => [message.number, message.from, message.compressed])).to.deep.equal([
      [1, 'client', true],
      [2, 'server', false],
      [3, 'client', true],
    ]);
    expect(new TextDecoder().decode(messages[1]!.data)).to.equal('Hi!');
    expect(new TextDecoder().decode(messages[2]!.data)).to.equal('Hello');
    expect(messages[2]!.report!.history.length).to.equal(5);
  });

  it('starts each message afresh under no context takeover, so a copy into the past fails', () => {
    const reader = new DeflateMessages();
    const trace = [
      ...handshake('permessage-deflate; server_no_context_takeover'),
      frame(Side.server, HELLO),
      frame(Side.server, HELLO_AGAIN),
    ];
    const [, second] = reader.update(trace);
    expect(second!.data).to.equal(undefined);
    expect(second!.error).to.match(/not valid DEFLATE data/);
  });

  it('reads a grown trace on from where it was, and a new connection’s trace from the start', () => {
    const reader = new DeflateMessages();
    const trace = [...handshake('permessage-deflate'), frame(Side.server, HELLO)];
    reader.update(trace);
    expect(reader.update([...trace, frame(Side.server, HELLO_AGAIN)])).to.have.length(2);
    // A new connection: its first "Hello" copies from nothing.
    const fresh = reader.update([...handshake('permessage-deflate'), frame(Side.server, HELLO)]);
    expect(fresh).to.have.length(1);
    expect(xraySummary(fresh[0]!.report!).literalBytes).to.equal(5);
  });

  it('joins a compressed message sent in two frames, RSV1 on the first only', () => {
    const reader = new DeflateMessages();
    const trace = [
      ...handshake('permessage-deflate'),
      frame(Side.server, HELLO.subarray(0, 3), { fin: false }),
      frame(Side.server, HELLO.subarray(3), { rsv1: false, opcode: Opcode.continuation }),
    ];
    const [message] = reader.update(trace);
    expect([message!.firstFrame, message!.lastFrame]).to.deep.equal([0, 1]);
    expect(new TextDecoder().decode(message!.data)).to.equal('Hello');
  });

  it('says why RSV1 cannot be read when nothing was agreed', () => {
    const [message] = new DeflateMessages().update([...handshake(undefined), frame(Side.server, HELLO)]);
    expect(message!.error).to.match(/agreed no compression/);
  });
});

describe('the X-ray’s segments', () => {
  it('draws a character cut between two parts with the part that holds its first byte', async () => {
    const compressor = await loadCompressor({ windowBits: 15, noContextTakeover: false });
    const reader = new DeflateMessages();
    const text = 'é€é€é€é€';
    const payload = compressor.compress(new TextEncoder().encode(text));
    const [message] = reader.update([...handshake('permessage-deflate'), frame(Side.server, payload)]);
    const segments = xraySegments(message!.report!);
    expect(segments.map((segment) => segment.text).join('')).to.equal(text);
    expect(segments.some((segment) => segment.kind === 'copy')).to.equal(true);
  });

  it('draws a binary message as hex, and stops at the limit', async () => {
    const compressor = await loadCompressor({ windowBits: 15, noContextTakeover: false });
    const bytes = Uint8Array.of(0xff, 0xfe, 0xff, 0xfe, 0xff, 0xfe, 0xff, 0xfe);
    const payload = compressor.compress(bytes);
    const [message] = new DeflateMessages().update([
      ...handshake('permessage-deflate'),
      frame(Side.server, payload, { opcode: Opcode.binary }),
    ]);
    const segments = xraySegments(message!.report!);
    expect(segments[0]!.text).to.match(/^ff fe/);
    expect(xraySegments(message!.report!, 1)).to.have.length(1);
  });
});

describe('the length oracle', () => {
  it('puts the token and the attacker’s text in one message, the text cut to its limit', () => {
    expect(victimMessage('abc123', 'x')).to.equal(
      '{"type":"search","user":"ada","cookie":"session=abc123","query":"x"}',
    );
    expect(Array.from(clampText('😀'.repeat(MAX_TEXT + 5)))).to.have.length(MAX_TEXT);
  });

  it('deals tokens of the alphabet, of the agreed length', () => {
    for (let i = 0; i < 20; i++) {
      const secret = randomSecret();
      expect(secret).to.have.length(SECRET_LENGTH);
      for (const char of secret) expect(SECRET_ALPHABET).to.include(char);
    }
  });

  it('gives the token away one character a round when the token and the guess share a message', async () => {
    const compressor = await loadCompressor({ windowBits: 15, noContextTakeover: true });
    for (const secret of ['k3x9q2', 'aaaaaa', '0z0z0z']) {
      const oracle = new LengthOracle(compressor, secret);
      while (!oracle.complete) {
        const shortest = lightest(oracle.round());
        expect(shortest, `round ${oracle.known.length + 1} of ${secret}`).to.have.length(1);
        oracle.keep(shortest[0]!);
      }
      expect(oracle.solved).to.equal(true);
    }
  });

  it('tells nothing under either defence: every guess weighs the same', async () => {
    const compressor = await loadCompressor({ windowBits: 15, noContextTakeover: true });
    const oracle = new LengthOracle(compressor, 'k3x9q2');
    for (const defence of [Defence.separate, Defence.off]) {
      oracle.defence = defence;
      const sizes = new Set(oracle.round().map((guess) => guess.bytes));
      expect([...sizes], defence).to.have.length(1);
    }
    oracle.defence = Defence.off;
    const size = new TextEncoder().encode(victimMessage('k3x9q2', 'hi')).length;
    expect(oracle.measure('hi')).to.equal(frameSize(size, true));
  });

  it('refuses characters no token holds, stops at the token’s length, and undoes', async () => {
    const oracle = new LengthOracle(await loadCompressor({ windowBits: 15, noContextTakeover: true }), 'abcdef');
    oracle.keep('A');
    oracle.keep('ab');
    expect(oracle.known).to.equal('');
    for (const char of 'abcdefg') oracle.keep(char);
    expect(oracle.known).to.equal('abcdef');
    expect(oracle.round()).to.deep.equal([]);
    oracle.undo();
    expect(oracle.known).to.equal('abcde');
  });
});

describe('the cost table’s arithmetic', () => {
  it('times a call by its median, in microseconds, on a given clock', () => {
    let now = 0;
    const micros = fastestMicros(
      () => (now += 0.002),
      1,
      () => now,
    );
    expect(micros).to.be.closeTo(2, 0.01);
  });

  it('says a frame grew or shrank, in percent', () => {
    expect(changeText(100, 25)).to.equal('−75 %');
    expect(changeText(6, 8)).to.equal('+33 %');
    expect(changeText(10, 10)).to.equal('±0');
    expect(changeText(8206, 8211)).to.equal('+5 bytes');
    expect(changeText(8206, 8205)).to.equal('−1 byte');
  });

  it('sizes frames as RFC 6455 §5.2 writes them', () => {
    expect(frameSize(5, true)).to.equal(11);
    expect(frameSize(126, false)).to.equal(130);
    expect(frameSize(65_536, true)).to.equal(65_550);
  });
});

describe('the shared views on a compressed frame', () => {
  it('sum up a compressed frame in the trace by what its message inflated to', () => {
    const event = frame(Side.server, HELLO);
    expect(summary({ ...event, inflated: new TextEncoder().encode('Hello') })).to.equal(
      '9 bytes on the wire: compressed, inflates to 5 bytes: "Hello"',
    );
    expect(summary({ ...event, inflateError: 'broken' })).to.equal(
      '9 bytes on the wire: compressed, and does not inflate: broken',
    );
    expect(summary(frame(Side.server, new TextEncoder().encode('Hi'), { rsv1: false }))).to.equal(
      '4 bytes on the wire: "Hi"',
    );
  });

  it('read RSV1 and a compressed payload as permessage-deflate once it is agreed, and as an error before', () => {
    const { bytes } = frame(Side.server, HELLO);
    const meaning = (rows: ReturnType<typeof describeFields>, id: string): string =>
      rows.find((row) => row.id === id)!.meaning;
    const agreed = describeFields(bytes, frameLayout(bytes), 16, undefined, { compressed: true });
    expect(meaning(agreed, 'rsv1')).to.match(/^Set: permessage-deflate was agreed/);
    expect(meaning(agreed, 'payload')).to.match(/^DEFLATE data, its tail 00 00 ff ff removed/);
    const plain = describeFields(bytes, frameLayout(bytes), 16);
    expect(meaning(plain, 'rsv1')).to.contain('1002');
  });
});
