import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { connectionSettings } from '../../../../src/controllers/connection-settings.ts';
import {
  COOKIE_CHOICES,
  cookieOnHandshake,
  cookieStored,
  type CookieChoiceName,
} from '../../../../src/lessons/cors/cookie-rules.ts';
import { forgetDemoCookie } from '../../../../src/lessons/cors/demo-cookie.ts';
import { HijackController } from '../../../../src/lessons/cors/hijack-controller.ts';
import { cookieReceived, crossSiteAddress, LivePhase, type LiveRun } from '../../../../src/lessons/cors/hijack-run.ts';
import { ConnectionMode } from '../../../../src/transport/mode.ts';
import { BareHost } from '../../helpers/bare-host.ts';

/**
 * The hijack demo's cookie rules against the real thing: this Chromium
 * stores the demo cookie with each SameSite choice, the other site's page
 * (served by a real live server) opens its WebSocket from the same site
 * (another port of localhost) or from another site (127.0.0.1), and the
 * server's own trace says whether a Cookie header came. Each run checks what
 * the lesson teaches, and that the simulated rules say the same.
 */

/** Whether the handshake carried the cookie, by what the lesson teaches; `undefined`: the browser's third-party setting. */
const TAUGHT: Readonly<Record<CookieChoiceName, { sameSite: boolean; crossSite: boolean | undefined }>> = {
  unset: { sameSite: true, crossSite: false },
  lax: { sameSite: true, crossSite: false },
  strict: { sameSite: true, crossSite: false },
  noneSecure: { sameSite: true, crossSite: undefined },
  none: { sameSite: false, crossSite: false },
};

async function configured(name: string): Promise<string> {
  const value = await executeServerCommand(name);
  if (typeof value !== 'string') throw new Error(`the test runner did not start ${name}`);
  return value;
}

/** Runs the live attack from `address` with the reader's `choice`, as the demo does, until the server has reported. */
async function attack(address: string, name: CookieChoiceName): Promise<LiveRun> {
  const host = new BareHost();
  const frame = document.createElement('iframe');
  const controller = new HijackController(host, () => frame.contentWindow);
  host.connect();
  try {
    await controller.runLive(address, COOKIE_CHOICES[name]);
    const src = controller.live?.src;
    if (controller.live?.phase !== LivePhase.running || src === undefined) {
      throw new Error(`the run did not start: ${controller.live?.message ?? controller.live?.phase}`);
    }
    frame.src = src;
    document.body.append(frame);
    await waitUntil(
      () =>
        controller.live?.phase === LivePhase.done &&
        cookieReceived(controller.live) !== undefined &&
        controller.live.events.some((event) => event.type === 'handshake-response'),
      'the other site reports, and the server shows its handshake',
      { timeout: 8000 },
    );
    return controller.live;
  } finally {
    frame.remove();
    host.disconnect();
  }
}

describe('the demo cookie on a real handshake: Chromium, the live server and the simulated rules agree', () => {
  let server = '';
  let sameSite = '';
  let crossSite = '';

  before(async () => {
    // The cross-site page swaps localhost for 127.0.0.1: the test page (which writes the cookie) must be on localhost.
    expect(window.location.hostname).to.equal('localhost');
    server = await configured('cors-server-url');
    sameSite = await configured('cors-other-site-url');
    crossSite = crossSiteAddress(sameSite) ?? '';
    expect(new URL(server).hostname).to.equal('localhost');
    expect(crossSite).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    connectionSettings.setServerUrl(server);
    connectionSettings.setMode(ConnectionMode.live);
  });

  afterEach(forgetDemoCookie);

  after(() => connectionSettings.setMode(ConnectionMode.simulated));

  for (const name of Object.keys(TAUGHT) as CookieChoiceName[]) {
    for (const where of ['sameSite', 'crossSite'] as const) {
      it(`${name}, from ${where === 'sameSite' ? 'another port of localhost' : '127.0.0.1'}`, async () => {
        const address = where === 'sameSite' ? sameSite : crossSite;
        const run = await attack(address, name);
        const choice = COOKIE_CHOICES[name];
        const page = window.location.origin;

        // What the server received: the refusal, the other site's Origin, and a Cookie header or none.
        const request = run.events.find((event) => event.type === 'handshake-request');
        const headers = request?.type === 'handshake-request' ? request.headers : [];
        expect(headers.find(([header]) => header.toLowerCase() === 'origin')?.[1]).to.equal(address);
        const response = run.events.find((event) => event.type === 'handshake-response');
        expect(response?.type === 'handshake-response' && response.status).to.equal(403);
        const received = cookieReceived(run);
        const value = headers.find(([header]) => header.toLowerCase() === 'cookie')?.[1];
        expect(value).to.equal(received ? '[redacted]' : undefined);

        // What the lesson teaches.
        expect(run.cookie?.stored, 'stored').to.equal(name !== 'none');
        const taught = TAUGHT[name][where];
        if (taught === undefined) {
          // SameSite=None; Secure across sites: the browser's third-party cookie setting decides.
          expect(run.storageAccess).to.be.a('boolean');
          expect(received, 'sent as third-party cookies are allowed').to.equal(run.storageAccess);
        } else {
          expect(received).to.equal(taught);
        }

        // What the simulated rules say, from the same facts.
        expect(run.cookie?.stored).to.equal(cookieStored(choice, page).yes);
        const rules = cookieOnHandshake(choice, page, {
          cookieHost: window.location.hostname,
          pages: [address, page],
          server: `${server}/echo`,
          thirdPartyCookies: run.storageAccess !== false,
        });
        expect(received, rules.reason).to.equal(rules.yes);
      });
    }
  }
});
