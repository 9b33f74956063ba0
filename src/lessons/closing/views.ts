import { html, nothing, type TemplateResult } from 'lit';
import type { ClosingConnection, CloseOutcome, ThrownError } from './connection.ts';
import { closeCodeLabel } from '../../protocol/index.ts';

/** What the page's WebSocket reported: the exception a close() call threw, or the close event's fields. */
export function closeResult(
  outcome: CloseOutcome | undefined,
  thrown: ThrownError | undefined,
  waiting: string,
): TemplateResult {
  if (thrown) {
    return html`<div class="result" id="result" data-kind="thrown" role="status">
      <p><code>${thrown.call}</code> threw <strong id="thrown-name">${thrown.name}</strong>:</p>
      <p id="thrown-message">${thrown.message}</p>
      <p>Nothing was sent: the connection is as it was.</p>
    </div>`;
  }
  if (outcome) {
    return html`<div class="result" id="result" data-kind="closed" data-clean=${String(outcome.wasClean)} role="status">
      <p>
        ${outcome.error ? html`An <code>error</code> event, then the <code>close</code> event:` : html`The <code>close</code> event:`}
      </p>
      <dl class="close-event">
        <dt>code</dt>
        <dd id="close-code">${closeCodeLabel(outcome.code)}</dd>
        <dt>reason</dt>
        <dd id="close-reason">${outcome.reason === '' ? '"" (empty)' : `"${outcome.reason}"`}</dd>
        <dt>wasClean</dt>
        <dd id="close-clean">
          ${String(outcome.wasClean)}${outcome.wasClean ? ' (both close frames crossed, then TCP closed)' : ' (no closing handshake)'}
        </dd>
      </dl>
    </div>`;
  }
  return html`<p class="result waiting" id="result" role="status">${waiting}</p>
    ${nothing}`;
}

/**
 * Everything a closing demo shows once it has run: the outcome, the closing
 * handshake on the diagram, the close frames' bytes, the page's log and the
 * whole trace. The demo's elements import the custom elements used here.
 */
export function closingHandshakeViews(connection: ClosingConnection, waiting: string): TemplateResult {
  return html`${closeResult(connection.outcome, connection.thrown, waiting)}
    <h3>The closing handshake, step by step</h3>
    <wsp-sequence-diagram .events=${connection.trace}></wsp-sequence-diagram>
    <h3>The close frames</h3>
    <wsp-close-frames .events=${connection.trace}></wsp-close-frames>
    <wsp-event-log .entries=${connection.entries} label="What the page's WebSocket reported"></wsp-event-log>
    <details>
      <summary>Every event of the trace</summary>
      <wsp-trace-timeline .events=${connection.trace} label="Trace of the connection"></wsp-trace-timeline>
    </details>`;
}
