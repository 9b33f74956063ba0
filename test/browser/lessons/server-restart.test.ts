import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../../src/components/wsp-echo-demo.ts';
import type { WspEchoDemo } from '../../../src/components/wsp-echo-demo.ts';
import { connectionSettings } from '../../../src/controllers/connection-settings.ts';
import '../../../src/lessons/closing/wsp-close-client-demo.ts';
import '../../../src/lessons/server/wsp-server-chat-demo.ts';
import type { WspServerChatDemo } from '../../../src/lessons/server/wsp-server-chat-demo.ts';
import '../../../src/lessons/use-cases/wsp-chat-demo.ts';
import type { WspChatDemo } from '../../../src/lessons/use-cases/wsp-chat-demo.ts';
import '../../../src/lessons/use-cases/wsp-game-demo.ts';
import type { WspGameDemo } from '../../../src/lessons/use-cases/wsp-game-demo.ts';
import { ConnectionMode } from '../../../src/transport/mode.ts';
import { EchoDemoDriver, LessonDemoDriver } from '../helpers/demo-driver.ts';
import { shadow, text } from '../helpers/lesson-helpers.ts';

/**
 * Long enough for the server's two seconds down and the attempts after it:
 * the waits are random, at most 0.5 + 1 + 2 s before the server is surely back.
 */
const BACK = { timeout: 20_000 };

/** The URL of the server these tests restart (web-test-runner.config.mjs). */
async function restartableServerUrl(): Promise<string> {
  const url = await executeServerCommand('restartable-server-url');
  if (typeof url !== 'string') throw new Error('the test runner did not start the restartable server');
  return url;
}

/** Closes the server (1001 to every client), keeps its port closed a while and starts it again on the same port. */
async function restartServer(): Promise<void> {
  const url = await executeServerCommand('restart-live-server');
  expect(url, 'the server is back at the same address').to.equal(connectionSettings.serverUrl);
}

/** A demo's log lines as text, however many logs it has. */
function logLines(root: ShadowRoot, selector = 'wsp-event-log'): string[] {
  const log = root.querySelector(selector);
  return [...shadow(log).querySelectorAll('li')].map((item) => text(item));
}

async function waitForLine(read: () => string[], pattern: RegExp, what: string): Promise<string> {
  await waitUntil(() => read().some((line) => pattern.test(line)), `${what}: ${read().join(' | ')}`, BACK);
  return read().find((line) => pattern.test(line))!;
}

