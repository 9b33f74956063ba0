import { css } from 'lit';

/** The frame lab's own look, beside the shared control and card styles. */
export const frameLabStyles = css`
  :host {
    /* One column that may shrink below its content: wide tables scroll inside, not the page. */
    grid-template-columns: minmax(0, 1fr);
  }
  fieldset {
    border: 1px solid var(--wsp-border, #d5d9e2);
    border-radius: var(--wsp-radius, 6px);
    padding: 0.5rem 0.75rem 0.75rem;
    margin: 0;
    min-width: 0;
  }
  legend {
    font-weight: 600;
    padding: 0 0.25rem;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: center;
  }
  .row + .row {
    margin-top: 0.5rem;
  }
  label.check {
    display: inline-flex;
    gap: 0.3rem;
    align-items: center;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.2rem;
    min-width: 0;
  }
  .field.grow {
    flex: 1 1 14rem;
  }
  select,
  textarea {
    font: inherit;
    color: inherit;
    padding: 0.35em 0.5em;
    border-radius: var(--wsp-radius, 6px);
    border: 1px solid var(--wsp-border-strong, #8a93a6);
    background: var(--wsp-field, #fff);
    min-width: 0;
  }
  textarea {
    font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
    width: 100%;
    box-sizing: border-box;
    resize: vertical;
  }
  input.key {
    font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
    width: 9.5em;
  }
  input.declared {
    width: 7em;
  }
  .presets button {
    font-size: 0.85rem;
    padding: 0.2em 0.6em;
  }
  .problem {
    color: var(--wsp-error, #b42318);
    margin: 0;
  }
  .wire {
    font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
    overflow-wrap: anywhere;
    margin: 0;
  }
  .reaction {
    border-left: 4px solid var(--wsp-accent, #2456c7);
    padding: 0.25rem 0 0.25rem 0.75rem;
  }
  .reaction p {
    margin: 0.3rem 0;
  }
  .reaction .answer {
    margin-top: 0.5rem;
  }
  .hint {
    color: var(--wsp-muted, #5b6478);
    font-size: 0.85rem;
  }
  h3 {
    font-size: 1rem;
    margin: 0.25rem 0;
  }
`;
