import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { serveStatic } from '../../server/static-files.ts';
import { ROOT } from '../../scripts/site-build.ts';
import { chromiumArgs, chromiumPath } from '../helpers/chromium.ts';
import { readDownTo } from '../helpers/read-down.ts';

const SUB_PATH = '/courses/websockets/';

/**
 * The built site as a teacher hosts it: plain static files under a sub-path
 * of some host, with no WebSocket server anywhere. Simulated mode must work.
 */
describe('the built site on a plain static host, under a sub-path, with no live server', () => {
  let host: Server;
  let origin: string;
  let browser: Browser;

  before(async () => {
    const dist = join(ROOT, 'dist');
    host = createServer((request, response) => {
      const url = request.url ?? '/';
      if (!url.startsWith(SUB_PATH)) {
        response.writeHead(404).end('only the sub-path is served here');
        return;
      }
      request.url = `/${url.slice(SUB_PATH.length)}`;
      void serveStatic(dist, request, response);
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: chromiumArgs.filter((arg) => !arg.startsWith('--headless')),
    });
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => host?.close(resolve));
  });

  it('loads every file from the sub-path, opens a lesson and echoes in Simulated mode', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => requests.push(request.url()));
    page.on('websocket', (socket) => problems.push(`a real WebSocket to ${socket.url()}`));
    try {
      await page.goto(`${origin}${SUB_PATH}#/what-are-websockets`);
      await page.getByRole('heading', { level: 1, name: 'What are WebSockets?' }).waitFor();
      await readDownTo(page, 'wsp-echo-demo');
      await page.getByRole('button', { name: 'Connect', exact: true }).first().click();
      await page.getByText('Open: the handshake succeeded').first().waitFor();
      await page.getByLabel('Message').fill('no server needed');
      await page.getByRole('button', { name: 'Send text', exact: true }).click();
      await page.getByText('Received text "no server needed"').first().waitFor();

      const elsewhere = requests.filter((url) => !url.startsWith(`${origin}${SUB_PATH}`) && !url.startsWith('data:'));
      assert.deepEqual(elsewhere, [], 'every request stays under the sub-path of this origin');
      assert.ok(
        requests.some((url) => url.includes('/assets/')),
        'the assets came from the sub-path',
      );
      assert.equal(await page.evaluate('navigator.serviceWorker.controller'), null, 'no Service Worker');
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });
});