describe('the demos when the live server restarts', function () {
  // Each test waits out a restart (two seconds down) and the random waits after it.
  this.timeout(40_000);

  before(async () => {
    connectionSettings.setServerUrl(await restartableServerUrl());
    connectionSettings.setMode(ConnectionMode.live);
  });
  after(() => {
    connectionSettings.resetServerUrl();
    connectionSettings.setMode(ConnectionMode.simulated);
  });

  it('the echo demo reconnects by itself and echoes again; the closing lesson’s demo stays closed', async () => {
    const page = await fixture<HTMLElement>(
      html`<div>
        <wsp-echo-demo></wsp-echo-demo>
        <wsp-close-client-demo></wsp-close-client-demo>
      </div>`,
    );
    const echo = new EchoDemoDriver(page.querySelector<WspEchoDemo>('wsp-echo-demo')!);
    const closing = new LessonDemoDriver(page.querySelector('wsp-close-client-demo')!);
    await echo.connect();
    await echo.echo('before the restart');
    await closing.click('#connect');
    await closing.waitFor(() => /Status: open/.test(closing.text('.status')), 'the closing demo is open');

    await restartServer();
    const read = (): string[] => echo.logLines();
    await waitForLine(read, /Closed with code 1001, reason "server shutting down", cleanly/, 'the 1001');
    const going = await waitForLine(read, /The server went away \(1001\)\. Reconnecting in/, 'the first wait');
    expect(going).to.match(/Reconnecting in 0\.[0-5] s \(attempt 1 of 6\)…$/);
    // The port stayed closed longer than the first wait: that attempt fails, and the log says so.
    await waitForLine(read, /Attempt 1 failed before it opened \(1006\)\. Reconnecting in/, 'the failed attempt');
    await waitForLine(read, /Reconnected \(attempt \d\)\./, 'the reconnect');
    await waitUntil(() => !echo.button('send-text').disabled, 'Send is enabled again', BACK);
    expect(text(echo.root.querySelector('.status'))).to.match(/^Status: open/);
    await echo.echo('after the restart');

    // The closing lesson's point is the close: its demo reports the 1001 and leaves it at that.
    expect(closing.text('.status')).to.match(/^Status: closed/);
    const closingLog = logLines(closing.root);
    expect(closingLog.filter((line) => line.includes('close event: code 1001'))).to.have.length(1);
    expect(closingLog.filter((line) => line.includes('new WebSocket('))).to.have.length(1);
    expect(closing.find<HTMLButtonElement>('#connect').disabled).to.equal(false);
  });

  it('the echo demo says the wait on its status line, and Disconnect calls the reconnect off', async () => {
    const echo = new EchoDemoDriver(await fixture<WspEchoDemo>(html`<wsp-echo-demo></wsp-echo-demo>`));
    await echo.connect();
    // Not awaited: the reader acts while the server is still down.
    const restarted = restartServer();
    await waitUntil(
      () => /reconnecting \(attempt \d of 6\)…/.test(text(echo.root.querySelector('.status'))),
      'the status says it reconnects',
      BACK,
    );
    expect(echo.button('disconnect').disabled, 'Disconnect stays at hand').to.equal(false);
    expect(echo.button('connect').disabled).to.equal(true);
    echo.button('disconnect').click();
    await echo.demo.updateComplete;
    expect(text(echo.root.querySelector('.status'))).to.match(/^Status: closed/);
    expect(echo.logLines().at(-1)).to.contain('Stopped reconnecting: the connection stays closed.');
    await restarted;
    const attempts = echo.logLines().filter((line) => line.includes('Reconnecting: attempt')).length;
    // Longer than the first waits: no attempt comes after the reader's Disconnect.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(echo.logLines().filter((line) => line.includes('Reconnecting: attempt'))).to.have.length(attempts);
    expect(echo.logLines().filter((line) => line.includes('Reconnected'))).to.deep.equal([]);
  });

  it('the chat’s panes rejoin their room under the same names, and hear each other again', async () => {
    const chat = new LessonDemoDriver(await fixture<WspChatDemo>(html`<wsp-chat-demo></wsp-chat-demo>`));
    const room = `restart-${Math.random().toString(36).slice(2, 8)}`;
    for (const pane of ['p1', 'p2']) {
      const input = chat.find<HTMLInputElement>(`#${pane}-room`);
      input.value = room;
      input.dispatchEvent(new Event('input'));
    }
    await chat.click('#p1-join');
    await chat.click('#p2-join');
    const inRoom = (pane: string, name: string): boolean => chat.text(`#${pane}-status`) === `In ${room} as ${name}`;
    await chat.waitFor(() => inRoom('p1', 'Ann') && inRoom('p2', 'Bob'), 'Ann and Bob are in');

    await restartServer();
    await waitForLine(() => [chat.text('#p1-reconnect')], /Reconnect/, 'Ann’s pane says it reconnects');
    await chat.waitFor(() => inRoom('p1', 'Ann') && inRoom('p2', 'Bob'), 'both are back', BACK.timeout);
    expect(chat.text('#p1-reconnect')).to.match(/^Reconnected \(attempt \d\)\.$/);
    expect(chat.text('#p2-reconnect')).to.match(/^Reconnected \(attempt \d\)\.$/);
    const members = (pane: string): string[] =>
      [...chat.root.querySelectorAll(`#${pane}-members li`)].map((item) => text(item).replace(' (you)', ''));
    await chat.waitFor(() => members('p1').length === 2, 'Ann sees Bob back');
    expect(members('p1').sort()).to.deep.equal(['Ann', 'Bob']);

    chat.find<HTMLInputElement>('#p1-text').value = 'still here';
    await chat.click('#p1-send');
    await chat.waitFor(
      () => [...chat.root.querySelectorAll('#p2-lines .text')].some((line) => text(line) === 'still here'),
      'Bob hears Ann',
    );
  });

  it('the server lesson’s chat rejoins both clients and logs each step', async () => {
    const demo = await fixture<WspServerChatDemo>(html`<wsp-server-chat-demo></wsp-server-chat-demo>`);
    const chat = new LessonDemoDriver(demo);
    await chat.click('#connect-both');
    await chat.waitFor(
      () => chat.text('#ann-status') === 'in the room' && chat.text('#bob-status') === 'in the room',
      'in',
    );

    await restartServer();
    const annLog = (): string[] => logLines(chat.root, 'section[aria-labelledby=ann-heading] wsp-event-log');
    await waitForLine(annLog, /The server went away \(1001\)/, 'Ann’s log says the server went away');
    await waitForLine(annLog, /Reconnected/, 'Ann is back');
    await chat.waitFor(() => chat.text('#bob-status') === 'in the room', 'Bob is back', BACK.timeout);
    chat.find<HTMLInputElement>('#ann-text').value = 'back again';
    await chat.click('#ann-send');
    const bobLog = (): string[] => logLines(chat.root, 'section[aria-labelledby=bob-heading] wsp-event-log');
    await waitForLine(bobLog, /back again/, 'Bob hears Ann');
  });

  it('the game’s players rejoin under the same names and see each other again', async () => {
    const game = new LessonDemoDriver(await fixture<WspGameDemo>(html`<wsp-game-demo></wsp-game-demo>`));
    const playing = (): boolean => game.text('#ann-status') === 'playing' && game.text('#bob-status') === 'playing';
    const sees = (player: string, name: string): boolean =>
      game.root.querySelector(`#${player}-where [data-where="${name}"]`) !== null;
    await game.click('#join-all');
    await game.waitFor(() => playing() && sees('ann', 'Bob') && sees('bob', 'Ann'), 'both players are in');

    await restartServer();
    await waitForLine(() => [game.text('#ann-reconnect')], /Reconnect/, 'Ann’s pane says it rejoins');
    await game.waitFor(
      () => /^Reconnected/.test(game.text('#ann-reconnect')) && /^Reconnected/.test(game.text('#bob-reconnect')),
      'both players are back',
      BACK.timeout,
    );
    await game.waitFor(() => playing() && sees('ann', 'Bob') && sees('bob', 'Ann'), 'each sees the other again');
    expect([game.text('#ann-heading'), game.text('#bob-heading')]).to.deep.equal(['Ann', 'Bob']);
  });
});
