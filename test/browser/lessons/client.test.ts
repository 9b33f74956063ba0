import { expect, html, waitUntil } from '@open-wc/testing';
import basicClientSource from '../../../src/lessons/client/recipes/basic-client.ts?raw';
import bufferedAmountSource from '../../../src/lessons/client/recipes/buffered-amount.ts?raw';
import heartbeatSource from '../../../src/lessons/client/recipes/heartbeat.ts?raw';
import mistakesSource from '../../../src/lessons/client/recipes/mistakes.ts?raw';
import reconnectSource from '../../../src/lessons/client/recipes/reconnect.ts?raw';
import { excerptDeclaration } from '../../../src/components/source-excerpt.ts';
import type { WspClientBufferedDemo } from '../../../src/lessons/client/wsp-client-buffered-demo.ts';
import type { WspClientHeartbeatDemo } from '../../../src/lessons/client/wsp-client-heartbeat-demo.ts';
import type { WspClientReconnectDemo } from '../../../src/lessons/client/wsp-client-reconnect-demo.ts';
import type { WspCodeBlock } from '../../../src/components/wsp-code-block.ts';
import { connectionSettings } from '../../../src/controllers/connection-settings.ts';
import '../../../src/lessons/client/wsp-lesson-client.ts';
import type { WspLessonClient } from '../../../src/lessons/client/wsp-lesson-client.ts';
import { ConnectionMode } from '../../../src/transport/mode.ts';
import { lessonFixture, failOnConsoleErrors, shadow, text, useMode, WAIT } from '../helpers/lesson-helpers.ts';

const SOURCES: Readonly<Record<string, string>> = {
  'src/lessons/client/recipes/basic-client.ts': basicClientSource,
  'src/lessons/client/recipes/buffered-amount.ts': bufferedAmountSource,
  'src/lessons/client/recipes/heartbeat.ts': heartbeatSource,
  'src/lessons/client/recipes/mistakes.ts': mistakesSource,
  'src/lessons/client/recipes/reconnect.ts': reconnectSource,
};

function click(root: ShadowRoot, selector: string): void {
  const element = root.querySelector<HTMLElement>(selector);
  if (!element) throw new Error(`nothing matches ${selector}`);
  if (element instanceof HTMLButtonElement && element.disabled) throw new Error(`${selector} is disabled`);
  element.click();
}

async function renderLesson(): Promise<WspLessonClient> {
  return lessonFixture<WspLessonClient>(html`<wsp-lesson-client></wsp-lesson-client>`);
}

function demo(lesson: WspLessonClient, tag: string): ShadowRoot {
  return shadow(shadow(lesson).querySelector(tag));
}

function logLines(root: ShadowRoot): string[] {
  return [...shadow(root.querySelector('wsp-event-log')).querySelectorAll('li')].map((item) => text(item));
}

async function waitForLog(root: ShadowRoot, pattern: RegExp): Promise<string> {
  await waitUntil(() => logLines(root).some((line) => pattern.test(line)), `a log line matching ${pattern}`, WAIT);
  return logLines(root).find((line) => pattern.test(line))!;
}

/** The readyState timeline: each state with the time it was reached, or "not reached". */
function timeline(root: ShadowRoot): string[] {
  return [...shadow(root.querySelector('wsp-client-ready-state-timeline')).querySelectorAll('li')].map((item) =>
    text(item.querySelector('.at')),
  );
}

function exchangeRows(root: ShadowRoot): string[][] {
  return [...root.querySelectorAll('#exchanges tbody tr')].map((row) =>
    [...row.querySelectorAll('td')].map((cell) => text(cell)),
  );
}

function attemptRows(root: ShadowRoot): { outcome: string; delay: string }[] {
  return [...root.querySelectorAll('#attempts tbody tr')].map((row) => ({
    outcome: text(row.querySelectorAll('td')[1]),
    delay: text(row.querySelector('.delay')),
  }));
}

