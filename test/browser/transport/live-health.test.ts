import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { liveServerAnswers, noLiveServer, siteAnswers } from '../../../src/transport/live-health.ts';
import { explainLiveFailure } from '../../../src/transport/live.ts';
import { plainGet } from '../../../src/transport/plain-get.ts';
import { serverUrl } from '../helpers/live-servers.ts';

/**
 * "Is anything there?": the one health check every failure message leans on,
 * against the real servers the test runner started and an address where
 * nothing listens.
 */

const NOWHERE = 'ws://127.0.0.1:9';
const pageOrigin = window.location.origin;
const realFetch = window.fetch;

/** Makes every fetch of a URL containing `path` fail as a CORS refusal does (a bare TypeError); others go through. */
function refuse(path: string): void {
  window.fetch = (input, init) =>
    String(input instanceof Request ? input.url : input).includes(path)
      ? Promise.reject(new TypeError('Failed to fetch'))
      : realFetch(input, init);
}

afterEach(() => {
  window.fetch = realFetch;
});

describe('the live server health check', () => {
  it('finds a running server, even one whose allowlist refuses this page', async () => {
    expect(await liveServerAnswers(await serverUrl('live-server-url'))).to.equal(true);
    expect(await liveServerAnswers(await serverUrl('strict-server-url'))).to.equal(true);
  });

  it('finds nothing where nothing listens', async () => {
    expect(await liveServerAnswers(NOWHERE)).to.equal(false);
  });

  it("takes a page that answers /healthz with HTML (Vite's preview) for no live server", async () => {
    window.fetch = () =>
      Promise.resolve(new Response('<!doctype html><title>WebSocket Playground</title>', { status: 200 }));
    expect(await liveServerAnswers(await serverUrl('live-server-url'))).to.equal(false);
  });

  it('takes only a 200 from /healthz as "running"', async () => {
    window.fetch = () => Promise.resolve(new Response('down for maintenance', { status: 503 }));
    expect(await liveServerAnswers(await serverUrl('live-server-url'))).to.equal(false);
  });

  it('finds the other site where it listens, and nothing where none does', async () => {
    const otherSite = await executeServerCommand('cors-other-site-url');
    expect(typeof otherSite).to.equal('string');
    expect(await siteAnswers(String(otherSite))).to.equal(true);
    expect(await siteAnswers('http://127.0.0.1:9')).to.equal(false);
  });
});

describe('the sentence for "no live server"', () => {
  it('keeps the caller’s words first and gives the same three ways on', () => {
    expect(noLiveServer('Nothing at X.')).to.equal(
      'Nothing at X. Start one with "npm start" (or "npm run server") in the project folder, ' +
        'point this page at another with ?server=ws://host:port, or switch to Simulated, which needs no server.',
    );
  });
});

describe('telling "refused this page" from "nothing there"', () => {
  it('explains a failed live connection to a running server as a refusal', async () => {
    const strict = await serverUrl('strict-server-url');
    expect(await explainLiveFailure(strict, '/echo', pageOrigin)).to.equal(
      `The live server at ${strict} is running but refused the connection to ${strict}/echo. ` +
        `It only accepts pages from the origins in its ALLOWED_ORIGINS; this page is ${pageOrigin}. ` +
        `The server's log says why. To let this page in, start it with ALLOWED_ORIGINS=${pageOrigin} npm start.`,
    );
  });

  it('explains a failed live connection with no server as nothing listening', async () => {
    expect(await explainLiveFailure(NOWHERE, '/echo', pageOrigin)).to.equal(
      `No live server answered at ${NOWHERE}/echo. Start one with "npm start" (or "npm run server") in the ` +
        'project folder, point this page at another with ?server=ws://host:port, or switch to Simulated, ' +
        'which needs no server.',
    );
  });

  it('calls a plain GET the browser hid "hidden" when the server is there, "unreachable" when not', async () => {
    refuse('/echo');
    const live = await serverUrl('live-server-url');
    expect(await plainGet(live)).to.deep.equal({
      kind: 'hidden',
      url: `${live.replace(/^ws/, 'http')}/echo`,
      pageOrigin,
    });
    expect(await plainGet(NOWHERE)).to.deep.equal({ kind: 'unreachable', url: 'http://127.0.0.1:9/echo' });
  });
});
