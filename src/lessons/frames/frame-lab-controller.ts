import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { connectionSettings, type ConnectionSettings } from '../../controllers/connection-settings.ts';
import { sendToLab, type LabOutcome } from '../../transport/frame-lab.ts';

/** What came back from the lab, with how many bytes went. */
export type SentOutcome = LabOutcome & { readonly sent: number };

/**
 * Sends the lab's bytes on the wire the site-wide settings choose
 * (src/transport/frame-lab.ts) and keeps what came back for the view.
 */
export class FrameLabController implements ReactiveController {
  /** Bytes are on their way. */
  pending = false;
  /** What the last send brought back; none until one is sent, or after a preset is chosen. */
  outcome: SentOutcome | undefined;
  readonly #host: ReactiveControllerHost;
  readonly #settings: ConnectionSettings;
  /** Counts sends, so the answer to one the host has left behind is not shown. */
  #sends = 0;

  constructor(host: ReactiveControllerHost, settings: ConnectionSettings = connectionSettings) {
    this.#host = host;
    this.#settings = settings;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#sends += 1;
    this.pending = false;
  }

  async send(bytes: Uint8Array): Promise<void> {
    const { mode, serverUrl } = this.#settings;
    const send = ++this.#sends;
    this.pending = true;
    this.#host.requestUpdate();
    try {
      const outcome = await sendToLab(bytes, mode, serverUrl);
      if (send === this.#sends) this.outcome = { ...outcome, sent: bytes.length };
    } finally {
      if (send === this.#sends) this.pending = false;
      this.#host.requestUpdate();
    }
  }

  /** Forgets the last outcome: it was about another frame. */
  clear(): void {
    this.outcome = undefined;
    this.#host.requestUpdate();
  }
}
