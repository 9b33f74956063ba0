import { css } from 'lit';
import { inlineCodeStyles, rowStyles } from '../../components/styles/layout-styles.ts';

/** What the closing demos share beyond the site's control and card styles. */
export const closingDemoStyles = [
  rowStyles,
  inlineCodeStyles,
  css`
    /* A form's fields stand on one line: their inputs (last in each) share a bottom edge, whatever the labels. */
    form.row {
      align-items: end;
    }
    /* What the form's fields hold, said just below them (under an input it would push that input out of line). */
    .under-form {
      margin: -0.35rem 0 0;
    }
    .field {
      display: grid;
      gap: 0.2rem;
      flex: 1 1 9rem;
      min-width: 0;
    }
    .field.narrow {
      flex: 0 1 7rem;
    }
    .hint {
      font-size: 0.85rem;
      color: var(--wsp-muted, #5b6478);
    }
    .status,
    .waiting {
      margin: 0;
    }
    .waiting {
      color: var(--wsp-muted, #5b6478);
    }
    .status strong[data-status='open'] {
      color: var(--wsp-received, #1d7437);
    }
    .url {
      font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
      overflow-wrap: anywhere;
    }
    h3 {
      font-size: 1rem;
      margin: 0.5rem 0 0;
    }
    .result {
      margin: 0;
      padding: 0.6rem 0.8rem;
      border-radius: var(--wsp-radius, 6px);
      border: 1px solid var(--wsp-border, #d5d9e2);
      border-left: 4px solid var(--wsp-border-strong, #8a93a6);
      background: var(--wsp-code-bg, #f6f7f9);
    }
    .result[data-kind='thrown'] {
      border-left-color: var(--wsp-error, #b42318);
    }
    .result[data-clean='true'] {
      border-left-color: var(--wsp-received, #1d7437);
    }
    .result[data-clean='false'] {
      border-left-color: var(--wsp-error, #b42318);
    }
    .result p {
      margin: 0.2rem 0;
    }
    dl.close-event {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 0.15rem 0.75rem;
      margin: 0.3rem 0 0;
    }
    dl.close-event dt {
      font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
    }
    dl.close-event dd {
      margin: 0;
    }
    fieldset {
      border: 1px solid var(--wsp-border, #d5d9e2);
      border-radius: var(--wsp-radius, 6px);
      padding: 0.5rem 0.75rem;
      margin: 0;
      min-width: 0;
    }
    legend {
      font-weight: 600;
    }
    fieldset label {
      display: flex;
      gap: 0.4rem;
      align-items: baseline;
    }
  `,
];
