import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../../src/lessons/use-cases/wsp-notify-demo.ts';
import type { WspNotifyDemo } from '../../../../src/lessons/use-cases/wsp-notify-demo.ts';
import { ConnectionMode } from '../../../../src/transport/mode.ts';
import { ShadowDriver, text, useMode, WAIT } from '../../helpers/lesson-helpers.ts';

const PANES = ['p1', 'p2', 'p3'] as const;

/** Drives the notification demo: its connect buttons and its sender control. */
class NotifyDriver extends ShadowDriver<WspNotifyDemo> {
  async connectAll(): Promise<void> {
    this.find<HTMLButtonElement>('#connect-all').click();
    await waitUntil(
      () => PANES.every((pane) => text(this.root.querySelector(`#${pane}-status`)) === 'connected, waiting for alerts'),
      'all three connect',
      WAIT,
    );
    // Ann learns of Bob and Cy from joined messages: wait until she can address them.
    await waitUntil(() => this.root.querySelectorAll('#to option').length === 4, 'Ann knows everyone', WAIT);
  }

  async choose(id: string, value: string): Promise<void> {
    const select = this.find<HTMLSelectElement>(`#${id}`);
    select.value = value;
    select.dispatchEvent(new Event('change'));
    await this.demo.updateComplete;
  }

  async push(text: string): Promise<void> {
    this.find<HTMLInputElement>('#alert-text').value = text;
    this.find<HTMLButtonElement>('#send-alert').click();
    await this.demo.updateComplete;
  }

  /** The alerts a pane received: [level, text, the line's note]. */
  alerts(pane: string): string[][] {
    return [...this.root.querySelectorAll(`#${pane}-inbox li[data-kind=alert]`)].map((item) => [
      text(item.querySelector('.level')),
      text(item.querySelector('.text')),
      text(item.querySelector('.hint')),
    ]);
  }

  receipts(pane: string): string[] {
    return [...this.root.querySelectorAll(`#${pane}-inbox li[data-kind=sent]`)].map((item) =>
      text(item).replace(/^\S+ ?(AM|PM)? ?/, ''),
    );
  }
}

async function renderDemo(): Promise<NotifyDriver> {
  return new NotifyDriver(await fixture<WspNotifyDemo>(html`<wsp-notify-demo></wsp-notify-demo>`));
}

for (const mode of [ConnectionMode.simulated, ConnectionMode.live]) {
  describe(`the notification demo in ${mode} mode`, () => {
    useMode(mode);

    it('pushes an alert to one chosen client only', async () => {
      const notify = await renderDemo();
      await notify.connectAll();
      await notify.choose('to', 'Bob');
      await notify.choose('level', 'urgent');
      await notify.push('your build failed');
      await waitUntil(() => notify.alerts('p2').length === 1, 'Bob gets the alert', WAIT);
      expect(notify.alerts('p2')).to.deep.equal([['Urgent', 'your build failed', 'from Ann, to you only']]);
      await waitUntil(() => notify.receipts('p1').length === 1, 'Ann gets a receipt', WAIT);
      expect(notify.receipts('p1')).to.deep.equal(['Alert #1 pushed to Bob: 1 connection']);
      expect(notify.alerts('p1')).to.deep.equal([]);
      expect(notify.alerts('p3')).to.deep.equal([]);
    });

    it('pushes an alert to everyone, the sender too, from any client', async () => {
      const notify = await renderDemo();
      await notify.connectAll();
      await notify.choose('from', '2');
      await waitUntil(() => notify.root.querySelectorAll('#to option').length === 4, 'Cy knows everyone', WAIT);
      await notify.choose('to', '');
      await notify.push('<img src=x onerror="window.__notifyXss = true"> lunch!');
      for (const pane of PANES) {
        await waitUntil(() => notify.alerts(pane).length === 1, `${pane} gets the alert`, WAIT);
      }
      const shown = '<img src=x onerror="window.__notifyXss = true"> lunch!';
      expect(notify.alerts('p1')).to.deep.equal([['Info', shown, 'from Cy, to everyone']]);
      expect(notify.alerts('p3')).to.deep.equal([['Info', shown, 'from you, to everyone']]);
      await waitUntil(() => notify.receipts('p3').length === 1, 'Cy gets a receipt', WAIT);
      expect(notify.receipts('p3')).to.deep.equal(['Alert #1 pushed to everyone: 3 connections']);
      expect(notify.root.querySelector('img')).to.equal(null);
      expect((window as { __notifyXss?: boolean }).__notifyXss).to.equal(undefined);
    });

    it('says why an empty alert was not sent, and keeps the connection', async () => {
      const notify = await renderDemo();
      await notify.connectAll();
      await notify.push('');
      await waitUntil(() => notify.root.querySelector('#p1-problem'), 'the server’s answer is shown', WAIT);
      expect(text(notify.find('#p1-problem'))).to.contain('"text" must be a string of 1 to 280 characters');
      expect(text(notify.find('#p1-status'))).to.equal('connected, waiting for alerts');
    });

    it('tells the others when a client disconnects, and stops offering it as a recipient', async () => {
      const notify = await renderDemo();
      await notify.connectAll();
      notify.find<HTMLButtonElement>('#p2-disconnect').click();
      await waitUntil(
        () => text(notify.root.querySelector('#p1-inbox li[data-kind=left]')).endsWith('Bob disconnected'),
        'Ann hears that Bob left',
        WAIT,
      );
      const recipients = [...notify.root.querySelectorAll('#to option')].map((option) => text(option));
      expect(recipients).to.deep.equal(['Everyone', 'Ann', 'Cy']);
    });
  });
}
