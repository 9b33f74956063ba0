import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../../src/lessons/use-cases/wsp-collab-demo.ts';
import type { WspCollabDemo } from '../../../../src/lessons/use-cases/wsp-collab-demo.ts';
import { ConnectionMode } from '../../../../src/transport/mode.ts';
import { applyTheme, ShadowDriver, text, useMode, useSiteThemeForAxe, WAIT } from '../../helpers/lesson-helpers.ts';

/** Drives the demo the way a reader does: its buttons and fields. */
class Driver extends ShadowDriver<WspCollabDemo> {
  pane(editor: string): HTMLElement {
    return this.find(`section[data-editor=${editor}]`);
  }

  /** The list as one pane shows it: each item's text, in order. */
  items(editor: string): string[] {
    return [...this.pane(editor).querySelectorAll<HTMLInputElement>('ol[id$=-items] > li input')].map((i) => i.value);
  }

  input(editor: string, item: string): HTMLInputElement {
    return this.find(`#${editor}-item-${item}`) as HTMLInputElement;
  }

  /** Another editor's caret as a pane shows it, or undefined. */
  caret(editor: string, item: string, who: string): string | undefined {
    const line = this.pane(editor).querySelector(`li[data-item=${item}] [data-caret=${who}]`);
    return line ? text(line) : undefined;
  }

  async connectAll(): Promise<void> {
    this.find('#connect-all').click();
    await waitUntil(
      () => ['ann', 'bob', 'cy'].every((editor) => this.items(editor).join() === 'milk,eggs,bread'),
      'every pane holds the three starter items',
      WAIT,
    );
  }

  /** Types into an item as a reader does: the new value, then an input event. */
  type(editor: string, item: string, value: string): void {
    const input = this.input(editor, item);
    input.focus();
    input.value = value;
    input.setSelectionRange(value.length, value.length);
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  }
}

