import { expect, fixture, html } from '@open-wc/testing';
import '../../../../src/lessons/client/wsp-client-buffered-graph.ts';
import type {
  BufferedSample,
  WspClientBufferedGraph,
} from '../../../../src/lessons/client/wsp-client-buffered-graph.ts';

/** A burst of 24 × 32 KiB: the buffer full at once, empty again after 34 ms, read until 422 ms. */
const BURST: readonly BufferedSample[] = [
  { at: 0, bytes: 786_432 },
  { at: 17, bytes: 786_432 },
  { at: 34, bytes: 0 },
  { at: 422, bytes: 0 },
];

async function graph(): Promise<ShadowRoot> {
  const element = await fixture<WspClientBufferedGraph>(
    html`<wsp-client-buffered-graph .samples=${BURST}></wsp-client-buffered-graph>`,
  );
  return element.shadowRoot!;
}

describe('the bufferedAmount graph', () => {
  it('labels its height above the chart, off the time axis, which carries times only', async () => {
    const root = await graph();
    const chart = root.querySelector('svg')!.getBoundingClientRect();
    // The labels drawn around the chart (the sentence in the caption aside): one says the peak, the rest the times.
    const labels = [...root.querySelectorAll('figure > div, figure > div > span')].filter(
      (label) => label.children.length === 0,
    );
    const peak = labels.filter((label) => label.textContent!.includes('KiB'));
    expect(peak.map((label) => label.textContent)).to.deep.equal(['bufferedAmount, peak 768 KiB (dashed line)']);
    expect(peak[0]!.getBoundingClientRect().bottom, 'the peak label sits above the chart').to.be.at.most(
      chart.top + 0.5,
    );
    const below = labels.filter((label) => label.getBoundingClientRect().top >= chart.bottom - 0.5);
    expect(below.map((label) => label.textContent)).to.deep.equal(['0 ms', '422 ms']);
  });

  it('draws the peak as a dashed line at the top of the plot, where its label points', async () => {
    const root = await graph();
    const line = root.querySelector('.peak-line')!;
    const axis = root.querySelector('.axis')!;
    expect(Number(line.getAttribute('y1'))).to.be.below(Number(axis.getAttribute('y1')));
    expect(line.getAttribute('y1')).to.equal(line.getAttribute('y2'));
  });
});
