import { expect, fixture, html } from '@open-wc/testing';
import '../../../src/components/wsp-event-log.ts';
import type { WspEventLog } from '../../../src/components/wsp-event-log.ts';
import { LogKind, type LogEntry } from '../../../src/controllers/connection-log.ts';

/** What the chat's server sends each client: 74 bytes of JSON without a space to break at. */
const CHAT_JSON = '{"type":"message","from":"Bob","text":"Hello from Bob","at":1796223903255}';

const ENTRIES: readonly LogEntry[] = [
  { id: 0, at: 0, kind: LogKind.info, text: 'Connecting to ws://localhost:8080/chat, Simulated…' },
  { id: 1, at: 20747, kind: LogKind.received, text: `Received text "${CHAT_JSON}" (74 bytes)` },
  { id: 2, at: 20748, kind: LogKind.info, text: 'Switched to Live server: reconnecting.' },
  { id: 3, at: 0, kind: LogKind.divider, text: 'Connection 2: its times count from +0 ms again' },
  { id: 4, at: 3, kind: LogKind.info, text: 'Connecting to ws://localhost:8080/chat, Live server…' },
];

/** A log as wide as `width` px, the way a demo pane holds one. */
async function logOfWidth(width: number): Promise<ShadowRoot> {
  const holder = await fixture<HTMLDivElement>(
    html`<div style="width: ${width}px"><wsp-event-log .entries=${ENTRIES}></wsp-event-log></div>`,
  );
  const log = holder.querySelector<WspEventLog>('wsp-event-log')!;
  await log.updateComplete;
  return log.shadowRoot!;
}

/** How many lines an element's text takes (its line boxes, told apart by their tops). */
function lineCount(element: Element): number {
  const range = document.createRange();
  range.selectNodeContents(element);
  return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
}

for (const width of [320, 420, 760]) {
  describe(`wsp-event-log, ${width} px wide`, () => {
    it('keeps each time on one line, five digits too', async () => {
      const root = await logOfWidth(width);
      const times = [...root.querySelectorAll('.at')];
      expect(times.map((time) => time.textContent)).to.include('+20747 ms');
      for (const time of times) expect(lineCount(time), time.textContent ?? '').to.equal(1);
    });

    it('lines its times up on one right edge', async () => {
      const root = await logOfWidth(width);
      const rights = [...root.querySelectorAll('.at')].map((time) => Math.round(time.getBoundingClientRect().right));
      expect(new Set(rights).size).to.equal(1);
    });

    it('keeps every message inside the log', async () => {
      const root = await logOfWidth(width);
      const list = root.querySelector('ol')!;
      expect(list.scrollWidth).to.be.at.most(list.clientWidth);
    });
  });
}

describe('wsp-event-log in a narrow pane (one of two side by side)', () => {
  it('gives a message the whole width of the log, not a column beside the time and kind', async () => {
    const root = await logOfWidth(420);
    const list = root.querySelector('ol')!.getBoundingClientRect();
    const message = [...root.querySelectorAll('.text')].find((cell) => cell.textContent!.includes(CHAT_JSON))!;
    const box = message.getBoundingClientRect();
    expect(box.width / list.width, 'share of the log').to.be.above(0.8);
    expect(lineCount(message), 'lines the 74-byte message takes').to.be.at.most(3);
  });
});

describe('wsp-event-log in a wide demo', () => {
  it('keeps a message on the line of its time and kind', async () => {
    const root = await logOfWidth(760);
    const item = root.querySelector('li.received')!;
    const top = (selector: string): number => Math.round(item.querySelector(selector)!.getBoundingClientRect().top);
    expect(top('.text')).to.equal(top('.at'));
  });
});

describe('wsp-event-log between two connections', () => {
  it('draws a divider that says the times start again, with no time of its own', async () => {
    const root = await logOfWidth(760);
    const items = [...root.querySelectorAll('li')];
    const index = items.findIndex((item) => item.classList.contains('divider'));
    expect(index).to.equal(3);
    const divider = items[index]!;
    expect(divider.textContent!.trim()).to.equal('Connection 2: its times count from +0 ms again');
    expect(divider.querySelector('.at')).to.equal(null);
    expect(items[index + 1]!.querySelector('.at')!.textContent).to.equal('+3 ms');
    expect(divider.getBoundingClientRect().width).to.be.closeTo(items[0]!.getBoundingClientRect().width, 1);
  });
});
