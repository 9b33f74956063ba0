import type { ReactiveControllerHost } from 'lit';
import { connectionSettings, type ConnectionSettings } from '../../controllers/connection-settings.ts';
import { RequestController } from '../../controllers/request-controller.ts';
import type { Breakage } from '../../protocol/index.ts';
import { sendBrokenHandshake, type BreakItOutcome } from '../../transport/broken-handshake.ts';

/**
 * The break-it demo's sends: the broken handshake goes out on the wire the
 * site-wide settings choose (src/transport/broken-handshake.ts), and what
 * came back is kept for the view.
 */
export class BreakItController extends RequestController<BreakItOutcome> {
  readonly #settings: ConnectionSettings;

  constructor(host: ReactiveControllerHost, settings: ConnectionSettings = connectionSettings) {
    super(host);
    this.#settings = settings;
  }

  send(breakages: ReadonlySet<Breakage>): Promise<void> {
    const { mode, serverUrl } = this.#settings;
    return this.run(() => sendBrokenHandshake(breakages, mode, serverUrl));
  }
}
