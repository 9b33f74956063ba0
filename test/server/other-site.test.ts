import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import WebSocket from 'ws';
import { ConfigError } from '../../server/config-error.ts';
import type { LogFields } from '../../server/log.ts';
import { OTHER_SITE_MESSAGE, readOtherSitePort } from '../../server/other-site.ts';
import { startPlaygroundServer, type PlaygroundServer } from '../../server/playground-server.ts';
import { forgedClientScript } from '../../src/lessons/cors/one-liner.ts';
import { parseTraceEvent, type TraceEvent } from '../../src/protocol/index.ts';
import { chromiumArgs, chromiumPath } from '../helpers/chromium.ts';
import { refusal } from './helpers/refusal.ts';

const run = promisify(execFile);

/** Resolves with the status and body of a refused handshake. */

describe('the other site of the CORS lesson', () => {
  let server: PlaygroundServer;
  let site: string;
  const logs: { event: string; fields: LogFields }[] = [];

  before(async () => {
    site = await mkdtemp(join(tmpdir(), 'wsp-site-'));
    await writeFile(join(site, 'index.html'), '<!doctype html><title>test site</title>');
    server = await startPlaygroundServer({
      port: 0,
      otherSitePort: 0,
      staticRoot: site,
      logger: (event, fields = {}) => logs.push({ event, fields }),
    });
  });

  after(async () => {
    await server.close();
    await rm(site, { recursive: true, force: true });
  });

  it('serves its page on its own port, naming itself honestly', async () => {
    const otherSite = server.otherSiteUrl;
    assert.ok(otherSite, 'the other site is running');
    assert.notEqual(new URL(otherSite).port, String(server.port));
    const response = await fetch(`${otherSite}/`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(response.headers.get('content-security-policy') ?? '', /script-src 'sha256-[^']+'; /);
    const page = await response.text();
    assert.match(page, /stands in for <strong>a different website<\/strong>/);
    assert.match(page, new RegExp(`':${server.port}'`), 'the page targets the main port');
    assert.equal((await fetch(`${otherSite}/anything-else`)).status, 404);
    assert.equal((await fetch(`${otherSite}/`, { method: 'POST' })).status, 405);
  });

  it('gets 403 from the main server with the default allowlist, and the server logs why', async () => {
    const origin = server.otherSiteUrl!;
    const { status, body } = await refusal(`${server.wsUrl}/echo`, origin);
    assert.equal(status, 403);
    assert.match(body, new RegExp(`^Origin not allowed: ${origin} is not on the allowlist \\(http://localhost:`));
    const line = logs.find((entry) => entry.event === 'refused' && entry.fields.origin === origin);
    assert.equal(line?.fields.status, 403);
    assert.equal(line?.fields.reason, body.trim());
  });

  it('runs in a real browser: the page attempts /echo with the cookie and reports the refusal', async () => {
    const id = 'other-site-test-0123456789abcdef';
    const inspector = new WebSocket(`${server.wsUrl}/inspect?trace=${id}`, { origin: server.url });
    const events: TraceEvent[] = [];
    inspector.on('message', (data: Buffer) => events.push(parseTraceEvent(data.toString())));
    await new Promise((resolve, reject) => inspector.once('open', resolve).once('error', reject));
    const browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: chromiumArgs.filter((arg) => !arg.startsWith('--headless')),
    });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      await page.context().addCookies([{ name: 'session', value: 'secret', domain: 'localhost', path: '/' }]);
      await page.goto(`${server.otherSiteUrl}/?trace=${id}`);
      await page.getByText(/^Refused: the browser only says close code 1006, wasClean false/).waitFor();
      assert.deepEqual(problems, []);
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      await browser.close();
      inspector.close();
    }
    const request = events.find((event) => event.type === 'handshake-request');
    assert.equal(request?.type, 'handshake-request');
    const headers = new Map(request.headers.map(([name, value]) => [name.toLowerCase(), value]));
    assert.equal(headers.get('origin'), server.otherSiteUrl);
    assert.equal(headers.get('cookie'), '[redacted]', 'the browser attached the cookie; the trace hides its value');
    assert.equal(request.path, `/echo?trace=${id}`);
    const response = events.find((event) => event.type === 'handshake-response');
    assert.equal(response?.type === 'handshake-response' && response.status, 403);
    const note = events.find((event) => event.type === 'note');
    assert.match(note?.type === 'note' ? note.text : '', /^Origin not allowed: http:\/\/localhost:\d+ is not on/);
  });

  it('is let in by a server that allows every origin, and sends its message as the visitor', async () => {
    const open = await startPlaygroundServer({ port: 0, otherSitePort: 0, allowedOrigins: ['*'], logger: () => {} });
    try {
      const socket = new WebSocket(`${open.wsUrl}/echo`, { origin: open.otherSiteUrl });
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      socket.send(OTHER_SITE_MESSAGE);
      const [reply] = await new Promise<[Buffer]>((resolve) =>
        socket.once('message', (data: Buffer) => resolve([data])),
      );
      assert.equal(reply.toString(), OTHER_SITE_MESSAGE);
      socket.close();
    } finally {
      await open.close();
    }
  });

  it('runs the lesson’s forged-Origin script: the server’s own origin gets in, another is refused', async () => {
    const cwd = process.cwd();
    const accepted = await run(process.execPath, ['-e', forgedClientScript(`${server.wsUrl}/echo`, server.url)], {
      cwd,
    });
    assert.equal(accepted.stdout.trim(), 'accepted, echo: hello from a script');
    assert.ok(logs.some((entry) => entry.event === 'connect' && entry.fields.origin === server.url));

    const refused = await run(process.execPath, [
      '-e',
      forgedClientScript(`${server.wsUrl}/echo`, 'https://bank.example'),
    ]);
    assert.equal(refused.stdout.trim(), 'refused: 403');
  });

  it('stops with the main server', async () => {
    const other = await startPlaygroundServer({ port: 0, otherSitePort: 0, logger: () => {} });
    const url = other.otherSiteUrl!;
    assert.equal((await fetch(`${url}/`)).status, 200);
    await other.close();
    await assert.rejects(fetch(`${url}/`));
  });

  it('leaves the playground running when its port is taken, and logs why', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as { port: number }).port;
    const seen: { event: string; fields: LogFields }[] = [];
    const playground = await startPlaygroundServer({
      port: 0,
      otherSitePort: taken,
      logger: (event, fields = {}) => seen.push({ event, fields }),
    });
    try {
      assert.equal(playground.otherSiteUrl, undefined);
      const line = seen.find((entry) => entry.event === 'other-site-unavailable');
      assert.equal(line?.fields.port, taken);
      assert.match(String(line?.fields.error), /EADDRINUSE/);
    } finally {
      await playground.close();
      blocker.close();
    }
  });
});

