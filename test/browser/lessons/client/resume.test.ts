import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { WspOnApproach } from '../../../../src/components/wsp-on-approach.ts';
import { connectionSettings } from '../../../../src/controllers/connection-settings.ts';
import { DeliveryTally, describeRuns } from '../../../../src/lessons/client/delivery-tally.ts';
import { followNaively, followResumably, type Item } from '../../../../src/lessons/client/recipes/resume.ts';
import { wireWebSocket } from '../../../../src/lessons/client/wire.ts';
import type { WspClientResumeDemo } from '../../../../src/lessons/client/wsp-client-resume-demo.ts';
import '../../../../src/lessons/client/wsp-lesson-client.ts';
import type { WspLessonClient } from '../../../../src/lessons/client/wsp-lesson-client.ts';
import { endpointUrl } from '../../../../src/transport/endpoint-url.ts';
import { ConnectionMode } from '../../../../src/transport/mode.ts';
import {
  applyTheme,
  failOnConsoleErrors,
  shadow,
  text,
  useMode,
  useSiteThemeForAxe,
} from '../../helpers/lesson-helpers.ts';

/** A run streams for a few seconds; a loaded machine may take longer. */
const RUN_WAIT = { timeout: 20_000 };

const upTo = (last: number): number[] => Array.from({ length: last }, (_, i) => i + 1);

/** The lesson with its resume demo loaded, as a reader who scrolled down to it gets it. */
async function renderDemo(): Promise<{ demo: WspClientResumeDemo; root: ShadowRoot }> {
  const lesson = await fixture<WspLessonClient>(html`<wsp-lesson-client></wsp-lesson-client>`);
  const lazy = [...shadow(lesson).querySelectorAll<WspOnApproach>('wsp-on-approach')].find((element) =>
    element.querySelector('wsp-client-resume-demo'),
  );
  expect(lazy, 'the demo waits inside wsp-on-approach').to.not.equal(undefined);
  await lazy!.loadNow();
  await customElements.whenDefined('wsp-client-resume-demo');
  const demo = lazy!.querySelector<WspClientResumeDemo>('wsp-client-resume-demo')!;
  // Small numbers, so a run takes about two seconds: 30 items 50 ms apart, a drop after 5, back after 500 ms.
  Object.assign(demo, { count: 30, every: 50, dropAt: 5, reconnectAfter: 500 });
  await demo.updateComplete;
  return { demo, root: shadow(demo) };
}

async function runBoth(demo: WspClientResumeDemo, root: ShadowRoot): Promise<void> {
  root.querySelector<HTMLButtonElement>('#run')!.click();
  await demo.updateComplete;
  await waitUntil(() => /^Done:/.test(text(root.querySelector('#status'))), 'both streams end', RUN_WAIT);
  await demo.updateComplete;
}

function cells(root: ShadowRoot, client: string): { received: string; lost: string; duplicated: string } {
  const row = root.querySelector(`#tally tr[data-client=${client}]`);
  return {
    received: text(row?.querySelector('.received')),
    lost: text(row?.querySelector('.lost')),
    duplicated: text(row?.querySelector('.duplicated')),
  };
}

describe('the delivery tally', () => {
  it('counts each repeat, and the items never received as runs', () => {
    const tally = new DeliveryTally();
    for (const seq of [1, 2, 2, 3, 7, 8, 8, 8, 10]) tally.add(seq);
    expect(tally.duplicated).to.equal(3);
    expect(tally.lostRuns(12)).to.deep.equal([
      [4, 6],
      [9, 9],
      [11, 12],
    ]);
    expect(tally.lost(12)).to.equal(6);
    expect(describeRuns(tally.lostRuns(12))).to.equal('4–6, 9, 11–12');
    expect(new DeliveryTally().lost(0)).to.equal(0);
  });
});

