import { expect } from '@open-wc/testing';
import { ConnectionLog, LogKind } from '../../../src/controllers/connection-log.ts';

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('ConnectionLog', () => {
  it('opens the first connection with no divider: nothing came before it', () => {
    const log = new ConnectionLog(10);
    log.restart();
    log.add(LogKind.info, 'Connecting');
    expect(log.entries.map((entry) => entry.kind)).to.deep.equal([LogKind.info]);
  });

  it('puts a divider between one connection and the next, whose times start again at 0', async () => {
    const log = new ConnectionLog(10);
    log.restart();
    log.add(LogKind.info, 'Connecting');
    await wait(30);
    log.add(LogKind.info, 'Switched to Live server: reconnecting.');
    log.restart();
    log.add(LogKind.info, 'Connecting again');
    const [first, switched, divider, again] = log.entries;
    expect(switched!.at).to.be.at.least(25);
    expect(divider!.kind).to.equal(LogKind.divider);
    expect(divider!.text).to.equal('Connection 2: its times count from +0 ms again');
    expect(again!.at).to.be.below(switched!.at);
    expect([first!.text, again!.text]).to.deep.equal(['Connecting', 'Connecting again']);
  });

  it('starts again without a divider once cleared, and keeps counting the connections', () => {
    const log = new ConnectionLog(10);
    log.restart();
    log.add(LogKind.info, 'one');
    log.clear();
    log.restart();
    log.add(LogKind.info, 'two');
    log.restart();
    expect(log.entries.map((entry) => entry.text)).to.deep.equal([
      'two',
      'Connection 3: its times count from +0 ms again',
    ]);
  });
});
