import { css } from 'lit';
import { choiceStyles } from '../../components/styles/choice-styles.ts';
import { inlineCodeStyles, paragraphStyles, rowStyles } from '../../components/styles/layout-styles.ts';
import { controlStyles, demoCardStyles } from '../../components/styles/shared-styles.ts';

/** Monospace text that wraps anywhere: URLs, headers, log lines. */
export const monoStyles = css`
  .mono {
    font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
    font-size: 0.85rem;
    overflow-wrap: anywhere;
  }
`;

/** What every security demo shares: the site's card and controls, and the lesson's own bits. */
export const securityDemoStyles = [
  controlStyles,
  demoCardStyles,
  rowStyles,
  paragraphStyles,
  inlineCodeStyles,
  choiceStyles,
  monoStyles,
  css`
    :host {
      /* One column that may shrink below its content: long URLs and tables wrap or scroll inside. */
      grid-template-columns: minmax(0, 1fr);
      margin: 1rem 0;
    }
    h3 {
      font-size: 1rem;
      margin: 0.25rem 0 0;
    }
    .hint {
      color: var(--wsp-muted, #5b6478);
      font-size: 0.9rem;
    }
    .problem {
      color: var(--wsp-error, #b42318);
    }
    fieldset {
      padding: 0.4rem 0.75rem 0.6rem;
      min-width: 0;
    }
    label.inline {
      display: inline-flex;
      margin: 0;
    }
    select {
      font: inherit;
      color: inherit;
      padding: 0.3em 0.4em;
      border-radius: var(--wsp-radius, 6px);
      border: 1px solid var(--wsp-border-strong, #8a93a6);
      background: var(--wsp-field, #fff);
    }
    input[type='text'] {
      flex: 1 1 8rem;
    }
    ol.steps,
    ul.lines {
      margin: 0;
      padding-left: 1.25rem;
      display: grid;
      /* Items may shrink below a starred secret's width: it wraps instead of widening the page. */
      grid-template-columns: minmax(0, 1fr);
      gap: 0.2rem;
      overflow-wrap: anywhere;
    }
    details > summary {
      cursor: pointer;
    }
    wsp-trace-timeline {
      --wsp-trace-height: 16rem;
    }
  `,
];
