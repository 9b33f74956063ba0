import { expect, html, waitUntil } from '@open-wc/testing';
import '../../../src/lessons/what-are-websockets/wsp-lesson-what-are-websockets.ts';
import type { WspLessonWhatAreWebsockets } from '../../../src/lessons/what-are-websockets/wsp-lesson-what-are-websockets.ts';
import type { WspRaceDemo } from '../../../src/lessons/what-are-websockets/wsp-race-demo.ts';
import type { WspSelfCheck } from '../../../src/components/wsp-self-check.ts';
import { connectionSettings } from '../../../src/controllers/connection-settings.ts';
import { ConnectionMode } from '../../../src/transport/mode.ts';
import { EchoDemoDriver } from '../helpers/demo-driver.ts';
import { serverUrl } from '../helpers/live-servers.ts';
import { lessonFixture, useMode } from '../helpers/lesson-helpers.ts';

type Side = 'polling' | 'websocket';
type Stat = 'requests' | 'bytes-up' | 'bytes-down' | 'updates' | 'average-delay' | 'worst-delay';

/** Drives the race the way a reader does: its selects and buttons, and reads what it shows. */
class RaceDriver {
  constructor(readonly demo: WspRaceDemo) {}

  get root(): ShadowRoot {
    return this.demo.shadowRoot!;
  }

  button(id: 'start' | 'stop'): HTMLButtonElement {
    return this.root.querySelector<HTMLButtonElement>(`#${id}`)!;
  }

  choose(id: 'interval' | 'every', ms: number): void {
    const select = this.root.querySelector<HTMLSelectElement>(`#${id}`)!;
    select.value = String(ms);
    select.dispatchEvent(new Event('change'));
  }

  text(side: Side, stat: Stat): string {
    return this.root.querySelector(`section[data-side=${side}] dd[data-stat=${stat}]`)!.textContent!.trim();
  }

  count(side: Side, stat: Stat): number {
    return Number(this.text(side, stat).replace(/,/g, '').replace(/ ms$/, ''));
  }

  bytes(side: Side): number {
    return this.count(side, 'bytes-up') + this.count(side, 'bytes-down');
  }

  status(): string {
    return this.root.querySelector('[role=status]')!.textContent!.replace(/\s+/g, ' ').trim();
  }

  async start(): Promise<void> {
    this.choose('interval', 250);
    this.choose('every', 500);
    this.button('start').click();
    await waitUntil(
      () => this.count('polling', 'updates') >= 2 && this.count('websocket', 'updates') >= 2,
      `both sides show updates (${this.status()})`,
      { timeout: 6000 },
    );
  }

  async stop(): Promise<void> {
    this.button('stop').click();
    await this.demo.updateComplete;
  }
}

async function renderLesson(): Promise<WspLessonWhatAreWebsockets> {
  const lesson = await lessonFixture<WspLessonWhatAreWebsockets>(
    html`<wsp-lesson-what-are-websockets></wsp-lesson-what-are-websockets>`,
  );
  await lesson.updateComplete;
  return lesson;
}

