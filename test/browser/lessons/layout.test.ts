import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import '../../../src/lessons/client/wsp-lesson-client.ts';
import '../../../src/lessons/closing/wsp-lesson-closing.ts';
import '../../../src/lessons/server/wsp-lesson-server.ts';
import { ConnectionMode } from '../../../src/transport/mode.ts';
import { loadDemos, shadow, text, useMode, WAIT } from '../helpers/lesson-helpers.ts';

/**
 * Where things sit on the page, measured: the nits a reader sees at a glance
 * and a test of behaviour never notices (issue 16, item 15).
 */

const RUNNER_VIEWPORT = { width: 800, height: 600 };
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

async function renderLesson(
  tag: 'wsp-lesson-client' | 'wsp-lesson-server' | 'wsp-lesson-closing',
): Promise<ShadowRoot> {
  const holder = await fixture<HTMLDivElement>(html`<div></div>`);
  const lesson = document.createElement(tag);
  holder.append(lesson);
  await loadDemos(lesson);
  return shadow(lesson);
}

function box(element: Element | null | undefined): DOMRect {
  if (!element) throw new Error('no element to measure');
  return element.getBoundingClientRect();
}

describe('the lessons’ layout', () => {
  useMode(ConnectionMode.simulated);

  afterEach(async () => {
    await setViewport(RUNNER_VIEWPORT);
  });

  for (const tag of ['wsp-lesson-client', 'wsp-lesson-server'] as const) {
    it(`${tag}: every code block ends at the text column’s right edge, and hides no line past it`, async () => {
      await setViewport(DESKTOP);
      const root = await renderLesson(tag);
      const textRight = box(root.querySelector('article > p')).right;
      const blocks = [...root.querySelectorAll('wsp-code-block')];
      expect(blocks.length).to.be.above(0);
      for (const block of blocks) {
        await block.updateComplete;
        const caption = text(shadow(block).querySelector('figcaption'));
        expect(box(block).right, `${caption}: right edge`).to.be.at.most(textRight + 0.5);
        const pre = shadow(block).querySelector('pre')!;
        expect(pre.scrollWidth, `${caption}: a line runs past the block`).to.be.at.most(pre.clientWidth);
      }
    });
  }

  it('the server lesson’s chat: each message Ann and Bob receive gets the width of their log', async () => {
    await setViewport(DESKTOP);
    const chat = shadow((await renderLesson('wsp-lesson-server')).querySelector('wsp-server-chat-demo'));
    chat.querySelector<HTMLButtonElement>('#connect-both')!.click();
    await waitUntil(() => !chat.querySelector<HTMLButtonElement>('#bob-send')!.disabled, 'Bob is in', WAIT);
    await waitUntil(() => !chat.querySelector<HTMLButtonElement>('#ann-send')!.disabled, 'Ann is in', WAIT);
    chat.querySelector<HTMLButtonElement>('#ann-send')!.click();
    const bobLog = shadow(chat.querySelector('wsp-event-log[label="What Bob\'s page received"]'));
    const received = (): Element | undefined =>
      [...bobLog.querySelectorAll('li.received .text')].find((cell) => cell.textContent!.includes('Hello from Ann'));
    await waitUntil(received, 'Ann’s message reaches Bob', WAIT);
    const list = box(bobLog.querySelector('ol'));
    expect(box(received()).width / list.width, 'share of the log the message gets').to.be.above(0.8);
  });

  for (const [name, viewport] of Object.entries({ desktop: DESKTOP, phone: PHONE })) {
    it(`the closing lesson, ${name}: the fields of a form stand on one line`, async () => {
      await setViewport(viewport);
      const root = await renderLesson('wsp-lesson-closing');
      for (const [demo, ids] of [
        ['wsp-close-client-demo', ['code', 'reason']],
        ['wsp-close-server-demo', ['code', 'reason', 'after']],
      ] as const) {
        const demoRoot = shadow(root.querySelector(demo));
        const inputs = ids.map((id) => box(demoRoot.querySelector(`#${id}`)));
        expect(inputs[1]!.left, `${demo}: code and reason side by side`).to.be.above(inputs[0]!.right);
        // A field that wrapped to the next row is a whole row lower; one beside another must share its top.
        for (const input of inputs) {
          const offset = Math.abs(input.top - inputs[0]!.top);
          expect(offset <= 1 || offset >= input.height, `${demo}: ${ids.join(', ')} ${offset} px apart`).to.equal(true);
        }
      }
    });
  }
});
