import { expect, fixture, html as testHtml } from '@open-wc/testing';
import { html } from 'lit';
import { partsUpdated, PagePart } from '../../../src/components/page-part.ts';

/** Each render is logged in order, beside the test's own timers. */
const log: string[] = [];

class TestPart extends PagePart {
  protected override render() {
    log.push(`render ${this.id}`);
    return html`<p>${this.id}</p>`;
  }
}
customElements.define('test-page-part', TestPart);

const nextTask = (name: string): Promise<void> =>
  new Promise((resolve) =>
    setTimeout(() => {
      log.push(name);
      resolve();
    }),
  );

describe('PagePart', () => {
  beforeEach(() => {
    log.length = 0;
  });

  it('renders each part of an article in a task of its own, after the task that placed it', async () => {
    const root = await fixture(testHtml`<div></div>`);
    const earlier = nextTask('a timer set before');
    root.innerHTML =
      '<article><p>Prose</p><test-page-part id="a"></test-page-part><test-page-part id="b"></test-page-part></article>';
    await Promise.resolve();
    expect(log, 'nothing rendered in the task that placed them').to.deep.equal([]);
    const a = root.querySelector<TestPart>('#a')!;
    const b = root.querySelector<TestPart>('#b')!;
    // Between a's render and b's, a timer set after both still comes later: a and b are two tasks.
    let bWhenAWasDone: boolean | undefined;
    void a.updateComplete.then(() => (bWhenAWasDone = b.hasUpdated));
    await earlier;
    expect(await partsUpdated(root, 'article > *')).to.equal(true);
    expect(log).to.deep.equal(['a timer set before', 'render a', 'render b']);
    expect(bWhenAWasDone, 'b had not rendered when a was done').to.equal(false);
  });

  it('renders with the view around it anywhere else', async () => {
    const root = await fixture(testHtml`<div></div>`);
    const earlier = nextTask('a timer set before');
    root.innerHTML = '<section><test-page-part id="c"></test-page-part></section>';
    await earlier;
    expect(log).to.deep.equal(['render c', 'a timer set before']);
  });
});
