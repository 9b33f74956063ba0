import { expect, html, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { WspOnApproach } from '../../../../src/components/wsp-on-approach.ts';
import { connectionSettings } from '../../../../src/controllers/connection-settings.ts';
import { keepWhileShown } from '../../../../src/lessons/client/recipes/page-lifecycle.ts';
import { wireWebSocket } from '../../../../src/lessons/client/wire.ts';
import type { WspClientHeartbeatDemo } from '../../../../src/lessons/client/wsp-client-heartbeat-demo.ts';
import type { WspClientPageLifecycleDemo } from '../../../../src/lessons/client/wsp-client-page-lifecycle-demo.ts';
import type { WspClientReconnectDemo } from '../../../../src/lessons/client/wsp-client-reconnect-demo.ts';
import '../../../../src/lessons/client/wsp-lesson-client.ts';
import type { WspLessonClient } from '../../../../src/lessons/client/wsp-lesson-client.ts';
import type { Connection } from '../../../../src/transport/connect.ts';
import { endpointUrl } from '../../../../src/transport/endpoint-url.ts';
import { ConnectionMode } from '../../../../src/transport/mode.ts';
import {
  applyTheme,
  lessonFixture,
  failOnConsoleErrors,
  shadow,
  text,
  useMode,
  useSiteThemeForAxe,
  WAIT,
} from '../../helpers/lesson-helpers.ts';

/** What the browser fires on the window when the page leaves for the back/forward cache or for good. */
const leave = (persisted: boolean): boolean => window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted }));
/** What it fires when the page is shown: `persisted` when it came back from the cache. */
const come = (persisted: boolean): boolean => window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted }));

/** The close frame the page sent, as the trace saw it on the wire: its code and reason. */
function clientClose(connection: Connection): { code: number; reason: string } | undefined {
  for (const event of connection.trace.events) {
    if (event.type !== 'frame' || event.from !== 'client' || event.frame.opcode !== 8) continue;
    const { payload } = event.frame;
    return { code: (payload[0]! << 8) | payload[1]!, reason: new TextDecoder().decode(payload.subarray(2)) };
  }
  return undefined;
}

function closed(socket: WebSocket): Promise<CloseEvent> {
  return new Promise((resolve) => socket.addEventListener('close', resolve, { once: true }));
}

function logLines(root: ShadowRoot): string[] {
  return [...shadow(root.querySelector('wsp-event-log')).querySelectorAll('li')].map((item) => text(item));
}

async function renderLesson(): Promise<ShadowRoot> {
  return shadow(await lessonFixture<WspLessonClient>(html`<wsp-lesson-client></wsp-lesson-client>`));
}

async function renderDemo(): Promise<{ demo: WspClientPageLifecycleDemo; root: ShadowRoot }> {
  const lazy = [...(await renderLesson()).querySelectorAll<WspOnApproach>('wsp-on-approach')].find((element) =>
    element.querySelector('wsp-client-page-lifecycle-demo'),
  );
  expect(lazy, 'the demo waits inside wsp-on-approach').to.not.equal(undefined);
  await lazy!.loadNow();
  await customElements.whenDefined('wsp-client-page-lifecycle-demo');
  const demo = lazy!.querySelector<WspClientPageLifecycleDemo>('wsp-client-page-lifecycle-demo')!;
  await demo.updateComplete;
  return { demo, root: shadow(demo) };
}

