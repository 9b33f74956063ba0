import { expect, waitUntil } from '@open-wc/testing';
import { connectionSettings } from '../../../../src/controllers/connection-settings.ts';
import { ForgedController } from '../../../../src/lessons/cors/forged-controller.ts';
import { ConnectionMode } from '../../../../src/transport/mode.ts';
import { serverUrl } from '../../helpers/live-servers.ts';
import { BareHost } from '../../helpers/bare-host.ts';

describe('the forged-Origin controller', () => {
  let host: BareHost;
  let forged: ForgedController;

  beforeEach(async () => {
    connectionSettings.setServerUrl(await serverUrl('live-server-url'));
    connectionSettings.setMode(ConnectionMode.simulated);
    host = new BareHost();
    forged = new ForgedController(host);
    host.connect();
  });

  afterEach(() => host.disconnect());

  it('lets a script that claims this page’s origin in, and refuses another site’s, as the live server does', async () => {
    expect(forged.target).to.equal('/echo');
    await forged.forge(window.location.origin);
    expect(forged.result?.accepted).to.equal(true);
    const request = forged.result!.events[0]!;
    expect(request.type === 'handshake-request' && request.headers[0]).to.deep.equal(['Sec-WebSocket-Version', '13']);
    await forged.forge('https://bank.example');
    expect(forged.result?.accepted).to.equal(false);
    expect(forged.result?.reason).to.equal(
      `Origin not allowed: https://bank.example is not on the allowlist (${window.location.origin}).`,
    );
  });

  it('names the watch in the script’s URL while it lasts', async () => {
    const live = await serverUrl('live-server-url');
    connectionSettings.setMode(ConnectionMode.live);
    expect(forged.scriptUrl).to.equal(`${live}/echo`);
    forged.startWatching();
    const id = forged.watching!.id;
    expect(id).to.match(/^[0-9a-f]{32}$/);
    expect(forged.scriptUrl).to.equal(`${live}/echo?trace=${id}`);
    forged.stopWatching();
    expect(forged.watching).to.equal(undefined);
    expect(forged.scriptUrl).to.equal(`${live}/echo`);
  });

  it('says when the live server cannot be watched', async () => {
    connectionSettings.setServerUrl('ws://127.0.0.1:9');
    connectionSettings.setMode(ConnectionMode.live);
    forged.startWatching();
    await waitUntil(() => forged.watching?.ended !== undefined, 'the watch ends', { timeout: 5000 });
    expect(forged.watching?.ended).to.equal('unreachable');
  });

  it('forgets the result and the watch when the reader switches mode', async () => {
    await forged.forge('https://bank.example');
    connectionSettings.setMode(ConnectionMode.live);
    expect(forged.result).to.equal(undefined);
    forged.startWatching();
    connectionSettings.setMode(ConnectionMode.simulated);
    expect(forged.watching).to.equal(undefined);
  });
});
