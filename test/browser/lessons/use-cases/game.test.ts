import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../../src/lessons/use-cases/wsp-game-demo.ts';
import type { WspGameDemo } from '../../../../src/lessons/use-cases/wsp-game-demo.ts';
import { connectionSettings } from '../../../../src/controllers/connection-settings.ts';
import { ConnectionMode } from '../../../../src/transport/mode.ts';
import { applyTheme, ShadowDriver, text, useMode, useSiteThemeForAxe, WAIT } from '../../helpers/lesson-helpers.ts';

/** Drives the demo the way a reader does: its buttons, keys and switches. */
class Driver extends ShadowDriver<WspGameDemo> {
  /** Where one player's page says a piece is: `Ann (you): x 1, y 1`, or undefined when it shows none. */
  where(player: string, name: string): string | undefined {
    const line = this.root.querySelector(`#${player}-where [data-where=${name}]`);
    return line ? text(line) : undefined;
  }

  /** The cell a player's page draws a piece in, from the playfield itself. */
  drawn(player: string, name: string): string | undefined {
    const piece = this.root.querySelector<HTMLElement>(`#${player}-field [data-piece=${name}]`);
    return piece ? `${piece.style.gridColumn} ${piece.style.gridRow}` : undefined;
  }

  async joinBoth(): Promise<void> {
    this.find('#join-all').click();
    await waitUntil(
      () => this.where('ann', 'Bob') !== undefined && this.where('bob', 'Ann') !== undefined,
      'both players see both pieces',
      WAIT,
    );
  }
}

for (const mode of [ConnectionMode.simulated, ConnectionMode.live]) {
  describe(`the multiplayer game demo in ${mode} mode`, () => {
    let driver: Driver;

    useMode(mode);

    beforeEach(async () => {
      driver = new Driver(await fixture<WspGameDemo>(html`<wsp-game-demo></wsp-game-demo>`));
    });

    afterEach(() => driver.demo.remove());

    it('lets two players move their own pieces and see each other move', async () => {
      await driver.joinBoth();
      expect(driver.where('ann', 'Ann')).to.equal('Ann (you): x 1, y 1');
      expect(driver.where('ann', 'Bob')).to.equal('Bob: x 14, y 8');
      driver.find('#ann-right').click();
      const field = driver.find('#bob-field');
      field.focus();
      field.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true, composed: true }));
      await waitUntil(() => driver.where('bob', 'Ann') === 'Ann: x 2, y 1', 'Bob sees Ann move', WAIT);
      await waitUntil(() => driver.where('ann', 'Bob') === 'Bob: x 14, y 7', 'Ann sees Bob move', WAIT);
      expect(driver.drawn('ann', 'Bob')).to.equal('15 8');
      expect(driver.drawn('bob', 'Ann')).to.equal('3 2');
    });

    it('removes the piece of a player who leaves mid-game, and the other plays on', async () => {
      await driver.joinBoth();
      driver.find('#bob-leave').click();
      await waitUntil(() => driver.where('ann', 'Bob') === undefined, 'Bob’s piece is gone from Ann’s field', WAIT);
      expect(driver.drawn('ann', 'Bob')).to.equal(undefined);
      expect(text(driver.find('#bob-status'))).to.equal('left the game');
      driver.find('#ann-down').click();
      await waitUntil(
        () => driver.where('ann', 'Ann') === 'Ann (you): x 1, y 2',
        'the server applied Ann’s move',
        WAIT,
      );
      expect(text(driver.find('#ann-pending'))).to.equal('0');
      expect(text(driver.find('#ann-status'))).to.equal('playing');
    });

    it('keeps the trace one click away', () => {
      expect(text(driver.find('#trace summary'))).to.equal('What crossed the wire');
    });
  });
}

describe('latency and prediction in the game demo', () => {
  let driver: Driver;

  beforeEach(async () => {
    connectionSettings.setMode(ConnectionMode.simulated);
    driver = new Driver(await fixture<WspGameDemo>(html`<wsp-game-demo></wsp-game-demo>`));
  });

  afterEach(() => driver.demo.remove());

  it('moves the own piece at once under 400 ms of latency, then reconciles to the server’s position', async () => {
    driver.find('#latency-400').click();
    await driver.joinBoth();
    driver.find('#ann-right').click();
    await driver.demo.updateComplete;
    expect(driver.where('ann', 'Ann')).to.equal('Ann (you): x 2, y 1 (predicted; the server last said x 1, y 1)');
    expect(driver.drawn('ann', 'Ann')).to.equal('3 2');
    expect(text(driver.find('#ann-pending'))).to.equal('1');
    expect(driver.where('bob', 'Ann')).to.equal('Ann: x 1, y 1');
    await waitUntil(() => text(driver.find('#ann-pending')) === '0', 'the server’s tick confirms the move', WAIT);
    expect(driver.where('ann', 'Ann')).to.equal('Ann (you): x 2, y 1');
    expect(Number(text(driver.find('#ann-confirmed')))).to.be.at.least(800);
    expect(text(driver.find('#ann-corrections'))).to.equal('0');
    await waitUntil(() => driver.where('bob', 'Ann') === 'Ann: x 2, y 1', 'Bob sees Ann’s move', WAIT);
  });

  it('without prediction, waits for the server before the own piece moves', async () => {
    driver.find('#latency-150').click();
    (driver.find('#predict') as HTMLInputElement).click();
    await driver.joinBoth();
    driver.find('#ann-right').click();
    await driver.demo.updateComplete;
    expect(driver.where('ann', 'Ann')).to.equal('Ann (you): x 1, y 1');
    await waitUntil(() => driver.where('ann', 'Ann') === 'Ann (you): x 2, y 1', 'the tick moves the piece', WAIT);
    expect(Number(text(driver.find('#ann-confirmed')))).to.be.at.least(300);
  });

  it('says in Live mode that the network decides the latency', async () => {
    connectionSettings.setMode(ConnectionMode.live);
    await driver.demo.updateComplete;
    expect((driver.find('#latency-400') as HTMLInputElement).disabled).to.equal(true);
    expect(text(driver.find('#latency-note'))).to.equal(
      'Live mode: the delay is whatever the network has (on localhost, about none). This page adds none.',
    );
  });
});

describe('the game demo and axe-core', () => {
  useSiteThemeForAxe();

  for (const theme of ['light', 'dark'] as const) {
    it(`finds no violations with every pane in use (${theme} theme)`, async () => {
      applyTheme(theme);
      const driver = new Driver(await fixture<WspGameDemo>(html`<wsp-game-demo></wsp-game-demo>`));
      driver.find('#latency-400').click();
      await driver.joinBoth();
      driver.find('#ann-right').click();
      await driver.demo.updateComplete;
      (driver.find('#trace') as HTMLDetailsElement).open = true;
      await waitUntil(() => driver.root.querySelector('wsp-trace-timeline'), 'the traces render', WAIT);
      await expect(driver.demo).to.be.accessible();
      driver.demo.remove();
    });
  }
});
