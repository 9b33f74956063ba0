import { css } from 'lit';

/** Buttons, fields and focus rings shared by every control in the site. */
export const controlStyles = css`
  button,
  input,
  select {
    font: inherit;
    color: inherit;
  }
  button {
    cursor: pointer;
    padding: 0.4em 0.9em;
    border-radius: var(--wsp-radius, 6px);
    border: 1px solid var(--wsp-accent, #2456c7);
    background: var(--wsp-accent, #2456c7);
    color: var(--wsp-on-accent, #fff);
  }
  button.secondary {
    background: transparent;
    color: var(--wsp-accent-text, #1d47a8);
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.45;
  }
  input[type='text'],
  input[type='url'],
  select {
    padding: 0.4em 0.6em;
    border-radius: var(--wsp-radius, 6px);
    border: 1px solid var(--wsp-border-strong, #8a93a6);
    background: var(--wsp-field, #fff);
    min-width: 0;
  }
  /* A field that takes no typing must look so, not just ignore the keys; above any element's own field styles. */
  :host input:disabled,
  :host select:disabled,
  :host textarea:disabled {
    cursor: not-allowed;
    color: var(--wsp-muted, #5b6478);
    background: var(--wsp-hover, #eef1f6);
    border: 1px dashed var(--wsp-border-strong, #8a93a6);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  :focus-visible {
    outline: 3px solid var(--wsp-focus, #f5a524);
    outline-offset: 2px;
  }
`;

/** The card every demo sits in: one look for all of them. */
export const demoCardStyles = css`
  :host {
    display: grid;
    gap: 0.75rem;
    padding: 1rem;
    border: 1px solid var(--wsp-border, #d5d9e2);
    border-radius: var(--wsp-radius-large, 10px);
    background: var(--wsp-surface, #fff);
    min-width: 0;
  }
`;
