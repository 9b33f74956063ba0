import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { connectionSettings } from '../../../../src/controllers/connection-settings.ts';
import { Attacker } from '../../../../src/lessons/cors/attackers.ts';
import { COOKIE_CHOICES } from '../../../../src/lessons/cors/cookie-rules.ts';
import { forgetDemoCookie } from '../../../../src/lessons/cors/demo-cookie.ts';
import { HijackController, type SimulatedScenario } from '../../../../src/lessons/cors/hijack-controller.ts';
import { LivePhase } from '../../../../src/lessons/cors/hijack-run.ts';
import { decodeUtf8 } from '../../../../src/protocol/index.ts';
import { ConnectionMode } from '../../../../src/transport/mode.ts';
import { serverUrl } from '../../helpers/live-servers.ts';
import { BareHost } from '../../helpers/bare-host.ts';

const crossSite: SimulatedScenario = {
  attacker: Attacker.crossSite,
  choice: COOKIE_CHOICES.unset,
  thirdPartyCookies: true,
};

function controller(): { host: BareHost; attack: HijackController } {
  const host = new BareHost();
  const attack = new HijackController(host, () => null);
  host.connect();
  return { host, attack };
}

describe('the hijack controller', () => {
  let host: BareHost | undefined;

  beforeEach(async () => {
    connectionSettings.setServerUrl(await serverUrl('live-server-url'));
    connectionSettings.setMode(ConnectionMode.simulated);
  });

  afterEach(() => {
    forgetDemoCookie();
    host?.disconnect();
    host = undefined;
  });

  it('runs the attacker’s handshake against this site’s allowlist, and against none', async () => {
    const made = controller();
    host = made.host;
    const { attack } = made;
    await attack.runSimulated(true, crossSite);
    expect(attack.withCheck?.result.accepted).to.equal(false);
    expect(attack.withCheck?.result.reason).to.equal(
      `Origin not allowed: http://evil.example is not on the allowlist (${window.location.origin}).`,
    );
    expect(attack.withoutCheck).to.equal(undefined);
    await attack.runSimulated(false, crossSite);
    expect(attack.withoutCheck?.result.accepted).to.equal(true);
    const reply = attack.withoutCheck!.result.events.find((event) => event.type === 'frame' && event.from === 'server');
    expect(reply?.type === 'frame' && decodeUtf8(reply.frame.payload)).to.equal(
      '{"action":"transfer","to":"mallory","amount":100}',
    );
    expect(made.host.updates).to.be.greaterThanOrEqual(2);
  });

  it('sends the cookie in the simulated request only where Chromium’s rules would', async () => {
    const made = controller();
    host = made.host;
    const server = await serverUrl('live-server-url');
    const cookieOf = (): string | undefined => {
      const request = made.attack.withoutCheck?.result.events.find((event) => event.type === 'handshake-request');
      return request?.type === 'handshake-request'
        ? request.headers.find(([name]) => name === 'Cookie')?.[1]
        : undefined;
    };
    // The same site: the server's host on its next port. Ports do not make a site, so even Strict goes.
    await made.attack.runSimulated(false, { ...crossSite, attacker: Attacker.sameSite, choice: COOKIE_CHOICES.strict });
    const port = Number(new URL(server).port) + 1;
    expect(made.attack.withoutCheck?.attacker).to.equal(`http://localhost:${port}`);
    expect(made.attack.withoutCheck?.cookie.yes).to.equal(true);
    expect(cookieOf()).to.equal('[redacted]');
    // Another site: a cookie without SameSite counts as Lax and stays home.
    await made.attack.runSimulated(false, crossSite);
    expect(made.attack.withoutCheck?.attacker).to.equal('http://evil.example');
    expect(cookieOf()).to.equal(undefined);
    expect(made.attack.withoutCheck?.cookie.reason).to.contain('treated as Lax');
    // SameSite=None; Secure goes across, unless the browser blocks third-party cookies.
    await made.attack.runSimulated(false, { ...crossSite, choice: COOKIE_CHOICES.noneSecure });
    expect(cookieOf()).to.equal('[redacted]');
    await made.attack.runSimulated(false, {
      ...crossSite,
      choice: COOKIE_CHOICES.noneSecure,
      thirdPartyCookies: false,
    });
    expect(cookieOf()).to.equal(undefined);
    expect(made.attack.withoutCheck?.cookie.reason).to.contain('blocks third-party cookies');
  });

  it('forgets both stories when the reader switches mode', async () => {
    const made = controller();
    host = made.host;
    await made.attack.runSimulated(false, crossSite);
    const before = made.host.updates;
    connectionSettings.setMode(ConnectionMode.live);
    expect(made.attack.withoutCheck).to.equal(undefined);
    expect(made.host.updates).to.equal(before + 1);
    // Another setting alone keeps them.
    await made.attack.runSimulated(false, crossSite);
    connectionSettings.setServerUrl('ws://localhost:9999');
    expect(made.attack.withoutCheck?.result.accepted).to.equal(true);
  });

  it('fails a live run on an address that is no web page, without asking anyone', async () => {
    const made = controller();
    host = made.host;
    connectionSettings.setMode(ConnectionMode.live);
    await made.attack.runLive('  localhost:8081 ', COOKIE_CHOICES.unset);
    expect(made.attack.live?.phase).to.equal(LivePhase.failed);
    expect(made.attack.live?.message).to.equal('“localhost:8081” is not a web address like http://localhost:8081.');
  });

  it('says so when no other site answers, checking first', async () => {
    const made = controller();
    host = made.host;
    connectionSettings.setMode(ConnectionMode.live);
    const running = made.attack.runLive('http://127.0.0.1:9', COOKIE_CHOICES.unset);
    expect(made.attack.live?.phase).to.equal(LivePhase.checking);
    await running;
    expect(made.attack.live?.phase).to.equal(LivePhase.failed);
    expect(made.attack.live?.message).to.match(/^No other site answered at http:\/\/127\.0\.0\.1:9\. /);
  });

  it('watches the live server and loads the other site with the watch’s id', async () => {
    const made = controller();
    host = made.host;
    connectionSettings.setMode(ConnectionMode.live);
    connectionSettings.setServerUrl(String(await executeServerCommand('cors-server-url')));
    const other = await executeServerCommand('cors-other-site-url');
    if (typeof other !== 'string') throw new Error('the test runner did not start the other site');
    await made.attack.runLive(other, COOKIE_CHOICES.strict);
    expect(made.attack.live?.phase).to.equal(LivePhase.running);
    // The other site's page connects to the server's host, whatever name the page itself is loaded by.
    expect(made.attack.live?.src).to.match(new RegExp(`^${other}/\\?trace=[0-9a-f]{32}&server=localhost$`));
    expect(made.attack.live?.cookie).to.deep.equal({ choice: COOKIE_CHOICES.strict, stored: true });
    expect(made.attack.live?.page).to.equal(window.location.origin);
    expect(document.cookie).to.contain('wsp_demo_session=signed-in');
  });

  it('reports a cookie the browser would not store: SameSite=None without Secure', async () => {
    const made = controller();
    host = made.host;
    connectionSettings.setMode(ConnectionMode.live);
    connectionSettings.setServerUrl(String(await executeServerCommand('cors-server-url')));
    const other = String(await executeServerCommand('cors-other-site-url'));
    await made.attack.runLive(other, COOKIE_CHOICES.none);
    expect(made.attack.live?.cookie).to.deep.equal({ choice: COOKIE_CHOICES.none, stored: false });
    expect(document.cookie).to.not.contain('wsp_demo_session');
  });
});