for (const mode of [ConnectionMode.simulated, ConnectionMode.live]) {
  describe(`the client lesson in ${mode} mode`, () => {
    useMode(mode);
    failOnConsoleErrors();

    it('walks readyState through 0, 1, 2 and 3, with protocol, extensions and the four events', async () => {
      const root = demo(await renderLesson(), 'wsp-client-api-demo');
      expect(timeline(root)).to.deep.equal(['not reached', 'not reached', 'not reached', 'not reached']);
      click(root, '#connect');
      await waitForLog(root, /open: protocol "v2\.echo\.playground", extensions ""/);
      await waitUntil(() => text(root.querySelector('#ready-state')) === '1 (OPEN)', 'OPEN shown', WAIT);
      expect(text(root.querySelector('#protocol'))).to.equal('"v2.echo.playground"');
      expect(text(root.querySelector('#extensions'))).to.equal('""');
      expect(
        timeline(root)
          .slice(0, 2)
          .every((at) => /^at \d+ ms/.test(at)),
      ).to.equal(true);

      click(root, '#close');
      await waitForLog(root, /close: code 1000, reason "done", wasClean true/);
      await waitUntil(() => /^at \d+ ms · now$/.test(timeline(root)[3]!), 'CLOSED reached', WAIT);
      const times = timeline(root).map((at) => Number(/\d+/.exec(at)?.[0]));
      expect(times.every((time) => Number.isFinite(time))).to.equal(true);
      expect([...times].sort((a, b) => a - b)).to.deep.equal(times);
      expect(
        logLines(root).some((line) => line.includes("socket.close(1000, 'done'): readyState 2 (CLOSING)")),
      ).to.equal(true);
    });

    it('sends a string, a Blob and an ArrayBuffer, and shows each frame and what came back under binaryType', async () => {
      const root = demo(await renderLesson(), 'wsp-client-api-demo');
      click(root, '#connect');
      await waitForLog(root, /open:/);
      await waitUntil(() => root.querySelector<HTMLButtonElement>('#send-string')?.disabled === false, 'open', WAIT);
      click(root, '#send-string');
      await waitUntil(() => /^a string/.test(exchangeRows(root)[0]?.[2] ?? ''), 'the string echoed', WAIT);
      click(root, '#send-blob');
      await waitUntil(() => /^an ArrayBuffer/.test(exchangeRows(root)[1]?.[2] ?? ''), 'the Blob echoed', WAIT);
      click(root, 'input[name=binary-type][value=blob]');
      await waitUntil(() => text(root.querySelector('#binary-type')) === '"blob"', 'binaryType blob', WAIT);
      click(root, '#send-arraybuffer');
      await waitUntil(
        () =>
          exchangeRows(root).length === 3 &&
          exchangeRows(root).every((row) => !row.some((cell) => /waiting/.test(cell))),
        'every row complete',
        WAIT,
      );
      expect(exchangeRows(root)).to.deep.equal([
        ['a string', 'text (opcode 1), 17-byte payload', 'a string, "Hello, WebSocket!"'],
        ['a Blob', 'binary (opcode 2), 7-byte payload', 'an ArrayBuffer of 7 bytes: 48 69 20 42 6c 6f 62'],
        ['an ArrayBuffer', 'binary (opcode 2), 5-byte payload', 'a Blob of 5 bytes'],
      ]);
      click(root, '#close');
      await waitForLog(root, /close: code 1000/);
    });

    it('goes from CONNECTING straight to CLOSED, with an error event, when the server refuses', async () => {
      const root = demo(await renderLesson(), 'wsp-client-api-demo');
      click(root, 'input[name=target][value="/no-such-endpoint"]');
      await waitUntil(() => text(root.querySelector('#url')).includes('/no-such-endpoint'), 'the URL', WAIT);
      click(root, '#connect');
      await waitForLog(root, /close: code 1006, reason "", wasClean false/);
      expect(logLines(root).some((line) => line.includes('error: something failed'))).to.equal(true);
      await waitUntil(() => /now$/.test(timeline(root)[3]!), 'CLOSED reached', WAIT);
      expect(timeline(root)[1]).to.equal('not reached');
      expect(timeline(root)[2]).to.equal('not reached');
    });

    it('shows bufferedAmount rising above 0 after a burst and draining back to 0', async () => {
      const lesson = await renderLesson();
      const element = shadow(lesson).querySelector<WspClientBufferedDemo>('wsp-client-buffered-demo')!;
      element.count = 12;
      await element.updateComplete;
      const root = shadow(element);
      click(root, '#connect');
      await waitUntil(() => !root.querySelector<HTMLButtonElement>('#burst')!.disabled, 'open', WAIT);
      click(root, '#burst');
      await waitUntil(() => /^Done:/.test(text(root.querySelector('#status'))), 'the drain ends', WAIT);
      const status = text(root.querySelector('#status'));
      const peak = Number(/peaked at (\d+) bytes/.exec(status)?.[1]);
      expect(peak).to.be.at.least(12 * 32 * 1024);
      expect(status).to.match(/was 0 again at \d+ ms/);
      const summary = text(shadow(root.querySelector('wsp-client-buffered-graph')).querySelector('#summary'));
      expect(summary).to.match(/rose to 384 KiB and was back to 0 at \d+ ms/);
      await waitUntil(
        () => text(root.querySelector('#echoed')) === 'The echo brought back 12 of 12 messages.',
        'echoes',
        WAIT,
      );
      click(root, '#close');
    });

    it('shows the real InvalidStateError of a send before open, and the fix', async () => {
      const root = demo(await renderLesson(), 'wsp-client-send-early-demo');
      click(root, '#send-early');
      await waitUntil(() => root.querySelector('#early-outcome'), 'the outcome', WAIT);
      expect(text(root.querySelector('#early-outcome'))).to.equal(
        "InvalidStateError: Failed to execute 'send' on 'WebSocket': Still in CONNECTING state.",
      );
      expect(text(root)).to.contain('readyState 0 (CONNECTING)');
      click(root, '#send-when-open');
      await waitUntil(() => /echo brought back "hello"/.test(text(root.querySelector('#fixed-outcome'))), 'echo', WAIT);
    });

    it('leaves the page without handlers saying “connecting…” when the server refuses', async () => {
      const root = demo(await renderLesson(), 'wsp-client-error-handler-demo');
      click(root, '#run');
      await waitUntil(() => /refused or is down/.test(text(root.querySelector('#careful .status'))), 'careful', WAIT);
      expect(text(root.querySelector('#careful .status'))).to.equal(
        'lost (close code 1006): the server refused or is down',
      );
      expect([...root.querySelectorAll('#careful li')].map((item) => text(item))).to.include(
        'error: could not connect',
      );
      expect(text(root.querySelector('#hopeful .status'))).to.equal('connecting…');
    });

    it('leaves the page without handlers saying “connected” after the connection died', async () => {
      const root = demo(await renderLesson(), 'wsp-client-error-handler-demo');
      click(root, 'input[name=scenario][value=dropped]');
      click(root, '#run');
      await waitUntil(() => /try to reconnect/.test(text(root.querySelector('#careful .status'))), 'the drop', WAIT);
      expect(text(root.querySelector('#careful .status'))).to.equal('lost (close code 1006): try to reconnect');
      expect([...root.querySelectorAll('#hopeful li')].map((item) => text(item))).to.deep.equal([
        'connecting…',
        'connected',
      ]);
    });

    it('notices with a heartbeat a connection that went silent while readyState still says OPEN', async () => {
      const lesson = await renderLesson();
      const element = shadow(lesson).querySelector<WspClientHeartbeatDemo>('wsp-client-heartbeat-demo')!;
      element.interval = 50;
      element.timeout = 250;
      await element.updateComplete;
      const root = shadow(element);
      click(root, '#connect');
      await waitForLog(root, /Heard "heartbeat" back/);
      await waitUntil(() => !root.querySelector<HTMLButtonElement>('#cut')!.disabled, 'cut enabled', WAIT);
      click(root, '#cut');
      await element.updateComplete;
      expect(text(root.querySelector('#ready-state'))).to.equal('1 (OPEN)');
      await waitUntil(() => /^Noticed/.test(text(root.querySelector('#verdict'))), 'the heartbeat notices', WAIT);
      const verdict = text(root.querySelector('#verdict'));
      expect(verdict).to.contain('while readyState still said 1 (OPEN)');
      const silence = Number(/nothing heard for (\d+) ms/.exec(verdict)?.[1]);
      expect(silence).to.be.above(250);
      expect(silence).to.be.below(1000);
      await element.updateComplete;
      expect(text(root.querySelector('#last-heard')), 'one silence, said the same way twice').to.equal(
        `${silence} ms ago`,
      );
      expect(text(root.querySelector('#ready-state')), 'a readyState, as the socket reports it').to.match(
        /^[23] \((CLOSING|CLOSED)\)$/,
      );
    });

    it('reconnects after each drop by a dropping server, with waits that double up to the cap', async () => {
      const lesson = await renderLesson();
      const element = shadow(lesson).querySelector<WspClientReconnectDemo>('wsp-client-reconnect-demo')!;
      Object.assign(element, { baseDelay: 40, maxDelay: 200, stableAfter: 10_000, dropAfter: 100, random: () => 1 });
      await element.updateComplete;
      const root = shadow(element);
      click(root, 'input[name=server][value=dropping]');
      click(root, '#start');
      await waitUntil(() => attemptRows(root).filter((row) => row.delay).length >= 5, 'five drops', { timeout: 8000 });
      click(root, '#stop');
      await element.updateComplete;
      const rows = attemptRows(root).slice(0, 5);
      expect(rows.map((row) => row.delay)).to.deep.equal(['40 ms', '80 ms', '160 ms', '200 ms', '200 ms']);
      for (const row of rows) expect(row.outcome).to.match(/^opened at \d+; closed at \d+, code 1006$/);
      expect(text(root.querySelector('#status'))).to.contain('Stopped');
    });
  });
}

