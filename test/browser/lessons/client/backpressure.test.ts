import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import '../../../../src/lessons/client/wsp-lesson-client.ts';
import type { WspLessonClient } from '../../../../src/lessons/client/wsp-lesson-client.ts';
import type { WspOnApproach } from '../../../../src/components/wsp-on-approach.ts';
import type { WspClientBackpressureDemo } from '../../../../src/lessons/client/wsp-client-backpressure-demo.ts';
import { CHUNK_BYTES, type ProducerRecord } from '../../../../src/lessons/client/backpressure-run.ts';
import { ConnectionMode } from '../../../../src/transport/mode.ts';
import { NETWORK_BUFFER_BYTES } from '../../../../src/transport/simulated.ts';
import { serverUrl } from '../../helpers/live-servers.ts';
import {
  applyTheme,
  failOnConsoleErrors,
  shadow,
  text,
  useMode,
  useSiteThemeForAxe,
} from '../../helpers/lesson-helpers.ts';

const MiB = 1024 * 1024;
/** A run needs a few seconds: the live buffers between page and server take MBs before anything backs up. */
const RUN_WAIT = { timeout: 20_000 };

/** The lesson with its backpressure demo loaded, as a reader who scrolled down to it gets it. */
async function renderDemo(): Promise<{ demo: WspClientBackpressureDemo; root: ShadowRoot }> {
  const lesson = await fixture<WspLessonClient>(html`<wsp-lesson-client></wsp-lesson-client>`);
  const waiting = shadow(lesson).querySelector('wsp-client-backpressure-demo');
  const lazy = waiting?.parentElement as WspOnApproach | null;
  expect(lazy?.localName, 'the demo waits inside wsp-on-approach').to.equal('wsp-on-approach');
  await lazy!.loadNow();
  await customElements.whenDefined('wsp-client-backpressure-demo');
  const demo = waiting as WspClientBackpressureDemo;
  await demo.updateComplete;
  return { demo, root: shadow(demo) };
}

function last(samples: ProducerRecord['read']): number {
  return samples.at(-1)?.bytes ?? 0;
}

function peak(samples: ProducerRecord['read']): number {
  return Math.max(0, ...samples.map((sample) => sample.bytes));
}

/**
 * Runs both producers until bufferedAmount has passed `threshold` and the
 * server has reported a few times, then stops them; returns both records.
 */
async function run(
  demo: WspClientBackpressureDemo,
  root: ShadowRoot,
  threshold: number,
): Promise<{ classic: ProducerRecord; stream: ProducerRecord }> {
  root.querySelector<HTMLButtonElement>('#run')!.click();
  await waitUntil(
    () => peak(demo.run?.classic.waiting ?? []) > threshold && (demo.run?.stream.read.length ?? 0) >= 3,
    'bufferedAmount past the threshold and the server’s reports',
    RUN_WAIT,
  );
  root.querySelector<HTMLButtonElement>('#stop')!.click();
  await demo.updateComplete;
  return { classic: demo.run!.classic, stream: demo.run!.stream };
}

