import { css } from 'lit';

/** A row of controls or fields that wraps on a narrow screen. */
export const rowStyles = css`
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
`;

/** Paragraphs without margins, for demos whose grid gap spaces their parts. */
export const paragraphStyles = css`
  p {
    margin: 0;
  }
`;

/** Inline code in the site's monospace, broken anywhere so that a long URL cannot widen the page. */
export const inlineCodeStyles = css`
  code {
    font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
    overflow-wrap: anywhere;
  }
`;