describe('the reconnect demo in simulated mode', () => {
  before(() => connectionSettings.setMode(ConnectionMode.simulated));

  it('reconnects when the reader drops the connection, and starts the waits over after a stable connection', async () => {
    const lesson = await renderLesson();
    const element = shadow(lesson).querySelector<WspClientReconnectDemo>('wsp-client-reconnect-demo')!;
    Object.assign(element, { baseDelay: 40, maxDelay: 1000, stableAfter: 400, random: () => 0.5 });
    await element.updateComplete;
    const root = shadow(element);
    click(root, '#start');
    const dropWhenOpen = async (attempt: number): Promise<void> => {
      await waitUntil(() => attemptRows(root)[attempt - 1]?.outcome.startsWith('opened'), `attempt ${attempt}`, WAIT);
      await element.updateComplete;
      click(root, '#drop');
      await waitUntil(() => attemptRows(root)[attempt - 1]?.delay, `the wait after attempt ${attempt}`, WAIT);
    };
    await dropWhenOpen(1);
    await dropWhenOpen(2);
    await dropWhenOpen(3);
    // Attempt 4 stays up past stableAfter: the count starts again.
    await waitUntil(() => attemptRows(root)[3]?.outcome.startsWith('opened'), 'attempt 4', WAIT);
    await new Promise((resolve) => setTimeout(resolve, 600));
    await dropWhenOpen(4);
    click(root, '#stop');
    expect(
      attemptRows(root)
        .map((row) => row.delay)
        .slice(0, 4),
    ).to.deep.equal(['20 ms', '40 ms', '80 ms', '20 ms']);
    expect(attemptRows(root)[0]!.outcome).to.match(/code 1006$/);
  });
});

