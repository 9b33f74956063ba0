import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { useBuiltSite } from '../helpers/built-site.ts';

const WAIT = { timeout: 20_000 };

/**
 * The playground of the built site, as a new reader meets it: a server of
 * their own and a client, one line of each changed, run, traced, a runaway
 * loop stopped, and the link sent to someone else; at a desk and on a phone.
 */
describe('the playground in the built site', () => {
  const site = useBuiltSite();

  /** Replaces the line of `editor` that holds `text` with `line`, from the keyboard, as a reader does. */
  async function changeLine(page: Page, editor: string, text: string, line: string): Promise<void> {
    await page.locator(`#${editor} .cm-line`, { hasText: text }).first().click();
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.insertText(line);
  }

  async function editorText(page: Page, editor: string): Promise<string> {
    return page.locator(`#${editor} .cm-content`).innerText();
  }

  async function output(page: Page): Promise<string> {
    return page.locator('#output').innerText();
  }

  for (const viewport of [
    { width: 1280, height: 900 },
    { width: 360, height: 780 },
  ]) {
    it(`runs a reader's own server and client, stops a runaway loop and shares both at ${viewport.width} px`, async () => {
      const context = await site.browser.newContext({ viewport });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      try {
        await page.goto(`${site.server.url}/#/playground`);
        await page.getByRole('heading', { level: 1, name: 'Playground' }).waitFor(WAIT);
        await page.getByLabel('Example').selectOption('own-server');
        await changeLine(page, 'server', 'peer.send(`welcome', 'peer.send(`good day, ${name}`);');
        await changeLine(page, 'client', "ws.send('hello, server')", "ws.send('one line changed');");

        await page.getByRole('button', { name: 'Run', exact: true }).click();
        await page.getByText('client got: good day, ann').waitFor(WAIT);
        await page.getByText('client got: ONE LINE CHANGED').waitFor(WAIT);
        await page.getByText('client: closed 1000 "see you", wasClean true').waitFor(WAIT);
        // The conversation's frames, both ways, in the lessons' trace.
        const trace = page.locator('wsp-trace-timeline');
        await trace.locator('[role=row][data-from=server]').first().waitFor(WAIT);
        assert.ok((await trace.locator('[role=row][data-from=client]').count()) > 0, 'the client’s frames');
        await trace.locator('[role=row]', { hasText: 'ONE LINE CHANGED' }).first().waitFor(WAIT);
        assert.equal(
          // A string: this file compiles for Node, without the DOM's types.
          await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'),
          true,
          'nothing wider than the screen',
        );

        // A share link made now carries both edits.
        await page.getByRole('button', { name: 'Share', exact: true }).click();
        const link = await page.locator('#share-link').inputValue();
        assert.match(link, /#\/playground\?code=/);

        // A runaway loop: Stop ends it, and the page answers the next click.
        await page.locator('#client .cm-content').click();
        await page.keyboard.press('Control+a');
        await page.keyboard.insertText('log("looping");\nwhile (true) {}\n');
        await page.getByRole('button', { name: 'Run', exact: true }).click();
        await page.getByText('looping').waitFor(WAIT);
        await page.getByRole('button', { name: 'Stop', exact: true }).click();
        await page.locator('#run-state', { hasText: 'Stopped.' }).waitFor(WAIT);
        await page.getByRole('button', { name: 'Reset', exact: true }).click();
        assert.match(await editorText(page, 'client'), /hello, server/);

        // Someone else opens the link: a fresh browser, nothing saved.
        const other = await site.browser.newContext({ viewport });
        try {
          const theirs = await other.newPage();
          await theirs.goto(link);
          await theirs.getByRole('heading', { level: 1, name: 'Playground' }).waitFor(WAIT);
          await theirs.locator('#server .cm-line', { hasText: 'good day' }).waitFor(WAIT);
          assert.match(await editorText(theirs, 'client'), /one line changed/);
          await theirs.getByRole('button', { name: 'Run', exact: true }).click();
          await theirs.getByText('client got: good day, ann').waitFor(WAIT);
        } finally {
          await other.close();
        }
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }

  it('loads the parts a run needs only when it needs them, in its worker: a compressed echo in Simulated mode', async () => {
    const page = await site.browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    try {
      await page.goto(`${site.server.url}/#/playground`);
      await page.getByRole('heading', { level: 1, name: 'Playground' }).waitFor(WAIT);
      await page.getByLabel('Example').selectOption('echo');
      await page.locator('#client .cm-content').click();
      await page.keyboard.press('Control+a');
      await page.keyboard.insertText(
        [
          'const ws = new WebSocket(`${SERVER}/deflate`);',
          "ws.onopen = () => ws.send('squeeze me '.repeat(20));",
          'ws.onmessage = (event) => {',
          '  log(`deflate echo: ${event.data.length} characters, extensions "${ws.extensions}"`);',
          '  ws.close();',
          '};',
        ].join('\n'),
      );
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await page.getByText('deflate echo: 220 characters, extensions "permessage-deflate').waitFor(WAIT);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });

  it('runs the client against the live server in Live mode, traced by its tap, and says why /mine is not there', async () => {
    const context = await site.browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${site.server.url}/#/playground`);
      await page.getByRole('heading', { level: 1, name: 'Playground' }).waitFor(WAIT);
      await page
        .getByRole('group', { name: 'Connection mode' })
        .getByRole('radio', { name: /Live server/ })
        .check();
      await page.getByLabel('Example').selectOption('echo');
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await page.getByText('echo: hello').waitFor(WAIT);
      const trace = page.locator('wsp-trace-timeline');
      await trace.getByText(/101/).first().waitFor(WAIT);
      await trace.locator('[role=row][data-from=server]').first().waitFor(WAIT);
      assert.match(await output(page), /closed: 1000/);

      await page.getByLabel('Example').selectOption('own-server');
      await page.locator('#live-server-note').waitFor(WAIT);
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await page.getByText('client: the connection failed').waitFor(WAIT);
    } finally {
      await context.close();
    }
  });
});
