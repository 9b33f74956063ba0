import { expect, fixture, html } from '@open-wc/testing';
import '../../../src/components/wsp-frame-bytes.ts';
import type { WspFrameBytes } from '../../../src/components/wsp-frame-bytes.ts';
import { messageContextAt, type MessageContext } from '../../../src/components/frame-fields.ts';
import { payloadPreview } from '../../../src/components/trace-summary.ts';
import {
  decodeFrame,
  encodeFrame,
  encodeUtf8,
  Opcode,
  Side,
  splitPayload,
  Utf8State,
  type Frame,
} from '../../../src/protocol/index.ts';

/**
 * The frame view judges UTF-8 on the whole message, not on a cut of it:
 * §5.6 lets a frame hold part of a character as long as the whole message is
 * valid UTF-8, and only bytes no later frame can complete are invalid (1007).
 */

function text(element: Element | null | undefined): string {
  return (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** A server's frame (unmasked) or a client's (masked with a fixed key), as on the wire. */
function wire(opcode: number, payload: Uint8Array, fin = true, masked = false): Uint8Array {
  return encodeFrame({ opcode, payload, fin, ...(masked ? { mask: new Uint8Array([0x37, 0xfa, 0x21, 0x3d]) } : {}) });
}

function decoded(bytes: Uint8Array): Frame {
  const result = decodeFrame(bytes);
  if (!result) throw new Error('an incomplete frame');
  return result.frame;
}

/** The frames a server sends for `message` cut into `parts`, as `/fragments?parts=N` cuts it (§5.4). */
function fragments(message: string, parts: number): { from: Side; bytes: Uint8Array; frame: Frame }[] {
  const pieces = splitPayload(encodeUtf8(message), parts);
  return pieces.map((piece, index) => {
    const bytes = wire(index === 0 ? Opcode.text : Opcode.continuation, piece, index === pieces.length - 1);
    return { from: Side.server, bytes, frame: decoded(bytes) };
  });
}

/** The payload row's meaning in a frame view of `bytes`. */
async function meaning(bytes: Uint8Array, context?: MessageContext): Promise<string> {
  const element = await fixture<WspFrameBytes>(
    html`<wsp-frame-bytes .bytes=${bytes} .messageContext=${context} label="Test frame"></wsp-frame-bytes>`,
  );
  return text(element.shadowRoot!.querySelector('tr[data-field=payload] .meaning p'));
}

const A59E = `${'a'.repeat(59)}é`;

describe('the frame view reads UTF-8 as part of the whole message', () => {
  it('reads 59 "a" and an "é" in one frame as text, the "é" past the 60-byte preview', async () => {
    const quoted = `As UTF-8 text: "${'a'.repeat(59)}…"`;
    expect(await meaning(wire(Opcode.text, encodeUtf8(A59E)))).to.equal(quoted);
    expect(await meaning(wire(Opcode.text, encodeUtf8(A59E), true, true)), 'the masked client frame').to.equal(quoted);
  });

  it('says the character cut at the end of a non-final frame continues in the next frame: "ab€" in 3 frames', async () => {
    const frames = fragments('ab€', 3);
    expect(frames.map(({ frame }) => [...frame.payload])).to.deep.equal([[0x61], [0x62, 0xe2], [0x82, 0xac]]);
    expect(await meaning(frames[0]!.bytes, messageContextAt(frames, 0))).to.equal('As UTF-8 text: "a"');
    const second = await meaning(frames[1]!.bytes, messageContextAt(frames, 1));
    expect(second).to.match(
      /^As UTF-8 text: "b"\. The last byte begins a character\. That character continues in the next frame/,
    );
    expect(second).to.not.contain('Not valid');
    expect(await meaning(frames[2]!.bytes, messageContextAt(frames, 2))).to.equal(
      'Both its bytes end a character an earlier frame began.',
    );
  });

  it('never calls a first fragment cut inside a character invalid: "€" in 3 one-byte frames', async () => {
    const frames = fragments('€', 3);
    const first = await meaning(frames[0]!.bytes, messageContextAt(frames, 0));
    expect(first).to.match(/^Its one byte begins a character\. That character continues in the next frame: §5\.6/);
    const middle = await meaning(frames[1]!.bytes, messageContextAt(frames, 1));
    expect(middle).to.match(/^Its one byte lies inside a character an earlier frame began\. That character continues/);
    expect(await meaning(frames[2]!.bytes, messageContextAt(frames, 2))).to.equal(
      'Its one byte ends a character an earlier frame began.',
    );
  });

  it('calls bytes that can never become text, and a message that ends inside a character, not valid UTF-8 (1007)', async () => {
    expect(await meaning(wire(Opcode.text, new Uint8Array([0x61, 0xff])))).to.match(/^Not valid UTF-8 \(1007\)/);
    expect(await meaning(wire(Opcode.text, new Uint8Array([0x62, 0xe2])))).to.equal(
      'Not valid UTF-8 (1007): the message ends inside a character that no frame finishes, so a receiver fails the connection (§8.1) with close code 1007 (§7.4.1).',
    );
    const frames = fragments('ab€', 3);
    const broken = wire(Opcode.continuation, new Uint8Array([0x41]));
    const withBroken = [...frames.slice(0, 2), { from: Side.server, bytes: broken, frame: decoded(broken) }];
    expect(await meaning(broken, messageContextAt(withBroken, 2)), 'ASCII where the "€" must go on').to.match(
      /^Not valid UTF-8 \(1007\)/,
    );
  });

  it('knows a binary message’s continuation is bytes, whatever they look like', async () => {
    const bytes = [Opcode.binary, Opcode.continuation].map((opcode, index) =>
      wire(opcode, new Uint8Array([0x62, 0xe2]), index === 1),
    );
    const frames = bytes.map((frame) => ({ from: Side.server, bytes: frame, frame: decoded(frame) }));
    expect(messageContextAt(frames, 1)).to.deep.equal({ opcode: Opcode.binary, utf8Before: Utf8State.accept });
    expect(await meaning(bytes[1]!, messageContextAt(frames, 1))).to.equal('Bytes.');
  });

  it('finds a continuation’s message past control frames and the other side’s frames, and no message after a final frame', () => {
    const frames = fragments('ab€', 3);
    const ping = wire(Opcode.ping, new Uint8Array([0x31]));
    const clientFrame = wire(Opcode.text, encodeUtf8('x'), true, true);
    const mixed = [
      frames[0]!,
      { from: Side.server, bytes: ping, frame: decoded(ping) },
      { from: Side.client, bytes: clientFrame, frame: decoded(clientFrame) },
      frames[1]!,
    ];
    expect(messageContextAt(mixed, 3)).to.deep.equal({ opcode: Opcode.text, utf8Before: Utf8State.accept });
    expect(messageContextAt(frames, 0), 'a first frame needs none').to.equal(undefined);
    const stray = wire(Opcode.continuation, new Uint8Array([0x61]));
    const after = [...fragments('ab', 1), { from: Side.server, bytes: stray, frame: decoded(stray) }];
    expect(messageContextAt(after, 1)).to.equal(undefined);
  });
});

describe('the trace’s one-line payload preview', () => {
  it('shows text cut before a character at the 40-byte edge, with "…"', () => {
    const frame = decoded(wire(Opcode.text, encodeUtf8(`${'a'.repeat(39)}é`)));
    expect(payloadPreview(frame)).to.equal(`"${'a'.repeat(39)}…"`);
    const long = decoded(wire(Opcode.text, encodeUtf8(A59E)));
    expect(payloadPreview(long)).to.equal(`"${'a'.repeat(40)}…"`);
  });

  it('shows the fragments of "ab€" as text, a cut character left out and marked "…"', () => {
    const frames = fragments('ab€', 3).map(({ frame }) => payloadPreview(frame));
    expect(frames).to.deep.equal(['"a"', '"b…"', '82 ac']);
    const later = fragments('ab€cd', 3).map(({ frame }) => payloadPreview(frame));
    expect(later, 'e2 82 | ac 63 64').to.deep.equal(['"ab"', 'e2 82', '"…cd"']);
  });

  it('shows bytes that cannot be text as hex', () => {
    expect(payloadPreview(decoded(wire(Opcode.text, new Uint8Array([0x61, 0xff]))))).to.equal('61 ff');
    expect(payloadPreview(decoded(wire(Opcode.binary, encodeUtf8('ab'))))).to.equal('61 62');
  });
});
