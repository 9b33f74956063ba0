/**
 * Holding a scroll the site made, to a deep-linked section or back to where
 * the reader left a page, while the lesson settles: its demos render after it
 * and grow or shrink the page above the target, which would push the target
 * away (a heading half under the top edge). The scroll is made again each
 * time the watched element changes size, until the reader takes over (wheel,
 * touch, key, pointer) or HOLD_MS pass.
 */
const HOLD_MS = 1500;
const READER_INPUT = ['wheel', 'touchstart', 'keydown', 'pointerdown'] as const;

/** Ends the hold in force: one at a time, since the window has one scroll position. */
let release: (() => void) | undefined;

/** Scrolls with `scroll` now, and again whenever `watched` changes size while the hold lasts. */
export function holdScroll(watched: Element, scroll: () => void): void {
  releaseScroll();
  scroll();
  const observer = new ResizeObserver(() => scroll());
  const end = (): void => {
    observer.disconnect();
    clearTimeout(timer);
    for (const type of READER_INPUT) window.removeEventListener(type, end, true);
    if (release === end) release = undefined;
  };
  const timer = setTimeout(end, HOLD_MS);
  for (const type of READER_INPUT) window.addEventListener(type, end, { capture: true, passive: true });
  observer.observe(watched);
  release = end;
}

/** Lets go of the scroll held, if any: the reader navigated elsewhere. */
export function releaseScroll(): void {
  release?.();
}
