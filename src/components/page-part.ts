import { LitElement, ReactiveElement } from 'lit';

/** Resolves in a task of its own (a timer's), so what follows does not lengthen the task that is running. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve));
}

/** Where a part renders in a task of its own: straight in a lesson's article, or waiting there for its code. */
const PAGE_PLACES = new Set(['article', 'wsp-on-approach']);

/**
 * A part of a page that costs a phone a good many milliseconds to render: a
 * lesson's demo, code block or table, the playground's panels. Placed
 * straight in a lesson's article, it first renders in a task of its own: a
 * lesson opens with its prose, then its parts one task each, so no single
 * task holds the reader's page for all of them at once (Lighthouse's Total
 * Blocking Time counts every task over 50 ms). So does a demo waiting in a
 * wsp-on-approach there, when its code arrives. Inside another view it
 * renders with that view, as any element does.
 */
export class PagePart extends LitElement {
  protected override scheduleUpdate(): void | Promise<unknown> {
    if (this.hasUpdated || !PAGE_PLACES.has(this.parentElement?.localName ?? '')) return super.scheduleUpdate();
    return nextTask().then(() => super.scheduleUpdate());
  }
}

/** Waits for the parts in `root` that render themselves; false when one has more to do, as `updateComplete` says. */
export async function partsUpdated(root: ParentNode, selector: string): Promise<boolean> {
  const parts = [...root.querySelectorAll(selector)].filter((node) => node instanceof ReactiveElement);
  return (await Promise.all(parts.map((part) => part.updateComplete))).every(Boolean);
}
