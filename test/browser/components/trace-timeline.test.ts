import { expect, fixture, html } from '@open-wc/testing';
import '../../../src/components/wsp-trace-timeline.ts';
import type { WspTraceTimeline } from '../../../src/components/wsp-trace-timeline.ts';
import { parseTraceEvent } from '../../../src/protocol/index.ts';
import type { PageTraceEvent } from '../../../src/transport/trace-stream.ts';

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
    const rows = [...timeline.shadowRoot!.querySelectorAll('tbody tr')];
    expect(rows).to.have.length(4);
    expect(rows[1]!.textContent).to.contain('client → server');
    expect(rows[1]!.textContent).to.contain('text frame');
    expect(rows[1]!.textContent).to.contain('11 bytes on the wire, masked: "Hello"');
    expect(rows[3]!.textContent).to.contain('code 1000, "bye", clean');
  });

  it('opens a frame to its fields: FIN, opcode, MASK, length form and masking key', async () => {
    const timeline = await fixture<WspTraceTimeline>(html`<wsp-trace-timeline .events=${events}></wsp-trace-timeline>`);
    const toggle = timeline.shadowRoot!.querySelectorAll<HTMLButtonElement>('tbody tr button')[1]!;
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
    const [pingRow, pongRow] = [...timeline.shadowRoot!.querySelectorAll('tbody tr')];
    expect(pingRow!.textContent).to.contain('the server asks whether the connection is alive (§5.5.2)');
    expect(pongRow!.textContent).to.contain('the browser answers a ping by itself (§5.5.3)');
  });

  it('says so when nothing crossed the wire yet', async () => {
    const timeline = await fixture<WspTraceTimeline>(html`<wsp-trace-timeline></wsp-trace-timeline>`);
    expect(timeline.shadowRoot!.textContent).to.contain('Nothing on the wire yet');
  });
});