describe('OTHER_SITE_PORT', () => {
  it('defaults to the main port + 1, and to none when the main port is picked at random', () => {
    assert.equal(readOtherSitePort({}, 8080), 8081);
    assert.equal(readOtherSitePort({ OTHER_SITE_PORT: ' ' }, 3000), 3001);
    assert.equal(readOtherSitePort({}, 0), undefined);
    assert.equal(readOtherSitePort({}, 65535), undefined);
  });

  it('takes a port, 0 for any free one, or "off"', () => {
    assert.equal(readOtherSitePort({ OTHER_SITE_PORT: '9000' }, 8080), 9000);
    assert.equal(readOtherSitePort({ OTHER_SITE_PORT: '0' }, 8080), 0);
    assert.equal(readOtherSitePort({ OTHER_SITE_PORT: 'off' }, 8080), undefined);
  });

  it('refuses what cannot work, naming the variable', () => {
    for (const bad of ['abc', '-1', '70000', '1e3', '80.5']) {
      assert.throws(() => readOtherSitePort({ OTHER_SITE_PORT: bad }, 8080), ConfigError);
    }
    assert.throws(
      () => readOtherSitePort({ OTHER_SITE_PORT: '8080' }, 8080),
      /OTHER_SITE_PORT=8080 is PORT too: the other site needs a port of its own/,
    );
  });
});
