import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { useBuiltSite } from '../helpers/built-site.ts';
import { readDownTo } from '../helpers/read-down.ts';

/** The built site (npm run test:e2e builds it first), served by the real live server, in real Chromium. */
describe('the built site served by the live server', () => {
  const site = useBuiltSite();
  let page: Page;
  const problems: string[] = [];

  before(async () => {
    page = await site.browser.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  });

  async function echo(text: string, times: number): Promise<void> {
    await page.getByLabel('Message').fill(text);
    await page.getByRole('button', { name: 'Send text', exact: true }).click();
    await page
      .getByText(`Received text "${text}"`)
      .nth(times - 1)
      .waitFor();
  }

  it('echoes in Simulated mode, then again after switching to the live server, with no console errors', async () => {
    await page.goto(`${site.server.url}/#/what-are-websockets`);
    await page.getByRole('heading', { name: 'What are WebSockets?' }).waitFor();
    assert.equal(await page.title(), 'What are WebSockets? · WebSocket Playground');
    await readDownTo(page, 'wsp-echo-demo');

    const connectionMode = page.getByRole('group', { name: 'Connection mode' });
    assert.equal(await connectionMode.getByRole('radio', { name: /Simulated/ }).isChecked(), true);

    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByText('Open: the handshake succeeded').first().waitFor();
    await echo('hello from the simulation', 1);
    assert.match(await page.getByText(/Connecting to ws:\/\/localhost:\d+\/echo, Simulated/).innerText(), /Simulated/);

    await connectionMode.getByRole('radio', { name: /Live server/ }).check();
    await page.getByText('Switched to Live server: reconnecting.').waitFor();
    await page.getByText('Open: the handshake succeeded').nth(1).waitFor();
    await echo('hello from the live server', 1);

    await page.reload();
    await page.getByRole('heading', { name: 'What are WebSockets?' }).waitFor();
    await readDownTo(page, 'wsp-echo-demo');
    assert.equal(
      await page
        .getByRole('group', { name: 'Connection mode' })
        .getByRole('radio', { name: /Live server/ })
        .isChecked(),
      true,
      'the mode is remembered across a reload',
    );
    assert.deepEqual(problems, []);
  });

  it('follows the system theme until the reader picks one, and keeps the pick over the system', async () => {
    const themed = await site.browser.newPage({ colorScheme: 'dark' });
    // A string: this file compiles for Node, without the DOM's types.
    const background = () => themed.evaluate('getComputedStyle(document.documentElement).backgroundColor');
    const frames = themed.getByRole('heading', { level: 1, name: 'Frames' });
    try {
      await themed.goto(`${site.server.url}/#/frames`);
      await frames.waitFor();
      assert.equal(await background(), 'rgb(18, 21, 28)', 'dark, as the system asks');
      await themed.getByLabel('Theme').selectOption('light');
      assert.equal(await background(), 'rgb(244, 246, 250)', 'light, as the reader asks');
      await themed.reload();
      await frames.waitFor();
      assert.equal(await background(), 'rgb(244, 246, 250)', 'still light after a reload');
    } finally {
      await themed.close();
    }
  });
});