async function renderRace(): Promise<RaceDriver> {
  const lesson = await renderLesson();
  return new RaceDriver(lesson.shadowRoot!.querySelector('wsp-race-demo')!);
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** How many WebSocket clients the live server holds, from its health check. */
async function liveConnections(): Promise<number> {
  const health = (await serverUrl('live-server-url')).replace(/^ws/, 'http') + '/healthz';
  const report = (await (await fetch(health, { cache: 'no-store' })).json()) as { connections: number };
  return report.connections;
}

/** The live server's connections once the earlier tests' have finished closing: the same count twice, 300 ms apart. */
async function settledConnections(): Promise<number> {
  let last = await liveConnections();
  for (;;) {
    await pause(300);
    const now = await liveConnections();
    if (now === last) return now;
    last = now;
  }
}

describe('the lesson "What are WebSockets?" for a first-time reader', () => {
  it('says first how the site works: the two modes, and how to read a trace', async () => {
    const lesson = await renderLesson();
    const headings = [...lesson.shadowRoot!.querySelectorAll('h2')].map((heading) => heading.textContent);
    expect(headings[0]).to.equal('How this site works');
    const section = lesson.shadowRoot!.querySelector('#how-this-site-works')!.textContent!.replace(/\s+/g, ' ');
    for (const part of ['Simulated', 'Live', 'What crossed the wire', 'ms', 'Way', 'What', 'Details', 'show details']) {
      expect(section, part).to.contain(part);
    }
  });
});

for (const mode of [ConnectionMode.simulated, ConnectionMode.live]) {
  describe(`the lesson "What are WebSockets?" in ${mode} mode`, () => {
    useMode(mode);

    it('keeps the echo demo working: connect, echo text, disconnect', async () => {
      const lesson = await renderLesson();
      expect(lesson.shadowRoot!.querySelector('h1')!.textContent).to.equal('What are WebSockets?');
      const driver = new EchoDemoDriver(lesson.shadowRoot!.querySelector('wsp-echo-demo')!);
      await driver.connect();
      await driver.echo('Hello from the first lesson');
      driver.button('disconnect').click();
      await driver.waitForLog(/Closed with code 1000/);
    });

    it('names the connection mode above the race, with the site-wide switch folded beneath it', async () => {
      const race = await renderRace();
      const details = race.root.querySelector<HTMLDetailsElement>('details.mode')!;
      const summary = details.querySelector('summary')!.textContent!.replace(/\s+/g, ' ');
      expect(summary).to.contain(`Connection mode: ${mode === ConnectionMode.live ? 'Live server' : 'Simulated'}`);
      expect(details.open).to.equal(false);
      details.querySelector('summary')!.click();
      const modeSwitch = details.querySelector('wsp-mode-switch')!;
      await modeSwitch.updateComplete;
      expect(modeSwitch.shadowRoot!.querySelector('legend')!.textContent).to.equal('Connection mode');
      const checked = modeSwitch.shadowRoot!.querySelector<HTMLInputElement>('input[type=radio]:checked')!;
      expect(checked.value).to.equal(mode);
    });

    it('races polling against a WebSocket and counts requests, bytes and delays on each side', async () => {
      const race = await renderRace();
      expect(race.count('polling', 'requests')).to.equal(0);
      await race.start();
      await waitUntil(() => race.count('polling', 'requests') >= 10, 'ten polls at 250 ms', { timeout: 6000 });

      expect(race.status()).to.contain(mode === ConnectionMode.live ? 'against the live server' : 'Simulated');
      expect(race.count('polling', 'requests')).to.be.greaterThan(1);
      expect(race.count('websocket', 'requests')).to.equal(1, 'the handshake is the only request');
      for (const side of ['polling', 'websocket'] as const) {
        expect(race.count(side, 'bytes-up'), `${side} bytes up`).to.be.greaterThan(0);
        expect(race.count(side, 'bytes-down'), `${side} bytes down`).to.be.greaterThan(0);
        expect(race.text(side, 'average-delay')).to.match(/^\d[\d,]* ms$/);
        expect(race.text(side, 'worst-delay')).to.match(/^\d[\d,]* ms$/);
        expect(race.count(side, 'worst-delay')).to.be.at.least(race.count(side, 'average-delay'));
      }
      // Each poll costs a request head of several hundred bytes; the upgrade request is paid once.
      expect(race.count('polling', 'bytes-up')).to.be.greaterThan(race.count('polling', 'requests') * 300);
      expect(race.bytes('polling')).to.be.greaterThan(race.bytes('websocket'));
      expect(race.root.querySelector('[data-verdict]')!.textContent).to.match(/Polling has used [\d.]+ times/);

      const timeline = race.root.querySelector('wsp-race-timeline')!;
      await timeline.updateComplete;
      const svg = timeline.shadowRoot!.querySelector('svg[role=img]')!;
      const title = svg.querySelector('title')!.textContent!;
      expect(title).to.match(/Short polling: \d+ requests, \d+ updates? arrived/);
      expect(title).to.contain('WebSocket: 1 request,');
      expect(svg.querySelectorAll('polyline.exchange').length).to.be.greaterThan(5);
      expect(svg.querySelectorAll('circle.arrived').length).to.be.at.least(4);
      await race.stop();
    });

    it('stops both sides on Stop: no more requests and no more updates', async () => {
      const race = await renderRace();
      await race.start();
      await race.stop();
      await pause(100);
      const polls = race.count('polling', 'requests');
      const updates = race.count('websocket', 'updates') + race.count('polling', 'updates');
      await pause(1200);
      expect(race.count('polling', 'requests')).to.equal(polls);
      expect(race.count('websocket', 'requests')).to.equal(1);
      expect(race.count('websocket', 'updates') + race.count('polling', 'updates')).to.equal(updates);
      expect(race.button('stop').disabled).to.equal(true);
      expect(race.status()).to.match(/^Stopped\. The totals are those of the race/);
    });

    it('shows the last poll byte for byte, with the headers it was counted from', async () => {
      const race = await renderRace();
      await race.start();
      await race.stop();
      const [request, response] = [...race.root.querySelectorAll('.exchange pre')].map((pre) => pre.textContent!);
      expect(request).to.match(/^GET \/poll\?topic=prices&every=500&since=\d+ HTTP\/1\.1\r\nHost: /);
      expect(request).to.contain('\r\nSec-Fetch-Mode: cors\r\n');
      expect(response).to.match(/^HTTP\/1\.1 200 OK\r\n/);
      expect(response).to.contain('\r\nAccess-Control-Allow-Origin: *\r\n');
      expect(response).to.match(/\r\n\r\n\{"ticks":\[.*\],"last":\d+\}$/);
      const note = race.root.querySelector('.exchange + .note')!.textContent!.replace(/\s+/g, ' ');
      if (mode === ConnectionMode.live) {
        const [, up, down, textUp, textDown] = /(\d+) bytes up, (\d+) down.* adds up to (\d+) and (\d+)/.exec(note)!;
        expect(up, 'the request Chromium really sent is the one the page computes').to.equal(textUp);
        expect(down, 'the response the server wrote is the one the service builds').to.equal(textDown);
      } else {
        expect(note).to.match(/^ ?Computed: \d+ bytes up, \d+ down/);
      }
    });

    it('stops both sides when the reader leaves the lesson', async () => {
      const before = mode === ConnectionMode.live ? await settledConnections() : 0;
      // Room in the Resource Timing buffer (250 entries), so every poll from here on is recorded.
      performance.clearResourceTimings();
      const lesson = await renderLesson();
      const race = new RaceDriver(lesson.shadowRoot!.querySelector('wsp-race-demo')!);
      await race.start();
      // One request of each polling lane may be in flight when the reader leaves, and is recorded when it ends.
      const pollsOf = (long: boolean): number =>
        performance
          .getEntriesByType('resource')
          .filter((entry) => entry.name.includes('/poll?') && entry.name.includes('wait=1') === long).length;
      if (mode === ConnectionMode.live) expect(await liveConnections()).to.be.greaterThan(before);
      // Counted right as the reader leaves: the race goes on until then.
      const polls = race.count('polling', 'requests');
      const fetches = [pollsOf(false), pollsOf(true)];
      lesson.remove();
      await pause(1000);
      expect(race.count('polling', 'requests')).to.equal(polls);
      expect(pollsOf(false) - fetches[0]!, 'short polls after leaving').to.be.at.most(1);
      expect(pollsOf(true) - fetches[1]!, 'long polls after leaving').to.be.at.most(1);
      if (mode === ConnectionMode.live) {
        await waitUntil(async () => (await liveConnections()) <= before, 'the live server lets go of the ticker', {
          timeout: 5000,
        });
      }
    });
  });
}

describe('the race when the live server is not there', () => {
  before(() => connectionSettings.setMode(ConnectionMode.live));
  after(async () => connectionSettings.setServerUrl(await serverUrl('live-server-url')));

  it('stops with a message that names the address it tried and what to do', async () => {
    connectionSettings.setServerUrl('ws://127.0.0.1:9');
    const race = await renderRace();
    race.button('start').click();
    await waitUntil(() => race.status().startsWith('Stopped:'), 'the race gives up', { timeout: 5000 });
    expect(race.status()).to.contain('127.0.0.1:9');
    expect(race.status()).to.match(/npm start/);
    expect(race.status()).to.contain('Simulated');
    expect(race.button('stop').disabled).to.equal(true);
    expect(race.button('start').disabled).to.equal(false);
  });
});

describe('the race when its settings change', () => {
  before(async () => {
    connectionSettings.setServerUrl(await serverUrl('live-server-url'));
    connectionSettings.setMode(ConnectionMode.simulated);
  });
  afterEach(() => connectionSettings.setMode(ConnectionMode.simulated));

  it('starts again on the other wire when the connection mode flips', async () => {
    const race = await renderRace();
    await race.start();
    connectionSettings.setMode(ConnectionMode.live);
    await race.demo.updateComplete;
    expect(race.status()).to.contain('against the live server');
    expect(race.count('websocket', 'updates')).to.equal(0);
    await waitUntil(() => race.count('websocket', 'updates') >= 1 && race.count('polling', 'requests') >= 2, 'live', {
      timeout: 5000,
    });
    expect(race.count('websocket', 'requests')).to.equal(1);
    await race.stop();
  });

  it('starts again from zero with the new interval', async () => {
    const race = await renderRace();
    await race.start();
    race.choose('interval', 3000);
    await race.demo.updateComplete;
    expect(race.count('polling', 'requests')).to.be.at.most(1);
    expect(race.count('websocket', 'updates')).to.equal(0);
    expect(race.root.querySelector('section[data-side=polling] .how')!.textContent).to.contain('every 3 s');
    await race.stop();
  });
});

describe('the lesson’s closing parts', () => {
  it('ends with key points and three self-check questions whose answers explain themselves', async () => {
    const lesson = await renderLesson();
    const points = lesson.shadowRoot!.querySelectorAll('wsp-key-points li');
    expect(points.length).to.be.at.least(3);
    const checks = [...lesson.shadowRoot!.querySelectorAll<WspSelfCheck>('wsp-self-check')];
    expect(checks).to.have.length(3);
    for (const check of checks) {
      expect(check.options.filter((option) => option.correct)).to.have.length(1);
    }
    const first = checks[0]!;
    await first.updateComplete;
    first.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type=radio]')[1]!.click();
    await first.updateComplete;
    const verdict = first.shadowRoot!.querySelector('[role=status]')!.textContent!.replace(/\s+/g, ' ');
    expect(verdict).to.contain('Not quite.');
    expect(verdict).to.contain('half the interval');
  });
});
