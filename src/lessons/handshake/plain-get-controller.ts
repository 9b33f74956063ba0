import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { connectionSettings, type ConnectionSettings } from '../../controllers/connection-settings.ts';
import { plainGet, type PlainGetResult } from '../../transport/plain-get.ts';

/**
 * The break-it demo's plain GET of `/echo` in Live mode: asks the live
 * server through src/transport/plain-get.ts and keeps the answer for the view.
 */
export class PlainGetController implements ReactiveController {
  /** A GET is on its way. */
  fetching = false;
  /** What the last GET brought back. */
  result: PlainGetResult | undefined;
  readonly #host: ReactiveControllerHost;
  readonly #settings: ConnectionSettings;
  /** Counts GETs, so the answer to one the host has left behind is not shown. */
  #gets = 0;

  constructor(host: ReactiveControllerHost, settings: ConnectionSettings = connectionSettings) {
    this.#host = host;
    this.#settings = settings;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#gets += 1;
    this.fetching = false;
  }

  async send(): Promise<void> {
    const get = ++this.#gets;
    this.fetching = true;
    this.#host.requestUpdate();
    const result = await plainGet(this.#settings.serverUrl);
    if (get !== this.#gets) return;
    this.result = result;
    this.fetching = false;
    this.#host.requestUpdate();
  }
}
