import { expect, html, waitUntil } from '@open-wc/testing';
import type { LitElement } from 'lit';
import '../../../src/lessons/compression/wsp-lesson-compression.ts';
import type { WspLessonCompression } from '../../../src/lessons/compression/wsp-lesson-compression.ts';
import { LONG_MESSAGE, SHORT_MESSAGE } from '../../../src/lessons/compression/wsp-deflate-wire.ts';
import { ConnectionMode } from '../../../src/transport/mode.ts';
import {
  lessonFixture,
  applyTheme,
  failOnConsoleErrors,
  shadow,
  text,
  useMode,
  useSiteThemeForAxe,
} from '../helpers/lesson-helpers.ts';
import { DEMO_WAIT, LessonDemoDriver } from '../helpers/demo-driver.ts';

/** Drives one demo of the lesson, with what this lesson's demos show. */
class Demo extends LessonDemoDriver {
  /** The frames list of the demo: each row's way, RSV1 and message column. */
  frames(): { from: string; rsv1: string; message: string }[] {
    const list = shadow(this.find('wsp-deflate-frames'));
    return [...list.querySelectorAll('#frames tbody tr')].map((row) => ({
      from: row.getAttribute('data-from') ?? '',
      rsv1: row.getAttribute('data-rsv1') ?? '',
      message: text(row.querySelector('.message')),
    }));
  }

  async waitForFrames(count: number, what: string): Promise<void> {
    await waitUntil(() => this.frames().filter((frame) => frame.message !== '').length >= count, what, DEMO_WAIT);
  }
}

async function renderLesson(): Promise<WspLessonCompression> {
  return lessonFixture<WspLessonCompression>(html`<wsp-lesson-compression></wsp-lesson-compression>`);
}

function demo(lesson: WspLessonCompression, id: string): Demo {
  return new Demo(shadow(lesson).querySelector<LitElement>(`#${id}`)!);
}

describe('the compression lesson', () => {
  failOnConsoleErrors();

  it('holds its five demos in its sections, then key points and five self-checks', async () => {
    const lesson = await renderLesson();
    const root = shadow(lesson);
    expect(text(root.querySelector('h1'))).to.equal('Compression');
    expect([...root.querySelectorAll('h2')].map((heading) => text(heading))).to.deep.equal([
      'The offer and the answer',
      'On the wire',
      'X-ray of a compressed message',
      'What it costs',
      'Why it can leak',
      'The defences',
      'Check yourself',
    ]);
    for (const id of ['negotiation', 'wire', 'xray', 'cost', 'oracle']) {
      expect(root.querySelector(`#${id}`), id).to.not.equal(null);
    }
    expect(root.querySelector('wsp-key-points')).to.not.equal(null);
    const checks = [...root.querySelectorAll('wsp-self-check')];
    expect(checks).to.have.length(5);
    for (const check of checks) expect(check.options.filter((option) => option.correct)).to.have.length(1);
    expect(text(root.querySelector('pre'))).to.equal(
      'Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits',
    );
  });
});

