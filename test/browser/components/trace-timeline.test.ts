import { expect, fixture, html } from '@open-wc/testing';
import '../../../src/components/wsp-trace-timeline.ts';
import type { WspTraceTimeline } from '../../../src/components/wsp-trace-timeline.ts';
import { parseTraceEvent } from '../../../src/protocol/index.ts';
import { TraceClock, type PageTraceEvent, type TimelineEvent } from '../../../src/transport/trace-stream.ts';

/** The body rows in the page (only those in view and a few beyond). */
function rowsOf(timeline: WspTraceTimeline): HTMLElement[] {
  return [...timeline.shadowRoot!.querySelectorAll<HTMLElement>('[role=rowgroup] + [role=rowgroup] [role=row]')];
}

const nextFrame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));

/** RFC 6455 §5.7: a masked text frame "Hello", as a browser would send it. */
const MASKED_HELLO = '818537fa213d7f9f4d5158';

const events: PageTraceEvent[] = [
  {
    type: 'handshake-request',
    at: 0,
    method: 'GET',
    path: '/echo',
    httpVersion: 'HTTP/1.1',
    headers: [['Upgrade', 'websocket']],
  },
  parseTraceEvent(JSON.stringify({ type: 'frame', at: 5, from: 'client', bytes: MASKED_HELLO })),
  { type: 'api', at: 7, name: 'message', detail: 'text "Hello" (5 bytes)' },
  { type: 'closed', at: 9, code: 1000, reason: 'bye', wasClean: true },
];