for (const mode of [ConnectionMode.simulated, ConnectionMode.live]) {
  describe(`a connection that follows the page, in ${mode} mode`, () => {
    useMode(mode);
    failOnConsoleErrors();

    it('closes with 1000 on pagehide, persisted or not, and opens a new connection on pageshow from the cache only', async () => {
      const connections: Connection[] = [];
      const WebSocket = wireWebSocket(connectionSettings, (connection) => connections.push(connection));
      const url = endpointUrl(connectionSettings.serverUrl, '/echo');
      const sockets: WebSocket[] = [];
      const stop = keepWhileShown(() => {
        const socket = new WebSocket(url);
        sockets.push(socket);
        return socket;
      });
      const opened = (index: number): Promise<void> =>
        waitUntil(() => sockets[index]?.readyState === 1, `connection ${index + 1} opens`, WAIT);
      await opened(0);

      const first = closed(sockets[0]!);
      leave(true);
      const event = await first;
      expect({ code: event.code, reason: event.reason, wasClean: event.wasClean }).to.deep.equal({
        code: 1000,
        reason: 'page hidden',
        wasClean: true,
      });
      expect(clientClose(connections[0]!), 'the close frame on the wire').to.deep.equal({
        code: 1000,
        reason: 'page hidden',
      });

      come(false);
      expect(sockets.length, 'a first load’s pageshow opens nothing').to.equal(1);
      come(true);
      expect(sockets.length, 'back from the cache: a new connection').to.equal(2);
      await opened(1);
      const echoed = new Promise<string>((resolve) =>
        sockets[1]!.addEventListener('message', (message) => resolve(String(message.data)), { once: true }),
      );
      sockets[1]!.send('back again');
      expect(await echoed).to.equal('back again');

      const second = closed(sockets[1]!);
      leave(false);
      expect((await second).code, 'a page leaving for good closes too').to.equal(1000);
      come(true);
      await opened(2);

      const third = closed(sockets[2]!);
      stop();
      expect((await third).reason).to.equal('done');
      come(true);
      leave(true);
      expect(sockets.length, 'stopped: the page events no longer reach it').to.equal(3);
    });

    it('refuses close(1001) from the page: the browser keeps 1001 for itself', async () => {
      const WebSocket = wireWebSocket(connectionSettings);
      const socket = new WebSocket(endpointUrl(connectionSettings.serverUrl, '/echo'));
      await waitUntil(() => socket.readyState === 1, 'open', WAIT);
      expect(() => socket.close(1001, 'going away'))
        .to.throw()
        .with.property('name', 'InvalidAccessError');
      socket.close(1000);
    });

    it('the page lifecycle demo closes on Leave and comes back on Come back', async () => {
      const { root } = await renderDemo();
      root.querySelector<HTMLButtonElement>('#connect')!.click();
      await waitUntil(() => logLines(root).some((line) => line.includes('Connection 1 open.')), 'open', WAIT);
      root.querySelector<HTMLButtonElement>('#hide')!.click();
      await waitUntil(
        () => logLines(root).some((line) => line.includes('Connection 1 closed: code 1000, reason "page hidden".')),
        'closed on pagehide',
        WAIT,
      );
      root.querySelector<HTMLButtonElement>('#show')!.click();
      await waitUntil(() => logLines(root).some((line) => line.includes('Connection 2 open.')), 'back', WAIT);
      root.querySelector<HTMLButtonElement>('#stop')!.click();
      await waitUntil(
        () => logLines(root).some((line) => line.includes('Connection 2 closed: code 1000, reason "done".')),
        'stopped',
        WAIT,
      );
    });

    it('the heartbeat demo lets go of its connection on pagehide and connects again on pageshow', async () => {
      const element = (await renderLesson()).querySelector<WspClientHeartbeatDemo>('wsp-client-heartbeat-demo')!;
      const root = shadow(element);
      root.querySelector<HTMLButtonElement>('#connect')!.click();
      await waitUntil(() => logLines(root).filter((line) => line.includes('Open.')).length === 1, 'open', WAIT);
      leave(true);
      await waitUntil(
        () => logLines(root).some((line) => line.includes('Closed with code 1000, reason "page hidden".')),
        'closed on pagehide',
        WAIT,
      );
      come(true);
      await waitUntil(() => logLines(root).filter((line) => line.includes('Open.')).length === 2, 'again', WAIT);
      await waitUntil(() => logLines(root).some((line) => line.includes('Heard "heartbeat" back')), 'alive', WAIT);
    });

    it('the reconnect demo stops its attempts on pagehide and starts again on pageshow', async () => {
      const element = (await renderLesson()).querySelector<WspClientReconnectDemo>('wsp-client-reconnect-demo')!;
      const root = shadow(element);
      const outcomes = (): string[] =>
        [...root.querySelectorAll('#attempts tbody tr')].map((row) => text(row.querySelectorAll('td')[1]));
      root.querySelector<HTMLButtonElement>('#start')!.click();
      await waitUntil(() => outcomes()[0]?.startsWith('opened'), 'attempt 1 opens', WAIT);
      leave(true);
      await waitUntil(() => /closed at \d+, code 1000$/.test(outcomes()[0] ?? ''), 'closed with 1000', WAIT);
      await element.updateComplete;
      expect(text(root.querySelector('#status'))).to.contain('The page was hidden');
      come(true);
      await waitUntil(() => outcomes()[1]?.startsWith('opened'), 'a new attempt opens', WAIT);
      root.querySelector<HTMLButtonElement>('#stop')!.click();
      expect(outcomes().length, 'no retry after the page hid it').to.equal(2);
    });
  });
}

describe('the page lifecycle demo on a phone and under axe-core', () => {
  useSiteThemeForAxe();

  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
  });

  it('stays within 360 px', async () => {
    await setViewport({ width: 360, height: 800 });
    const { demo, root } = await renderDemo();
    root.querySelector<HTMLButtonElement>('#connect')!.click();
    await waitUntil(() => logLines(root).some((line) => line.includes('open')), 'open', WAIT);
    const right = demo.getBoundingClientRect().right;
    expect(right).to.be.at.most(360);
    const tooWide = [...root.querySelectorAll<HTMLElement>('p, button, wsp-code-block, wsp-event-log')].filter(
      (element) => element.getBoundingClientRect().right > right + 0.5,
    );
    expect(tooWide.map((element) => element.outerHTML.slice(0, 80))).to.deep.equal([]);
    expect(document.documentElement.scrollWidth).to.be.at.most(360);
    root.querySelector<HTMLButtonElement>('#stop')!.click();
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`finds no violations (${theme} theme)`, async () => {
      applyTheme(theme);
      const { demo, root } = await renderDemo();
      root.querySelector<HTMLButtonElement>('#connect')!.click();
      await waitUntil(() => logLines(root).some((line) => line.includes('open')), 'open', WAIT);
      await expect(demo).to.be.accessible();
      root.querySelector<HTMLButtonElement>('#stop')!.click();
    });
  }
});
