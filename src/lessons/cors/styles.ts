import { css } from 'lit';
import { paragraphStyles, rowStyles } from '../../components/styles/layout-styles.ts';

/** The result panels of the CORS lesson: the demos show them, and so do the hijack demo's result views. */
export const corsResultStyles = [
  paragraphStyles,
  css`
    .mono {
      font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
      font-size: 0.9em;
      overflow-wrap: anywhere;
    }
    .result {
      border-left: 4px solid var(--wsp-border-strong, #8a93a6);
      background: var(--wsp-hover, #eef1f6);
      padding: 0.5rem 0.75rem;
      border-radius: 0 var(--wsp-radius, 6px) var(--wsp-radius, 6px) 0;
    }
    .result[data-verdict='refused'] {
      border-left-color: var(--wsp-error, #b42318);
    }
    .result[data-verdict='accepted'] {
      border-left-color: var(--wsp-received, #1d7437);
    }
    .result strong {
      display: block;
    }
    .result p + p {
      margin-top: 0.35rem;
    }
    .problem {
      color: var(--wsp-error, #b42318);
    }
    details summary {
      cursor: pointer;
    }
    h3 {
      font-size: 1rem;
      margin: 0.25rem 0 0;
    }
  `,
];

/** The frame, rows and result panels the CORS lesson's three demos share. */
export const corsDemoStyles = [
  rowStyles,
  css`
    :host {
      display: grid;
      /* Not wider than the page: long URLs and headers wrap inside instead. */
      grid-template-columns: minmax(0, 1fr);
      gap: 0.75rem;
      padding: 1rem;
      border: 1px solid var(--wsp-border, #d5d9e2);
      border-radius: var(--wsp-radius-large, 10px);
      background: var(--wsp-surface, #fff);
      margin: 1rem 0;
    }
    .field {
      display: grid;
      gap: 0.25rem;
    }
    .field input {
      width: 100%;
      box-sizing: border-box;
    }
    .hint {
      color: var(--wsp-muted, #5b6478);
      font-size: 0.9em;
    }
    pre.command {
      margin: 0;
      padding: 0.6rem 0.75rem;
      border-radius: var(--wsp-radius, 6px);
      background: var(--wsp-code-bg, #f0f2f6);
      font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
      font-size: 0.8rem;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
  `,
  corsResultStyles,
];

/**
 * A result view of the hijack demo: a section of the demo's own grid. The
 * host generates no box, so the section lays out exactly as if the demo
 * rendered it itself.
 */
export const hijackResultStyles = [
  corsResultStyles,
  css`
    :host {
      display: contents;
    }
    section {
      display: grid;
      grid-template-columns: minmax(0, 1fr);
      gap: 0.6rem;
      border-top: 1px solid var(--wsp-border, #d5d9e2);
      padding-top: 0.6rem;
    }
  `,
];
