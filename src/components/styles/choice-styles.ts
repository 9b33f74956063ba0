import { css } from 'lit';

/**
 * A fieldset of radio buttons or checkboxes, one labelled choice a line, its
 * legend in bold. Demos with denser choices set the label's gap and margin.
 */
export const choiceStyles = css`
  fieldset {
    border: 1px solid var(--wsp-border, #d5d9e2);
    border-radius: var(--wsp-radius, 6px);
    margin: 0;
  }
  legend {
    font-weight: 600;
    padding: 0 0.25rem;
  }
  label {
    display: flex;
    gap: 0.5rem;
    align-items: baseline;
    margin: 0.25rem 0;
  }
`;
