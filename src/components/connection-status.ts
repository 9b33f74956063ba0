import { css, html, type TemplateResult } from 'lit';
import type { ConnectionController } from '../controllers/connection-controller.ts';
import { ConnectionStatus } from '../controllers/connection-controller.ts';
import { ConnectionMode } from '../transport/mode.ts';

/** What the status line says for each state of a plain demo connection. */
export const STATUS_TEXT: Readonly<Record<ConnectionStatus, string>> = {
  idle: 'not connected',
  connecting: 'connecting…',
  open: 'open',
  closing: 'closing…',
  closed: 'closed',
};

/** The status line's look: no margin (the card's grid gap spaces it), the URL in monospace. */
export const connectionStatusStyles = css`
  .status {
    margin: 0;
  }
  .url {
    font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
    overflow-wrap: anywhere;
  }
`;

/**
 * "Status: open · ws://…/echo", announced as it changes; `data-status` lets a
 * demo colour a state. In Simulated mode the URL is the live server's, but no
 * byte leaves the page: the line says so, lest the reader look for a server.
 */
export function connectionStatusLine(
  status: ConnectionStatus,
  url: string,
  mode: ConnectionMode,
  text: Readonly<Record<ConnectionStatus, string>> = STATUS_TEXT,
): TemplateResult {
  return html`<p class="status" role="status">
    Status: <strong data-status=${status}>${text[status]}</strong> · <span class="url">${url}</span>${
      mode === ConnectionMode.simulated ? ' (simulated in this page)' : ''
    }
  </p>`;
}

/** Closes with 1000 and a reason the trace shows; enabled while the connection is connecting or open. */
export function disconnectButton(connection: ConnectionController): TemplateResult {
  return html`<button
    id="disconnect"
    class="secondary"
    ?disabled=${connection.canConnect || connection.status === ConnectionStatus.closing}
    @click=${() => connection.disconnect(1000, 'reader clicked Disconnect')}
  >
    Disconnect
  </button>`;
}
