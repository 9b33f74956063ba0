import { css } from 'lit';
import { controlStyles, demoCardStyles } from '../../components/styles/shared-styles.ts';
import { inlineCodeStyles, paragraphStyles, rowStyles } from '../../components/styles/layout-styles.ts';

/** The look of <wsp-any-server>: a card whose rows wrap, so it works down to a 360 px phone. */
export const anyServerStyles = [
  controlStyles,
  demoCardStyles,
  rowStyles,
  paragraphStyles,
  inlineCodeStyles,
  css`
    h3 {
      font-size: 1rem;
      margin: 0 0 0.35rem;
    }
    form,
    section {
      display: grid;
      gap: 0.5rem;
      min-width: 0;
    }
    #url {
      flex: 1 1 14rem;
    }
    #template-name {
      flex: 1 1 8rem;
    }
    select,
    textarea {
      padding: 0.4em 0.6em;
      border-radius: var(--wsp-radius, 6px);
      border: 1px solid var(--wsp-border-strong, #8a93a6);
      background: var(--wsp-field, #fff);
      color: inherit;
      min-width: 0;
    }
    textarea {
      font: 0.9rem / 1.4 var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
      resize: vertical;
      width: 100%;
      box-sizing: border-box;
    }
    textarea[aria-invalid='true'] {
      border-color: var(--wsp-error, #b42318);
    }
    .status {
      overflow-wrap: anywhere;
    }
    .error {
      color: var(--wsp-error, #b42318);
      overflow-wrap: anywhere;
    }
    .muted,
    .empty,
    .note {
      color: var(--wsp-muted, #5b6478);
      font-size: 0.9rem;
    }
    .templates {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.35rem;
    }
    .templates li {
      display: flex;
      flex-wrap: wrap;
      gap: 0.35rem 0.75rem;
      align-items: center;
    }
    .template-name {
      font-weight: 600;
      overflow-wrap: anywhere;
    }
    .messages {
      list-style: none;
      margin: 0;
      padding: 0.25rem 0.5rem;
      max-height: var(--wsp-log-height, 20rem);
      overflow: auto;
      border: 1px solid var(--wsp-border, #d5d9e2);
      border-radius: var(--wsp-radius, 6px);
      font-size: 0.875rem;
    }
    .message {
      display: flex;
      flex-wrap: wrap;
      gap: 0 0.75rem;
      padding: 0.25rem 0;
      border-bottom: 1px solid var(--wsp-border, #d5d9e2);
    }
    .message:last-child {
      border-bottom: none;
    }
    .message time,
    .size {
      font-variant-numeric: tabular-nums;
      color: var(--wsp-muted, #5b6478);
    }
    .direction {
      font-weight: 600;
    }
    .message[data-direction='send'] .direction {
      color: var(--wsp-sent, #1d47a8);
    }
    .message[data-direction='receive'] .direction {
      color: var(--wsp-received, #1d7437);
    }
    .preview {
      flex: 1 1 100%;
      white-space: pre-wrap;
    }
    .exports a {
      color: var(--wsp-accent-text, #1d47a8);
    }
    .exports a[aria-disabled='true'] {
      color: var(--wsp-muted, #5b6478);
      cursor: not-allowed;
    }
  `,
];