describe('the code shown in the client lesson', () => {
  it('is, block by block, the text of the recipe modules the demos import', async () => {
    const lesson = await renderLesson();
    const blocks = [...shadow(lesson).querySelectorAll<WspCodeBlock>('wsp-code-block')];
    expect(blocks.length).to.equal(12);
    for (const block of blocks) {
      const source = SOURCES[block.label];
      expect(source, `a recipe file for ${block.label}`).to.be.a('string');
      const excerpt = excerptDeclaration(source!, block.dataset['declaration']!);
      expect(block.code).to.equal(excerpt.code);
      expect(block.firstLine).to.equal(excerpt.firstLine);
      expect(
        source!
          .split('\n')
          .slice(excerpt.firstLine - 1)
          .join('\n')
          .startsWith(block.code),
      ).to.equal(true);
    }
    expect(blocks.map((block) => block.dataset['declaration'])).to.deep.equal([
      'openSocket',
      'sendSample',
      'describeData',
      'sendFast',
      'watchBufferedAmount',
      'sendTooEarly',
      'sendWhenOpen',
      'connectHopefully',
      'connectCarefully',
      'startHeartbeat',
      'backoffBound',
      'connectWithBackoff',
    ]);
  });
});

describe('the client lesson on what the standard allows and what Chromium does', () => {
  it('says a browser may ping but Chromium does not, and that a full buffer closes the connection', async () => {
    const lesson = await renderLesson();
    const prose = text(shadow(lesson));
    expect(prose).to.contain('lets a browser send pings of its own, and unasked pongs');
    expect(prose).to.contain('(§5, “Ping and Pong frames”)');
    expect(prose).to.contain('Chromium sends none: it only answers the server');
    expect(prose).to.contain('the browser must close the connection (WHATWG WebSockets Standard §3.1, send())');
    expect(prose).to.not.match(/browser only answers pings|never sends its own/);

    const checks = [...shadow(lesson).querySelectorAll('wsp-self-check')];
    const silence = checks.find((check) => check.question.includes('loses its Wi-Fi'))!;
    const explanations = silence.options.map((option) => option.explanation).join(' ');
    expect(explanations).to.not.match(/never sends its own|Browsers send pongs only/);
    expect(explanations).to.contain('Chromium answers the server’s pings but sends none of its own');
    expect(bufferedAmountSource).to.not.contain('never refuses');
    expect(bufferedAmountSource).to.contain('the browser then closes the connection');
  });
});
