import { css } from 'lit';

/**
 * A table of what crossed the wire, in a bordered `.scroller`: the trace, the
 * frames list, the ping/pong pairs. Each element adds its own cell padding,
 * heights and sticky header on top.
 */
export const wireTableStyles = css`
  .scroller {
    border: 1px solid var(--wsp-border, #d5d9e2);
    border-radius: var(--wsp-radius, 6px);
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-size: 0.85rem;
  }
  caption {
    text-align: left;
    font-weight: 600;
    padding: 0.4rem 0.6rem;
  }
  th,
  td {
    text-align: left;
    border-top: 1px solid var(--wsp-border, #d5d9e2);
  }
  tr[data-from='client'] .way {
    color: var(--wsp-sent, #1d47a8);
  }
  tr[data-from='server'] .way {
    color: var(--wsp-received, #1d7437);
  }
  .empty {
    margin: 0;
    color: var(--wsp-muted, #5b6478);
  }
`;

/**
 * A plain table of results under the controls (attempts, sends, ticks), in a
 * `.table-wrap` that scrolls sideways on a narrow screen. Each element adds
 * its own rules between rows.
 */
export const dataTableStyles = css`
  .table-wrap {
    overflow-x: auto;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  caption {
    text-align: left;
    font-weight: 600;
    padding-bottom: 0.3rem;
  }
  th,
  td {
    text-align: left;
    padding: 0.3rem 0.5rem;
  }
`;
