import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ReadyStateStep } from './ready-state.ts';
import { READY_STATE_NAMES } from './wire.ts';

const MEANINGS: readonly string[] = [
  'the handshake is under way; send() throws',
  'messages may flow both ways',
  'a close frame has gone one way; send() drops data',
  'the TCP connection is gone',
];

/**
 * A socket's readyState over time: the four states in order, each with the
 * moment it was reached, and the current one marked in words and colour.
 *
 * @cssprop --wsp-accent - the edge of the current state
 */
@customElement('wsp-client-ready-state-timeline')
export class WspClientReadyStateTimeline extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    ol {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      grid-template-columns: repeat(4, minmax(0, 1fr));
      gap: 0.4rem;
    }
    li {
      border: 1px solid var(--wsp-border, #d5d9e2);
      border-top: 4px solid var(--wsp-border, #d5d9e2);
      border-radius: var(--wsp-radius, 6px);
      padding: 0.35rem 0.5rem;
      font-size: 0.85rem;
      line-height: 1.35;
      color: var(--wsp-muted, #5b6478);
    }
    li[data-reached] {
      color: inherit;
      border-top-color: var(--wsp-received, #1d7437);
    }
    li[data-current] {
      border-top-color: var(--wsp-accent, #2456c7);
      background: var(--wsp-hover, #eef1f6);
    }
    .name {
      display: block;
      font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
      font-weight: 600;
      overflow-wrap: anywhere;
    }
    .at {
      display: block;
      font-variant-numeric: tabular-nums;
    }
    .meaning {
      display: block;
      font-size: 0.8rem;
    }
    @media (max-width: 32rem) {
      ol {
        grid-template-columns: repeat(2, minmax(0, 1fr));
      }
    }
  `;

  /** The states reached so far, in order. */
  @property({ attribute: false }) steps: readonly ReadyStateStep[] = [];
  /** The readyState now, or undefined before any socket exists. */
  @property({ attribute: false }) current: number | undefined;

  protected override render() {
    return html`<ol aria-label="readyState over time">
      ${READY_STATE_NAMES.map((name, state) => {
        const step = this.steps.find((candidate) => candidate.state === state);
        const current = this.current === state;
        return html`<li data-state=${state} ?data-reached=${step !== undefined} ?data-current=${current}>
          <span class="name">${state} ${name}</span>
          <span class="at">${step ? `at ${step.at} ms` : 'not reached'}${current ? ' · now' : ''}</span>
          <span class="meaning">${MEANINGS[state]}</span>
        </li>`;
      })}
    </ol>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-client-ready-state-timeline': WspClientReadyStateTimeline;
  }
}
