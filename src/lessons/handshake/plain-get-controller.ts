import type { ReactiveControllerHost } from 'lit';
import { connectionSettings, type ConnectionSettings } from '../../controllers/connection-settings.ts';
import { RequestController } from '../../controllers/request-controller.ts';
import { plainGet, type PlainGetResult } from '../../transport/plain-get.ts';

/**
 * The break-it demo's plain GET of `/echo` in Live mode: asks the live
 * server through src/transport/plain-get.ts and keeps the answer for the view.
 */
export class PlainGetController extends RequestController<PlainGetResult> {
  readonly #settings: ConnectionSettings;

  constructor(host: ReactiveControllerHost, settings: ConnectionSettings = connectionSettings) {
    super(host);
    this.#settings = settings;
  }

  send(): Promise<void> {
    return this.run(() => plainGet(this.#settings.serverUrl));
  }
}
