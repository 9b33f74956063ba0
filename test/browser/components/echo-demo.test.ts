import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../src/components/wsp-echo-demo.ts';
import type { WspEchoDemo } from '../../../src/components/wsp-echo-demo.ts';
import { connectionSettings } from '../../../src/controllers/connection-settings.ts';
import { ConnectionMode } from '../../../src/transport/mode.ts';
import { EchoDemoDriver } from '../helpers/demo-driver.ts';
import { serverUrl } from '../helpers/live-servers.ts';
import { useMode } from '../helpers/lesson-helpers.ts';

async function renderDemo(): Promise<EchoDemoDriver> {
  return new EchoDemoDriver(await fixture<WspEchoDemo>(html`<wsp-echo-demo></wsp-echo-demo>`));
}

for (const mode of [ConnectionMode.simulated, ConnectionMode.live]) {
  describe(`the echo demo in ${mode} mode`, () => {
    useMode(mode);

    it('connects, echoes text, echoes binary and disconnects cleanly', async () => {
      const driver = await renderDemo();
      expect(driver.button('send-text').disabled).to.equal(true);
      await driver.connect();
      expect(driver.button('send-text').disabled).to.equal(false);

      await driver.echo('Hello, WebSocket!');

      driver.root.querySelector<HTMLInputElement>('#message')!.value = 'hi';
      driver.button('send-binary').click();
      await driver.waitForLog(/Received binary, 2 bytes: 68 69/);

      driver.button('disconnect').click();
      const closed = await driver.waitForLog(/Closed with code/);
      expect(closed).to.contain('Closed with code 1000, reason "reader clicked Disconnect", cleanly');
      expect(driver.logLines().filter((line) => line.includes('problem'))).to.deep.equal([]);
    });

    it('keeps the keyboard reader in the demo: Connect, once pressed, hands the focus to Disconnect', async () => {
      const driver = await renderDemo();
      const connect = driver.button('connect');
      connect.focus();
      await driver.connect();
      expect(driver.root.activeElement?.id, 'the focus is not dropped to the page').to.equal('disconnect');
      driver.button('disconnect').click();
      await driver.waitForLog(/Closed with code/);
    });

    it('says on its status line where the server it talks to runs', async () => {
      const driver = await renderDemo();
      const status = driver.root.querySelector('.status')!.textContent!.replace(/\s+/g, ' ');
      expect(status).to.contain(connectionSettings.serverUrl);
      if (mode === ConnectionMode.simulated) expect(status).to.contain('simulated in this page');
      else expect(status).to.not.contain('simulated');
    });

    it('shows the connection mode switch, with the current mode checked', async () => {
      const driver = await renderDemo();
      const modeSwitch = driver.root.querySelector('wsp-mode-switch')!;
      await modeSwitch.updateComplete;
      const legend = modeSwitch.shadowRoot!.querySelector('legend')!;
      expect(legend.textContent).to.equal('Connection mode');
      const checked = modeSwitch.shadowRoot!.querySelector<HTMLInputElement>('input[type=radio]:checked')!;
      expect(checked.value).to.equal(mode);
    });
  });
}

describe('the echo demo when the mode flips', () => {
  before(async () => {
    connectionSettings.setServerUrl(await serverUrl('live-server-url'));
    connectionSettings.setMode(ConnectionMode.simulated);
  });

  it('reconnects on the other wire and keeps echoing', async () => {
    const driver = await renderDemo();
    await driver.connect();
    await driver.echo('before');

    const modeSwitch = driver.root.querySelector('wsp-mode-switch')!;
    modeSwitch.shadowRoot!.querySelector<HTMLInputElement>('input[value=live]')!.click();

    await driver.waitForLog(/Switched to Live server: reconnecting/);
    await waitUntil(() => driver.logLines().filter((line) => line.includes('Open: the handshake')).length === 2);
    await driver.echo('after');
    expect(connectionSettings.mode).to.equal(ConnectionMode.live);
  });

  it('marks where the new connection’s times start again at +0 ms, so the log never jumps back unexplained', async () => {
    connectionSettings.setMode(ConnectionMode.simulated);
    const driver = await renderDemo();
    await driver.connect();
    await driver.echo('before');
    const modeSwitch = driver.root.querySelector('wsp-mode-switch')!;
    modeSwitch.shadowRoot!.querySelector<HTMLInputElement>('input[value=live]')!.click();
    await waitUntil(() => driver.logLines().filter((line) => line.includes('Open: the handshake')).length === 2);

    const lines = driver.logLines();
    const switched = lines.findIndex((line) => line.includes('Switched to Live server'));
    const time = (line: string | undefined): number => Number(/^\+(\d+) ms/.exec(line ?? '')?.[1]);
    expect(lines[switched + 1], lines.join('\n')).to.equal('Connection 2: its times count from +0 ms again');
    expect(lines[switched + 2], lines.join('\n')).to.contain(`info Connecting to ${connectionSettings.serverUrl}/echo`);
    expect(time(lines[switched + 2]), 'the new connection’s first time').to.be.below(time(lines[switched]));
    const log = driver.root.querySelector('wsp-event-log')!.shadowRoot!;
    expect(log.querySelectorAll('li.divider')).to.have.length(1);
  });
});

describe('the echo demo when the live server is not there', () => {
  before(() => connectionSettings.setMode(ConnectionMode.live));

  it('says which URL it tried and how to start the server', async () => {
    connectionSettings.setServerUrl('ws://127.0.0.1:9');
    const driver = await renderDemo();
    driver.button('connect').click();
    const line = await driver.waitForLog(/No live server answered/);
    expect(line).to.contain('ws://127.0.0.1:9/echo');
    expect(line).to.contain('npm start');
    expect(line).to.contain('Simulated');
    expect(driver.button('connect').disabled).to.equal(false);
  });

  it('says the server is running but refused this page when its allowlist leaves the page out', async () => {
    connectionSettings.setServerUrl(await serverUrl('strict-server-url'));
    const driver = await renderDemo();
    driver.button('connect').click();
    const line = await driver.waitForLog(/is running but refused the connection/);
    expect(line).to.contain(`this page is ${window.location.origin}`);
  });
});
