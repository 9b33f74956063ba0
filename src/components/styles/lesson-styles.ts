import { css } from 'lit';

/** The reading layout every lesson shares: measure, headings, code, asides. */
export const lessonStyles = css`
  /*
   * One column: prose and code blocks keep the reading measure and end at one right edge (a longer code
   * line wraps inside its block). A lesson may widen a demo that puts several clients side by side.
   */
  :host {
    display: block;
    max-width: var(--wsp-wide-measure, 64rem);
    line-height: 1.6;
  }
  article > * {
    max-width: var(--wsp-measure, 46rem);
  }
  h1 {
    font-size: clamp(1.6rem, 1.2rem + 1.5vw, 2.2rem);
    line-height: 1.2;
    margin: 0 0 1rem;
  }
  h2 {
    font-size: 1.3rem;
    margin: 2rem 0 0.5rem;
  }
  code {
    font-family: var(--wsp-mono, ui-monospace, 'Cascadia Mono', Menlo, Consolas, monospace);
    font-size: 0.9em;
    background: var(--wsp-code-bg, #f6f7f9);
    padding: 0.05em 0.3em;
    border-radius: 4px;
  }
  .lead {
    font-size: 1.1rem;
  }
  a {
    color: var(--wsp-accent-text, #1d47a8);
  }
  /* A wide table scrolls sideways in a box of its own, which a keyboard reader can focus and scroll. */
  .table-scroll {
    overflow-x: auto;
  }
  .table-scroll:focus-visible,
  a:focus-visible {
    outline: 3px solid var(--wsp-focus, #f5a524);
    outline-offset: 2px;
  }
`;
