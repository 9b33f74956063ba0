import { expect, html, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import '../../../../src/lessons/what-are-websockets/wsp-lesson-what-are-websockets.ts';
import type { WspLessonWhatAreWebsockets } from '../../../../src/lessons/what-are-websockets/wsp-lesson-what-are-websockets.ts';
import type { WspRaceDemo } from '../../../../src/lessons/what-are-websockets/wsp-race-demo.ts';
import { eventSourceRequest, thisPage } from '../../../../src/lessons/what-are-websockets/race-bytes.ts';
import { CUT_AFTER } from '../../../../src/lessons/what-are-websockets/race-controller.ts';
import { connectionSettings } from '../../../../src/controllers/connection-settings.ts';
import { httpUrl } from '../../../../src/transport/endpoint-url.ts';
import { ConnectionMode } from '../../../../src/transport/mode.ts';
import { lessonFixture, applyTheme, shadow, text, useMode, useSiteThemeForAxe } from '../../helpers/lesson-helpers.ts';

/**
 * The race's four lanes (issue 20): short and long polling, Server-Sent
 * Events and the WebSocket on one feed, each counted to the byte, in both
 * modes; the event stream cut and resumed with Last-Event-ID.
 */

type Lane = 'polling' | 'long-polling' | 'sse' | 'websocket';
const LANES: readonly Lane[] = ['polling', 'long-polling', 'sse', 'websocket'];
type Stat =
  | 'requests'
  | 'bytes-up'
  | 'bytes-down'
  | 'updates'
  | 'average-delay'
  | 'worst-delay'
  | 'overhead'
  | 'reconnections'
  | 'lost-repeated';

const LONG_WAIT = { timeout: 12_000 };

class Race {
  constructor(readonly demo: WspRaceDemo) {}

  get root(): ShadowRoot {
    return shadow(this.demo);
  }

  text(lane: Lane, stat: Stat): string {
    return text(this.root.querySelector(`section[data-side=${lane}] dd[data-stat=${stat}]`));
  }

  count(lane: Lane, stat: Stat): number {
    return Number(this.text(lane, stat).replace(/,/g, '').replace(/ ms$/, ''));
  }

  /** "913 of 1,034 bytes": the last delivery's overhead and its whole size. */
  overhead(lane: Lane): { overhead: number; bytes: number } {
    const match = /^([\d,]+) of ([\d,]+) bytes$/.exec(this.text(lane, 'overhead'));
    expect(match, `${lane}: ${this.text(lane, 'overhead')}`).to.not.equal(null);
    const [overhead, bytes] = [match![1]!, match![2]!].map((value) => Number(value.replace(/,/g, '')));
    return { overhead: overhead!, bytes: bytes! };
  }

  /** The seq of the lane's latest update, from "Latest: #123: …". */
  latestSeq(lane: Lane): number {
    return Number(/Latest: #(\d+):/.exec(text(this.root.querySelector(`section[data-side=${lane}] .latest`)))![1]);
  }

  status(): string {
    return text(this.root.querySelector('[role=status]'));
  }

  choose(id: 'interval' | 'every', ms: number): void {
    const select = this.root.querySelector<HTMLSelectElement>(`#${id}`)!;
    select.value = String(ms);
    select.dispatchEvent(new Event('change'));
  }

  cut(on: boolean): void {
    const box = this.root.querySelector<HTMLInputElement>('#cut')!;
    if (box.checked !== on) box.click();
  }

  async start(): Promise<void> {
    this.choose('interval', 250);
    this.choose('every', 500);
    this.root.querySelector<HTMLButtonElement>('#start')!.click();
    await this.demo.updateComplete;
  }

  async stop(): Promise<void> {
    this.root.querySelector<HTMLButtonElement>('#stop')!.click();
    await this.demo.updateComplete;
  }

  async untilEveryLane(updates: number): Promise<void> {
    await waitUntil(
      () => LANES.every((lane) => this.count(lane, 'updates') >= updates),
      `every lane shows ${updates} updates (${this.status()})`,
      LONG_WAIT,
    );
  }
}

async function renderLesson(): Promise<WspLessonWhatAreWebsockets> {
  const lesson = await lessonFixture<WspLessonWhatAreWebsockets>(
    html`<wsp-lesson-what-are-websockets></wsp-lesson-what-are-websockets>`,
  );
  await lesson.updateComplete;
  return lesson;
}

async function renderRace(): Promise<Race> {
  return new Race(shadow(await renderLesson()).querySelector('wsp-race-demo')!);
}

/** The number of hex digits of a chunk's size. */
const hexDigits = (bytes: number): number => bytes.toString(16).length;

/** The URL of the race's event stream on the server the settings name. */
function streamUrl(cut: boolean): URL {
  const events = cut ? `&events=${CUT_AFTER}` : '';
  return new URL(httpUrl(connectionSettings.serverUrl, `/sse?topic=prices&every=500${events}`));
}

for (const mode of [ConnectionMode.simulated, ConnectionMode.live]) {
  describe(`the race's four lanes in ${mode} mode`, () => {
    useMode(mode);

    it('runs short polling, long polling, Server-Sent Events and the WebSocket on one feed', async () => {
      const race = await renderRace();
      await race.start();
      await race.untilEveryLane(3);
      await race.stop();

      expect(race.status()).to.contain(mode === ConnectionMode.live ? 'against the live server' : 'Simulated');
      // One request each for the stream and the WebSocket; a long poll per update; short polls, news or not.
      expect(race.count('sse', 'requests')).to.equal(1);
      expect(race.count('websocket', 'requests')).to.equal(1);
      expect(race.count('long-polling', 'requests')).to.be.at.least(1);
      expect(race.count('long-polling', 'requests')).to.be.at.most(race.count('long-polling', 'updates'));
      expect(race.count('polling', 'requests')).to.be.greaterThan(race.count('polling', 'updates'));
      for (const lane of LANES) {
        expect(race.count(lane, 'bytes-up'), `${lane} bytes up`).to.be.greaterThan(0);
        expect(race.count(lane, 'bytes-down'), `${lane} bytes down`).to.be.greaterThan(0);
        expect(race.text(lane, 'average-delay')).to.match(/^\d[\d,]* ms$/);
      }
      expect(race.text('sse', 'lost-repeated')).to.equal('0, 0');
      const timeline = shadow(race.root.querySelector('wsp-race-timeline'));
      const title = text(timeline.querySelector('svg[role=img] title'));
      for (const name of ['Short polling', 'Long polling', 'Server-Sent Events', 'WebSocket']) {
        expect(title).to.match(new RegExp(`${name}: \\d+ requests?, \\d+ updates? arrived`));
      }
    });

    it('stops every lane when the reader leaves the lesson: no more polls, no more events', async () => {
      const lesson = await renderLesson();
      const race = new Race(shadow(lesson).querySelector('wsp-race-demo')!);
      await race.start();
      await race.untilEveryLane(1);
      lesson.remove();
      const counts = (): number[] =>
        LANES.flatMap((lane) => [race.count(lane, 'requests'), race.count(lane, 'updates')]);
      const before = counts();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(counts()).to.deep.equal(before);
    });

    it('counts the overhead of each lane’s last delivery to the byte', async () => {
      const race = await renderRace();
      await race.start();
      await race.untilEveryLane(2);
      await race.stop();

      // A server frame of a payload under 126 bytes has a 2-byte header and no mask (RFC 6455 §5.2).
      const frame = race.overhead('websocket');
      expect(frame.overhead).to.equal(2);
      // An event: "id: N\n", "data: ", "\n\n", in a chunk framed by its size in hex and two CRLFs.
      const event = race.overhead('sse');
      const seq = race.latestSeq('sse');
      const text = event.bytes - hexDigits(event.bytes) - 4;
      expect(event.overhead).to.equal(`id: ${seq}\ndata: \n\n`.length + hexDigits(text) + 4);
      // A long poll pays for a whole request and response, as a short poll does.
      expect(race.overhead('long-polling').overhead).to.be.greaterThan(300);
      expect(race.overhead('polling').overhead).to.be.greaterThan(300);
    });

    it('shows the event stream byte for byte: the request Chromium’s EventSource sends is the one the page computes', async () => {
      const race = await renderRace();
      await race.start();
      await race.untilEveryLane(1);
      await race.stop();
      const details = [...race.root.querySelectorAll('details')].find((one) =>
        text(one.querySelector('summary')).startsWith('The event stream'),
      )!;
      const [request, response] = [...details.querySelectorAll('pre')].map((pre) => pre.textContent!);
      expect(request).to.match(/^GET \/sse\?topic=prices&every=500 HTTP\/1\.1\r\nHost: /);
      expect(request).to.contain('\r\nAccept: text/event-stream\r\n');
      expect(response).to.match(/^HTTP\/1\.1 200 OK\r\nContent-Type: text\/event-stream\r\n/);
      expect(response).to.contain('\r\nX-Accel-Buffering: no\r\n');
      const note = text(details.querySelector('[data-note=stream]'));
      const [, measured, head, computed] = /a request of (\d+) bytes and a head of (\d+)\..* adds up to (\d+)\./.exec(
        note,
      )!;
      expect(measured, 'the request the server received is the one the page computes').to.equal(computed);
      expect(Number(measured)).to.equal(eventSourceRequest(streamUrl(false), thisPage(), '').bytes);
      expect(Number(head)).to.be.greaterThan(150);
      // No reconnection: the stream's bytes up are that one request.
      expect(race.count('sse', 'bytes-up')).to.equal(Number(measured));
    });

    it('cut every few updates, the EventSource comes back with Last-Event-ID and loses nothing', async () => {
      const race = await renderRace();
      race.cut(true);
      await race.start();
      await waitUntil(
        () => race.count('sse', 'reconnections') >= 1 && race.count('sse', 'updates') >= CUT_AFTER + 2,
        `the stream is cut and resumed (${race.status()})`,
        LONG_WAIT,
      );
      await race.stop();
      const resume = text(race.root.querySelector('section[data-side=sse] [data-resume]'));
      const [, after, replayed] = /^The server: resumed after (\d+): (\d+) replayed\.$/.exec(resume) ?? [];
      expect(after, resume).to.not.equal(undefined);
      // The server names the id the browser sent in Last-Event-ID: the last update of the first response.
      expect(Number(replayed)).to.be.at.least(1, 'updates that happened while the browser waited come again');
      expect(race.text('sse', 'lost-repeated')).to.equal('0, 0');
      const requests = race.count('sse', 'requests');
      expect(requests).to.equal(race.count('sse', 'reconnections') + 1);
      if (requests === 2) {
        // Both requests to the byte: the second names the last id it had, as the server saw.
        const url = streamUrl(true);
        const first = eventSourceRequest(url, thisPage(), '').bytes;
        const second = eventSourceRequest(url, thisPage(), after!).bytes;
        expect(second - first).to.equal(`Last-Event-ID: ${after}\r\n`.length);
        expect(race.count('sse', 'bytes-up')).to.equal(first + second);
      }
    });
  });
}

describe('the race at a phone’s width and a desktop’s', () => {
  useMode(ConnectionMode.simulated);
  afterEach(() => setViewport({ width: 800, height: 600 }));

  for (const [width, columns] of [
    [360, 1],
    [1280, 2],
  ] as const) {
    it(`${width} px: lanes in ${columns} column${columns === 1 ? '' : 's'}, nothing wider than the page`, async () => {
      await setViewport({ width, height: 900 });
      const race = await renderRace();
      await race.start();
      await race.untilEveryLane(1);
      await race.stop();
      const lefts = new Set(
        [...race.root.querySelectorAll('section[data-side]')].map((lane) =>
          Math.round(lane.getBoundingClientRect().left),
        ),
      );
      expect(lefts.size).to.equal(columns);
      expect(document.documentElement.scrollWidth).to.be.at.most(width);
      const lesson = race.demo.getRootNode() as ShadowRoot;
      const table = shadow(lesson.querySelector('wsp-ways-compared')).querySelector('#compared')!;
      expect(table, 'the comparison table').to.not.equal(null);
      expect(table.closest('.table-scroll')!.getBoundingClientRect().right).to.be.at.most(width);
    });
  }
});

describe('the race and axe-core', () => {
  useSiteThemeForAxe();

  for (const theme of ['light', 'dark'] as const) {
    it(`finds no violations with four lanes run and their details open (${theme} theme)`, async () => {
      applyTheme(theme);
      const lesson = await renderLesson();
      const race = new Race(shadow(lesson).querySelector('wsp-race-demo')!);
      await race.start();
      await race.untilEveryLane(1);
      await race.stop();
      for (const details of race.root.querySelectorAll('details')) details.open = true;
      await race.demo.updateComplete;
      await expect(lesson).to.be.accessible();
    });
  }
});
