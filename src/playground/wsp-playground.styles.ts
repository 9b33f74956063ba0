import { css } from 'lit';

/** The playground's layout: two editors side by side on a wide screen, one above the other on a phone. */
export const playgroundStyles = css`
  :host {
    max-width: 90rem;
  }
  .toolbar,
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: center;
    margin: 0.75rem 0;
  }
  /* The editors, the output and the trace use the page's whole width, past the reading measure. */
  article > .editors,
  article > .output,
  article > .errors,
  article > .connections,
  article > wsp-trace-timeline,
  article > wsp-any-server {
    max-width: none;
  }
  .editors {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 26rem), 1fr));
    gap: 1rem;
  }
  .editors > div {
    min-width: 0;
  }
  h3 {
    font-size: 1rem;
    margin: 0 0 0.35rem;
  }
  .note,
  .limits {
    color: var(--wsp-muted, #5b6478);
    font-size: 0.9rem;
  }
  .share {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    flex-wrap: wrap;
  }
  .share input {
    flex: 1 1 16rem;
    font-family: var(--wsp-mono, ui-monospace, monospace);
    font-size: 0.85rem;
  }
  .output {
    margin: 0;
    padding: 0.5rem 0.75rem;
    max-height: 18rem;
    overflow: auto;
    border: 1px solid var(--wsp-border, #d5d9e2);
    border-radius: var(--wsp-radius, 6px);
    background: var(--wsp-code-bg, #f6f7f9);
    font-family: var(--wsp-mono, ui-monospace, monospace);
    font-size: 0.85rem;
    overflow-wrap: anywhere;
  }
  .output .text {
    white-space: pre-wrap;
  }
  .output .source {
    display: inline-block;
    min-width: 5.5em;
    color: var(--wsp-muted, #5b6478);
  }
  .output [data-level='error'],
  .errors {
    color: var(--wsp-error, #b42318);
  }
  .output [data-source='playground'] {
    font-style: italic;
  }
  .errors button {
    margin-left: 0.5rem;
  }
  .connections {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    list-style: none;
    padding: 0;
    margin: 0.5rem 0;
  }
  .connections button[aria-pressed='true'] {
    outline: 2px solid var(--wsp-accent, #2456c7);
    outline-offset: 1px;
  }
  .connections button {
    overflow-wrap: anywhere;
    text-align: left;
  }
`;
