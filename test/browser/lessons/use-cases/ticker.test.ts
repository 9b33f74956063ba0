import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../../src/lessons/use-cases/wsp-ticker-demo.ts';
import type { WspTickerDemo } from '../../../../src/lessons/use-cases/wsp-ticker-demo.ts';
import { applyTickerMessage, delayStats, emptyTickerBoard } from '../../../../src/lessons/use-cases/ticker-board.ts';
import { ConnectionMode } from '../../../../src/transport/mode.ts';
import { ShadowDriver, text, useMode, WAIT } from '../../helpers/lesson-helpers.ts';

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Drives the ticker demo through its fields and buttons, and reads what the reader sees. */
class TickerDriver extends ShadowDriver<WspTickerDemo> {
  async setEvery(ms: string): Promise<void> {
    const input = this.find<HTMLInputElement>('#every');
    input.value = ms;
    input.dispatchEvent(new Event('input'));
    await this.demo.updateComplete;
  }

  async chooseTopic(topic: 'scores' | 'prices'): Promise<void> {
    const select = this.find<HTMLSelectElement>('#topic');
    select.value = topic;
    select.dispatchEvent(new Event('change'));
    await this.demo.updateComplete;
  }

  click(id: string): void {
    this.find<HTMLButtonElement>(`#${id}`).click();
  }

  get received(): number {
    return Number(text(this.root.querySelector('#received')));
  }

  get state(): string {
    return text(this.root.querySelector('#state'));
  }

  async pushesReach(count: number): Promise<void> {
    await waitUntil(() => this.received >= count, `${count} pushes arrive (now ${this.received})`, WAIT);
  }
}

async function renderDemo(): Promise<TickerDriver> {
  return new TickerDriver(await fixture<WspTickerDemo>(html`<wsp-ticker-demo></wsp-ticker-demo>`));
}

describe('the ticker board', () => {
  it('keeps one row per match, counts pushes and notices a skipped seq', () => {
    let board = emptyTickerBoard(1000);
    const tick = (seq: number, match: string, home: number) => ({
      type: 'tick',
      topic: 'scores',
      seq,
      sentAt: 0,
      data: { match, home, away: 0, minute: seq },
    });
    board = applyTickerMessage(board, tick(1, 'Lions v Tigers', 0));
    board = applyTickerMessage(board, tick(2, 'Hawks v Wolves', 0));
    board = applyTickerMessage(board, tick(4, 'Lions v Tigers', 1));
    expect(board.received).to.equal(3);
    expect(board.missing).to.equal(1);
    expect(board.rows.map((row) => [row.key, row.seq])).to.deep.equal([
      ['Lions v Tigers', 4],
      ['Hawks v Wolves', 2],
    ]);
    board = applyTickerMessage(board, { type: 'state', paused: true, every: 250 });
    expect([board.paused, board.every]).to.deep.equal([true, 250]);
  });

  it('measures the last delay against the lowest, whatever the clocks’ offset', () => {
    expect(delayStats([])).to.equal(undefined);
    expect(delayStats([-300, -280, -310, -250])).to.deep.equal({
      last: -250,
      median: -280,
      lowest: -310,
      aboveLowest: 60,
    });
  });
});

for (const mode of [ConnectionMode.simulated, ConnectionMode.live]) {
  describe(`the ticker demo in ${mode} mode`, () => {
    useMode(mode);

    it('counts the pushes, pauses, resumes and changes the rate', async () => {
      const ticker = await renderDemo();
      await ticker.setEvery('100');
      ticker.click('connect');
      await ticker.pushesReach(3);
      expect(ticker.state).to.equal('The server pushes a tick every 100 ms.');
      expect(Number(text(ticker.find('#seq')))).to.equal(ticker.received);
      expect(ticker.root.querySelectorAll('#board tbody tr th[scope=row]').length).to.be.greaterThan(0);

      ticker.click('pause');
      await waitUntil(() => ticker.state.startsWith('Paused'), 'the server confirms the pause', WAIT);
      const whenPaused = ticker.received;
      await pause(400);
      expect(ticker.received, 'no push arrives while paused').to.equal(whenPaused);
      expect(ticker.find<HTMLButtonElement>('#pause').disabled).to.equal(true);

      ticker.click('resume');
      await waitUntil(() => ticker.state.startsWith('The server pushes'), 'the server confirms the resume', WAIT);
      await ticker.pushesReach(whenPaused + 2);

      await ticker.setEvery('600');
      ticker.click('set-rate');
      await waitUntil(() => ticker.state === 'The server pushes a tick every 600 ms.', 'the new rate holds', WAIT);
      const atNewRate = ticker.received;
      await pause(1000);
      const slower = ticker.received - atNewRate;
      expect(slower, 'one or two pushes in a second at 600 ms').to.be.within(1, 2);
      ticker.click('disconnect');
      await waitUntil(() => ticker.state === 'Disconnected.', 'the connection closes', WAIT);
    });

    it('shows the delay from the server’s sentAt to the screen', async () => {
      const ticker = await renderDemo();
      await ticker.chooseTopic('prices');
      await ticker.setEvery('100');
      ticker.click('connect');
      await ticker.pushesReach(3);
      await waitUntil(() => /^-?\d+ ms$/.test(text(ticker.find('#delay'))), 'a delay is shown', WAIT);
      const delay = Number.parseInt(text(ticker.find('#delay')), 10);
      // Both wires run on this machine, so the two clocks agree: the delay is small and not negative.
      expect(delay).to.be.within(0, 1000);
      expect(text(ticker.find('#above-lowest'))).to.match(/^\d+ ms$/);
      expect(text(ticker.find('#board caption'))).to.equal('Latest prices');
      expect(text(ticker.find('#board tbody tr td'))).to.match(/^\d+\.\d\d$/);
      const note = text(ticker.find('#delay-note'));
      expect(note).to.contain(mode === ConnectionMode.live ? 'can even be negative' : 'the same clock');
      ticker.click('disconnect');
    });

    it('refuses a rate outside 50 to 60000 ms with a sentence, and sends nothing', async () => {
      const ticker = await renderDemo();
      ticker.click('connect');
      await waitUntil(() => !ticker.find<HTMLButtonElement>('#set-rate').disabled, 'the connection opens', WAIT);
      await ticker.setEvery('10');
      ticker.click('set-rate');
      await ticker.demo.updateComplete;
      expect(text(ticker.find('#rate-problem'))).to.equal(
        'The rate must be a whole number of milliseconds from 50 to 60000.',
      );
      expect(ticker.state).to.equal('The server pushes a tick every 1000 ms.');
      ticker.click('disconnect');
    });
  });
}