describe('the trace timeline', () => {
  it('shows one table row per event, saying which way it went in words', async () => {
    const timeline = await fixture<WspTraceTimeline>(html`<wsp-trace-timeline .events=${events}></wsp-trace-timeline>`);
    const rows = rowsOf(timeline);
    expect(rows).to.have.length(4);
    expect(rows[1]!.textContent).to.contain('client → server');
    expect(rows[1]!.textContent).to.contain('text frame');
    expect(rows[1]!.textContent).to.contain('11 bytes on the wire, masked: "Hello"');
    expect(rows[3]!.textContent).to.contain('code 1000, "bye", clean');
  });

  it('opens a frame to its fields: FIN, opcode, MASK, length form and masking key', async () => {
    const timeline = await fixture<WspTraceTimeline>(html`<wsp-trace-timeline .events=${events}></wsp-trace-timeline>`);
    const toggle = rowsOf(timeline)[1]!.querySelector('button')!;
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    toggle.click();
    await timeline.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    const details = timeline.shadowRoot!.querySelector('dl')!.textContent!.replace(/\s+/g, ' ');
    expect(details).to.contain('bytes 81 85 37 fa 21 3d 7f 9f 4d 51 58');
    expect(details).to.contain('FIN 1 (last frame of its message)');
    expect(details).to.contain('opcode 0x1 (text)');
    expect(details).to.contain('MASK 1');
    expect(details).to.contain('payload length 5 (7-bit length)');
    expect(details).to.contain('masking key 37 fa 21 3d');
  });

  it('keeps a long trace inside its scroll box: the page does not grow with it', async () => {
    const frame = events[1]!;
    const many: PageTraceEvent[] = Array.from({ length: 400 }, (_, i) => ({ ...frame, at: i }));
    const timeline = await fixture<WspTraceTimeline>(html`<wsp-trace-timeline .events=${events}></wsp-trace-timeline>`);
    const pageHeight = (): number => document.documentElement.scrollHeight;
    const before = pageHeight();
    timeline.events = many;
    await timeline.updateComplete;
    const box = timeline.shadowRoot!.querySelector('.scroller')!;
    expect(box.scrollHeight, 'the rows are there, inside the box').to.be.greaterThan(box.clientHeight * 4);
    // The box itself may grow to its height limit; nothing in a row may reach past it.
    expect(pageHeight() - before).to.be.at.most(box.clientHeight);
  });

  it('says what a ping and its pong are for, so a live trace that starts with one explains itself', async () => {
    const ping: PageTraceEvent = parseTraceEvent(
      JSON.stringify({ type: 'frame', at: 1, from: 'server', bytes: '8900' }),
    );
    const pong: PageTraceEvent = parseTraceEvent(
      JSON.stringify({ type: 'frame', at: 2, from: 'client', bytes: '8a8037fa213d' }),
    );
    const timeline = await fixture<WspTraceTimeline>(
      html`<wsp-trace-timeline .events=${[ping, pong]}></wsp-trace-timeline>`,
    );
    const [pingRow, pongRow] = rowsOf(timeline);
    expect(pingRow!.textContent).to.contain('the server asks whether the connection is alive (§5.5.2)');
    expect(pongRow!.textContent).to.contain('the browser answers a ping by itself (§5.5.3)');
  });

  it('puts only the rows in view in the page, so ten thousand cost what forty do', async () => {
    const frame = events[1]!;
    const many: PageTraceEvent[] = Array.from({ length: 10_000 }, (_, i) => ({ ...frame, at: i }));
    const timeline = await fixture<WspTraceTimeline>(html`<wsp-trace-timeline .events=${many}></wsp-trace-timeline>`);
    await nextFrame();
    await timeline.updateComplete;
    expect(rowsOf(timeline).length).to.be.within(5, 80);
    const box = timeline.shadowRoot!.querySelector<HTMLElement>('.scroller')!;
    const rowHeight = rowsOf(timeline)[0]!.getBoundingClientRect().height;
    // The box scrolls as if every row were there.
    expect(box.scrollHeight).to.be.within(rowHeight * 10_000, rowHeight * 10_000 + 200);
    // A trace that has never been scrolled follows its end.
    expect(rowsOf(timeline).at(-1)!.getAttribute('aria-rowindex')).to.equal('10001');
    box.scrollTop = rowHeight * 5000;
    box.dispatchEvent(new Event('scroll'));
    await timeline.updateComplete;
    const shown = rowsOf(timeline).map((row) => Number(row.getAttribute('aria-rowindex')));
    expect(shown).to.include(5002);
    // The column headers stay at the top of the box however far it scrolls.
    const head = timeline.shadowRoot!.querySelector('.head')!.getBoundingClientRect();
    expect(Math.abs(head.top - box.getBoundingClientRect().top)).to.be.below(2);
    expect(rowsOf(timeline).length).to.be.within(5, 80);
    // Scrolled away from the end, it stays where the reader is as rows come.
    timeline.events = [...many, { ...frame, at: 10_000 }];
    await timeline.updateComplete;
    expect(box.scrollTop).to.be.within(rowHeight * 5000 - 1, rowHeight * 5000 + 1);
  });

  it('marks the server’s times and says which clock each comes from', async () => {
    const [request, response] = events as [TimelineEvent, TimelineEvent];
    const onTimeline: TimelineEvent[] = [
      { ...request, at: 3, clock: TraceClock.server, clockError: 0.4 },
      { ...response, at: 4, clock: TraceClock.server, clockError: 0.4 },
      { type: 'api', at: 6, name: 'open', detail: 'readyState OPEN', clock: TraceClock.page },
    ];
    const timeline = await fixture<WspTraceTimeline>(
      html`<wsp-trace-timeline .events=${onTimeline}></wsp-trace-timeline>`,
    );
    const times = rowsOf(timeline).map((row) => row.querySelector('.at')!.textContent!.trim());
    expect(times).to.deep.equal(['≈3', '≈4', '6']);
    const note = timeline.shadowRoot!.querySelector('.clocks')!.textContent!.replace(/\s+/g, ' ');
    expect(note).to.contain('on the page’s clock');
    expect(note).to.contain('within ±0.4 ms');
  });

  it('on a phone keeps each line whole and opens a row in full width under the table', async () => {
    const long: PageTraceEvent = {
      type: 'note',
      at: 1,
      text: 'Origin not allowed: https://other.example is not in this server’s ALLOWED_ORIGINS list at all',
    };
    const timeline = await fixture<WspTraceTimeline>(
      html`<wsp-trace-timeline style="width: 352px" .events=${[...events, long]}></wsp-trace-timeline>`,
    );
    await nextFrame();
    const rows = rowsOf(timeline);
    for (const row of rows) {
      const summary = row.querySelector<HTMLElement>('.summary')!;
      // On its own line under the time and kind, one line high: no word broken mid-way.
      expect(summary.getBoundingClientRect().top).to.be.greaterThan(
        row.querySelector('.at')!.getBoundingClientRect().top,
      );
      expect(getComputedStyle(summary).whiteSpace).to.equal('nowrap');
      expect(summary.getBoundingClientRect().height).to.be.below(parseFloat(getComputedStyle(summary).fontSize) * 2);
    }
    rows[4]!.querySelector('button')!.click();
    await timeline.updateComplete;
    const panel = timeline.shadowRoot!.querySelector<HTMLElement>('#details')!;
    expect(panel.textContent).to.contain('ALLOWED_ORIGINS list at all');
    rows[1]!.querySelector('button')!.click();
    await timeline.updateComplete;
    expect(rows[4]!.querySelector('button')!.getAttribute('aria-expanded')).to.equal('false');
    const host = timeline.getBoundingClientRect();
    const box = panel.getBoundingClientRect();
    expect(box.right).to.be.at.most(host.right + 0.5);
    // Nothing in the panel is cut off: it wraps inside its width.
    expect(panel.scrollWidth).to.be.at.most(panel.clientWidth);
    expect(panel.textContent).to.contain('masking key');
  });

  it('says so when nothing crossed the wire yet', async () => {
    const timeline = await fixture<WspTraceTimeline>(html`<wsp-trace-timeline></wsp-trace-timeline>`);
    expect(timeline.shadowRoot!.textContent).to.contain('Nothing on the wire yet');
  });
});
