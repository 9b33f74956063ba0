import type { ReactiveControllerHost } from 'lit';
import { connectionSettings, type ConnectionSettings } from '../../controllers/connection-settings.ts';
import { RequestController } from '../../controllers/request-controller.ts';
import { sendToLab, type LabOutcome } from '../../transport/frame-lab.ts';

/** What came back from the lab, with how many bytes went. */
export type SentOutcome = LabOutcome & { readonly sent: number };

/**
 * Sends the lab's bytes on the wire the site-wide settings choose
 * (src/transport/frame-lab.ts) and keeps what came back for the view.
 */
export class FrameLabController extends RequestController<SentOutcome> {
  readonly #settings: ConnectionSettings;

  constructor(host: ReactiveControllerHost, settings: ConnectionSettings = connectionSettings) {
    super(host);
    this.#settings = settings;
  }

  send(bytes: Uint8Array): Promise<void> {
    const { mode, serverUrl } = this.#settings;
    return this.run(async () => ({ ...(await sendToLab(bytes, mode, serverUrl)), sent: bytes.length }));
  }
}
