import type { ReactiveControllerHost } from 'lit';
import { ConnectionLog, type LogKind } from '../../controllers/connection-log.ts';

/** The lines a demo's event log keeps; older ones scroll away. */
const LOG_LIMIT = 200;

/**
 * The event log of a demo that drives its own socket (the client recipes)
 * rather than a ConnectionController: lines timed from `restart()`, and each
 * change renders the element again.
 */
export class DemoLog extends ConnectionLog {
  readonly #host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    super(LOG_LIMIT);
    this.#host = host;
  }

  override add(kind: LogKind, text: string): void {
    super.add(kind, text);
    this.#host.requestUpdate();
  }

  override clear(): void {
    super.clear();
    this.#host.requestUpdate();
  }
}
