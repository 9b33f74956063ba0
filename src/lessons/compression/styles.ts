import { css } from 'lit';
import { connectionStatusStyles } from '../../components/connection-status.ts';
import { inlineCodeStyles, rowStyles } from '../../components/styles/layout-styles.ts';
import { controlStyles, demoCardStyles } from '../../components/styles/shared-styles.ts';

/** What every compression demo shares: the site's card and controls, and the lesson's own bits. */
export const deflateDemoStyles = [
  controlStyles,
  demoCardStyles,
  rowStyles,
  inlineCodeStyles,
  connectionStatusStyles,
  css`
    :host {
      /* One column that may shrink below its content: wide tables scroll inside, not the page. */
      grid-template-columns: minmax(0, 1fr);
    }
    h3 {
      font-size: 1rem;
      margin: 0.25rem 0 0;
    }
    p {
      margin: 0;
    }
    .hint {
      color: var(--wsp-muted, #5b6478);
      font-size: 0.85rem;
    }
    .mono {
      font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
      overflow-wrap: anywhere;
    }
    fieldset {
      border: 1px solid var(--wsp-border, #d5d9e2);
      border-radius: var(--wsp-radius, 6px);
      padding: 0.5rem 0.75rem;
      margin: 0;
      min-width: 0;
      display: grid;
      gap: 0.35rem;
    }
    legend {
      font-weight: 600;
    }
    label.choice {
      display: flex;
      gap: 0.4rem;
      align-items: baseline;
    }
    select,
    input[type='number'] {
      font: inherit;
      padding: 0.3em 0.4em;
      border-radius: var(--wsp-radius, 6px);
      border: 1px solid var(--wsp-border-strong, #8a93a6);
      background: var(--wsp-field, #fff);
      color: inherit;
    }
    input[type='number'] {
      width: 5.5em;
    }
    textarea {
      font: inherit;
      font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
      font-size: 0.85rem;
      padding: 0.4em 0.6em;
      border-radius: var(--wsp-radius, 6px);
      border: 1px solid var(--wsp-border-strong, #8a93a6);
      background: var(--wsp-field, #fff);
      color: inherit;
      width: 100%;
      box-sizing: border-box;
      resize: vertical;
    }
    form.row input[type='text'] {
      flex: 1 1 10rem;
    }
    .outcome {
      padding: 0.5rem 0.75rem;
      border-radius: var(--wsp-radius, 6px);
      border-left: 4px solid var(--wsp-border-strong, #8a93a6);
      background: var(--wsp-code-bg, #f6f7f9);
    }
    .outcome[data-ok='true'] {
      border-left-color: var(--wsp-received, #1d7437);
    }
    .outcome[data-ok='false'] {
      border-left-color: var(--wsp-error, #b42318);
    }
    .scroll {
      /* Contains its absolutely placed visually-hidden text, so that text cannot widen the page. */
      position: relative;
      overflow-x: auto;
    }
    table {
      border-collapse: collapse;
      width: 100%;
      font-size: 0.85rem;
    }
    caption {
      text-align: left;
      font-weight: 600;
      padding: 0.3rem 0;
    }
    th,
    td {
      text-align: left;
      vertical-align: top;
      padding: 0.25rem 0.5rem;
      border-top: 1px solid var(--wsp-border, #d5d9e2);
    }
    thead th {
      color: var(--wsp-muted, #5b6478);
      font-weight: 600;
    }
    td.num,
    th.num {
      text-align: right;
      font-variant-numeric: tabular-nums;
      white-space: nowrap;
    }
    .way[data-from='client'] {
      color: var(--wsp-sent, #1d47a8);
    }
    .way[data-from='server'] {
      color: var(--wsp-received, #1d7437);
    }
    button.small {
      padding: 0.05em 0.6em;
      font-size: 0.8rem;
    }
    details > summary {
      cursor: pointer;
    }
  `,
];