for (const mode of [ConnectionMode.simulated, ConnectionMode.live]) {
  describe(`the backpressure demo in ${mode} mode`, function () {
    this.timeout(30_000);
    useMode(mode);
    failOnConsoleErrors();

    it('shows bufferedAmount growing under send(), while WebSocketStream’s writes wait for the server', async () => {
      const { demo, root } = await renderDemo();
      const rate = 64 * 1024;
      root.querySelector<HTMLInputElement>(`input[name=rate][value="${rate}"]`)!.click();
      const { classic, stream } = await run(demo, root, MiB);
      expect(demo.run!.bytesPerSecond).to.equal(rate);

      // WebSocket: the loop kept sending; what the network could not take piled up in bufferedAmount.
      expect(peak(classic.waiting)).to.be.above(MiB);
      expect(last(classic.handedOver) - last(classic.read)).to.be.above(MiB);

      // WebSocketStream: never more than the one write in the page, and what was written kept near what was read.
      expect(peak(stream.waiting)).to.be.at.most(CHUNK_BYTES);
      const ahead = last(stream.handedOver) - last(stream.read);
      // Simulated, the wire's network buffer is the bound; live, the machines' TCP buffers are (a few MB here).
      const bound = mode === ConnectionMode.simulated ? NETWORK_BUFFER_BYTES + rate + 4 * CHUNK_BYTES : 16 * MiB;
      expect(ahead, 'written and not yet read').to.be.at.most(bound);
      expect(last(stream.handedOver), 'the stream wrote less than send() pushed').to.be.below(last(classic.handedOver));

      const status = text(root.querySelector('#status'));
      expect(status).to.match(/^Done\. WebSocket: send\(\) handed over .+, bufferedAmount peaked at .+ MiB/);
      expect(status).to.contain('WebSocketStream: write() resolved for');
      const legend = [...shadow(root.querySelector('#classic wsp-client-backpressure-graph')).querySelectorAll('li')];
      expect(text(legend[1])).to.match(/^bufferedAmount \(waiting in the page\): \d+\.\d MiB at \d+\.\d s/);
      if (mode === ConnectionMode.live) {
        // How much the buffers between took before bufferedAmount rose is measured, and said.
        expect(text(root.querySelector('#between'))).to.match(/^bufferedAmount first rose at \d+\.\d s, once about/);
      }
    });

    it('says which WebSocketStream runs', async () => {
      const { root } = await renderDemo();
      const kind = text(root.querySelector('#stream-kind'));
      if (mode === ConnectionMode.live) expect(kind).to.equal('Running your browser’s WebSocketStream.');
      else
        expect(kind).to.match(
          /^Running the page’s stand-in for WebSocketStream \(src\/transport\/websocket-stream\.ts\)/,
        );
    });
  });
}

describe('Chromium and a full send buffer', function () {
  this.timeout(30_000);

  it('keeps queuing: 64 MiB waiting in bufferedAmount, the connection still OPEN, no event', async () => {
    const live = await serverUrl('live-server-url');
    // The live /slow at its slowest: it takes one message off the connection, then stops reading its socket.
    const socket = new WebSocket(`${live}/slow?bytesPerSecond=1024`);
    await new Promise((resolve) => socket.addEventListener('open', resolve, { once: true }));
    const events: string[] = [];
    socket.addEventListener('error', () => events.push('error'));
    socket.addEventListener('close', (event) => events.push(`close ${event.code}`));
    const chunk = new Uint8Array(64 * 1024);
    for (let i = 0; i < 1024; i++) socket.send(chunk);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(socket.bufferedAmount).to.be.above(60 * MiB);
    expect(socket.readyState).to.equal(WebSocket.OPEN);
    expect(events).to.deep.equal([]);
    socket.close();
  });
});

describe('the backpressure demo on a phone and under axe-core', function () {
  this.timeout(30_000);
  useSiteThemeForAxe();

  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
  });

  it('keeps its graphs, code and words within 360 px', async () => {
    await setViewport({ width: 360, height: 800 });
    const { demo, root } = await renderDemo();
    await run(demo, root, MiB);
    const right = demo.getBoundingClientRect().right;
    expect(right, 'the demo within the viewport').to.be.at.most(360);
    const tooWide = [
      ...root.querySelectorAll<HTMLElement>('p, fieldset, wsp-code-block, wsp-client-backpressure-graph'),
    ].filter((element) => element.getBoundingClientRect().right > right + 0.5);
    expect(tooWide.map((element) => element.outerHTML.slice(0, 80))).to.deep.equal([]);
    expect(document.documentElement.scrollWidth, 'the page scrolls sideways').to.be.at.most(360);
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`finds no violations before and after a run (${theme} theme)`, async () => {
      applyTheme(theme);
      const { demo, root } = await renderDemo();
      await expect(demo).to.be.accessible();
      await run(demo, root, MiB);
      await expect(demo).to.be.accessible();
    });
  }
});
