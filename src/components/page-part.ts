import { LitElement, ReactiveElement } from 'lit';

/** Resolves in a task of its own (a timer's), so what follows does not lengthen the task that is running. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve));
}

/**
 * A part of a page that costs a phone a good many milliseconds to render: a
 * lesson's demo, code block or table, the playground's panels. Placed
 * straight in a lesson's article, it first renders in a task of its own: a
 * lesson opens with its prose, then its parts one task each, so no single
 * task holds the reader's page for all of them at once (Lighthouse's Total
 * Blocking Time counts every task over 50 ms). Inside another view it renders
 * with that view, as any element does.
 */
export class PagePart extends LitElement {
  protected override scheduleUpdate(): void | Promise<unknown> {
    if (this.hasUpdated || this.parentElement?.localName !== 'article') return super.scheduleUpdate();
    return nextTask().then(() => super.scheduleUpdate());
  }
}

/** Waits for the parts in `root` that render themselves; false when one has more to do, as `updateComplete` says. */
export async function partsUpdated(root: ParentNode, selector: string): Promise<boolean> {
  const parts = [...root.querySelectorAll(selector)].filter((node) => node instanceof ReactiveElement);
  return (await Promise.all(parts.map((part) => part.updateComplete))).every(Boolean);
}
