import { expect, fixture, html } from '@open-wc/testing';
import '../../../../src/lessons/frames/wsp-lesson-frames.ts';
import '../../../../src/lessons/key-points/wsp-lesson-key-points.ts';
import '../../../../src/lessons/what-are-websockets/wsp-lesson-what-are-websockets.ts';
import '../../../../src/components/wsp-frame-bytes.ts';
import { frameSize } from '../../../../src/lessons/frames/wsp-lesson-frames.ts';
import type { WspSelfCheck } from '../../../../src/components/wsp-self-check.ts';
import { encodeFrame, Opcode } from '../../../../src/protocol/index.ts';
import { shadow, text } from '../../helpers/lesson-helpers.ts';

/**
 * What the course says about frames, held to RFC 6455 and RFC 7692: a header
 * of 2 to 14 bytes per frame (not per message), RSV1 on a compressed
 * message's first frame only (RFC 7692 §6), 1007 defined in §7.4.1, the
 * attack of §10.3, each side sending at will (§1.2), and the sizes of the big
 * frames computed, not typed in.
 */

async function page(tag: string): Promise<string> {
  const element = await fixture<HTMLElement>(html`${document.createElement(tag)}`);
  await (element as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
  return text(shadow(element));
}

describe('what the course says about frames', () => {
  it('computes the size of a frame as encodeFrame writes it', () => {
    for (const size of [0, 125, 126, 65_535, 65_536]) {
      const payload = new Uint8Array(size);
      expect(frameSize(size, false), `${size}, unmasked`).to.equal(
        encodeFrame({ opcode: Opcode.text, payload }).length,
      );
      const mask = new Uint8Array(4);
      expect(frameSize(size, true), `${size}, masked`).to.equal(
        encodeFrame({ opcode: Opcode.text, payload, mask }).length,
      );
    }
  });

  it('tells the client’s 65,550-byte frame from the server’s 65,546-byte echo', async () => {
    const lesson = await page('wsp-lesson-frames');
    expect(lesson).to.contain('your 65,536 bytes leave as a 65,550-byte frame');
    expect(lesson).to.contain("the server's echo, with no key, is 65,546 bytes");
  });

  it('says RSV1 marks a compressed message on its first frame only (RFC 7692 §6)', async () => {
    expect(await page('wsp-lesson-frames')).to.contain(
      "marks a compressed message with RSV1 on its first frame only; the message's continuation frames keep RSV1 at 0 (RFC 7692 §6)",
    );
    const view = await fixture<HTMLElement>(
      html`<wsp-frame-bytes .bytes=${new Uint8Array([0x81, 0x01, 0x61])}></wsp-frame-bytes>`,
    );
    const rsv1 = text(shadow(view).querySelector('tr[data-field=rsv1] .meaning p'));
    expect(rsv1).to.contain(
      'RSV1 on a message’s first frame marks the whole message compressed; later frames keep it clear',
    );
    expect(rsv1).to.contain('RFC 7692 §6');
  });

  it('cites §7.4.1 for close code 1007, and §8.1 for failing the connection', async () => {
    expect(await page('wsp-lesson-frames')).to.contain(
      'fails the connection (§8.1), with close code 1007, Invalid Frame Payload Data (§7.4.1)',
    );
  });

  it('has the attacker’s own server send the response that gets cached (§10.3), and the page only the request', async () => {
    const lesson = await page('wsp-lesson-frames');
    expect(lesson).to.contain("The attacker's server then answers with bytes that look like the response");
    expect(lesson).to.not.contain('followed by a fake response');
  });

  it('gives a header of 2 to 14 bytes per frame, not per message', async () => {
    const first = await page('wsp-lesson-what-are-websockets');
    expect(first).to.contain('each has a small header of 2 to 14 bytes in front (§5.2)');
    expect(first).to.contain('2 to 14 bytes of header per frame');
    expect(first).to.not.match(/framing per message|2 to 14 bytes per message/);
    const keyPoints = await page('wsp-lesson-key-points');
    expect(keyPoints).to.contain('Frames: 2 to 14 bytes of header per frame');
    expect(keyPoints).to.not.contain('of header per message');
  });

  it('cites §1.2, not §1.1, for both sides sending at will', async () => {
    const element = await fixture<HTMLElement>(html`<wsp-lesson-key-points></wsp-lesson-key-points>`);
    expect(text(shadow(element))).to.contain('both may send at the same moment (RFC 6455 §1.2)');
    expect(text(shadow(element))).to.not.contain('(RFC 6455 §1.1');
    const speaks = [...shadow(element).querySelectorAll<WspSelfCheck>('wsp-self-check')].find((check) =>
      /What must it wait for/.test(check.getAttribute('question') ?? ''),
    );
    const marked = speaks!.options.find((option) => option.correct)!;
    expect(marked.explanation).to.contain('RFC 6455 §1.2');
  });
});
