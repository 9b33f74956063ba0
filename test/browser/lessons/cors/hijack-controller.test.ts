import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { connectionSettings } from '../../../../src/controllers/connection-settings.ts';
import { HijackController } from '../../../../src/lessons/cors/hijack-controller.ts';
import { LivePhase } from '../../../../src/lessons/cors/hijack-run.ts';
import { decodeUtf8 } from '../../../../src/protocol/index.ts';
import { ConnectionMode } from '../../../../src/transport/mode.ts';
import { serverUrl } from '../../helpers/live-servers.ts';
import { BareHost } from '../../helpers/bare-host.ts';

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
    host?.disconnect();
    host = undefined;
  });

  it('runs the attacker’s handshake against this site’s allowlist, and against none', async () => {
    const made = controller();
    host = made.host;
    const { attack } = made;
    await attack.runSimulated(true);
    expect(attack.withCheck?.accepted).to.equal(false);
    expect(attack.withCheck?.reason).to.equal(
      `Origin not allowed: http://evil.example is not on the allowlist (${window.location.origin}).`,
    );
    expect(attack.withoutCheck).to.equal(undefined);
    await attack.runSimulated(false);
    expect(attack.withoutCheck?.accepted).to.equal(true);
    const reply = attack.withoutCheck!.events.find((event) => event.type === 'frame' && event.from === 'server');
    expect(reply?.type === 'frame' && decodeUtf8(reply.frame.payload)).to.equal(
      '{"action":"transfer","to":"mallory","amount":100}',
    );
    expect(made.host.updates).to.be.greaterThanOrEqual(2);
  });

  it('forgets both stories when the reader switches mode', async () => {
    const made = controller();
    host = made.host;
    await made.attack.runSimulated(false);
    const before = made.host.updates;
    connectionSettings.setMode(ConnectionMode.live);
    expect(made.attack.withoutCheck).to.equal(undefined);
    expect(made.host.updates).to.equal(before + 1);
    // Another setting alone keeps them.
    await made.attack.runSimulated(false);
    connectionSettings.setServerUrl('ws://localhost:9999');
    expect(made.attack.withoutCheck?.accepted).to.equal(true);
  });

  it('fails a live run on an address that is no web page, without asking anyone', async () => {
    const made = controller();
    host = made.host;
    connectionSettings.setMode(ConnectionMode.live);
    await made.attack.runLive('  localhost:8081 ');
    expect(made.attack.live?.phase).to.equal(LivePhase.failed);
    expect(made.attack.live?.message).to.equal('“localhost:8081” is not a web address like http://localhost:8081.');
  });

  it('says so when no other site answers, checking first', async () => {
    const made = controller();
    host = made.host;
    connectionSettings.setMode(ConnectionMode.live);
    const running = made.attack.runLive('http://127.0.0.1:9');
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
    await made.attack.runLive(other);
    expect(made.attack.live?.phase).to.equal(LivePhase.running);
    expect(made.attack.live?.src).to.match(new RegExp(`^${other}/\\?trace=[0-9a-f]{32}$`));
    expect(document.cookie).to.contain('wsp_demo_session=signed-in');
    document.cookie = 'wsp_demo_session=; Max-Age=0; Path=/';
  });
});