for (const mode of [ConnectionMode.simulated, ConnectionMode.live]) {
  describe(`the collaborative editing demo in ${mode} mode`, () => {
    let driver: Driver;

    useMode(mode);

    beforeEach(async () => {
      driver = new Driver(await fixture<WspCollabDemo>(html`<wsp-collab-demo></wsp-collab-demo>`));
      await driver.connectAll();
    });

    afterEach(() => driver.demo.remove());

    it('states the rule for concurrent edits in the card', () => {
      const rule = text(driver.find('#rule'));
      expect(rule).to.contain('the last write the server applies wins');
      expect(rule).to.contain('A change to an item someone deleted is rejected');
    });

    it('converges when two editors change the same item at once: the server’s order wins and the lost edit is marked', async () => {
      driver.find('#race-edit').click();
      await waitUntil(() => text(driver.find('#outcome')).includes('came last'), 'the race is decided', WAIT);
      const outcome = text(driver.find('#outcome'));
      const match = /applied (Ann|Bob)'s edit as revision 4 and (Ann|Bob)'s as revision 5/.exec(outcome);
      expect(match, outcome).to.not.equal(null);
      const [, loser, winner] = match!;
      expect(loser, outcome).to.be.oneOf(['Ann', 'Bob']);
      expect(winner).to.not.equal(loser);
      await waitUntil(() => text(driver.find('#in-step')).includes('revision 5'), 'every pane is at revision 5', WAIT);
      expect(text(driver.find('#in-step'))).to.equal('In step: all 3 open panes hold the same 3 items at revision 5.');
      for (const editor of ['ann', 'bob', 'cy']) {
        expect(driver.items(editor)).to.deep.equal([`milk (${winner}'s edit)`, 'eggs', 'bread']);
        const mark = driver.pane(editor).querySelector(`li[data-item=i1] [data-overwritten=${loser}]`);
        expect(text(mark)).to.equal(
          `Overwritten: ${loser}'s “milk (${loser}'s edit)” (revision 4) lost to ${winner}'s later write (revision 5).`,
        );
      }
    });

    it('rejects an edit to a deleted item and shows the server’s message', async () => {
      driver.find('#race-delete').click();
      const expected = 'cannot edit item i1: it was deleted by Ann at revision 4; your edit was not applied';
      await waitUntil(() => text(driver.find('#bob-rejection')).includes(expected), 'Bob’s edit is rejected', WAIT);
      expect(text(driver.find('#outcome'))).to.contain(expected);
      for (const editor of ['ann', 'bob', 'cy']) expect(driver.items(editor)).to.deep.equal(['eggs', 'bread']);
      expect(text(driver.find('#in-step'))).to.equal('In step: all 3 open panes hold the same 2 items at revision 4.');
    });

    it('shows each caret to the other panes and pulls it back when an edit shortens the item', async () => {
      const eggs = driver.input('bob', 'i2');
      eggs.focus();
      eggs.setSelectionRange(1, 4);
      eggs.dispatchEvent(new Event('select'));
      await waitUntil(() => driver.caret('ann', 'i2', 'Bob') !== undefined, 'Ann sees Bob’s caret', WAIT);
      expect(driver.caret('ann', 'i2', 'Bob')).to.equal('Bob selects 1–4 eggs');
      expect(driver.caret('cy', 'i2', 'Bob')).to.equal('Bob selects 1–4 eggs');
      driver.type('cy', 'i2', 'eg');
      await waitUntil(() => driver.items('ann')[1] === 'eg', 'Ann sees Cy’s edit', WAIT);
      expect(driver.caret('ann', 'i2', 'Bob')).to.equal('Bob selects 1–2 eg');
      expect(driver.caret('cy', 'i2', 'Bob')).to.equal('Bob selects 1–2 eg');
      driver.find('#ann-delete-i2').click();
      await waitUntil(() => driver.items('cy').length === 2, 'the item is deleted everywhere', WAIT);
      expect(driver.pane('cy').querySelector('[data-caret=Bob]')).to.equal(null);
    });

    it('adds, edits and deletes from any pane, and shows typed markup as text', async () => {
      const field = driver.find('#cy-new') as HTMLInputElement;
      field.value = '<b>cheese</b>';
      driver.find('#cy-add').click();
      await waitUntil(() => driver.items('ann').length === 4, 'Ann sees Cy’s item', WAIT);
      expect(driver.items('ann')[3]).to.equal('<b>cheese</b>');
      expect(driver.root.querySelector('b')).to.equal(null);
      driver.type('bob', 'i3', 'rye bread');
      await waitUntil(() => driver.items('cy')[2] === 'rye bread', 'Cy sees Bob’s edit', WAIT);
      driver.find('#cy-delete-i1').click();
      await waitUntil(() => driver.items('bob')[0] === 'eggs', 'Bob sees Cy’s delete', WAIT);
      await waitUntil(() => text(driver.find('#in-step')).startsWith('In step'), 'the panes agree', WAIT);
      expect(text(driver.find('#in-step'))).to.equal('In step: all 3 open panes hold the same 3 items at revision 6.');
    });

    it('keeps the trace one click away', () => {
      const details = driver.find('#trace') as HTMLDetailsElement;
      expect(text(details.querySelector('summary'))).to.equal('What crossed the wire');
    });
  });
}

describe('the collab demo and axe-core', () => {
  useSiteThemeForAxe();

  for (const theme of ['light', 'dark'] as const) {
    it(`finds no violations with every pane in use (${theme} theme)`, async () => {
      applyTheme(theme);
      const driver = new Driver(await fixture<WspCollabDemo>(html`<wsp-collab-demo></wsp-collab-demo>`));
      await driver.connectAll();
      driver.input('bob', 'i2').focus();
      driver.input('bob', 'i2').dispatchEvent(new Event('select'));
      driver.find('#race-edit').click();
      await waitUntil(() => text(driver.find('#outcome')).includes('came last'), 'the race is decided', WAIT);
      driver.find('#race-delete').click();
      await waitUntil(() => text(driver.find('#bob-rejection')) !== '', 'the rejection shows', WAIT);
      (driver.find('#trace') as HTMLDetailsElement).open = true;
      await waitUntil(() => driver.root.querySelector('wsp-trace-timeline'), 'the traces render', WAIT);
      await expect(driver.demo).to.be.accessible();
      driver.demo.remove();
    });
  }
});
