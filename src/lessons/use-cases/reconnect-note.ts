import { html, nothing, type TemplateResult } from 'lit';
import type { WireConnection } from '../../controllers/wire-connection.ts';

/** While a client reconnects by itself: `rejoining (attempt 2 of 6)…` for its status; undefined otherwise. */
export function reconnectingText(connection: WireConnection, verb = 'rejoining'): string | undefined {
  const reconnecting = connection.reconnecting;
  return reconnecting && `${verb} (attempt ${reconnecting.attempt} of ${reconnecting.attempts})…`;
}

/**
 * The latest step of a client's automatic reconnect, in words ("The server
 * went away (1001). Reconnecting in 0.8 s…", "Reconnected (attempt 2)."): the
 * use-case demos keep no log, so this line tells what a log would.
 */
export function reconnectNote(connection: WireConnection, id: string): TemplateResult | typeof nothing {
  const note = connection.reconnectNote;
  return note ? html`<p class="hint reconnect" id=${id}>${note}</p>` : nothing;
}