for (const mode of [ConnectionMode.simulated, ConnectionMode.live]) {
  describe(`messages that survive a reconnect, in ${mode} mode`, function () {
    this.timeout(30_000);
    useMode(mode);
    failOnConsoleErrors();

    it('counts what each client received: the naive one loses items, the resumable one loses and repeats none', async () => {
      const { demo, root } = await renderDemo();
      await runBoth(demo, root);
      const resumable = demo.received('resumable');
      expect(resumable, 'every item once, in order').to.deep.equal(upTo(30));
      const naive = demo.received('naive');
      expect(naive.slice(0, 5), 'the items before the drop').to.deep.equal(upTo(5));
      expect(naive.at(-1), 'it heard the stream to its end').to.equal(30);
      expect(
        [...naive].sort((a, b) => a - b),
        'in order',
      ).to.deep.equal(naive);
      expect(new Set(naive).size, 'none twice').to.equal(naive.length);
      const lost = upTo(30).filter((seq) => !naive.includes(seq));
      expect(lost.length, 'the naive client lost what was sent while it was away').to.be.above(0);
      // What was lost is one run, from just after the last item before the drop.
      expect(lost).to.deep.equal(upTo(lost.at(-1)!).slice(lost[0]! - 1));
      expect(naive).to.include(lost[0]! - 1);

      expect(cells(root, 'resumable')).to.deep.equal({ received: '30', lost: '0', duplicated: '0' });
      expect(cells(root, 'naive')).to.deep.equal({
        received: String(naive.length),
        lost: `${lost.length} (${lost[0]}–${lost.at(-1)})`,
        duplicated: '0',
      });
      expect(text(root.querySelector('#status'))).to.equal(
        `Done: the naive client lost ${lost.length} of 30 items; the resumable client lost 0 and got 0 twice.`,
      );
      const story = text(root.querySelector('.story[data-client=resumable]'));
      expect(story).to.contain('(code 1006); reconnecting in 500 ms');
      expect(story).to.match(/reconnected with from=\d+/);
    });

    it('runs the recipe on the wire: every item frame that arrived, and what the application was handed', async () => {
      const { mode: current, serverUrl } = connectionSettings;
      const WebSocket = wireWebSocket({ mode: current, serverUrl });
      const url = endpointUrl(serverUrl, '/resume?count=20&every=40');
      const run = (follow: typeof followResumably) =>
        new Promise<{ frames: number[]; handed: number[] }>((resolve) => {
          const frames: number[] = [];
          const handed: number[] = [];
          let dropped = false;
          let socket: WebSocket | undefined;
          follow(url, {
            WebSocket,
            retryDelay: () => 400,
            onOpen(opened) {
              socket = opened;
              opened.addEventListener('message', (event) => {
                const message = JSON.parse(event.data as string) as { type: string; seq?: number };
                if (message.type === 'item') frames.push(message.seq!);
              });
            },
            onItem(item: Item) {
              handed.push(item.seq);
              if (!dropped && item.seq === 4) {
                dropped = true;
                socket!.send(JSON.stringify({ type: 'drop' }));
              }
            },
            onEnd: () => resolve({ frames, handed }),
          });
        });
      const [resumable, naive] = await Promise.all([run(followResumably), run(followNaively)]);
      expect(resumable.handed).to.deep.equal(upTo(20));
      expect(
        upTo(20).every((seq) => resumable.frames.includes(seq)),
        'every item reached the page',
      ).to.equal(true);
      expect(naive.handed).to.deep.equal(naive.frames);
      expect(naive.frames.length, 'the naive client never saw some items').to.be.below(20);
    });

    it('tells the application exactly what the server could no longer replay', async () => {
      const { mode: current, serverUrl } = connectionSettings;
      const WebSocket = wireWebSocket({ mode: current, serverUrl });
      // 20 ms apart and away for 1.5 s: some 75 items made, more than the 50 the server keeps.
      const url = endpointUrl(serverUrl, '/resume?count=150&every=20');
      const handed: number[] = [];
      const gaps: number[] = [];
      await new Promise<void>((resolve) => {
        let socket: WebSocket | undefined;
        followResumably(url, {
          WebSocket,
          retryDelay: () => 1500,
          onOpen: (opened) => (socket = opened),
          onItem(item) {
            handed.push(item.seq);
            if (item.seq === 3 && handed.length === 3) socket!.send(JSON.stringify({ type: 'drop' }));
          },
          onGap: ({ missing }) => gaps.push(missing),
          onEnd: () => resolve(),
        });
      });
      expect(gaps.length).to.equal(1);
      expect(gaps[0]).to.be.above(0);
      expect(handed.length + gaps[0]!, 'lost exactly what the gap named').to.equal(150);
      expect(new Set(handed).size).to.equal(handed.length);
    });
  });
}

describe('the resume demo on a phone and under axe-core', function () {
  this.timeout(30_000);
  useSiteThemeForAxe();

  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
  });

  it('keeps the code, the table and its story within 360 px', async () => {
    await setViewport({ width: 360, height: 800 });
    const { demo, root } = await renderDemo();
    await runBoth(demo, root);
    const right = demo.getBoundingClientRect().right;
    expect(right, 'the demo within the viewport').to.be.at.most(360);
    const tooWide = [...root.querySelectorAll<HTMLElement>('table, td, th, p, li, wsp-code-block')].filter(
      (element) => element.getBoundingClientRect().right > right + 0.5,
    );
    expect(tooWide.map((element) => element.outerHTML.slice(0, 80))).to.deep.equal([]);
    expect(document.documentElement.scrollWidth, 'the page scrolls sideways').to.be.at.most(360);
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`finds no violations before and after a run (${theme} theme)`, async () => {
      applyTheme(theme);
      const { demo, root } = await renderDemo();
      await expect(demo).to.be.accessible();
      await runBoth(demo, root);
      await expect(demo).to.be.accessible();
    });
  }
});
