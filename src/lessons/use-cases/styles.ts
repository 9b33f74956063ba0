import { css } from 'lit';
import { inlineCodeStyles, paragraphStyles, rowStyles } from '../../components/styles/layout-styles.ts';

/** What the use-case demos share: clients in panes side by side, stacked on a phone. */
export const useCasePaneStyles = [
  paragraphStyles,
  rowStyles,
  inlineCodeStyles,
  css`
    .panes {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 15rem), 1fr));
      gap: 0.75rem;
    }
    .pane {
      display: grid;
      gap: 0.5rem;
      align-content: start;
      min-width: 0;
      padding: 0.75rem;
      border: 1px solid var(--wsp-border, #d5d9e2);
      border-radius: var(--wsp-radius, 6px);
      background: var(--wsp-bg, #f4f6fa);
    }
    .pane h3 {
      margin: 0;
      font-size: 1rem;
      overflow-wrap: anywhere;
    }
    .field {
      flex: 1 1 8rem;
      display: grid;
      gap: 0.2rem;
      min-width: 0;
    }
    .field input,
    .field select {
      width: 100%;
      box-sizing: border-box;
    }
    select,
    input[type='number'] {
      padding: 0.4em 0.6em;
      border-radius: var(--wsp-radius, 6px);
      border: 1px solid var(--wsp-border-strong, #8a93a6);
      background: var(--wsp-field, #fff);
      min-width: 0;
    }
    .hint {
      color: var(--wsp-muted, #5b6478);
      font-size: 0.9em;
    }
    .problem {
      color: var(--wsp-error, #b42318);
      overflow-wrap: anywhere;
    }
    .feed {
      list-style: none;
      margin: 0;
      padding: 0.4rem 0.5rem;
      min-height: 6rem;
      max-height: var(--wsp-feed-height, 14rem);
      overflow-y: auto;
      border: 1px solid var(--wsp-border, #d5d9e2);
      border-radius: var(--wsp-radius, 6px);
      background: var(--wsp-surface, #fff);
      font-size: 0.92rem;
    }
    .feed li {
      padding: 0.15rem 0;
      overflow-wrap: anywhere;
    }
    /* What a person typed keeps its line breaks; the template's own whitespace does not show. */
    .feed .text {
      white-space: pre-wrap;
    }
    .feed .empty,
    .feed .presence,
    .feed time,
    .earlier {
      color: var(--wsp-muted, #5b6478);
    }
    .feed time {
      font-size: 0.85em;
      margin-right: 0.35em;
    }
    /* A grid item is as wide as its widest content unless told otherwise: the trace table scrolls instead. */
    details,
    .invite {
      min-width: 0;
    }
    details > summary {
      cursor: pointer;
    }
    details wsp-trace-timeline {
      margin-top: 0.5rem;
    }
  `,
];