for (const mode of [ConnectionMode.simulated, ConnectionMode.live]) {
  describe(`the compression lesson's demos in ${mode} mode`, () => {
    useMode(mode);
    failOnConsoleErrors();

    it('negotiates permessage-deflate, and the second “Hello” copies from the first', async () => {
      const negotiation = demo(await renderLesson(), 'negotiation');
      await negotiation.click('#connect');
      await waitUntil(() => negotiation.root.querySelector('#extensions'), 'the connection opens', DEMO_WAIT);
      expect(text(negotiation.find('#extensions'))).to.match(/^"permessage-deflate/);
      // In Live mode the request and the server's 101 reach the trace on the side channel, maybe after the open event.
      await waitUntil(() => negotiation.root.querySelector('#offer'), 'the offer is in the trace', DEMO_WAIT);
      const offer = shadow(negotiation.find('#offer'));
      expect(text(offer)).to.contain('client_max_window_bits');
      await waitUntil(() => negotiation.root.querySelector('#answer'), 'the answer is in the trace', DEMO_WAIT);
      const answer = shadow(negotiation.find('#answer'));
      expect(text(answer.querySelector('caption'))).to.match(/^HTTP 101, Sec-WebSocket-Extensions: permessage-deflate/);
      await negotiation.waitForFrames(2, 'the first Hello and its echo');
      await negotiation.click('#send-again');
      await negotiation.waitForFrames(4, 'the second Hello and its echo');
      const frames = negotiation.frames().filter((frame) => frame.message !== '');
      expect(frames.map((frame) => frame.rsv1)).to.deep.equal(['1', '1', '1', '1']);
      const sent = frames.filter((frame) => frame.from === 'client').map((frame) => frame.message);
      expect(sent).to.deep.equal(['7 bytes inflate to 5 bytes', '5 bytes inflate to 5 bytes']);
    });

    it('explains each parameter the reader makes the server answer, and the window then stays empty', async () => {
      const negotiation = demo(await renderLesson(), 'negotiation');
      await negotiation.check('#server_no_context_takeover');
      await negotiation.check('#client_no_context_takeover');
      await negotiation.select('#server_max_window_bits', '10');
      await negotiation.click('#connect');
      await waitUntil(() => negotiation.root.querySelector('#answer'), 'the answer is in the trace', DEMO_WAIT);
      const answer = shadow(negotiation.find('#answer'));
      const rows = [...answer.querySelectorAll('tbody th .param')].map((cell) => text(cell));
      expect(rows).to.include.members([
        'server_no_context_takeover',
        'client_no_context_takeover',
        'server_max_window_bits=10',
      ]);
      expect(text(answer)).to.contain('RFC 7692 §7.1.1.1');
      await negotiation.waitForFrames(2, 'the first Hello and its echo');
      await negotiation.click('#send-again');
      await negotiation.waitForFrames(4, 'the second Hello and its echo');
      const messages = negotiation
        .frames()
        .filter((frame) => frame.message !== '')
        .map((frame) => frame.message);
      expect(new Set(messages)).to.deep.equal(new Set(['7 bytes inflate to 5 bytes']));
    });

    it('sends everything uncompressed when the server declines', async () => {
      const negotiation = demo(await renderLesson(), 'negotiation');
      await negotiation.check('#answer-decline');
      await negotiation.click('#connect');
      await waitUntil(() => negotiation.root.querySelector('#extensions'), 'the connection opens', DEMO_WAIT);
      expect(text(negotiation.find('#extensions'))).to.equal('""');
      await waitUntil(() => negotiation.root.querySelector('#no-answer'), 'the answer is in the trace', DEMO_WAIT);
      expect(text(negotiation.find('#no-answer'))).to.contain('declined every extension');
      await negotiation.waitForFrames(2, 'Hello and its echo');
      expect(negotiation.frames().map((frame) => frame.rsv1)).to.deep.equal(['0', '0']);
      expect(negotiation.frames()[0]!.message).to.equal('not compressed, 5 bytes');
    });

    it('fails the connection when the server answers an extension the browser never offered', async () => {
      const negotiation = demo(await renderLesson(), 'negotiation');
      await negotiation.check('#answer-unoffered');
      await negotiation.click('#connect');
      await waitUntil(() => negotiation.root.querySelector('#close-code'), 'the connection fails', DEMO_WAIT);
      expect(text(negotiation.find('#close-code'))).to.equal('1006');
      await waitUntil(() => negotiation.root.querySelector('#answer'), 'the answer is in the trace', DEMO_WAIT);
      const answer = shadow(negotiation.find('#answer'));
      expect(text(answer)).to.contain('x-webkit-deflate-frame');
      await waitUntil(
        () => /x-webkit-deflate-frame/.test(text(negotiation.root.querySelector('#failure'))),
        'the demo says why',
        DEMO_WAIT,
      );
      expect(text(negotiation.find('#failure'))).to.contain('did not offer');
      expect(negotiation.root.querySelector('#extensions')).to.equal(null);
    });

    it('shows the server’s short echo uncompressed and its long one compressed, tail and all', async () => {
      const wire = demo(await renderLesson(), 'wire');
      await wire.click('#connect');
      await wire.click('#send-short');
      await wire.waitForFrames(2, 'the short message and its echo');
      await wire.click('#send-long');
      await wire.waitForFrames(4, 'the long message and its echo');
      const frames = wire.frames().filter((frame) => frame.message !== '');
      expect(frames.map((frame) => [frame.from, frame.rsv1])).to.deep.equal([
        ['client', '1'],
        ['server', '0'],
        ['client', '1'],
        ['server', '1'],
      ]);
      expect(frames[1]!.message).to.equal(`not compressed, ${SHORT_MESSAGE.length} bytes`);
      const list = shadow(wire.find('wsp-deflate-frames'));
      expect(text(list.querySelector('#with-tail mark'))).to.equal('00 00 ff ff');
      expect(text(list.querySelector('#inflated .mono'))).to.equal(`"${LONG_MESSAGE}"`);
      const bytes = shadow(list.querySelector('wsp-frame-bytes'));
      expect(text(bytes.querySelector('.verdict'))).to.match(/^A compressed text frame/);
      expect(text(bytes.querySelector('tr[data-field=rsv1] .meaning'))).to.contain('begins a compressed message');
    });

    it('takes a message far past the live server’s limit without breaking: echoed here, or closed with 1009 there', async () => {
      const wire = demo(await renderLesson(), 'wire');
      await wire.click('#connect');
      wire.find<HTMLInputElement>('#message').value = `"\\\u0000😀${'x'.repeat(200_000)}`;
      await wire.click('#send');
      const log = (): string => text(shadow(wire.find('wsp-event-log')));
      if (mode === ConnectionMode.live) {
        await waitUntil(() => /close event: code 1009/.test(log()), 'the server closes with 1009', DEMO_WAIT);
      } else {
        await wire.waitForFrames(2, 'the big message and its echo');
        const list = shadow(wire.find('wsp-deflate-frames'));
        expect(text(list.querySelector('#inflated'))).to.contain('200,007 bytes');
        expect(
          shadow(list.querySelector('wsp-frame-bytes')).querySelectorAll('.grid td[data-part]').length,
        ).to.be.at.most(64);
      }
    });

    it('X-rays the same JSON sent twice: with takeover the second copies from the first, without it not', async () => {
      const xray = demo(await renderLesson(), 'xray');
      const sentSizes = async (): Promise<number[]> => {
        await xray.click('#connect');
        await xray.click('#send');
        await xray.click('#send');
        await waitUntil(
          () => xray.root.querySelectorAll('#messages tr[data-from=client]').length === 2,
          'both messages are in the trace',
          DEMO_WAIT,
        );
        return [...xray.root.querySelectorAll('#messages tr[data-from=client] .compressed')].map((cell) =>
          Number(text(cell).replace(/\D/g, '')),
        );
      };
      const [first, second] = await sentSizes();
      expect(second!).to.be.below(first! / 4);
      const drawing = shadow(xray.find('wsp-xray-drawing'));
      expect(Number(text(drawing.querySelector('#earlier-count')))).to.be.at.least(1);
      expect(drawing.querySelectorAll('#drawing .copy.earlier').length).to.be.at.least(1);

      await xray.check('#takeover', false);
      const [alone, again] = await sentSizes();
      expect(again).to.equal(alone);
      expect(shadow(xray.find('wsp-xray-drawing')).querySelector('#earlier-count')).to.equal(null);
    });

    it('weighs each shape with and without compression: large JSON shrinks, random bytes and a tiny text grow', async () => {
      const cost = demo(await renderLesson(), 'cost');
      await cost.click('#measure');
      await waitUntil(() => cost.root.querySelectorAll('#costs tbody tr').length === 5, 'the five rows', {
        timeout: 15_000,
      });
      const change = (shape: string, side: string): string =>
        text(cost.root.querySelector(`tr[data-shape=${shape}] .${side} .change`));
      for (const side of ['client', 'server']) {
        expect(change('large-json', side)).to.match(/^\(−[5-9]\d %\)$/);
        expect(change('large-random', side)).to.match(/^\(\+/);
        expect(change('tiny', side)).to.match(/^\(\+/);
      }
    });
  });
}

describe('the length-oracle game', () => {
  failOnConsoleErrors();

  it('gives the token away a character a round, then tells nothing once a defence is on', async () => {
    const oracle = demo(await renderLesson(), 'oracle');
    await oracle.click('#start');
    await waitUntil(() => oracle.root.querySelector('#candidates'), 'the first round', DEMO_WAIT);
    for (let round = 0; round < 6; round++) {
      const shortest = oracle.root.querySelectorAll<HTMLButtonElement>('#candidates button[data-shortest=true]');
      expect(shortest, `round ${round + 1}`).to.have.length(1);
      shortest[0]!.click();
      await oracle.demo.updateComplete;
    }
    expect(text(oracle.find('#verdict'))).to.match(/^Recovered: session=[a-z0-9]{6} is the token/);
    await oracle.click('#reveal');
    expect(text(oracle.find('#secret'))).to.equal(text(oracle.find('#known')));

    await oracle.click('#start');
    await waitUntil(() => text(oracle.root.querySelector('#known')) === 'session=______', 'a new secret', DEMO_WAIT);
    await oracle.check('#defence-separate');
    expect(text(oracle.find('#round-verdict'))).to.contain('Every guess weighs the same');
    await oracle.check('#defence-off');
    expect(text(oracle.find('#round-verdict'))).to.contain('Every guess weighs the same');
  });

  it('takes any text the reader types, and says what the eavesdropper saw', async () => {
    const oracle = demo(await renderLesson(), 'oracle');
    await oracle.click('#start');
    await waitUntil(() => oracle.root.querySelector('#attacker-text'), 'the game starts', DEMO_WAIT);
    const field = oracle.find<HTMLInputElement>('#attacker-text');
    for (const junk of ['', '"\\\u0000', '😀'.repeat(500)]) {
      field.value = junk;
      await oracle.click('#send-text');
    }
    const lines = [...oracle.root.querySelectorAll('#attempts li')].map((line) => text(line));
    expect(lines).to.have.length(3);
    for (const line of lines) expect(line).to.match(/: \d+ bytes on the wire$/);
  });
});

describe('the compression lesson in Live mode with no server', () => {
  useMode(ConnectionMode.live);
  failOnConsoleErrors();

  it('says that no live server answered', async () => {
    const { connectionSettings } = await import('../../../src/controllers/connection-settings.ts');
    const before = connectionSettings.serverUrl;
    connectionSettings.setServerUrl('ws://127.0.0.1:9');
    try {
      const negotiation = demo(await renderLesson(), 'negotiation');
      await negotiation.click('#connect');
      await waitUntil(
        () => /No live server/.test(text(negotiation.root.querySelector('#failure'))),
        'the failure',
        DEMO_WAIT,
      );
    } finally {
      connectionSettings.setServerUrl(before);
    }
  });
});

describe('the compression lesson and axe-core', () => {
  useSiteThemeForAxe();

  for (const theme of ['light', 'dark'] as const) {
    it(`finds no violations once every demo has run (${theme} theme)`, async () => {
      applyTheme(theme);
      const lesson = await renderLesson();
      const negotiation = demo(lesson, 'negotiation');
      await negotiation.click('#connect');
      await negotiation.waitForFrames(2, 'the negotiation’s frames');
      const wire = demo(lesson, 'wire');
      await wire.click('#connect');
      await wire.click('#send-long');
      await wire.waitForFrames(2, 'the echo’s frames');
      const xray = demo(lesson, 'xray');
      await xray.click('#connect');
      await xray.click('#send');
      await waitUntil(() => xray.root.querySelector('wsp-xray-drawing'), 'the X-ray', DEMO_WAIT);
      await waitUntil(() => shadow(xray.find('wsp-xray-drawing')).querySelector('#drawing'), 'the drawing', DEMO_WAIT);
      const cost = demo(lesson, 'cost');
      await cost.click('#measure');
      await waitUntil(() => cost.root.querySelector('#costs'), 'the cost table', { timeout: 15_000 });
      const oracle = demo(lesson, 'oracle');
      await oracle.click('#start');
      await waitUntil(() => oracle.root.querySelector('#candidates'), 'the game', DEMO_WAIT);
      for (const details of [negotiation, wire].map((one) => one.find<HTMLDetailsElement>('details'))) {
        details.open = true;
      }
      shadow(xray.find('wsp-xray-drawing')).querySelector('details')!.open = true;
      await expect(lesson).to.be.accessible();
      lesson.remove();
    });
  }
});
