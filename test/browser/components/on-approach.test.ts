import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../src/components/wsp-on-approach.ts';
import type { WspOnApproach } from '../../../src/components/wsp-on-approach.ts';

/** A demo that is defined only when its "module" loads, as a lesson's demo chunk would define it. */
let defined = 0;
function defineDemo(name: string): Promise<void> {
  defined++;
  if (!customElements.get(name)) customElements.define(name, class extends HTMLElement {});
  return Promise.resolve();
}

describe('wsp-on-approach', () => {
  // First in the file: the page's first scroll changes every wsp-on-approach's reach for good.
  it('loads only what is in view until the reader scrolls, then one screen ahead', async () => {
    defined = 0;
    const page = await fixture<HTMLElement>(html`
      <div>
        <div style="height: ${window.innerHeight + 100}px"></div>
        <wsp-on-approach .load=${() => defineDemo('wsp-next-demo')}><wsp-next-demo></wsp-next-demo></wsp-on-approach>
        <div style="height: 6000px"></div>
      </div>
    `);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(defined, 'a demo just below the first screen waits').to.equal(0);

    window.scrollBy(0, 1);
    await waitUntil(() => customElements.get('wsp-next-demo') !== undefined, 'the demo a screen ahead defined');
    expect(page.querySelector('wsp-next-demo')!.getBoundingClientRect().top).to.be.greaterThan(window.innerHeight);
    window.scrollTo(0, 0);
  });

  it('loads a demo far below only when the reader comes near it, and once', async () => {
    defined = 0;
    const page = await fixture<HTMLElement>(html`
      <div>
        <div style="height: 6000px"></div>
        <wsp-on-approach .load=${() => defineDemo('wsp-far-demo')}><wsp-far-demo></wsp-far-demo></wsp-on-approach>
      </div>
    `);
    const lazy = page.querySelector<WspOnApproach>('wsp-on-approach')!;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(defined, 'nothing loaded while the demo is screens away').to.equal(0);
    expect(customElements.get('wsp-far-demo')).to.equal(undefined);

    lazy.scrollIntoView();
    await waitUntil(() => customElements.get('wsp-far-demo') !== undefined, 'the demo defined on approach');
    await lazy.loadNow();
    expect(defined, 'loaded once').to.equal(1);
    window.scrollTo(0, 0);
  });

  it('loads a demo in view at once', async () => {
    const lazy = await fixture<WspOnApproach>(
      html`<wsp-on-approach .load=${() => defineDemo('wsp-near-demo')}
        ><wsp-near-demo></wsp-near-demo
      ></wsp-on-approach>`,
    );
    await waitUntil(() => customElements.get('wsp-near-demo') !== undefined, 'the demo in view defined');
    expect(lazy.shadowRoot!.querySelector('[role=alert]')).to.equal(null);
  });

  it('says so when the code does not load, and tries again on request', async () => {
    let attempts = 0;
    const lazy = await fixture<WspOnApproach>(html`
      <wsp-on-approach
        .load=${() => {
          attempts++;
          return attempts === 1
            ? Promise.reject(new TypeError('Failed to fetch dynamically imported module'))
            : Promise.resolve();
        }}
        ><span>demo</span></wsp-on-approach
      >
    `);
    await waitUntil(() => lazy.shadowRoot!.querySelector('[role=alert]') !== null, 'the failure shown');
    const alert = lazy.shadowRoot!.querySelector('[role=alert]')!;
    expect(alert.textContent).to.contain('did not load (Failed to fetch dynamically imported module)');
    alert.querySelector('button')!.click();
    await waitUntil(() => lazy.shadowRoot!.querySelector('[role=alert]') === null, 'the alert gone after a retry');
    expect(attempts).to.equal(2);
  });
});
