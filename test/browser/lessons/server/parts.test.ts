import { expect } from '@open-wc/testing';
import gatekeeperSource from '../../../../src/service/gatekeeper.ts?raw';
import { excerptBlock } from '../../../../src/lessons/server/excerpt.ts';
import { pingPongs } from '../../../../src/lessons/server/ping-pongs.ts';
import { ExcerptNotFoundError } from '../../../../src/components/source-excerpt.ts';
import { decodeFrame, encodeFrame, Opcode, Side } from '../../../../src/protocol/index.ts';
import type { PageTraceEvent } from '../../../../src/transport/trace-stream.ts';

const SAMPLE = [
  'const a = 1;',
  'export function outer(',
  '  first: number,',
  '): number {',
  '  // Why the object is built this way.',
  '  const inner = {',
  '    run() {',
  '      if (a) {',
  '        return 1;',
  '      } else {',
  '        return 2;',
  '      }',
  '    },',
  '  };',
  '  return first;',
  '}',
].join('\n');

describe('excerptBlock', () => {
  it('cuts a method out of an object literal, up to the line that closes it at its own indentation', () => {
    const excerpt = excerptBlock(SAMPLE, 'run() {');
    expect(excerpt.firstLine).to.equal(7);
    expect(excerpt.code.split('\n')).to.deep.equal(SAMPLE.split('\n').slice(6, 13));
  });

  it('takes the comment above a block with it', () => {
    const excerpt = excerptBlock(SAMPLE, 'const inner = {');
    expect(excerpt.firstLine).to.equal(5);
    expect(excerpt.code.split('\n').at(-1)).to.equal('  };');
  });

  it('reads past a signature Prettier spread over lines, to the function’s own closing brace', () => {
    const excerpt = excerptBlock(SAMPLE, 'export function outer(');
    expect(excerpt.firstLine).to.equal(2);
    expect(excerpt.code.split('\n')).to.have.length(15);
    const gatekeeper = excerptBlock(gatekeeperSource, 'export async function decideHandshake(');
    expect(gatekeeper.code).to.contain('originPolicy.decide(origin)');
    expect(gatekeeper.code.trimEnd().endsWith('\n}')).to.equal(true);
  });

  it('stops at the line named by through, and keeps a one-line statement alone', () => {
    expect(excerptBlock(SAMPLE, 'const a = 1;').code).to.equal('const a = 1;');
    expect(excerptBlock(SAMPLE, 'run() {', { through: 'return 1;' }).code.split('\n')).to.have.length(3);
  });

  it('throws when the first line is missing or not unique, so an edited file fails a test', () => {
    expect(() => excerptBlock(SAMPLE, 'noSuchLine')).to.throw(ExcerptNotFoundError, /no line contains/);
    expect(() => excerptBlock(SAMPLE, 'return')).to.throw(ExcerptNotFoundError, /more than one line/);
  });
});

function frameEvent(at: number, from: Side, opcode: number, payload: string, mask?: Uint8Array): PageTraceEvent {
  const bytes = encodeFrame({ opcode, payload: new TextEncoder().encode(payload), mask }).slice();
  return { type: 'frame', at, from, bytes, frame: decodeFrame(bytes)!.frame };
}

describe('pingPongs', () => {
  it('pairs each server ping with the client pong carrying the same payload, with the frames’ bytes', () => {
    const mask = Uint8Array.of(0x01, 0x02, 0x03, 0x04);
    const rows = pingPongs([
      frameEvent(1000, Side.server, Opcode.ping, '1'),
      frameEvent(1003, Side.client, Opcode.pong, '1', mask),
      frameEvent(2000, Side.server, Opcode.ping, '2'),
      frameEvent(2001, Side.client, Opcode.text, 'not a pong', mask),
    ]);
    expect(rows).to.deep.equal([
      { payload: '1', pingAt: 1000, pingBytes: '89 01 31', pongAt: 1003, pongBytes: '8a 81 01 02 03 04 30' },
      { payload: '2', pingAt: 2000, pingBytes: '89 01 32', pongAt: undefined, pongBytes: undefined },
    ]);
  });

  it('pairs an empty heartbeat ping too, and ignores an unasked pong', () => {
    const mask = Uint8Array.of(0, 0, 0, 0);
    const rows = pingPongs([
      frameEvent(5, Side.client, Opcode.pong, 'unasked', mask),
      frameEvent(30000, Side.server, Opcode.ping, ''),
      frameEvent(30002, Side.client, Opcode.pong, '', mask),
    ]);
    expect(rows).to.deep.equal([
      { payload: '', pingAt: 30000, pingBytes: '89 00', pongAt: 30002, pongBytes: '8a 80 00 00 00 00' },
    ]);
  });
});
